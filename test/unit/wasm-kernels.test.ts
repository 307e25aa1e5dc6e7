// The wasm backend's leaner Identity, Cast, Tile, Slice, SplitV, GatherV2 and Transpose (src/tfjs/wasm-kernels.ts)
// against plain element-by-element definitions.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

/** tile by its definition: out[i0, i1, ...] = x[i0 mod n0, i1 mod n1, ...]. */
function tileByDefinition(values: number[], shape: number[], reps: number[]): number[] {
  const outShape = shape.map((n, i) => n * reps[i]);
  const size = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const below = outShape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const index = Math.floor(rest / below) % shape[axis];
      rest %= below;
      source = source * shape[axis] + index;
    }
    out.push(values[source]);
  }
  return out;
}

test("Tile matches its definition: a single value, a middle axis, several axes, a bool mask", () => {
  assert.equal(tf.getBackend(), "wasm");
  const cases: [number[], number[], tf.DataType][] = [
    [[1, 1, 1, 1], [2, 3, 4, 5], "float32"],
    [[2, 1, 3, 4], [1, 3, 1, 1], "bool"],
    [[2, 3], [3, 2], "int32"],
    [[3, 1, 2], [2, 4, 1], "float32"],
    [[4], [1], "float32"]
  ];
  for (const [shape, reps, dtype] of cases) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({length: size}, (_, i) => (dtype === "bool" ? i % 2 : i + 1));
    const x = tf.tensor(values, shape, dtype);
    const y = tf.tile(x, reps);
    assert.deepEqual(y.shape, shape.map((n, i) => n * reps[i]));
    assert.deepEqual(Array.from(y.dataSync()), tileByDefinition(values, shape, reps), `tile [${shape}] by [${reps}] (${dtype})`);
    tf.dispose([x, y]);
  }
});

test("Identity and a same-dtype Cast share memory safely: the copy outlives the original", () => {
  const x = tf.tensor([1, 2, 3]);
  const copy = x.clone();
  const cast = tf.cast(x, "float32");
  const toInt = tf.cast(tf.tensor([1.5, -2.5]), "int32");
  x.dispose();
  assert.deepEqual(Array.from(copy.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(cast.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(toInt.dataSync()), [1, -2]);
  tf.dispose([copy, cast, toInt]);
});

test("Slice and SplitV: contiguous pieces (taken from the heap) and strided ones (wasm's own kernel)", () => {
  const values = Array.from({length: 24}, (_, i) => i);
  const x = tf.tensor(values, [4, 6]);
  const rows = tf.slice(x, [1, 0], [2, 6]); // contiguous
  const block = tf.slice(x, [1, 2], [2, 3]); // strided
  const flat = tf.tensor(values);
  const pieces = tf.split(flat, [5, 0, 19]);
  const columns = tf.split(x, [2, 4], 1);
  assert.deepEqual(Array.from(rows.dataSync()), values.slice(6, 18));
  assert.deepEqual(Array.from(block.dataSync()), [8, 9, 10, 14, 15, 16]);
  assert.deepEqual(pieces.map((p) => Array.from(p.dataSync())), [values.slice(0, 5), [], values.slice(5)]);
  assert.deepEqual(columns.map((c) => c.shape), [[4, 2], [4, 4]]);
  assert.deepEqual(Array.from(columns[1].dataSync()), [2, 3, 4, 5, 8, 9, 10, 11, 14, 15, 16, 17, 20, 21, 22, 23]);
  tf.dispose([x, rows, block, flat, ...pieces, ...columns]);
});

test("GatherV2 by slices: rows, a middle axis, batch dimensions, and an index out of range", () => {
  const x = tf.tensor(Array.from({length: 24}, (_, i) => i), [2, 3, 4]); // x[a, b, c] = 12a + 4b + c
  const rows = tf.gather(x, tf.tensor([1, 0, 1], [3], "int32")); // [3, 3, 4]
  const middle = tf.gather(x, tf.tensor([[2, 0]], [1, 2], "int32"), 1); // [2, 1, 2, 4]
  const last = tf.gather(tf.cast(x, "int32"), tf.tensor([3, 0], [2], "int32"), 2); // [2, 3, 2]
  const batched = tf.gather(x, tf.tensor([[2], [0]], [2, 1], "int32"), 1, 1); // [2, 1, 4]: row 2 of batch 0, row 0 of batch 1
  const at = (a: number, b: number, c: number) => 12 * a + 4 * b + c;
  const range = (n: number) => Array.from({length: n}, (_, i) => i);
  assert.deepEqual(rows.shape, [3, 3, 4]);
  assert.deepEqual(Array.from(rows.dataSync()), [1, 0, 1].flatMap((a) => range(12).map((i) => 12 * a + i)));
  assert.deepEqual(middle.shape, [2, 1, 2, 4]);
  assert.deepEqual(Array.from(middle.dataSync()), [0, 1].flatMap((a) => [2, 0].flatMap((b) => range(4).map((c) => at(a, b, c)))));
  assert.equal(last.dtype, "int32");
  assert.deepEqual(Array.from(last.dataSync()), [0, 1].flatMap((a) => range(3).flatMap((b) => [3, 0].map((c) => at(a, b, c)))));
  assert.deepEqual(batched.shape, [2, 1, 4]);
  assert.deepEqual(Array.from(batched.dataSync()), [...range(4).map((c) => at(0, 2, c)), ...range(4).map((c) => at(1, 0, c))]);
  assert.throws(() => tf.gather(x, tf.tensor([3], [1], "int32"), 1), /index value 3 is not in \[0, 2\]/);
  tf.dispose([x, rows, middle, last, batched]);
});

test("Transpose by tiles (a matrix of 1024 or 2048 rows, ragged tiles too) matches its definition", () => {
  for (const [R, C, dtype] of [[1024, 45, "float32"], [2048, 33, "int32"], [1024, 2, "bool"]] as [number, number, tf.DataType][]) {
    const values = Array.from({length: R * C}, (_, i) => (dtype === "bool" ? i % 3 === 0 : dtype === "int32" ? i : i / 7));
    const x = tf.tensor(values as number[], [R, C], dtype);
    const y = tf.transpose(x);
    assert.deepEqual(y.shape, [C, R]);
    const out = y.dataSync();
    const expected = values.map((v) => Math.fround(Number(v))); // as stored: float32, 0/1 for bool
    let wrong = 0;
    for (let c = 0; c < C; c++) for (let r = 0; r < R; r++) if (out[c * R + r] !== expected[r * C + c]) wrong++;
    assert.equal(wrong, 0, `[${R}, ${C}] ${dtype}`);
    tf.dispose([x, y]);
  }
});

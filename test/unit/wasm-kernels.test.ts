// The wasm backend's leaner Identity, Cast and Tile (src/tfjs/wasm-kernels.ts) against plain
// element-by-element definitions.
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

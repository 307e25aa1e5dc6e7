// The wasm backend's leaner Identity, Cast, Tile, Slice, SplitV, GatherV2, Transpose, BatchMatMul, LogicalAnd, Sum, Exp, Log, Select and Greater (src/tfjs/wasm-kernels.ts),
// and the kernels of linear's and lookup's gradients, against plain element-by-element definitions.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {linear, lookup, matMul} from "../../src/tfjs/ops.js";
import {linearKernels} from "../../src/tfjs/linear-kernel.js";
import {lookupKernels} from "../../src/tfjs/lookup-kernel.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {DOT_ROWS, SMALL_PRODUCT_MACS, simdBatchMatMulReady} from "../../src/tfjs/wasm-kernels.js";
import {plainMemoryWasm, sharedMemoryWasm} from "../../src/vendor/batch-matmul-wasm.js";
import {plainMemoryWasm as elementwisePlainWasm, sharedMemoryWasm as elementwiseSharedWasm} from "../../src/vendor/elementwise-wasm.js";
import {plainMemoryWasm as rowsPlainWasm, sharedMemoryWasm as rowsSharedWasm} from "../../src/vendor/rows-wasm.js";

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

/** Numbers in [-1, 1) from a fixed sequence, so every case has different values. */
function values(n: number, seed: number): number[] {
  return Array.from({length: n}, (_, i) => Math.fround(Math.sin(seed * 1000 + i * 12.9898) * 0.999));
}

/**
 * op(a) @ op(b) by its definition, in float64: a [...batchA, ., .] and b [...batchB, ., .] with flat
 * batch sizes that are equal or 1 (one matrix used for every product).
 */
function matMulByDefinition(a: number[], aShape: number[], b: number[], bShape: number[], transposeA: boolean, transposeB: boolean): number[] {
  const [ra, rb] = [aShape.length, bShape.length];
  const [M, K] = transposeA ? [aShape[ra - 1], aShape[ra - 2]] : [aShape[ra - 2], aShape[ra - 1]];
  const N = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
  const [batchA, batchB] = [size(aShape.slice(0, -2)), size(bShape.slice(0, -2))];
  const out: number[] = [];
  for (let n = 0; n < Math.max(batchA, batchB); n++) {
    const [a0, b0] = [(batchA === 1 ? 0 : n) * M * K, (batchB === 1 ? 0 : n) * K * N];
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += a[a0 + (transposeA ? k * M + i : i * K + k)] * b[b0 + (transposeB ? j * K + k : k * N + j)];
        out.push(sum);
      }
    }
  }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: number[], tolerance: number, message: string): void {
  assert.equal(actual.length, expected.length, message);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst <= tolerance, `${message}: max |difference| ${worst} > ${tolerance}`);
}

/** tf.matMul(a, b, transposeA, transposeB) has shape `outShape` and equals its definition to `tolerance`. */
function checkProduct(av: number[], aShape: number[], bv: number[], bShape: number[], transposeA: boolean, transposeB: boolean, outShape: number[], tolerance: number): void {
  const [a, b] = [tf.tensor(av, aShape), tf.tensor(bv, bShape)];
  const y = tf.matMul(a, b, transposeA, transposeB);
  const name = `[${aShape}]${transposeA ? "^T" : ""} @ [${bShape}]${transposeB ? "^T" : ""}`;
  assert.deepEqual(y.shape, outShape, name);
  assertClose(y.dataSync(), matMulByDefinition(av, aShape, bv, bShape, transposeA, transposeB), tolerance, name);
  tf.dispose([a, b, y]);
}


test("BatchMatMul of a batch by WebAssembly SIMD: all four transposes, sizes that are not multiples of 4", () => {
  assert.ok(simdBatchMatMulReady(tf.backend()), "batch-matmul.wat did not instantiate on the wasm heap");
  // N = 1, 2, 3, 4, 9, 10, 11, 16 covers the 8-, 4-, 2- and 1-column paths; K = 1, 5, 7, 64 the dot product's tail.
  const sizes: [number, number, number][] = [[5, 7, 6], [3, 5, 9], [10, 64, 10], [1, 1, 1], [2, 3, 2], [4, 7, 3], [6, 4, 11], [3, 9, 16], [7, 5, 4], [2, 6, 1]];
  let seed = 1;
  for (const [M, K, N] of sizes) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      for (const batch of [[3], [2, 3]]) {
        const aShape = [...batch, ...(transposeA ? [K, M] : [M, K])];
        const bShape = [...batch, ...(transposeB ? [N, K] : [K, N])];
        const [av, bv] = [values(M * K * 6, seed++), values(K * N * 6, seed++)].map((v, i) => v.slice(0, (i === 0 ? M * K : K * N) * batch.reduce((x, y) => x * y, 1)));
        checkProduct(av, aShape, bv, bShape, transposeA, transposeB, [...batch, M, N], 1e-6 * K);
      }
    }
  }
});

test("BatchMatMul: one matrix against a batch (broadcast), a batch of one, and zero-size batches", () => {
  const cases: [number[], number[], boolean, boolean, number[]][] = [
    [[1, 5, 7], [4, 7, 6], false, false, [4, 5, 6]],
    [[4, 5, 7], [1, 7, 6], false, false, [4, 5, 6]],
    [[5, 7], [2, 3, 7, 6], false, false, [2, 3, 5, 6]],
    [[2, 3, 7, 5], [6, 7], true, true, [2, 3, 5, 6]],
    [[1, 1, 5, 7], [2, 3, 6, 7], false, true, [2, 3, 5, 6]],
    [[1, 5, 7], [1, 7, 6], false, false, [1, 5, 6]],
    [[7, 5], [7, 6], true, false, [5, 6]],
    [[0, 5, 7], [0, 7, 6], false, false, [0, 5, 6]]
  ];
  let seed = 100;
  for (const [aShape, bShape, transposeA, transposeB, outShape] of cases) {
    const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
    const [av, bv] = [values(size(aShape), seed++), values(size(bShape), seed++)];
    checkProduct(av, aShape, bv, bShape, transposeA, transposeB, outShape, 1e-5);
  }
});

test("linalg matMul's gradient over a batch (it runs on the SIMD product) equals its definition", () => {
  const [batch, M, K, N] = [3, 5, 7, 6];
  const [av, bv, wv] = [values(batch * M * K, 1), values(batch * K * N, 2), values(batch * M * N, 3)];
  const [a, b, w] = [tf.tensor(av, [batch, M, K]), tf.tensor(bv, [batch, K, N]), tf.tensor(wv, [batch, M, N])];
  // loss = sum(matMul(a, b) * w): d loss / d a = w @ b^T, d loss / d b = a^T @ w
  const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x, y), w)))([a, b]);
  assertClose(da.dataSync(), matMulByDefinition(wv, [batch, M, N], bv, [batch, K, N], false, true), 1e-5, "d loss / d a");
  assertClose(db.dataSync(), matMulByDefinition(av, [batch, M, K], wv, [batch, M, N], true, false), 1e-5, "d loss / d b");
  tf.dispose([a, b, w, da, db]);
});

const TRANSPOSES = [[false, false], [true, false], [false, true], [true, true]] as const;
/** Sizes around the kernel's blocks: 4 rows by 8 columns, then 4, 2 and 1 columns; 4 x 4 transposed tiles of B. */
const ODD_SIZES = [1, 3, 5, 8, 9, 17, 33];

test("BatchMatMul of a single product and of a batch: all four transposes, every M, K, N in {1, 3, 5, 8, 9, 17, 33}", () => {
  let seed = 1000;
  let products = 0;
  for (const M of ODD_SIZES) {
    for (const K of ODD_SIZES) {
      for (const N of ODD_SIZES) {
        for (const [transposeA, transposeB] of TRANSPOSES) {
          for (const batch of [[], [2]]) {
            const count = batch.reduce((x, y) => x * y, 1);
            const aShape = [...batch, ...(transposeA ? [K, M] : [M, K])];
            const bShape = [...batch, ...(transposeB ? [N, K] : [K, N])];
            const [av, bv] = [values(count * M * K, seed++), values(count * K * N, seed++)];
            checkProduct(av, aShape, bv, bShape, transposeA, transposeB, [...batch, M, N], 1e-6 * K);
            products++;
          }
        }
      }
    }
  }
  assert.equal(products, ODD_SIZES.length ** 3 * 8);
});

test("BatchMatMul with B transposed on either side of DOT_ROWS (rows times rows, or B transposed first), odd K and N", () => {
  let seed = 5000;
  for (const M of [DOT_ROWS - 1, DOT_ROWS, DOT_ROWS + 1]) {
    for (const [K, N] of [[4, 4], [7, 13], [64, 30], [130, 9]]) {
      for (const batch of [[], [3]]) {
        const count = batch.reduce((x, y) => x * y, 1);
        const [av, bv] = [values(count * M * K, seed++), values(count * N * K, seed++)];
        checkProduct(av, [...batch, M, K], bv, [...batch, N, K], false, true, [...batch, M, N], 1e-6 * K);
      }
    }
  }
  // one B for a batch of A (broadcast), read by rows for every matrix of the batch
  const [av, bv] = [values(4 * 3 * 10, seed++), values(6 * 10, seed++)];
  checkProduct(av, [4, 3, 10], bv, [6, 10], false, true, [4, 3, 6], 1e-5);
});

test("BatchMatMul of a single product above SMALL_PRODUCT_MACS (XNNPACK, flagged operands transposed first)", () => {
  // N = 64 keeps A and the float64 definition small enough; M above the limit's share makes it a large product.
  const [K, N] = [301, 64];
  const M = Math.ceil(SMALL_PRODUCT_MACS / (K * N)) + 3;
  assert.ok(M * K * N > SMALL_PRODUCT_MACS);
  let seed = 5000;
  for (const [transposeA, transposeB] of TRANSPOSES) {
    const aShape = transposeA ? [K, M] : [M, K];
    const bShape = transposeB ? [N, K] : [K, N];
    const [av, bv] = [values(M * K, seed++), values(K * N, seed++)];
    const [a, b] = [tf.tensor(av, aShape), tf.tensor(bv, bShape)];
    const before = tf.memory().numTensors;
    const y = tf.matMul(a, b, transposeA, transposeB);
    const name = `[${aShape}]${transposeA ? "^T" : ""} @ [${bShape}]${transposeB ? "^T" : ""}`;
    assert.equal(tf.memory().numTensors, before + 1, `${name}: the transposed copies are released`);
    assertClose(y.dataSync(), matMulByDefinition(av, aShape, bv, bShape, transposeA, transposeB), 1e-6 * K, name);
    tf.dispose([a, b, y]);
  }
});

test("linalg linear (one kernel each way on wasm, src/tfjs/linear-kernel.ts) and its gradient equal their definitions", () => {
  assert.notEqual(linearKernels(), null, "wasm runs linear as LinearForward and LinearBackward");
  // [2, 3] leading axes: 6 rows; [1100, 512] -> 256 is above SMALL_PRODUCT_MACS: XNNPACK inside the kernel.
  assert.ok(1100 * 512 * 256 > SMALL_PRODUCT_MACS);
  for (const [lead, I, O] of [[[7], 5, 3], [[33], 17, 9], [[1], 8, 1], [[2, 3], 6, 5], [[1100], 512, 256]] as [number[], number, number][]) {
    const rows = lead.reduce((a, b) => a * b, 1);
    const [xv, wv, bv, gv] = [values(rows * I, 11), values(O * I, 12), values(O, 13), values(rows * O, 14)];
    const [x, w, b, g] = [tf.tensor(xv, [...lead, I]), tf.tensor2d(wv, [O, I]), tf.tensor1d(bv), tf.tensor(gv, [...lead, O])];
    const before = tf.memory().numTensors;
    const y = linear(x, w, b);
    assert.deepEqual(y.shape, [...lead, O]);
    assert.equal(tf.memory().numTensors, before + 1, "linear leaves only its output");
    const expected = matMulByDefinition(xv, [rows, I], wv, [O, I], false, true).map((v, i) => v + bv[i % O]);
    assertClose(y.dataSync(), expected, 1e-6 * I, `linear [${rows}, ${I}] -> ${O}`);
    // loss = sum(linear(x, w, b) * g): d/dx = g @ w, d/dw = g^T @ x, d/db = the sum of g's rows
    const [dx, dw, db] = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(linear(x, w as tf.Tensor2D, b as tf.Tensor1D), g)))([x, w, b]);
    assert.deepEqual([dx.shape, dw.shape, db.shape], [x.shape, [O, I], [O]]);
    assertClose(dx.dataSync(), matMulByDefinition(gv, [rows, O], wv, [O, I], false, false), 1e-6 * O, "d loss / d x");
    assertClose(dw.dataSync(), matMulByDefinition(gv, [rows, O], xv, [rows, I], true, false), 1e-6 * rows, "d loss / d w");
    assertClose(db.dataSync(), Array.from({length: O}, (_, o) => gv.filter((_, i) => i % O === o).reduce((s, v) => s + v, 0)), 1e-6 * rows, "d loss / d b");
    tf.dispose([x, w, b, g, y, dx, dw, db]);
  }
});

/** batch-matmul.wat instantiated on a memory of its own: the plain build or the shared one (wasm's threaded build). */
function moduleOn(build: "plain" | "shared") {
  const memory = build === "plain" ? new WebAssembly.Memory({initial: 2}) : new WebAssembly.Memory({initial: 2, maximum: 16, shared: true});
  const bytes = Uint8Array.from(atob(build === "plain" ? plainMemoryWasm : sharedMemoryWasm), (c) => c.charCodeAt(0));
  const {batchMatMul} = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as {batchMatMul: (...args: number[]) => void};
  return {memory, batchMatMul};
}

test("batch-matmul.wat in both builds: four transposes, odd sizes, a broadcast B, and no write outside the output and scratch", () => {
  // Node runs wasm's non-threaded build, so the shared variant is checked here on a memory of its own.
  let seed = 9000;
  for (const build of ["plain", "shared"] as const) {
    const {memory, batchMatMul} = moduleOn(build);
    assert.equal(memory.buffer instanceof SharedArrayBuffer, build === "shared");
    const heap = new Float32Array(memory.buffer);
    for (const [M, K, N] of [[5, 9, 17], [9, 3, 33], [1, 17, 3], [33, 5, 1], [8, 8, 8]]) {
      for (const [transposeA, transposeB] of TRANSPOSES) {
        // with B transposed and A not, scratch 0 asks for rows times rows ($dots), which must write no scratch
        for (const direct of transposeB && !transposeA ? [false, true] : [false]) for (const [batch, broadcastB] of [[1, false], [3, false], [3, true]] as const) {
          const aShape = [batch, ...(transposeA ? [K, M] : [M, K])];
          const bShape = [broadcastB ? 1 : batch, ...(transposeB ? [N, K] : [K, N])];
          const [av, bv] = [values(batch * M * K, seed++), values(bShape[0] * K * N, seed++)];
          // a, b, out and scratch one after another (in floats; the module takes bytes), sentinels around them
          const [a, b] = [8, 8 + av.length + 3];
          const out = b + bv.length + 5;
          const scratch = out + batch * M * N + 7;
          const end = scratch + K * N + 9;
          heap.fill(-12345, 0, end + 16);
          heap.set(av, a);
          heap.set(bv, b);
          batchMatMul(a * 4, b * 4, out * 4, batch, M, K, N, M * K * 4, broadcastB ? 0 : K * N * 4, transposeA ? 1 : 0, transposeB ? 1 : 0, direct ? 0 : scratch * 4);
          const name = `${build}: [${aShape}]${transposeA ? "^T" : ""} @ [${bShape}]${transposeB ? "^T" : ""}${direct ? " (rows times rows)" : ""}`;
          assertClose(heap.subarray(out, out + batch * M * N), matMulByDefinition(av, aShape, bv, bShape, transposeA, transposeB), 1e-6 * K, name);
          assert.deepEqual(Array.from(heap.subarray(a, a + av.length)), av, `${name}: A unchanged`);
          assert.deepEqual(Array.from(heap.subarray(b, b + bv.length)), bv, `${name}: B unchanged`);
          const written = (i: number) => (i >= a && i < a + av.length) || (i >= b && i < b + bv.length) || (i >= out && i < out + batch * M * N) || (transposeB && !direct && i >= scratch && i < scratch + K * N);
          for (let i = 0; i < end + 16; i++) if (!written(i)) assert.equal(heap[i], -12345, `${name}: float ${i} was overwritten`);
        }
      }
    }
  }
});

test("batch-matmul.wat's two builds run on a plain memory and on a shared one (wasm's threaded build)", () => {
  // Node runs wasm's non-threaded build, so the shared variant is checked here on a memory of its own.
  const [batch, M, K, N] = [2, 3, 5, 6];
  const [av, bv] = [values(batch * M * K, 7), values(batch * K * N, 8)];
  const expected = matMulByDefinition(av, [batch, M, K], bv, [batch, K, N], false, false);
  for (const [name, base64, memory] of [
    ["plain", plainMemoryWasm, new WebAssembly.Memory({initial: 1})],
    ["shared", sharedMemoryWasm, new WebAssembly.Memory({initial: 1, maximum: 16, shared: true})]
  ] as const) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const {batchMatMul} = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as {batchMatMul: (...args: number[]) => void};
    const heap = new Float32Array(memory.buffer);
    const [a, b, out] = [16, 16 + av.length, 16 + av.length + bv.length]; // in floats; the product takes bytes
    heap.set(av, a);
    heap.set(bv, b);
    batchMatMul(a * 4, b * 4, out * 4, batch, M, K, N, M * K * 4, K * N * 4, 0, 0, 0);
    assertClose(heap.subarray(out, out + expected.length), expected, 1e-5, name);
    assert.equal(memory.buffer instanceof SharedArrayBuffer, name === "shared");
  }
  assert.throws(() => new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(atob(sharedMemoryWasm), (c) => c.charCodeAt(0))), {env: {memory: new WebAssembly.Memory({initial: 1})}}));
});

test("LogicalAnd broadcasts as the cpu backend does: masks of different ranks, a scalar, equal shapes", async () => {
  const cases: [number[], number[]][] = [
    [[3, 1, 4], [1, 4, 4]],
    [[5], [3, 1]],
    [[2, 3], [2, 3]],
    [[], [2, 2]],
    [[], []],
    [[2, 1, 3, 1], [4, 1, 5]]
  ];
  for (const [sa, sb] of cases) {
    const bits = (shape: number[], salt: number) => Array.from({length: shape.reduce((a, b) => a * b, 1)}, (_, i) => ((i * 7 + salt) % 3 === 0 ? 0 : 1));
    const [va, vb] = [bits(sa, 1), bits(sb, 2)];
    const run = () => tf.tidy(() => tf.logicalAnd(tf.tensor(va, sa, "bool"), tf.tensor(vb, sb, "bool")));
    const onWasm = run();
    await tf.setBackend("cpu");
    const onCpu = run();
    const expected = {shape: onCpu.shape, values: Array.from(onCpu.dataSync())};
    onCpu.dispose();
    await tf.setBackend("wasm");
    assert.equal(onWasm.dtype, "bool");
    assert.deepEqual({shape: onWasm.shape, values: Array.from(onWasm.dataSync())}, expected, `[${sa}] & [${sb}]`);
    onWasm.dispose();
  }
});

test("Sum over leading axes (rows.wat) matches the cpu backend; other sums keep wasm's kernel", async () => {
  const cases: [number[], number[], boolean][] = [
    [[5, 7], [0], false],
    [[320, 32], [0], false],
    [[3, 2, 5], [1, 0], true],
    [[4, 3], [0], true],
    [[0, 4], [0], false],
    [[4, 3], [1], false], // not leading: wasm's own kernel
    [[2, 3, 4], [0, 1, 2], false] // every axis: wasm's own kernel
  ];
  for (const [shape, axes, keepDims] of cases) {
    const values = Array.from({length: shape.reduce((a, b) => a * b, 1)}, (_, i) => Math.sin(i * 1.7) * 10);
    const run = () => tf.tidy(() => tf.sum(tf.tensor(values, shape), axes, keepDims));
    const onWasm = run();
    await tf.setBackend("cpu");
    const onCpu = run();
    const expected = {shape: onCpu.shape, values: Array.from(onCpu.dataSync())};
    onCpu.dispose();
    await tf.setBackend("wasm");
    assert.deepEqual(onWasm.shape, expected.shape, `sum of [${shape}] over [${axes}]`);
    Array.from(onWasm.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected.values[i]) <= 1e-4 * (1 + Math.abs(expected.values[i])), `sum of [${shape}] over [${axes}] at ${i}: ${v} vs ${expected.values[i]}`));
    onWasm.dispose();
  }
});

/** d lut by its definition, in float64: row v is the sum of dy's rows whose id is v. */
function lookupGradientByDefinition(dy: number[], ids: number[], vocab: number, C: number): number[] {
  const out = new Array<number>(vocab * C).fill(0);
  ids.forEach((id, r) => {
    for (let c = 0; c < C; c++) out[id * C + c] += dy[r * C + c];
  });
  return out;
}

test("lookup's gradient (LookupBackward, rows.wat's addRowsAt) equals its definition: repeated and unused ids, odd widths, ids of any shape", () => {
  assert.notEqual(lookupKernels(), null, "wasm runs the gradient as LookupBackward");
  let seed = 5000;
  for (const [idShape, vocab, C] of [[[7], 5, 3], [[2, 9], 11, 17], [[1], 1, 4], [[3, 5], 40, 128], [[33], 3, 1]] as [number[], number, number][]) {
    const n = idShape.reduce((a, b) => a * b, 1);
    const ids = Array.from({length: n}, (_, i) => (i * 7 + (i % 3)) % vocab);
    const [lutValues, dyValues] = [values(vocab * C, seed++), values(n * C, seed++)];
    const [lut, idTensor, dy] = [tf.tensor2d(lutValues, [vocab, C]), tf.tensor(ids, idShape, "int32"), tf.tensor(dyValues, [...idShape, C])];
    const before = tf.memory().numTensors;
    const dLut = tf.grad((lut: tf.Tensor) => tf.sum(tf.mul(lookup(lut as tf.Tensor2D, idTensor), dy)))(lut);
    assert.equal(tf.memory().numTensors, before + 1, "the gradient leaves only its output");
    assert.deepEqual(dLut.shape, [vocab, C]);
    assertClose(dLut.dataSync(), lookupGradientByDefinition(dyValues, ids, vocab, C), 1e-6 * n, `d lut for ids [${idShape}], V ${vocab}, C ${C}`);
    tf.dispose([lut, idTensor, dy, dLut]);
  }
  const [lut, dy] = [tf.ones([4, 3]) as tf.Tensor2D, tf.ones([2, 3])];
  const before = tf.memory().numTensors;
  assert.throws(() => lookupKernels()!.gradient(dy, tf.tensor1d([1, 4], "int32"), 4), {message: "lookup: the id 4 is not in [0, 3]"});
  assert.equal(tf.memory().numTensors, before + 1, "only the ids' tensor is left: no output was made");
  tf.dispose([lut, dy]);
});

test("rows.wat's addRowsAt in both builds: zeroes its output, adds rows in order, writes nowhere else", () => {
  for (const [build, memory] of [["plain", new WebAssembly.Memory({initial: 1})], ["shared", new WebAssembly.Memory({initial: 1, maximum: 16, shared: true})]] as const) {
    const bytes = Uint8Array.from(atob(build === "plain" ? rowsPlainWasm : rowsSharedWasm), (c) => c.charCodeAt(0));
    const {addRowsAt} = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as {addRowsAt: (...args: number[]) => void};
    const heap = new Float32Array(memory.buffer);
    const ints = new Int32Array(memory.buffer);
    for (const [rows, width, outRows] of [[6, 5, 4], [9, 9, 2], [3, 1, 7], [4, 12, 3]]) {
      const xv = values(rows * width, rows * 100 + width);
      const ids = Array.from({length: rows}, (_, r) => (r * 5 + 1) % outRows);
      // x, ids and out one after another (in 4-byte words; the module takes bytes), sentinels around them
      const [x, at] = [8, 8 + xv.length + 3];
      const out = at + rows + 5;
      const end = out + outRows * width;
      heap.fill(-12345, 0, end + 16);
      heap.set(xv, x);
      ints.set(ids, at);
      addRowsAt(x * 4, at * 4, out * 4, rows, width, outRows);
      const name = `${build}: ${rows} rows of ${width} into ${outRows}`;
      assertClose(heap.subarray(out, end), lookupGradientByDefinition(xv, ids, outRows, width), 1e-6 * rows, name);
      for (let i = 0; i < end + 16; i++) {
        if (!((i >= x && i < x + xv.length) || (i >= at && i < at + rows) || (i >= out && i < end))) assert.equal(heap[i], -12345, `${name}: word ${i} was overwritten`);
      }
    }
  }
});

/** Float32 inputs for exp and log: the edges (zeros, infinities, NaN, the overflow and underflow points, subnormals) and a spread of magnitudes. */
const EDGES = [0, -0, 1, -1, 0.5, 2, 1e-7, -1e-7, 88.7, 88.72283, 88.73, 89, 1000, -87, -87.5, -88, -100, -103.9, -104, -105, -1e9, Infinity, -Infinity, NaN, 1e-38, 1e-40, 1.4e-45, 3.4e38];

/** Whether a float32 result is within `ulps` units in the last place of the float64 `exact` (the C library's answers at the edges: NaN, infinities, underflow). */
function closeInUlps(actual: number, exact: number, ulps: number): boolean {
  if (Number.isNaN(exact)) return Number.isNaN(actual);
  if (Math.abs(exact) > 3.4028234663852886e38) return actual === (exact > 0 ? Infinity : -Infinity) || Math.abs(actual) >= 3.4e38; // past float32's largest
  if (Math.abs(exact) < 1.1754943508222875e-38) return Math.abs(actual - exact) <= 1.2e-38; // subnormal results: to float32's smallest normal
  return Math.abs(actual - exact) <= ulps * Math.abs(exact) * 2 ** -23;
}

test("Exp and Log of float32 (elementwise.wat) are within 2 ulps of the float64 definition, at the edges too, on sizes that are not multiples of 4", () => {
  let seed = 7000;
  for (const n of [1, 3, 4, 5, 7, 29, 1003]) {
    const spread = values(n, seed++).map((v, i) => (i % 2 ? v * 100 : Math.exp(v * 90)));
    const xs = Array.from(new Float32Array([...EDGES, ...spread].slice(0, Math.max(n, 1))));
    const x = tf.tensor1d(xs);
    for (const [name, op, exact] of [["exp", tf.exp, Math.exp], ["log", tf.log, Math.log]] as const) {
      const y = op(x);
      assert.deepEqual(y.shape, [xs.length]);
      const ys = y.dataSync();
      xs.forEach((v, i) => assert.ok(closeInUlps(ys[i], exact(v), 2), `${name}(${v}) = ${ys[i]}, exactly ${exact(v)} (n ${n})`));
      y.dispose();
    }
    x.dispose();
  }
  // shapes of any rank, and int32 (wasm's own kernel)
  const [x, ints] = [tf.tensor3d(values(2 * 3 * 5, 77), [2, 3, 5]), tf.tensor1d([0, 1, 2], "int32")];
  assert.deepEqual(tf.exp(x).shape, [2, 3, 5]);
  assertClose(tf.exp(ints).dataSync(), [1, Math.E, Math.E ** 2], 1e-6, "exp of int32");
  tf.dispose([x, ints]);
});

test("Select of equal shapes (elementwise.wat) picks a or b by the condition, float32 and int32, a broadcast condition too (tf.where broadcasts it first)", () => {
  let seed = 8000;
  for (const n of [1, 3, 4, 6, 9, 1001]) {
    const bits = Array.from({length: n}, (_, i) => (i * 5 + n) % 3 === 0);
    const [av, bv] = [values(n, seed++), values(n, seed++)];
    const [cond, a, b] = [tf.tensor1d(bits, "bool"), tf.tensor1d(av), tf.tensor1d(bv)];
    assert.deepEqual(Array.from(tf.where(cond, a, b).dataSync()), bits.map((c, i) => (c ? av[i] : bv[i])), `select of ${n}`);
    const [ai, bi] = [tf.tensor1d(av.map((v) => Math.round(v * 1000)), "int32"), tf.tensor1d(bv.map((v) => Math.round(v * 1000)), "int32")];
    const picked = tf.where(cond, ai, bi);
    assert.equal(picked.dtype, "int32");
    assert.deepEqual(Array.from(picked.dataSync()), bits.map((c, i) => Math.round((c ? av[i] : bv[i]) * 1000)), `int32 select of ${n}`);
    tf.dispose([cond, a, b, ai, bi, picked]);
  }
  const broadcast = tf.where(tf.tensor2d([[true], [false]], [2, 1], "bool"), tf.ones([2, 3]), tf.zeros([2, 3]));
  assert.deepEqual(broadcast.arraySync(), [[1, 1, 1], [0, 0, 0]]);
  broadcast.dispose();
});

test("elementwise.wat in both builds: exp, log and select write their n outputs and nothing else", () => {
  for (const [build, memory] of [["plain", new WebAssembly.Memory({initial: 1})], ["shared", new WebAssembly.Memory({initial: 1, maximum: 16, shared: true})]] as const) {
    const bytes = Uint8Array.from(atob(build === "plain" ? elementwisePlainWasm : elementwiseSharedWasm), (c) => c.charCodeAt(0));
    const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as Record<"exp" | "log" | "select", (...args: number[]) => void>;
    const heap = new Float32Array(memory.buffer);
    const bytesOf = new Uint8Array(memory.buffer);
    for (const n of [1, 2, 3, 5, 8, 11]) {
      const xs = values(n, n).map((v) => Math.abs(v) + 0.1);
      // x, out, the tail buffer and (for select) a second input and the condition bytes, with sentinels between, in floats
      const [x, out, tail, b, cond] = [4, 4 + n + 3, 4 + 2 * n + 6, 4 + 2 * n + 13, 4 + 3 * n + 16];
      const end = cond + n + 4;
      for (const name of ["exp", "log", "select"] as const) {
        heap.fill(-12345, 0, end + 8);
        heap.set(xs, x);
        heap.set(xs.map((v) => -v), b);
        bytesOf.fill(0, cond * 4, cond * 4 + n);
        for (let i = 0; i < n; i += 2) bytesOf[cond * 4 + i] = 1;
        if (name === "select") kernels.select(cond * 4, x * 4, b * 4, out * 4, n);
        else kernels[name](x * 4, out * 4, n, tail * 4);
        const expected = xs.map((v, i) => (name === "exp" ? Math.exp(v) : name === "log" ? Math.log(v) : i % 2 === 0 ? v : -v));
        assertClose(heap.subarray(out, out + n), expected, 1e-5, `${build} ${name} of ${n}`);
        const written = (i: number) => (i >= x && i < x + n) || (i >= out && i < out + n) || (i >= tail && i < tail + 4) || (i >= b && i < b + n) || (i >= cond && i < cond + Math.ceil(n / 4) + 1);
        for (let i = 0; i < end + 8; i++) if (!written(i)) assert.equal(heap[i], -12345, `${build} ${name} of ${n}: float ${i} was overwritten`);
      }
    }
  }
});

test("Greater than one number (one loop) matches the cpu backend: a matrix against a scalar and a [1] tensor, NaN, and other shapes by wasm's kernel", async () => {
  const xs = [...values(37, 91), 0, -0, NaN, Infinity, -Infinity, 0.25];
  const cases: [number[], number[], number[]][] = [
    [xs, [xs.length], []],
    [xs.slice(0, 42), [6, 7], [1]],
    [[1, 2, 3, 4], [2, 2], [2, 2]], // equal shapes: wasm's kernel
    [[0.5], [], []]
  ];
  for (const [av, aShape, bShape] of cases) {
    const bv = bShape.length === 2 ? [2, 2, 2, 2] : [0.25];
    const run = () => tf.tidy(() => tf.greater(tf.tensor(av, aShape), tf.tensor(bv, bShape)));
    const onWasm = run();
    await tf.setBackend("cpu");
    const onCpu = run();
    const expected = {shape: onCpu.shape, dtype: onCpu.dtype, values: Array.from(onCpu.dataSync())};
    onCpu.dispose();
    await tf.setBackend("wasm");
    assert.deepEqual({shape: onWasm.shape, dtype: onWasm.dtype, values: Array.from(onWasm.dataSync())}, expected, `[${aShape}] > [${bShape}]`);
    onWasm.dispose();
  }
});

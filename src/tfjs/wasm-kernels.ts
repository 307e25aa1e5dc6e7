// Speed, on the wasm backend: kernels that only move data, or that wasm runs on a slow path, done with less work, and our own matrix product.
// They are registered from one table, KERNEL_OVERRIDES, by leanerWasmKernels; what each one saved
// when it was written is in docs/performance-log.md; the design in docs/kernels.md.
//
// - Identity, and Cast to the dtype a tensor already has, share the tensor's memory instead of
//   copying it. TensorFlow.js's engine clones (Identity) every tensor it keeps for a backward pass,
//   and the gradients of mul and div cast their float32 inputs to float32; on wasm each was a new
//   buffer and a copy. Tensors never change once written, so the output may be the input's own
//   buffer with one more reference, exactly as the wasm backend's Reshape already does.
// - Tile copies whole contiguous runs (or fills, for a single value) instead of computing every
//   element's index: tf.where broadcasts an attention mask and its -1e9 to [B, H, T, S] with Tile,
//   three times per forward pass.
// - GatherV2 copies each gathered slice as one run: wasm's kernel computes every element's index
//   (an embedding lookup of 512 numbers per token).
// - Transpose of a matrix whose row count is a multiple of 1024 goes tile by tile. wasm's kernel
//   reads row by row and writes down columns, and when consecutive writes lie a multiple of 4 KB
//   apart they compete for the same few cache sets (a [2048, 512] feed-forward weight, transposed in
//   every forward pass); tiles of 32 x 32 stay in cache.
// - Slice and SplitV copy a contiguous slice straight from the heap. wasm's Slice first copies its
//   whole input (readSync), so Adam cutting its packed vector back into 50 parameters copied the
//   whole vector 50 times.
// - BatchMatMul runs src/tfjs/batch-matmul.wat, WebAssembly SIMD in blocks of 4 rows by 8 columns,
//   on the backend's own heap, for a batch of more than one matrix and for a single product of up to
//   SMALL_PRODUCT_MACS multiply-adds, with any transpose flags. wasm's kernel hands only a batch of
//   one to XNNPACK and multiplies a batch one scalar at a time (attention's products, such as
//   [640, 10, 64] @ [640, 64, 10]). XNNPACK packs B anew on every call and takes no flags (wasm
//   falls back to a scalar loop), so small products are faster here. Larger single products still
//   go to XNNPACK, with a flagged operand transposed first.
// - LogicalAnd with broadcasting walks both inputs by strides (a row at once where one side is
//   constant along it): wasm's kernel allocates as it computes every element's broadcast index (the
//   target mask and label smoothing's mask). Greater than one number (label smoothing's support)
//   is one loop, where wasm's kernel takes the same broadcasting path.
// - Sum over leading axes (bias gradients) runs src/tfjs/rows.wat instead of a transpose and a
//   sum.
// - Exp and Log of float32 run src/tfjs/elementwise.wat, four lanes at a time (wasm calls the C
//   library's expf and logf element by element: log-softmax and the label-smoothing loss over
//   [tokens, V]), and Select of equal shapes (tf.where) picks four lanes at a time there too.
import * as tf from "@tensorflow/tfjs-core";
import * as batchMatMulWasm from "../vendor/batch-matmul-wasm.js";
import * as elementwiseWasm from "../vendor/elementwise-wasm.js";
import * as rowsWasm from "../vendor/rows-wasm.js";
import {checkInternals, heapOffset, onHeap, type RunningVersions, type WasmInternals as WasmMemory} from "./heap.js";

type KernelArgs = Parameters<tf.KernelFunc>[0];

function shared({inputs, backend}: KernelArgs): tf.TensorInfo {
  const x = inputs.x!;
  (backend as unknown as WasmMemory).incRef(x.dataId);
  return {dataId: x.dataId, shape: x.shape, dtype: x.dtype};
}

const stridesOf = (shape: number[]) => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

/** Tile by contiguous runs: below the last repeated axis, input and output are laid out alike. */
function tileByRuns({inputs, backend, attrs}: KernelArgs): tf.TensorInfo {
  const x = inputs.x!;
  const reps = attrs!.reps as number[];
  const shape = x.shape.map((n, i) => n * reps[i]);
  const memory = backend as unknown as WasmMemory;
  const out = memory.makeOutput(shape, x.dtype);
  const src = memory.typedArrayFromHeap(x);
  const dst = memory.typedArrayFromHeap(out);
  if (src.length === 1) return dst.fill(src[0]), out;
  const [xStrides, outStrides] = [stridesOf(x.shape), stridesOf(shape)];
  let last = reps.length - 1;
  while (last > 0 && reps[last] === 1) last--;
  const copy = (axis: number, from: number, to: number): void => {
    if (axis === last) {
      const run = x.shape[axis] * xStrides[axis]; // the input from `axis` down: one contiguous run
      for (let r = 0; r < reps[axis]; r++) dst.set(src.subarray(from, from + run), to + r * run);
      return;
    }
    for (let r = 0; r < reps[axis]; r++) {
      for (let i = 0; i < x.shape[axis]; i++) copy(axis + 1, from + i * xStrides[axis], to + (r * x.shape[axis] + i) * outStrides[axis]);
    }
  };
  copy(0, 0, 0);
  return out;
}

/** A contiguous slice as one copy from the heap; any other slice by wasm's own kernel. */
function sliceFromHeap(args: KernelArgs, sliceCopy: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x!;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs!.begin as number[], args.attrs!.size as number[]);
  if (x.dtype === "string" || !tf.slice_util.isSliceContinous(x.shape, begin, size)) return sliceCopy(args) as tf.TensorInfo;
  const memory = args.backend as unknown as WasmMemory;
  const out = memory.makeOutput(size, x.dtype);
  const from = tf.slice_util.computeFlatOffset(begin, tf.util.computeStrides(x.shape));
  memory.typedArrayFromHeap(out).set(memory.typedArrayFromHeap(x).subarray(from, from + tf.util.sizeFromShape(size)));
  return out;
}

/** SplitV as slices along the axis, each taken by sliceFromHeap. */
function splitBySlices(args: KernelArgs, sliceCopy: tf.KernelFunc): tf.TensorInfo[] {
  const x = args.inputs.x!;
  const axis = tf.util.parseAxisParam(args.attrs!.axis as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs!.numOrSizeSplits as number[], axis);
  const begin = x.shape.map(() => 0);
  return sizes.map((n) => {
    const size = x.shape.map((d, i) => (i === axis ? n : d));
    const piece = sliceFromHeap({...args, attrs: {begin: [...begin], size}}, sliceCopy);
    begin[axis] += n;
    return piece;
  });
}

/** GatherV2 by whole slices: out[b, o, i, :] = x[b, o, indices[b, i], :]. */
function gatherBySlices({inputs, backend, attrs}: KernelArgs): tf.TensorInfo {
  const {x, indices} = inputs as {x: tf.TensorInfo; indices: tf.TensorInfo};
  const axis = tf.util.parseAxisParam(attrs!.axis as number, x.shape)[0];
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, axis, attrs!.batchDims as number);
  const memory = backend as unknown as WasmMemory;
  const {batchSize, outerSize, dimSize, sliceSize} = info;
  const ids = memory.typedArrayFromHeap(indices);
  for (const index of ids) {
    if (!(index >= 0 && index < dimSize)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
  }
  const out = memory.makeOutput(info.outputShape, x.dtype); // after the check: an output made before a throw would never be freed
  const [src, dst] = [memory.typedArrayFromHeap(x), memory.typedArrayFromHeap(out)];
  const perBatch = ids.length / batchSize;
  let to = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const from = (b * outerSize + o) * dimSize * sliceSize;
      for (let i = 0; i < perBatch; i++, to += sliceSize) {
        const start = from + ids[b * perBatch + i] * sliceSize;
        dst.set(src.subarray(start, start + sliceSize), to);
      }
    }
  }
  return out;
}

/** A matrix [R, C] transposed in tiles of 32 x 32: each tile's reads and writes stay in cache. */
function transposeByTiles({inputs, backend}: KernelArgs): tf.TensorInfo {
  const x = inputs.x!;
  const [R, C] = x.shape;
  const memory = backend as unknown as WasmMemory;
  const out = memory.makeOutput([C, R], x.dtype);
  const [src, dst] = [memory.typedArrayFromHeap(x), memory.typedArrayFromHeap(out)];
  const tile = 32;
  for (let c0 = 0; c0 < C; c0 += tile) {
    const c1 = Math.min(c0 + tile, C);
    for (let r0 = 0; r0 < R; r0 += tile) {
      const r1 = Math.min(r0 + tile, R);
      for (let c = c0; c < c1; c++) {
        for (let r = r0; r < r1; r++) dst[c * R + r] = src[r * C + c];
      }
    }
  }
  return out;
}

/**
 * LogicalAnd with broadcasting, by strides: wasm's kernel computes every element's broadcast index
 * with allocations per element (copy-tiny's [32, 1, 9] & [1, 9, 9] target mask and its
 * [11] & [288, 1] label-smoothing mask).
 */
function logicalAndByStrides({inputs, backend}: KernelArgs): tf.TensorInfo {
  const {a, b} = inputs as {a: tf.TensorInfo; b: tf.TensorInfo};
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const memory = backend as unknown as WasmMemory;
  const out = memory.makeOutput(shape, "bool");
  const [x, y, dst] = [memory.typedArrayFromHeap(a), memory.typedArrayFromHeap(b), memory.typedArrayFromHeap(out)];
  // Each input's stride along each output axis, 0 where it is broadcast (size 1 or missing).
  const along = (t: tf.TensorInfo) => {
    const strides = stridesOf(t.shape);
    return shape.map((_, i) => {
      const j = i - (shape.length - t.shape.length);
      return j >= 0 && t.shape[j] !== 1 ? strides[j] : 0;
    });
  };
  const [sa, sb] = [along(a), along(b)];
  const last = shape.length - 1;
  const fill = (axis: number, ia: number, ib: number, to: number): number => {
    if (axis === last || axis < 0) {
      const n = axis < 0 ? 1 : shape[axis];
      const [da, db] = axis < 0 ? [0, 0] : [sa[axis], sb[axis]];
      // One side constant along the row (label smoothing's [V] & [N, 1]): a row of 0s, or the other side's row.
      if (db === 0 || da === 0) {
        const [one, at, step, other] = db === 0 ? [y[ib], ia, da, x] : [x[ia], ib, db, y];
        if (!one) dst.fill(0, to, to + n);
        else for (let i = 0; i < n; i++) dst[to + i] = other[at + i * step] ? 1 : 0;
        return to + n;
      }
      for (let i = 0; i < n; i++) dst[to++] = x[ia + i * da] && y[ib + i * db] ? 1 : 0;
      return to;
    }
    for (let i = 0; i < shape[axis]; i++) to = fill(axis + 1, ia + i * sa[axis], ib + i * sb[axis], to);
    return to;
  };
  if (dst.length > 0) fill(Math.min(0, last), 0, 0, 0);
  return out;
}

/**
 * Sum over leading axes (tf.sum(dy_NC, 0): every bias gradient, and LayerNorm's da_2 and db_2) by
 * rows.wat, one pass down the rows; wasm's kernel first transposes so that the summed axes come
 * last (copy-tiny has about 15 such sums per step).
 */
function sumOverLeadingAxes(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x!;
  const backend = args.backend as tf.KernelBackend;
  const axes = tf.util.parseAxisParam(args.attrs!.axis as number | number[], x.shape).sort((i, j) => i - j);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((axis, i) => axis === i);
  const columnSum = leading && x.dtype === "float32" ? onHeap(backend, rowsWasm)?.columnSum : undefined;
  if (!columnSum) return original(args) as tf.TensorInfo;
  const kept = x.shape.slice(axes.length);
  const out = (backend as unknown as WasmMemory).makeOutput(args.attrs!.keepDims ? [...axes.map(() => 1), ...kept] : kept, "float32");
  const width = tf.util.sizeFromShape(kept);
  (columnSum as (x: number, out: number, rows: number, width: number) => void)(heapOffset(backend, x), heapOffset(backend, out), width ? tf.util.sizeFromShape(x.shape) / width : 0, width);
  return out;
}

/**
 * Greater of a float32 tensor and one float32 number (label smoothing's dist_NV > 0) in one loop;
 * wasm's kernel takes its broadcasting path, an index computed per element. Anything else by wasm's own kernel.
 */
function greaterThanNumber(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const {a, b} = args.inputs as {a: tf.TensorInfo; b: tf.TensorInfo};
  if (a.dtype !== "float32" || b.dtype !== "float32" || tf.util.sizeFromShape(b.shape) !== 1 || b.shape.length > a.shape.length) return original(args) as tf.TensorInfo;
  const memory = args.backend as unknown as WasmMemory;
  const out = memory.makeOutput(a.shape, "bool");
  const [x, dst] = [memory.typedArrayFromHeap(a), memory.typedArrayFromHeap(out)];
  const v = memory.typedArrayFromHeap(b)[0];
  for (let i = 0; i < x.length; i++) dst[i] = x[i] > v ? 1 : 0;
  return out;
}

type Unary = (x: number, out: number, n: number, tail: number) => void;

/** Exp or Log of a float32 tensor by elementwise.wat; any other dtype by wasm's own kernel. */
function unaryBySimd(args: KernelArgs, name: "exp" | "log", original: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x!;
  const backend = args.backend as tf.KernelBackend;
  const f = x.dtype === "float32" ? (onHeap(backend, elementwiseWasm)?.[name] as Unary | undefined) : undefined;
  if (!f) return original(args) as tf.TensorInfo;
  const memory = backend as unknown as WasmMemory;
  const out = memory.makeOutput(x.shape, "float32");
  const n = tf.util.sizeFromShape(x.shape);
  // The last n mod 4 elements go through 16 bytes taken from tfjs-wasm's allocator for this call only.
  const tail = memory.wasm._malloc(16) >>> 0;
  try {
    f(heapOffset(backend, x), heapOffset(backend, out), n, tail);
  } finally {
    memory.wasm._free(tail);
  }
  return out;
}

/** Select (tf.where) of equal shapes and 4-byte values by elementwise.wat; anything else by wasm's own kernel. */
function selectBySimd(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const {condition, t, e} = args.inputs as {condition: tf.TensorInfo; t: tf.TensorInfo; e: tf.TensorInfo};
  const backend = args.backend as tf.KernelBackend;
  const alike = tf.util.arraysEqual(condition.shape, t.shape) && tf.util.arraysEqual(t.shape, e.shape) && condition.dtype === "bool";
  const fourBytes = t.dtype === e.dtype && (t.dtype === "float32" || t.dtype === "int32");
  const select = alike && fourBytes ? (onHeap(backend, elementwiseWasm)?.select as ((c: number, a: number, b: number, out: number, n: number) => void) | undefined) : undefined;
  if (!select) return original(args) as tf.TensorInfo;
  const out = (backend as unknown as WasmMemory).makeOutput(t.shape, t.dtype);
  const at = (x: tf.TensorInfo) => heapOffset(backend, x);
  select(at(condition), at(t), at(e), at(out), tf.util.sizeFromShape(t.shape));
  return out;
}

type BatchMatMulSimd = (a: number, b: number, out: number, batch: number, M: number, K: number, N: number, strideA: number, strideB: number, transposeA: number, transposeB: number, scratch: number) => void;
/** batch-matmul.wat instantiated on this heap, or null where it cannot be (no SIMD, no memory found). */
function simdProductOn(memory: WasmMemory): BatchMatMulSimd | null {
  return (onHeap(memory as unknown as tf.KernelBackend, batchMatMulWasm)?.batchMatMul as BatchMatMulSimd | undefined) ?? null;
}

/** Whether batch-matmul.wat runs on this wasm backend's heap (it does wherever WebAssembly SIMD does). */
export function simdBatchMatMulReady(backend: tf.KernelBackend): boolean {
  return simdProductOn(backend as unknown as WasmMemory) !== null;
}

/**
 * A single product (a batch of one) of up to this many multiply-adds runs on batch-matmul.wat, a
 * larger one on XNNPACK. XNNPACK makes an operator and packs B on every call (a weight is a new
 * tensor every step), and a flagged operand costs it a transpose; our kernel has no such cost but
 * does not block for the cache, so it wins on small products and loses on large ones (the sweep:
 * scripts/bench/small-matmul.ts --sweep and --translate, docs/performance-log.md). 2^27 (134
 * million) keeps every copy-tiny, copy-small and translate-tiny product here (at most 0.66, 13.1
 * and 122 million: translate-tiny's generator, C 128 by V 1,000 over about 950 tokens) and every
 * copy-paper one (189 million and more) on XNNPACK.
 */
export const SMALL_PRODUCT_MACS = 2 ** 27;

/**
 * A single product A @ B^T with at most this many rows in A multiplies rows by rows, without
 * transposing B first: decoding one token at a time has a few rows against every weight matrix, and
 * for 1 to 16 rows against a 2048 x 512 weight that is 2 to 15 times faster
 * (docs/performance-log.md). Batches (attention's products) and longer A keep the transpose, so
 * training runs the same sums as before.
 */
export const DOT_ROWS = 16;

/** The shapes of a BatchMatMul: op(a) [.., M, K] @ op(b) [.., K, N], and its flat batch sizes. */
function productShape({inputs, attrs}: KernelArgs) {
  const {a, b} = inputs as {a: tf.TensorInfo; b: tf.TensorInfo};
  const {transposeA, transposeB} = attrs as {transposeA: boolean; transposeB: boolean};
  const [ra, rb] = [a.shape.length, b.shape.length];
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const kOfB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const [batchA, batchB] = [tf.util.sizeFromShape(a.shape.slice(0, -2)), tf.util.sizeFromShape(b.shape.slice(0, -2))];
  return {a, b, transposeA, transposeB, M, K, N, kOfB, batchA, batchB, batch: Math.max(batchA, batchB)};
}

/**
 * out[b] = op(a[b]) @ op(b[b]) by batch-matmul.wat, for float32 products whose batch axes are equal
 * or one side's are all 1 (one matrix for every product), of any size; null for anything else (and
 * where the module cannot be instantiated). Exported for the benchmarks; the kernel is
 * batchMatMulByRule.
 */
export function batchMatMulBySimd(args: KernelArgs): tf.TensorInfo | null {
  const {a, b, transposeA, transposeB, M, K, N, kOfB, batchA, batchB, batch} = productShape(args);
  const memory = args.backend as unknown as WasmMemory;
  const fits = a.dtype === "float32" && b.dtype === "float32" && a.shape.length >= 2 && b.shape.length >= 2 && kOfB === K && M * N * K > 0;
  const product = fits && (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1) ? simdProductOn(memory) : null;
  if (!product) return null;
  const outerShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (tf.util.sizeFromShape(outerShape) !== batch) return null; // e.g. [2, 1] against [1, 3]
  const out = memory.makeOutput([...outerShape, M, N], "float32");
  const at = (t: tf.TensorInfo) => heapOffset(args.backend as tf.KernelBackend, t);
  const [strideA, strideB] = [batchA === 1 ? 0 : M * K * 4, batchB === 1 ? 0 : K * N * 4];
  // With transposeB the module first lays B^T out in K * N floats of its own: taken from tfjs-wasm's
  // allocator for this call only (after the output, so the output's offset is already fixed). Up to
  // DOT_ROWS rows of an untransposed A against one B (a weight) take dot products of rows instead,
  // with no scratch.
  const transposed = transposeB && (transposeA || M > DOT_ROWS || batch > 1);
  const scratch = transposed ? memory.wasm._malloc(K * N * 4) >>> 0 : 0;
  try {
    product(at(a), at(b), at(out), batch, M, K, N, strideA, strideB, transposeA ? 1 : 0, transposeB ? 1 : 0, scratch);
  } finally {
    if (transposed) memory.wasm._free(scratch);
  }
  return out;
}

/**
 * wasm's own kernel for a product batch-matmul.wat does not take. XNNPACK (a batch of one) takes no
 * transpose flags (wasm runs a slow scalar loop instead), so a flagged operand is transposed first.
 */
function batchMatMulByWasm(args: KernelArgs, original: tf.KernelFunc, transpose: tf.KernelFunc): tf.TensorInfo {
  const {a, b, transposeA, transposeB, batch} = productShape(args);
  if (batch !== 1 || a.dtype !== "float32" || b.dtype !== "float32" || !(transposeA || transposeB)) return original(args) as tf.TensorInfo;
  const memory = args.backend as unknown as WasmMemory;
  const swapLast = (t: tf.TensorInfo) => {
    const perm = t.shape.map((_, i) => i);
    [perm[t.shape.length - 2], perm[t.shape.length - 1]] = [perm[t.shape.length - 1], perm[t.shape.length - 2]];
    return transpose({inputs: {x: t}, backend: args.backend, attrs: {perm}}) as tf.TensorInfo;
  };
  const [plainA, plainB] = [transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b];
  try {
    return original({...args, inputs: {a: plainA, b: plainB}, attrs: {...args.attrs, transposeA: false, transposeB: false}}) as tf.TensorInfo;
  } finally {
    if (transposeA) memory.disposeData(plainA.dataId);
    if (transposeB) memory.disposeData(plainB.dataId);
  }
}

/**
 * The BatchMatMul kernel: batch-matmul.wat for a batch of several products (wasm multiplies those
 * one scalar at a time) and for a single product of up to SMALL_PRODUCT_MACS multiply-adds; a larger
 * single product on XNNPACK, with its operands transposed first where a flag asks for it.
 */
function batchMatMulByRule(args: KernelArgs, original: tf.KernelFunc, transpose: tf.KernelFunc): tf.TensorInfo {
  const {M, K, N, batch} = productShape(args);
  const ours = batch > 1 || M * K * N <= SMALL_PRODUCT_MACS ? batchMatMulBySimd(args) : null;
  return ours ?? batchMatMulByWasm(args, original, transpose);
}

/** A transpose by tiles where transposeByTiles pays (a [1024k, C] matrix to [C, 1024k]), else by wasm's kernel. */
function transposeOrTiles(args: KernelArgs, transpose: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x!;
  const byTiles = x.shape.length === 2 && x.shape[0] % 1024 === 0 && x.dtype !== "string" && (args.attrs!.perm as number[])[0] === 1;
  return byTiles ? transposeByTiles(args) : (transpose(args) as tf.TensorInfo);
}

/** wasm's own kernel of this name, as it was before ours replaced it. */
type Stock = (kernelName: string) => tf.KernelFunc;

/** A wasm kernel and what replaces it, given wasm's stock kernels (for the cases ours leave to them). */
interface KernelOverride {
  kernelName: string;
  replacement(stock: Stock): tf.KernelFunc;
}

const notString = (args: KernelArgs) => args.inputs.x!.dtype !== "string";

/** Every wasm kernel the course replaces, with its replacement. */
export const KERNEL_OVERRIDES: readonly KernelOverride[] = [
  {kernelName: "Identity", replacement: (stock) => (args) => (notString(args) ? shared(args) : stock("Identity")(args))},
  {kernelName: "Cast", replacement: (stock) => (args) => (args.attrs?.dtype === args.inputs.x!.dtype ? shared(args) : stock("Cast")(args))},
  {kernelName: "Tile", replacement: (stock) => (args) => (notString(args) ? tileByRuns(args) : stock("Tile")(args))},
  {kernelName: "Slice", replacement: (stock) => (args) => sliceFromHeap(args, stock("Slice"))},
  {kernelName: "SplitV", replacement: (stock) => (args) => splitBySlices(args, stock("Slice"))},
  {kernelName: "GatherV2", replacement: (stock) => (args) => (notString(args) ? gatherBySlices(args) : stock("GatherV2")(args))},
  {kernelName: "Transpose", replacement: (stock) => (args) => transposeOrTiles(args, stock("Transpose"))},
  {kernelName: "BatchMatMul", replacement: (stock) => (args) => batchMatMulByRule(args, stock("BatchMatMul"), (t) => transposeOrTiles(t, stock("Transpose")))},
  {kernelName: "LogicalAnd", replacement: () => logicalAndByStrides},
  {kernelName: "Sum", replacement: (stock) => (args) => sumOverLeadingAxes(args, stock("Sum"))},
  {kernelName: "Exp", replacement: (stock) => (args) => unaryBySimd(args, "exp", stock("Exp"))},
  {kernelName: "Log", replacement: (stock) => (args) => unaryBySimd(args, "log", stock("Log"))},
  {kernelName: "Select", replacement: (stock) => (args) => selectBySimd(args, stock("Select"))},
  {kernelName: "Greater", replacement: (stock) => (args) => greaterThanNumber(args, stock("Greater"))}
];

let outcome: string | null | undefined; // why wasm keeps its stock kernels, or null once ours are registered

/**
 * Replaces wasm's kernels by KERNEL_OVERRIDES (once), where the running tfjs and tfjs-backend-wasm
 * are the version ours were written for (checkInternals); on any other nothing is replaced. Returns
 * why the stock kernels stay, e.g. "stock kernels: the course's kernels were written for tfjs
 * 4.22.0, this is 4.23.0", or null when ours run.
 */
export function leanerWasmKernels(versions: RunningVersions): string | null {
  if (outcome !== undefined) return outcome;
  const refusal = checkInternals(versions);
  const stockKernels = new Map(KERNEL_OVERRIDES.map(({kernelName}) => [kernelName, tf.getKernel(kernelName, "wasm")?.kernelFunc]));
  const missing = [...stockKernels].filter(([, kernelFunc]) => !kernelFunc).map(([name]) => name);
  if (refusal || missing.length) return (outcome = `stock kernels: ${refusal ?? `wasm has no ${missing.join(", ")} kernel`}`);
  const stock: Stock = (kernelName) => stockKernels.get(kernelName)!;
  for (const {kernelName, replacement} of KERNEL_OVERRIDES) {
    const kernelFunc = replacement(stock);
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({kernelName, backendName: "wasm", kernelFunc});
  }
  return (outcome = null);
}

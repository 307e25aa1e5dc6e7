// nn.Linear (y = x w^T + b) and its gradient as one kernel each on the wasm backend, for linear() in
// src/tfjs/ops.ts. As tensor ops a linear layer is 4 kernels forward (flatten, product, bias,
// unflatten) and 5 backward, and copy-tiny has 17 of them per step, each kernel costing a few µs of
// bookkeeping in tfjs's engine whatever its size. Inside one kernel the products run on the
// BatchMatMul kernel registered for wasm (src/tfjs/wasm-kernels.ts: our SIMD kernel or XNNPACK) and
// the bias through src/tfjs/rows.wat, with no engine in between.
import * as tf from "@tensorflow/tfjs-core";
import * as rowsWasm from "../vendor/rows-wasm.js";
import {heapOffset, onHeap, type WasmHeap, wasmKernelsReady} from "./heap.js";

const FORWARD = "LinearForward";
const BACKWARD = "LinearBackward";

type RowOp = (x: number, out: number, rows: number, width: number) => void;
type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The tensor as a matrix [rows, last axis]: the same data (no copy, no new reference), read only. */
const asMatrix = (t: tf.TensorInfo): tf.TensorInfo => {
  const width = t.shape[t.shape.length - 1];
  return {dataId: t.dataId, dtype: t.dtype, shape: [width ? tf.util.sizeFromShape(t.shape) / width : 0, width]};
};

function product(backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo {
  const batchMatMul = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc;
  const out = batchMatMul({inputs: {a, b}, backend, attrs: {transposeA, transposeB}}) as tf.TensorInfo;
  return {...out, shape: out.shape.slice(-2)}; // [1, M, N] for a batch of one → [M, N]
}

/** Inputs x [..., I], w [O, I], b [O]; output y [..., O]. */
function forward({inputs, backend}: KernelArgs): tf.TensorInfo {
  const {x, w, b} = inputs as {x: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo};
  const kernels = backend as tf.KernelBackend;
  const y = product(kernels, asMatrix(x), w, false, true);
  const [rows, out] = y.shape;
  (onHeap(kernels, rowsWasm)!.addRow as RowOp)(heapOffset(kernels, y), heapOffset(kernels, b), rows, out);
  return {...y, shape: [...x.shape.slice(0, -1), out]};
}

/** Inputs dy [..., O], x [..., I], w [O, I]; outputs dx like x, dw like w and db [O]. */
function backward({inputs, backend}: KernelArgs): tf.TensorInfo[] {
  const {dy, x, w} = inputs as {dy: tf.TensorInfo; x: tf.TensorInfo; w: tf.TensorInfo};
  const kernels = backend as tf.KernelBackend;
  const dy_NO = asMatrix(dy);
  const dx = product(kernels, dy_NO, w, false, false); // dy @ w
  const dw = product(kernels, dy_NO, asMatrix(x), true, false); // dy^T @ x
  const [rows, out] = dy_NO.shape;
  const db = (backend as unknown as WasmHeap).makeOutput([out], "float32");
  (onHeap(kernels, rowsWasm)!.columnSum as RowOp)(heapOffset(kernels, dy), heapOffset(kernels, db), rows, out);
  return [{...dx, shape: x.shape}, dw, db];
}

export interface LinearKernels {
  /** x w^T + b over the last axis of x. */
  value(x: tf.Tensor, w_OI: tf.Tensor2D, b_O: tf.Tensor1D): tf.Tensor;
  /** [dx, dw, db] for the gradient dy of value's output. */
  gradient(dy: tf.Tensor, x: tf.Tensor, w_OI: tf.Tensor2D): tf.Tensor[];
}

const kernels: LinearKernels = {
  value: (x, w, b) => tf.engine().runKernel(FORWARD, {x, w, b}) as tf.Tensor,
  gradient: (dy, x, w) => tf.engine().runKernel(BACKWARD, {dy, x, w}) as tf.Tensor[]
};

/** The two kernels where the active backend runs them (wasm, where rows.wat instantiates: WebAssembly SIMD), else null. */
export function linearKernels(): LinearKernels | null {
  return wasmKernelsReady(rowsWasm, {[FORWARD]: forward, [BACKWARD]: backward}) ? kernels : null;
}

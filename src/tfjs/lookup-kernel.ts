// An embedding's gradient as one kernel on the wasm backend, for lookup() in src/tfjs/ops.ts: the
// rows of dy added into the rows of a zero [V, C] matrix that the ids name (rows.wat's addRowsAt),
// N × C additions where one_hot(ids)^T @ dy is a [V, N] one-hot matrix, its transpose and V × N × C
// multiply-adds (translate-tiny: V 1,000 and about 1,000 tokens, twice a step).
import * as tf from "@tensorflow/tfjs-core";
import * as rowsWasm from "../vendor/rows-wasm.js";
import {heapOffset, onHeap, type WasmHeap, wasmKernelsReady} from "./heap.js";

const BACKWARD = "LookupBackward";

type AddRowsAt = (x: number, ids: number, out: number, rows: number, width: number, outRows: number) => void;

/** Inputs dy [..., C] and ids [...] (int32); attribute vocab (V); output d lut [V, C]. */
function backward({inputs, backend, attrs}: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const {dy, ids} = inputs as {dy: tf.TensorInfo; ids: tf.TensorInfo};
  const vocab = (attrs as {vocab: number}).vocab;
  const kernels = backend as tf.KernelBackend;
  const heap = backend as unknown as WasmHeap;
  const rows = tf.util.sizeFromShape(ids.shape);
  const C = dy.shape[dy.shape.length - 1];
  for (const id of heap.typedArrayFromHeap(ids)) {
    if (!(id >= 0 && id < vocab)) throw new Error(`lookup: the id ${id} is not in [0, ${vocab - 1}]`);
  }
  const out = heap.makeOutput([vocab, C], "float32"); // after the check: an output made before a throw would never be freed
  (onHeap(kernels, rowsWasm)!.addRowsAt as AddRowsAt)(heapOffset(kernels, dy), heapOffset(kernels, ids), heapOffset(kernels, out), rows, C, vocab);
  return out;
}

export interface LookupKernels {
  /** d lut [V, C] for the gradient dy [..., C] of lut's rows at ids [...]. */
  gradient(dy: tf.Tensor, ids: tf.Tensor, vocab: number): tf.Tensor2D;
}

const kernels: LookupKernels = {
  gradient: (dy, ids, vocab) => tf.engine().runKernel(BACKWARD, {dy, ids}, {vocab}) as tf.Tensor2D
};

/** The kernel where the active backend runs it (wasm, where rows.wat instantiates: WebAssembly SIMD), else null. */
export function lookupKernels(): LookupKernels | null {
  return wasmKernelsReady(rowsWasm, {[BACKWARD]: backward}) ? kernels : null;
}

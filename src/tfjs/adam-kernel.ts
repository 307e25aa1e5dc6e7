// Adam's update as one kernel on the wasm backend (src/tfjs/adam.wat), for src/tfjs/packed-adam.ts:
// every parameter read once and written once, instead of src/training/adam.ts's adamStep as tensor
// ops on the packed vectors (about ten passes over all parameters, plus packing and unpacking).
import * as tf from "@tensorflow/tfjs-core";
import * as adamWasm from "../vendor/adam-wasm.js";
import {heapOffset, onHeap, type WasmHeap, wasmKernelsReady} from "./heap.js";

export const ADAM_UPDATE = "AdamUpdate";

export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number; // lr / (1 - beta1^step)
  sqrtCorrection2: number; // sqrt(1 - beta2^step)
}

type AdamWasm = (
  p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number, n: number,
  beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number, stepSize: number, sqrtCorrection2: number, eps: number
) => void;

/**
 * Inputs p0..p{n-1} (parameters), g0..g{n-1} (their gradients) and m, v (both moments, every
 * parameter packed end to end); outputs the n updated parameters, then m and v updated.
 */
function adamUpdate(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const {inputs, attrs} = args;
  const backend = args.backend as tf.KernelBackend;
  const {beta1, beta2, eps, stepSize, sqrtCorrection2} = attrs as unknown as AdamUpdateAttrs;
  const adam = onHeap(backend, adamWasm)!.adam as AdamWasm;
  const heap = backend as unknown as WasmHeap;
  const {m, v} = inputs as {m: tf.TensorInfo; v: tf.TensorInfo};
  const [mOut, vOut] = [heap.makeOutput(m.shape, "float32"), heap.makeOutput(v.shape, "float32")];
  const at = (t: tf.TensorInfo) => heapOffset(backend, t);
  const params: tf.TensorInfo[] = [];
  let offset = 0; // bytes into m and v
  for (let i = 0; inputs[`p${i}`]; i++) {
    const [p, g] = [inputs[`p${i}`]!, inputs[`g${i}`]!];
    const out = heap.makeOutput(p.shape, "float32");
    const n = tf.util.sizeFromShape(p.shape);
    adam(at(p), at(g), at(m) + offset, at(v) + offset, at(out), at(mOut) + offset, at(vOut) + offset, n, beta1, beta2, 1 - beta1, 1 - beta2, stepSize, sqrtCorrection2, eps);
    params.push(out);
    offset += 4 * n;
  }
  return [...params, mOut, vOut];
}

/** Whether the active backend runs AdamUpdate: wasm, where adam.wat instantiates (WebAssembly SIMD). */
export function adamUpdateReady(): boolean {
  return wasmKernelsReady(adamWasm, {[ADAM_UPDATE]: adamUpdate});
}

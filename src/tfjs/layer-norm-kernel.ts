// LayerNorm and its gradient as one kernel each on the wasm backend (src/tfjs/layer-norm.wat), for the
// fast layerNormWithGradient (src/tfjs/ops.ts): about 7 kernels forward and 20 backward per norm
// as tensor ops, each a pass over the activations and, for the small models, mostly per-kernel overhead.
import * as tf from "@tensorflow/tfjs-core";
import * as layerNormWasm from "../vendor/layer-norm-wasm.js";
import {heapOffset, onHeap, type WasmHeap, wasmKernelsReady} from "./heap.js";

const FORWARD = "LayerNormForward";
const BACKWARD = "LayerNormBackward";

interface LayerNormWasm {
  forward(x: number, a: number, b: number, y: number, rows: number, C: number, eps: number): void;
  backward(dy: number, x: number, a: number, dx: number, da: number, db: number, rows: number, C: number, eps: number): void;
}

function kernelArgs(args: Parameters<tf.KernelFunc>[0]) {
  const backend = args.backend as tf.KernelBackend;
  const x = args.inputs.x!;
  const C = x.shape[x.shape.length - 1];
  return {
    backend,
    heap: backend as unknown as WasmHeap,
    kernel: onHeap(backend, layerNormWasm) as unknown as LayerNormWasm,
    at: (t: tf.TensorInfo) => heapOffset(backend, t),
    x,
    C,
    rows: C ? tf.util.sizeFromShape(x.shape) / C : 0,
    eps: (args.attrs as {eps: number}).eps
  };
}

/** Inputs x [..., C], a_2 and b_2 [C]; output y like x. */
function forward(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const {heap, kernel, at, x, C, rows, eps} = kernelArgs(args);
  const {a_2, b_2} = args.inputs as {a_2: tf.TensorInfo; b_2: tf.TensorInfo};
  const y = heap.makeOutput(x.shape, "float32");
  kernel.forward(at(x), at(a_2), at(b_2), at(y), rows, C, eps);
  return y;
}

/** Inputs dy and x [..., C], a_2 [C]; outputs dx like x, da_2 and db_2 [C]. */
function backward(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const {heap, kernel, at, x, C, rows, eps} = kernelArgs(args);
  const {dy, a_2} = args.inputs as {dy: tf.TensorInfo; a_2: tf.TensorInfo};
  const [dx, da, db] = [heap.makeOutput(x.shape, "float32"), heap.makeOutput([C], "float32"), heap.makeOutput([C], "float32")];
  kernel.backward(at(dy), at(x), at(a_2), at(dx), at(da), at(db), rows, C, eps);
  return [dx, da, db];
}

export interface LayerNormKernels {
  /** a_2 (x - mean) / (std + eps) + b_2 over x's last axis. */
  value<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T;
  /** [dx, da_2, db_2] for the gradient dy of value's output. */
  gradient(dy: tf.Tensor, x: tf.Tensor, a_2: tf.Tensor1D, eps: number): tf.Tensor[];
}

const kernels: LayerNormKernels = {
  value: (x, a_2, b_2, eps) => tf.engine().runKernel(FORWARD, {x, a_2, b_2}, {eps}) as typeof x,
  gradient: (dy, x, a_2, eps) => tf.engine().runKernel(BACKWARD, {dy, x, a_2}, {eps}) as tf.Tensor[]
};

/** The two kernels where the active backend runs them (wasm, where layer-norm.wat instantiates: WebAssembly SIMD), else null. */
export function layerNormKernels(): LayerNormKernels | null {
  return wasmKernelsReady(layerNormWasm, {[FORWARD]: forward, [BACKWARD]: backward}) ? kernels : null;
}

// Our WebAssembly modules (src/tfjs/*.wat) run on tfjs-wasm's own memory: they import it, so they read
// and write tensors where the backend keeps them, with no copies in or out.
import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-wasm's backend that a kernel working on its heap uses. */
export interface WasmHeap {
  /** The Emscripten module: the heap is `wasmMemory` (threaded build) or the export `asm.memory`. */
  wasm: {wasmMemory?: WebAssembly.Memory; asm?: {memory?: WebAssembly.Memory}; _malloc(bytes: number): number; _free(offset: number): void};
  disposeData(dataId: unknown): boolean;
  dataIdMap: {get(dataId: unknown): {memoryOffset: number}};
  incRef(dataId: unknown): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** A module's binary as scripts/vendor.mjs writes it: base64, importing a plain or a shared memory. */
export interface HeapModule {
  plainMemoryWasm: string;
  sharedMemoryWasm: string;
}

const instances = new WeakMap<WebAssembly.Memory, Map<HeapModule, WebAssembly.Exports | null>>();

/** The module instantiated on this backend's heap (once per heap), or null where it cannot be (no SIMD, no memory found). */
export function onHeap(backend: tf.KernelBackend, module: HeapModule): WebAssembly.Exports | null {
  const {wasm} = backend as unknown as WasmHeap;
  const heap = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!(heap instanceof WebAssembly.Memory)) return null;
  const made = instances.get(heap) ?? new Map<HeapModule, WebAssembly.Exports | null>();
  instances.set(heap, made);
  if (!made.has(module)) {
    const shared = typeof SharedArrayBuffer !== "undefined" && heap.buffer instanceof SharedArrayBuffer;
    try {
      const bytes = Uint8Array.from(atob(shared ? module.sharedMemoryWasm : module.plainMemoryWasm), (c) => c.charCodeAt(0));
      made.set(module, new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory: heap}}).exports);
    } catch {
      made.set(module, null);
    }
  }
  return made.get(module)!;
}

/** Where a tensor's data starts on the heap, in bytes. */
export function heapOffset(backend: tf.KernelBackend, t: tf.TensorInfo): number {
  return (backend as unknown as WasmHeap).dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * Registers these kernels for wasm (once) and says whether they can run now: the active backend is
 * wasm and `module`, which they call, instantiates on its heap (WebAssembly SIMD).
 */
export function wasmKernelsReady(module: HeapModule, kernels: Record<string, tf.KernelFunc>): boolean {
  if (tf.getBackend() !== "wasm") return false;
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, "wasm")) tf.registerKernel({kernelName, backendName: "wasm", kernelFunc});
  }
  return onHeap(tf.backend(), module) !== null;
}

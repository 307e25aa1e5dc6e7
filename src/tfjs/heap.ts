// Our WebAssembly modules (src/tfjs/*.wat) run on tfjs-wasm's own memory: they import it, so they read
// and write tensors where the backend keeps them, with no copies in or out.
//
// That reaches into tfjs-backend-wasm's internals (its heap, its dataIdMap, its allocator), which
// are no public API and may change in any release. WasmInternals below types them as they are in
// INTERNALS_OF, and no kernel of ours is registered unless the running tfjs and tfjs-backend-wasm
// are that version (checkInternals): on any other, wasm runs its stock kernels.
import * as tf from "@tensorflow/tfjs-core";

/** The tfjs (tfjs-core) and tfjs-backend-wasm version whose internals our wasm kernels were written against. */
export const INTERNALS_OF = "4.22.0";

/** tfjs-backend-wasm 4.22.0's backend, as far as our kernels use it (internals, not its public API). */
export interface WasmInternals {
  /** The Emscripten module: the heap is `wasmMemory` (threaded build) or the export `asm.memory`. */
  wasm: {wasmMemory?: WebAssembly.Memory; asm?: {memory?: WebAssembly.Memory}; _malloc(bytes: number): number; _free(offset: number): void};
  disposeData(dataId: unknown): boolean;
  dataIdMap: {get(dataId: unknown): {memoryOffset: number}};
  incRef(dataId: unknown): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}
/** The name the kernel modules use for WasmInternals. */
export type WasmHeap = WasmInternals;

/** The versions running: tfjs-core's (tf.version_core) and tfjs-backend-wasm's (its export version_wasm). */
export interface RunningVersions {
  core: string;
  wasm: string | undefined;
}

/** Why our kernels may not run on these versions ("the course's kernels were written for tfjs 4.22.0, this is 4.23.0"), or null when they may. */
export function versionMismatch({core, wasm}: RunningVersions): string | null {
  const other = [core !== INTERNALS_OF ? `tfjs ${core}` : null, wasm !== INTERNALS_OF ? `tfjs-backend-wasm ${wasm ?? "of an unknown version"}` : null];
  const named = other.filter((name) => name !== null);
  return named.length ? `the course's kernels were written for tfjs ${INTERNALS_OF}, this is ${named.join(" with ")}` : null;
}

let refusal: string | null | undefined; // versionMismatch's answer, once checked

/** versionMismatch, decided once: the first answer holds for the whole page (a page loads one tfjs). */
export function checkInternals(versions: RunningVersions): string | null {
  if (refusal === undefined) refusal = versionMismatch(versions);
  return refusal;
}

/** Whether checkInternals has found the versions ours were written for. */
export function internalsMatch(): boolean {
  return refusal === null;
}

/** A module's binary as scripts/vendor.mjs writes it: base64, importing a plain or a shared memory. */
export interface HeapModule {
  plainMemoryWasm: string;
  sharedMemoryWasm: string;
}

const instances = new WeakMap<WebAssembly.Memory, Map<HeapModule, WebAssembly.Exports | null>>();

/** The module instantiated on this backend's heap (once per heap), or null where it cannot be (no SIMD, no memory found). */
export function onHeap(backend: tf.KernelBackend, module: HeapModule): WebAssembly.Exports | null {
  const heap = heapMemory(backend);
  if (heap === null) return null;
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

/** The backend's heap, or null where it has none that we can find. */
export function heapMemory(backend: tf.KernelBackend): WebAssembly.Memory | null {
  const {wasm} = backend as unknown as WasmInternals;
  const heap = wasm?.wasmMemory ?? wasm?.asm?.memory;
  return heap instanceof WebAssembly.Memory ? heap : null;
}

/** Where a tensor's data starts on the heap, in bytes. */
export function heapOffset(backend: tf.KernelBackend, t: tf.TensorInfo): number {
  return (backend as unknown as WasmInternals).dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * Registers these kernels for wasm (once) and says whether they can run now: the active backend is
 * wasm, of the version they were written for (checkInternals), and `module`, which they call,
 * instantiates on its heap (WebAssembly SIMD). On any other version nothing is registered and the
 * callers use tensor ops.
 */
export function wasmKernelsReady(module: HeapModule, kernels: Record<string, tf.KernelFunc>): boolean {
  if (tf.getBackend() !== "wasm" || !internalsMatch()) return false;
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, "wasm")) tf.registerKernel({kernelName, backendName: "wasm", kernelFunc});
  }
  return onHeap(tf.backend(), module) !== null;
}

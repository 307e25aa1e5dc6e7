// Choosing the TensorFlow.js backend: one small function shared by the browser and Node.
import * as tf from "@tensorflow/tfjs-core";
import {leanerWasmKernels} from "./wasm-kernels.js";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

export interface BackendCandidate {
  name: BackendName;
  /** Says why this backend cannot run here, or null when it may be tried. */
  unavailable?: () => Promise<string | null> | string | null;
  /** Registers the backend with tfjs (imports its module, points it at its files). */
  register?: () => Promise<void> | void;
  /** wasm only: the version of tfjs-backend-wasm that register() registered (its export version_wasm), which decides whether our kernels may patch it. */
  version?: () => string | undefined;
}

export interface BackendReport {
  name: BackendName;
  /** One line per candidate that was passed over, saying why. */
  skipped: string[];
  /** Why the backend runs without the course's kernels (wasm only), e.g. "stock kernels: the course's kernels were written for tfjs 4.22.0, this is 4.23.0". */
  note?: string;
}

export function isBackendName(name: unknown): name is BackendName {
  return typeof name === "string" && (BACKEND_NAMES as readonly string[]).includes(name);
}

/** Why WebGPU cannot run here (in a page or a worker), or null when a hardware adapter answers. */
export async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (globalThis.navigator as Navigator & {gpu?: {requestAdapter(): Promise<{isFallbackAdapter?: boolean} | null>}}).gpu;
  if (!gpu) return "navigator.gpu is missing";
  const adapter = await gpu.requestAdapter();
  if (!adapter) return "no WebGPU adapter";
  return adapter.isFallbackAdapter ? "only a software (fallback) adapter" : null;
}

/** Sets the first candidate that initialises and reports which one runs and why the others did not. */
export async function pickBackend(candidates: readonly BackendCandidate[]): Promise<BackendReport> {
  const skipped: string[] = [];
  for (const {name, unavailable, register, version} of candidates) {
    const reason = unavailable ? await unavailable() : null;
    if (reason) {
      skipped.push(`${name}: ${reason}`);
      continue;
    }
    try {
      await register?.();
      if (await tf.setBackend(name)) {
        await tf.ready();
        const note = name === "wasm" ? leanerWasmKernels({core: tf.version_core, wasm: version?.()}) : null;
        return note ? {name, skipped, note} : {name, skipped};
      }
      skipped.push(`${name}: failed to initialise`);
    } catch (error) {
      skipped.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${skipped.join("; ")})`);
}

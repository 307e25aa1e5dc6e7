// The browser's backend choice: a real GPU through WebGPU or WebGL, else wasm (SIMD), else cpu.
// `?backend=wasm` (or webgpu, webgl, cpu) in the page's address forces one.
import * as tf from "@tensorflow/tfjs-core";
import "./core.js";
import {FileAttachment} from "observablehq:stdlib";
import {setWasmPaths, version_wasm} from "../vendor/tfjs-backend-wasm.js";
import {type BackendCandidate, type BackendName, type BackendReport, isBackendName, pickBackend, webgpuUnavailable} from "./backend.js";

/** The wasm backend's binaries, by file name, as served by the site (the training worker needs them too). */
export const wasmFiles: Record<string, string> = {
  "tfjs-backend-wasm.wasm": FileAttachment("../vendor/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("../vendor/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("../vendor/tfjs-backend-wasm-threaded-simd.wasm").href
};

/** Names the GPU behind WebGL, or null when there is none; SwiftShader and llvmpipe are CPUs. */
function softwareWebGL(): string | null {
  const gl = document.createElement("canvas").getContext("webgl2");
  if (!gl) return "no WebGL 2 context";
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software/i.test(renderer) ? `software renderer (${renderer})` : null;
}

const candidates: Record<BackendName, BackendCandidate> = {
  webgpu: {name: "webgpu", unavailable: webgpuUnavailable, register: async () => void (await import("@tensorflow/tfjs-backend-webgpu"))},
  webgl: {name: "webgl", unavailable: softwareWebGL, register: async () => void (await import("@tensorflow/tfjs-backend-webgl"))},
  // The page's own small computations stay single-threaded even where the page is cross-origin
  // isolated: the threaded build would start its pool of workers for them and spin the main thread.
  // Training, in its worker, is what uses the threads.
  wasm: {
    name: "wasm",
    register: () => {
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
      setWasmPaths(wasmFiles);
    },
    version: () => version_wasm
  },
  cpu: {name: "cpu"}
};

/** The backend asked for in the page's address (`?backend=wasm`), if any. */
export function requestedBackend(search = location.search): BackendName | null {
  const name = new URLSearchParams(search).get("backend");
  return isBackendName(name) ? name : null;
}

/** The wasm threads asked for in the page's address (`?threads=2`), if any; by default each training run chooses (wasmThreadsFor). */
export function requestedThreads(search = location.search): number | null {
  const threads = Number(new URLSearchParams(search).get("threads"));
  return Number.isInteger(threads) && threads > 0 ? threads : null;
}

let current: Promise<BackendReport> | null = null;

/**
 * Starts TensorFlow.js on the best backend of this browser, or on `name` when given. A requested
 * backend that cannot run falls back to the automatic order, and the report says why.
 */
export function initBackend(name: BackendName | "auto" = requestedBackend() ?? "auto"): Promise<BackendReport> {
  const order: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];
  const chosen = name === "auto" ? order : [name, ...order.filter((n) => n !== name)];
  const wanted = chosen.map((n) => (n === name ? {...candidates[n], unavailable: undefined} : candidates[n]));
  return (current = (current ?? Promise.resolve(null)).catch(() => null).then(() => pickBackend(wanted)));
}

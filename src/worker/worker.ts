// The training page's Web Worker: TensorFlow.js and the TrainingEngine run here, so the page only
// draws. It imports no Framework module and touches no DOM; the page sends the backend to use and
// where the wasm binaries are in its first message (see protocol.ts).
import * as tf from "@tensorflow/tfjs-core";
import "../tfjs/core.js";
import {getThreadsCount, setThreadsCount, setWasmPaths, version_wasm} from "../vendor/tfjs-backend-wasm.js";
import {type BackendCandidate, type BackendName, pickBackend, webgpuUnavailable} from "../tfjs/backend.js";
import {compileReaderComponents} from "../editing/carry-forward.js";
import {TrainingEngine} from "./engine.js";
import type {BackendInfo, FromWorker, Replies, Request, ToWorker} from "./protocol.js";

const scope = self as unknown as {postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent) => void) | null; addEventListener: typeof addEventListener};
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

// One turn of the event loop without setTimeout's 4 ms clamp, so that pause and stop are handled between steps.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const tick = () => new Promise<void>((resolve) => (waiting.push(resolve), channel.port2.postMessage(0)));

const engine = new TrainingEngine({emit: post, tick});
let wasmPaths: Record<string, string> = {};
let wasmThreads = 1;

function noWebGL(): string | null {
  if (typeof OffscreenCanvas === "undefined") return "no OffscreenCanvas in this worker";
  const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
  return gl ? null : "no WebGL 2 context in this worker";
}

const candidates: Record<BackendName, BackendCandidate> = {
  webgpu: {name: "webgpu", unavailable: webgpuUnavailable, register: async () => void (await import("@tensorflow/tfjs-backend-webgpu"))},
  webgl: {name: "webgl", unavailable: noWebGL, register: async () => void (await import("@tensorflow/tfjs-backend-webgl"))},
  wasm: {name: "wasm", register: () => (setThreadsCount(wasmThreads), setWasmPaths(wasmPaths)), version: () => version_wasm},
  cpu: {name: "cpu"}
};

/**
 * The asked-for backend first, then the others in the automatic order; the report says why any was
 * passed over and, for wasm, on how many threads it computes (several only in an isolated page).
 */
async function useBackend(name: BackendName): Promise<BackendInfo> {
  const order: BackendName[] = [name, ...(["webgpu", "webgl", "wasm", "cpu"] as BackendName[]).filter((n) => n !== name)];
  const report = await withEveryCoreAllowed(() => pickBackend(order.map((n) => candidates[n])));
  return report.name === "wasm" ? {...report, threads: getThreadsCount()} : report;
}

/**
 * tfjs-backend-wasm 4.22 computes on at most half of navigator.hardwareConcurrency threads (and at
 * most 8), whatever setThreadsCount asks: its backend.cc assumes two hardware threads per core. On a
 * 2-core machine that is one, though copy-paper trains faster on two (wasmThreadsFor); so the backend
 * sees the count doubled while its wasm module starts, which is when it reads it, and the cap becomes
 * the logical cores.
 */
async function withEveryCoreAllowed<T>(start: () => Promise<T>): Promise<T> {
  const cores = navigator.hardwareConcurrency;
  Object.defineProperty(navigator, "hardwareConcurrency", {value: 2 * cores, configurable: true});
  try {
    return await start();
  } finally {
    delete (navigator as {hardwareConcurrency?: number}).hardwareConcurrency;
  }
}

let ready: Promise<unknown> = Promise.resolve();

async function answer(request: Request): Promise<void> {
  try {
    const value = await reply(request);
    post({type: "reply", id: request.id, ok: true, value}, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (error) {
    post({type: "reply", id: request.id, ok: false, error: error instanceof Error ? error.message : String(error)});
  }
}

async function reply(request: Request): Promise<Replies[Request["type"]]> {
  switch (request.type) {
    case "decode":
      return engine.decode(request.src, request.beamSize);
    case "translate":
      return engine.translate(request.text, request.beam);
    case "attention":
      return engine.attention(request.src);
    case "save":
      return engine.save();
    case "load":
      return engine.load(request.bytes);
    case "estimate":
      return engine.estimate(request.run, request.steps);
    case "setBackend":
      engine.reset();
      return useBackend(request.backend);
  }
}

scope.onmessage = (event: MessageEvent) => {
  const message = event.data as ToWorker;
  if (message.type === "init") {
    ({wasmPaths, threads: wasmThreads} = message);
    ready = useBackend(message.backend).then(
      (backend) => post({type: "ready", backend}),
      (error) => post({type: "failed", message: `no backend could start in the worker: ${error instanceof Error ? error.message : String(error)}`})
    );
    return;
  }
  void ready.then(async () => {
    try {
      switch (message.type) {
        case "start": {
          // The run's model and trainer are built with the reader's functions that compile and run; reset forgets them.
          const {components, report} = compileReaderComponents(message.components ?? {});
          post({type: "components", report});
          return await engine.start(message.run, components);
        }
        case "pause":
          return engine.pause();
        case "resume":
          return await engine.resume();
        case "stop":
          return engine.stop();
        case "reset":
          return engine.reset();
        default:
          return await answer(message);
      }
    } catch (error) {
      post({type: "failed", message: error instanceof Error ? error.message : String(error)});
    }
  });
};

scope.addEventListener("unhandledrejection", (event) => {
  post({type: "failed", message: `the worker failed: ${String((event as PromiseRejectionEvent).reason)}`});
});

// Keep a reference so bundlers do not drop tfjs' side effects (kernel registration) from the worker.
void tf.getBackend;

// The trial worker as a Node worker thread (src/editing/trial.ts), for tests: tfjs on its cpu
// backend, then the same serveTrials as the browser's src/editing/trial-worker.ts.
import {parentPort, Worker} from "node:worker_threads";
import {serveTrials} from "../../src/editing/judge.js";
import type {TrialRequest, TrialWorker} from "../../src/editing/trial.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

if (parentPort) {
  const port = parentPort;
  await initNodeBackend("cpu");
  serveTrials({post: (m) => port.postMessage(m), onRequest: (handle) => port.on("message", (r: TrialRequest) => handle(r))});
}

/** Starts this file as a worker thread, TypeScript loaded by tsx (its memory capped, so that a huge allocation crashes it rather than the machine). */
export function startTrialThread(): TrialWorker {
  // Node 20 does not pass `--import tsx` on to a worker's own modules: the worker registers tsx first.
  const load = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => (tsx.register(), import(${JSON.stringify(import.meta.url)})))`;
  const w = new Worker(load, {eval: true, resourceLimits: {maxOldGenerationSizeMb: 512}});
  return {
    post: (request) => w.postMessage(request),
    onMessage: (handle) => w.on("message", handle),
    onError: (handle) => w.on("error", (e) => handle(e.message)),
    terminate: () => void w.terminate()
  };
}

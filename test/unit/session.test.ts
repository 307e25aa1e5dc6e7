// The page's side of the training worker, with a stand-in Worker: a crash is reported (not
// silent), waiting requests are refused with the reason, Reset starts a fresh worker, and on wasm
// each run gets a worker on the threads that suit it.
import assert from "node:assert/strict";
import {test} from "node:test";
import {PRESETS} from "../../src/training/presets.js";
import {backendFor, presetRun, wasmThreadsFor} from "../../src/training/run-config.js";
import {TrainingSession} from "../../src/worker/session.js";

class FakeWorker {
  onmessage: ((event: {data: unknown}) => void) | null = null;
  onerror: ((event: {message: string; preventDefault(): void}) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  sent: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A Worker factory for TrainingSession that keeps every stand-in worker it made, in order. */
function fakeWorkers(): {workers: FakeWorker[]; make: () => Worker} {
  const workers: FakeWorker[] = [];
  return {
    workers,
    make: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    }
  };
}

test("a crashed worker is reported, its pending requests fail with the reason, and Reset starts a new one", async () => {
  const {workers, make} = fakeWorkers();
  const session = new TrainingSession(make, {backend: "wasm", automatic: true, wasmPaths: {}, threads: null, cores: 2});
  assert.deepEqual(workers[0].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: 1});

  const crashes: string[] = [];
  const states: string[] = [];
  session.on("crash", (m) => crashes.push(m));
  session.on("state", ({state}) => states.push(state));
  const pending = session.save();
  workers[0].onerror!({message: "out of memory", preventDefault() {}});

  await assert.rejects(pending, {message: "the training worker crashed: out of memory"});
  assert.deepEqual(crashes, ["the training worker crashed: out of memory"]);
  assert.equal(session.state, "failed");
  assert.deepEqual(states, ["failed"]);

  session.reset();
  assert.equal(workers.length, 2, "Reset after a crash starts a fresh worker");
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(workers[1].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: 1});
});

test("wasm threads per run: one for a small model; for a large one half the logical cores, at least 2 where there are 2", () => {
  const tiny = presetRun(PRESETS["copy-tiny"]);
  const paper = presetRun(PRESETS["copy-paper"]);
  assert.deepEqual([1, 2, 8, 32].map((cores) => wasmThreadsFor(tiny, cores)), [1, 1, 1, 1]);
  assert.deepEqual([1, 2, 4, 8, 32].map((cores) => wasmThreadsFor(paper, cores)), [1, 2, 2, 4, 16]);
});

test("on wasm, a run on a large model gets a worker on more threads, a small one a worker on one, unless the page asked", async () => {
  const {workers, make} = fakeWorkers();
  const ready = (w: FakeWorker, threads: number) => w.onmessage!({data: {type: "ready", backend: {name: "wasm", skipped: [], threads}}});
  const session = new TrainingSession(make, {backend: "wasm", automatic: true, wasmPaths: {}, threads: null, cores: 2});
  ready(workers[0], 1);
  const tiny = presetRun(PRESETS["copy-tiny"]);
  const paper = presetRun(PRESETS["copy-paper"]);

  session.start(tiny);
  assert.equal(workers.length, 1, "copy-tiny runs on the first worker (one thread)");
  assert.deepEqual(workers[0].sent.at(-1), {type: "start", run: tiny});

  workers[0].onmessage!({data: {type: "model", summary: {N: 1, dModel: 32, dFF: 64, h: 4, vocab: 11, parameters: 1}}});
  void session.estimate(paper).catch(() => {});
  assert.equal(workers.length, 1, "an estimate does not replace a worker that holds a model");

  const pending = session.decode([1, 2, 3]);
  session.start(paper);
  await assert.rejects(pending, {message: "the training worker was restarted"});
  assert.equal(workers.length, 2);
  assert.equal(workers[0].terminated, true);
  assert.deepEqual(workers[1].sent, [{type: "init", backend: "wasm", wasmPaths: {}, threads: 2}, {type: "start", run: paper}]);

  const asked = new TrainingSession(make, {backend: "wasm", automatic: true, wasmPaths: {}, threads: 2, cores: 2});
  ready(workers[2], 2);
  asked.start(tiny);
  asked.start(paper);
  assert.equal(workers.length, 3, "?threads=2 keeps one worker for every run");
  assert.deepEqual(workers[2].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: 2});
});

test("the automatic backend: a GPU trains large models only; wasm, webgpu's fallback, and cpu stay as they are", () => {
  const tiny = presetRun(PRESETS["copy-tiny"]);
  const small = presetRun(PRESETS["copy-small"]);
  const paper = presetRun(PRESETS["copy-paper"]);
  assert.deepEqual([tiny, small, paper].map((run) => backendFor(run, "webgpu")), ["wasm", "wasm", "webgpu"]);
  assert.deepEqual([tiny, small, paper].map((run) => backendFor(run, "webgl")), ["wasm", "wasm", "webgl"]);
  assert.deepEqual([tiny, paper].map((run) => backendFor(run, "wasm")), ["wasm", "wasm"]);
  assert.deepEqual([tiny, paper].map((run) => backendFor(run, "cpu")), ["cpu", "cpu"]);
});

test("with a GPU, the automatic choice gives each run a worker on the backend that suits it; a backend the reader picks stays", async () => {
  const {workers, make} = fakeWorkers();
  const ready = (w: FakeWorker, name: string) => w.onmessage!({data: {type: "ready", backend: {name, skipped: []}}});
  const tiny = presetRun(PRESETS["copy-tiny"]);
  const paper = presetRun(PRESETS["copy-paper"]);
  const session = new TrainingSession(make, {backend: "webgpu", automatic: true, wasmPaths: {}, threads: null, cores: 2});
  assert.deepEqual(workers[0].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: 1}, "the first run, copy-tiny, suits wasm");
  ready(workers[0], "wasm");
  session.start(tiny);
  assert.equal(workers.length, 1);
  session.start(paper);
  assert.equal(workers.length, 2);
  assert.deepEqual(workers[1].sent, [{type: "init", backend: "webgpu", wasmPaths: {}, threads: 2}, {type: "start", run: paper}]);
  ready(workers[1], "webgpu");
  session.start(tiny);
  assert.equal(workers.length, 3);
  assert.deepEqual(workers[2].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: 1});

  // The reader picks webgpu: every run stays on it, until "automatic" again.
  void session.setBackend("webgpu").catch(() => {});
  assert.equal((workers[2].sent.at(-1) as {backend: string}).backend, "webgpu");
  session.start(tiny);
  session.start(paper);
  assert.equal(workers.length, 3);
  void session.setBackend("auto", tiny).catch(() => {});
  assert.equal((workers[2].sent.at(-1) as {backend: string}).backend, "wasm");
  assert.equal(session.wanted, "wasm");

  // ?backend=webgpu in the page's address: not automatic either.
  const asked = new TrainingSession(make, {backend: "webgpu", automatic: false, wasmPaths: {}, threads: null, cores: 2});
  asked.start(tiny);
  assert.equal(workers.length, 4);
  assert.deepEqual(workers[3].sent[0], {type: "init", backend: "webgpu", wasmPaths: {}, threads: 1});
});

test("a message the worker cannot send intact is reported as a crash too", () => {
  const worker = new FakeWorker();
  const session = new TrainingSession(() => worker as unknown as Worker, {backend: "cpu", automatic: false, wasmPaths: {}, threads: null, cores: 2});
  const crashes: string[] = [];
  session.on("crash", (m) => crashes.push(m));
  worker.onmessageerror!();
  assert.deepEqual(crashes, ["the training worker sent a message that could not be read"]);
});

test("the run's label travels with its model event; a model loaded from a file has none", () => {
  const {workers, make} = fakeWorkers();
  const session = new TrainingSession(make, {backend: "wasm", automatic: false, wasmPaths: {}, threads: 1, cores: 2});
  const labels: (string | null)[] = [];
  session.on("model", ({label}) => labels.push(label));
  const summary = {N: 1, dModel: 32, dFF: 64, h: 4, vocab: 11, parameters: 1};
  const send = (data: unknown) => workers[0].onmessage!({data});
  session.start(presetRun(PRESETS["copy-tiny"]), undefined, "copy-tiny − no warmup + my code");
  send({type: "state", state: "idle"});
  send({type: "model", summary});
  session.start(presetRun(PRESETS["copy-tiny"]));
  send({type: "model", summary});
  send({type: "state", state: "loaded"});
  send({type: "model", summary});
  assert.deepEqual(labels, ["copy-tiny − no warmup + my code", "copy-tiny", null]);
});

// The page's side of the training worker, with a stand-in Worker: a crash is reported (not
// silent), waiting requests are refused with the reason, and Reset starts a fresh worker.
import assert from "node:assert/strict";
import {test} from "node:test";
import {TrainingSession} from "../../src/training/session.js";

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

test("a crashed worker is reported, its pending requests fail with the reason, and Reset starts a new one", async () => {
  const workers: FakeWorker[] = [];
  const session = new TrainingSession(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  }, {backend: "wasm", wasmPaths: {}, threads: null});
  assert.deepEqual(workers[0].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: null});

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
  assert.deepEqual(workers[1].sent[0], {type: "init", backend: "wasm", wasmPaths: {}, threads: null});
});

test("a message the worker cannot send intact is reported as a crash too", () => {
  const worker = new FakeWorker();
  const session = new TrainingSession(() => worker as unknown as Worker, {backend: "cpu", wasmPaths: {}, threads: null});
  const crashes: string[] = [];
  session.on("crash", (m) => crashes.push(m));
  worker.onmessageerror!();
  assert.deepEqual(crashes, ["the training worker sent a message that could not be read"]);
});

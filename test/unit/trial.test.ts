// The trial of an edit in a worker that can be stopped (src/editing/trial.ts), here a Node worker
// thread (test/support/trial-thread.ts): an edit that blocks, however it blocks, is stopped within
// the time limit plus a margin, the worker is replaced, and a correct edit passes afterwards. Also
// what the cell does with a trial that stops the edit: it is never compiled on the page's thread.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {CellController} from "../../src/editing/cell-controller.js";
import {editable} from "../../src/editing/catalogue.js";
import {compileFunction} from "../../src/editing/compile.js";
import {MemoryStore} from "../../src/editing/store.js";
import {inThreadTrial} from "../../src/editing/judge.js";
import {leftRunningMessage, stoppedMessage, workerTrial, type FromTrialWorker, type TrialRequest, type TrialWorker} from "../../src/editing/trial.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {startTrialThread} from "../support/trial-thread.js";
import {editableRegion, moduleSource} from "../support/library-source.js";

before(async () => {
  await initNodeBackend();
});

const region = editableRegion("attention");
const LIMIT = 1000;
const MARGIN = 1500; // the worker's answer, its termination, on a loaded machine
/** The library's attention with `statement` as the first statement of its body. */
const withStatement = (statement: string) => region.replace(/(export function attention\([^{]*\{)/, `$1\n  ${statement}\n`);
const request = (text: string) => ({name: "attention" as const, text, timeLimitMs: LIMIT, sourceURL: "attention-edited.ts"});

describe("the trial in a worker thread", () => {
  const started: TrialWorker[] = [];
  const trial = workerTrial(() => {
    const w = startTrialThread();
    started.push(w);
    return w;
  });
  after(() => started.forEach((w) => w.terminate()));

  test("a correct edit passes (the worker's start is not counted)", async () => {
    assert.deepEqual(await trial(request(region)), {ok: true});
  });

  const blocking: [string, string, RegExp][] = [
    ["an endless loop", "while (true) {}", /^Stopped$/],
    ["an endless loop in a timer, reached through globalThis", "globalThis.setTimeout(() => { for (;;) {} });", /^Stopped$/],
    ["a promise callback that never ends", "Promise.resolve().then(function again() { return Promise.resolve().then(again); });", /^Stopped$/],
    ["a catastrophic regular expression", 'if (/(a+)+$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")) throw new Error("matched");', /^Stopped$/],
    ["a huge allocation", "const big = Array.from({length: 3e8}, (_, i) => i); if (big.length === 0) throw new Error();", /^Stopped$/]
  ];
  for (const [what, statement] of blocking) {
    test(`${what} is stopped within the limit plus a margin, and the next edit runs in a fresh worker`, async () => {
      const before = started.length;
      const t0 = Date.now();
      const verdict = await trial(request(withStatement(statement)));
      const took = Date.now() - t0;
      assert.equal(verdict.ok, false, `${what} passed the trial`);
      assert.ok(!verdict.ok && verdict.label === "Stopped", JSON.stringify(verdict));
      assert.ok(took < LIMIT + 200 + MARGIN, `stopped after ${took} ms`);
      assert.equal(started.length, before + 1, "a fresh worker was started");
      assert.deepEqual(await trial(request(region)), {ok: true});
    });
  }

  test("a plain setTimeout is refused in the worker and on the page alike", async () => {
    const text = withStatement("setTimeout(() => { while (true) {} });");
    const verdict = await trial(request(text));
    assert.ok(!verdict.ok && verdict.label === "Error" && /setTimeout is not available in an edited function/.test(verdict.message), JSON.stringify(verdict));
    assert.deepEqual(await inThreadTrial(request(text)), verdict);
  });

  test("a syntax error comes back with its line", async () => {
    const verdict = await trial(request("export function attention( {"));
    assert.ok(!verdict.ok && verdict.label === "Syntax error" && verdict.line === 1, JSON.stringify(verdict));
  });
});

/** A worker that starts and then never answers a request: its trials are stopped at the limit. */
function silentWorker(log: string[]): TrialWorker {
  let onMessage: (m: FromTrialWorker) => void = () => {};
  setTimeout(() => onMessage({kind: "ready"}), 10);
  return {
    post: (r: TrialRequest) => log.push(`post ${r.id}`),
    onMessage: (handle) => void (onMessage = handle),
    onError: () => {},
    terminate: () => log.push("terminate")
  };
}

/** A worker that answers, then never says it is free again (something it left behind blocks it). */
function busyAfterWorker(): TrialWorker {
  let onMessage: (m: FromTrialWorker) => void = () => {};
  setTimeout(() => onMessage({kind: "ready"}), 10);
  return {post: (r) => setTimeout(() => onMessage({kind: "verdict", id: r.id, verdict: {ok: true}}), 5), onMessage: (h) => void (onMessage = h), onError: () => {}, terminate: () => {}};
}

describe("the trial's protocol", () => {
  test("no answer: stopped at the limit, the worker terminated, a fresh one started", async () => {
    const log: string[] = [];
    let starts = 0;
    const trial = workerTrial(() => (starts++, silentWorker(log)));
    const t0 = Date.now();
    const verdict = await trial(request(region));
    assert.ok(Date.now() - t0 < LIMIT + 500);
    assert.deepEqual(verdict, {ok: false, label: "Stopped", message: stoppedMessage(LIMIT)});
    assert.deepEqual(log, ["post 1", "terminate"]);
    assert.equal(starts, 2, "the next worker is started at once");
    assert.equal(workerTrial(() => (starts++, silentWorker(log))) && starts, 2, "none is started before the first trial");
  });

  test("an answer without the grace period's 'settled': stopped as a timer or promise left running", async () => {
    const trial = workerTrial(busyAfterWorker);
    assert.deepEqual(await trial(request(region)), {ok: false, label: "Stopped", message: leftRunningMessage});
  });

  test("the cell shows a stopped trial and never compiles the edit on its own thread", async () => {
    const entry = editable("attention");
    const hostile = `globalThis.__compiledHere = 1;\n${region}`;
    const c = new CellController(entry, moduleSource(entry.path), {store: new MemoryStore(), trial: workerTrial(() => silentWorker([])), timeLimitMs: 300});
    await c.start();
    c.edit(hostile);
    const running = c.run();
    assert.equal(c.state.status?.kind, "running");
    assert.equal(await running, undefined);
    assert.equal((globalThis as {__compiledHere?: number}).__compiledHere, undefined);
    assert.deepEqual(c.state.status, {kind: "error", label: "Stopped", message: stoppedMessage(300), line: undefined, column: undefined, keeps: "library"});
    assert.equal(c.state.value, entry.reference);
  });
});

describe("compileFunction on the page's thread", () => {
  const scope = {};
  test("the timers are shadowed by functions that throw", () => {
    for (const timer of ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "requestAnimationFrame", "requestIdleCallback"]) {
      const compiled = compileFunction<() => void>(`export function f() { ${timer}(() => {}); }`, {scope, name: "f"});
      assert.ok(compiled.ok);
      assert.throws(() => compiled.fn(), new RegExp(`^Error: ${timer} is not available in an edited function`));
    }
  });

  test("a loop that runs after the function returned (in a callback it left behind) is stopped at once", async () => {
    const compiled = compileFunction<() => Promise<void>>("export function f() { return Promise.resolve().then(() => { while (true) {} }); }", {scope, name: "f", timeLimitMs: 60_000});
    assert.ok(compiled.ok);
    const t0 = Date.now();
    await assert.rejects(compiled.fn(), /a loop of f ran after it returned/);
    assert.ok(Date.now() - t0 < 1000);
  });
});

// The trial of a reader's edit, in a worker the page can stop: before an edit runs on the page,
// its text goes to a worker (src/editing/trial-worker.ts in the browser, a worker thread in Node's
// tests) that compiles it with compileFunction and runs selfCheck on the catalogue's fixed inputs,
// exactly as the page is about to (src/editing/judge.ts; this module loads no compiler, so a page
// whose cells are never edited never loads one). The page waits at most the time limit for the
// answer; if none comes (an endless loop, a catastrophic regular expression, a huge allocation,
// anything that blocks), it terminates the worker, starts a fresh one for the next trial, and the
// edit is never compiled on the page. After answering, the worker waits a short grace period and then says it is
// still free: a timer or a promise the edit left behind that blocks the worker is caught too.
//
// The worker's start (loading tfjs) is not counted against the edit: the clock starts once the
// worker said it is ready.
import type {EditableName} from "./catalogue.js";

export interface TrialRequest {
  id: number;
  name: EditableName; // the catalogue's entry
  text: string; // the edit
  timeLimitMs: number;
  sourceURL: string;
}

/** What the trial found: it compiled and ran on the fixed inputs, or why not. */
export type TrialVerdict =
  | {ok: true}
  | {ok: false; label: "Syntax error" | "Error" | "Stopped"; message: string; line?: number; column?: number};

/** The messages of the protocol: the worker's start, a verdict, and "still free" after the grace period. */
export type FromTrialWorker = {kind: "ready"} | {kind: "verdict"; id: number; verdict: TrialVerdict} | {kind: "settled"; id: number};

/** How long the worker waits after a verdict before it says it is still free. */
export const GRACE_MS = 200;

/** A started worker, whatever its kind (a Web Worker, a Node worker thread). */
export interface TrialWorker {
  post(request: TrialRequest): void;
  onMessage(handle: (message: FromTrialWorker) => void): void;
  onError(handle: (message: string) => void): void; // it crashed (e.g. out of memory)
  terminate(): void;
}

/** Runs the trial of one edit. */
export type Trial = (request: Omit<TrialRequest, "id">) => Promise<TrialVerdict>;

export const stoppedMessage = (limitMs: number) => `stopped after ${limitMs / 1000} s: the code ran too long (an endless loop, a slow regular expression or a huge allocation?)`;
export const leftRunningMessage = "the code left a timer or promise running that never finishes";

/**
 * The page's side: one worker at a time, started by the first trial (a page whose cells are never
 * run starts none), replaced by a fresh one at once whenever a trial had to stop it, so that it is
 * ready by the next. Trials run one after another.
 */
export function workerTrial(start: () => TrialWorker, startLimitMs = 60_000): Trial {
  let worker: {ready: Promise<void>; handle: TrialWorker; listeners: Set<(m: FromTrialWorker) => void>; crashed: Set<(m: string) => void>} | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const spawn = () => {
    const handle = start();
    const listeners = new Set<(m: FromTrialWorker) => void>();
    const crashed = new Set<(m: string) => void>();
    const ready = new Promise<void>((resolve, reject) => {
      listeners.add((m) => m.kind === "ready" && resolve());
      crashed.add((m) => reject(new Error(m)));
    });
    ready.catch(() => {}); // a failed start is reported by the trial that waits for it
    handle.onMessage((m) => listeners.forEach((l) => l(m)));
    handle.onError((m) => crashed.forEach((l) => l(m)));
    return {ready, handle, listeners, crashed};
  };
  /** Terminates the worker and starts the next one at once, so that it is ready by the next trial. */
  const replace = () => {
    worker?.handle.terminate();
    worker = spawn();
  };
  /** Resolves with the first message that `accept` takes, with "timeout" after `ms`, or with the crash's message. */
  const await_ = (w: NonNullable<typeof worker>, accept: (m: FromTrialWorker) => boolean, ms: number) =>
    new Promise<FromTrialWorker | "timeout" | {crash: string}>((resolve) => {
      const done = (value: FromTrialWorker | "timeout" | {crash: string}) => {
        clearTimeout(timer);
        w.listeners.delete(onMessage);
        w.crashed.delete(onCrash);
        resolve(value);
      };
      const onMessage = (m: FromTrialWorker) => accept(m) && done(m);
      const onCrash = (crash: string) => done({crash});
      const timer = setTimeout(() => done("timeout"), ms);
      w.listeners.add(onMessage);
      w.crashed.add(onCrash);
    });

  const one = async (request: Omit<TrialRequest, "id">): Promise<TrialVerdict> => {
    const w = (worker ??= spawn());
    try {
      await Promise.race([w.ready, new Promise((_, reject) => setTimeout(() => reject(new Error(`the trial worker did not start within ${startLimitMs / 1000} s`)), startLimitMs))]);
    } catch (e) {
      replace();
      return {ok: false, label: "Error", message: `your code could not be tried: ${(e as Error).message}`};
    }
    const id = nextId++;
    const stopped = (message: string): TrialVerdict => (replace(), {ok: false, label: "Stopped", message});
    const answer = await_(w, (m) => m.kind === "verdict" && m.id === id, request.timeLimitMs);
    const settled = await_(w, (m) => m.kind === "settled" && m.id === id, request.timeLimitMs + GRACE_MS);
    w.handle.post({id, ...request});
    const got = await answer;
    if (got === "timeout") return stopped(stoppedMessage(request.timeLimitMs));
    if (typeof got === "object" && "crash" in got) return stopped(`the code stopped the trial worker (${got.crash}): a huge allocation?`);
    const after = await settled;
    if (after === "timeout") return stopped(leftRunningMessage);
    if (typeof after === "object" && "crash" in after) return stopped(`the code left a timer or promise behind that failed after it returned (${after.crash})`);
    return (got as Extract<FromTrialWorker, {kind: "verdict"}>).verdict;
  };

  return (request) => {
    const result = queue.then(() => one(request));
    queue = result.catch(() => {});
    return result;
  };
}

let pageTrial: Trial | undefined;

/** The page's trial worker (a module Worker it can terminate), shared by its cells. */
export function browserTrial(): Trial {
  return (pageTrial ??= workerTrial(() => {
    const w = new Worker(import.meta.resolve("./trial-worker.js"), {type: "module"});
    return {
      post: (request) => w.postMessage(request),
      onMessage: (handle) => w.addEventListener("message", (e: MessageEvent<FromTrialWorker>) => handle(e.data)),
      onError: (handle) => w.addEventListener("error", (e: ErrorEvent) => handle(e.message || "it crashed")),
      terminate: () => w.terminate()
    };
  }));
}

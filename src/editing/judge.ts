// The trial worker's side of src/editing/trial.ts: compile an edit and self-check it on the
// catalogue's fixed inputs, as the page is about to. The browser's trial worker
// (src/editing/trial-worker.ts) and the tests' worker thread serve trials with it.
import {editable} from "./catalogue.js";
import {selfCheck} from "./check.js";
import {compileFunction, errorPosition, TimeLimitError} from "./compile.js";
import {GRACE_MS, type FromTrialWorker, type Trial, type TrialRequest, type TrialVerdict} from "./trial.js";

/** Compiles and self-checks one edit, as the page does (in whatever thread this runs). */
export function judge({name, text, timeLimitMs, sourceURL}: Omit<TrialRequest, "id">): TrialVerdict {
  const entry = editable(name);
  const compiled = compileFunction<(...args: never[]) => unknown>(text, {scope: entry.scope, name, timeLimitMs, sourceURL});
  if (!compiled.ok) return {ok: false, label: "Syntax error", message: compiled.error.message, line: compiled.error.line, column: compiled.error.column};
  const checked = selfCheck(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases, name);
  if (checked.ok) return {ok: true};
  const {error} = checked;
  const position = errorPosition(error, sourceURL);
  return {ok: false, label: error instanceof TimeLimitError ? "Stopped" : "Error", message: (error as Error)?.message ?? String(error), ...position};
}

/** The worker's side: answers each request with its verdict, then, after the grace period, with "settled". */
export function serveTrials(port: {post(message: FromTrialWorker): void; onRequest(handle: (request: TrialRequest) => void): void}): void {
  port.onRequest((request) => {
    port.post({kind: "verdict", id: request.id, verdict: judge(request)});
    setTimeout(() => port.post({kind: "settled", id: request.id}), GRACE_MS);
  });
  port.post({kind: "ready"});
}

/** No worker: the trial runs in this thread (it protects nothing; for tests of what the cell does with a verdict). */
export const inThreadTrial: Trial = async (request) => judge(request);

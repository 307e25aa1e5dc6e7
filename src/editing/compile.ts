// Compiles a reader's edit of a library function: sucrase strips the TypeScript, acorn finds every
// loop so that a deadline check can go at the top of its body, and the result is evaluated by
// `new Function` with the module's imports passed in as parameters.
//
// What stops the reader's code, and where:
// - Before an edit runs on the page, it is tried in a worker the page can terminate
//   (src/editing/trial.ts): compiled here and self-checked on the catalogue's fixed inputs. Whatever
//   blocks that worker past the time limit is stopped for real there and never compiled on the page:
//   an endless loop, a catastrophic regular expression, a huge allocation, a timer or promise left
//   behind that blocks within the trial's grace period.
// - The edited function itself must run on the page's thread: the page's cells call it with the
//   page's tfjs tensors (which cannot cross into a worker) on every rerun. There, a deadline checked
//   in every loop stops `while (true) {}` within the time limit, and a loop that runs after the
//   function returned (in a callback it left behind) is stopped at its first iteration. The timer
//   functions (`setTimeout` and the like, TIMERS) are shadowed by functions that throw, so the edit
//   cannot schedule code to run later. (Deep recursion stops by itself with a RangeError.)
// - Not covered on the page: code that reaches a timer deliberately (`globalThis.setTimeout`,
//   `Promise.resolve().then`) and blocks without a loop; and a slow regular expression or a huge
//   allocation that only shows on inputs other than the trial's (the page's own, larger ones); and
//   whatever comes after a statement that fails in the worker only because it uses the page's
//   globals (`window`, `document`): the trial finished, so the page runs it.
import {parse, tokenizer} from "acorn";
import {transform} from "sucrase";

export interface CompileError {
  kind: "syntax";
  message: string;
  line?: number; // 1-based, in the edited text
  column?: number; // 1-based
}

export type Compiled<F> = {ok: true; fn: F; js: string} | {ok: false; error: CompileError};

/** Thrown inside the reader's code when a call runs past its time limit. */
export class TimeLimitError extends Error {
  constructor(limitMs: number, message = `stopped after ${limitMs / 1000} s: the code ran too long (an endless loop?)`) {
    super(message);
    this.name = "TimeLimitError";
  }
}

const TICK = "__courseTick";

/** The scheduling functions an edit may not use; each is shadowed by a function that throws. */
export const TIMERS = ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "requestAnimationFrame", "requestIdleCallback"];

/** The JavaScript of a TypeScript text (types removed; an `export` becomes an assignment to exports). */
export function stripTypes(ts: string): string {
  return transform(ts, {transforms: ["typescript", "imports"], disableESTransforms: true, production: true}).code;
}

/**
 * Puts `__courseTick();` at the top of every loop's body (`for`, `for in/of`, `while`, `do`).
 * A body that is not a block becomes one. Line numbers do not change: nothing adds a newline.
 */
export function instrumentLoops(js: string): string {
  type Node = {type: string; start: number; end: number; body?: Node | Node[]; [key: string]: unknown};
  const inserts: {at: number; text: string}[] = [];
  const loops = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object" || typeof (node as Node).type !== "string") return;
    const n = node as Node;
    if (loops.has(n.type)) {
      const body = n.body as Node;
      if (body.type === "BlockStatement") inserts.push({at: body.start + 1, text: `${TICK}();`});
      else {
        inserts.push({at: body.start, text: `{${TICK}();`});
        inserts.push({at: body.end, text: "}"});
      }
    }
    for (const [key, value] of Object.entries(n)) if (key !== "type" && value && typeof value === "object") visit(value);
  };
  visit(parse(js, {ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true}));
  inserts.sort((a, b) => b.at - a.at);
  let out = js;
  for (const {at, text} of inserts) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

function syntaxError(e: unknown): CompileError {
  const err = e as {message?: string; loc?: {line: number; column: number}};
  const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)\s*$/, "");
  // sucrase reports a 1-based column, acorn a 0-based one; both put "(line:column)" in the message.
  const m = /\((\d+):(\d+)\)\s*$/.exec(String(err.message ?? ""));
  if (m) return {kind: "syntax", message, line: Number(m[1]), column: Number(m[2]) + (isAcorn(e) ? 1 : 0)};
  return {kind: "syntax", message};
}

/**
 * sucrase reports a syntax error inside an arrow function's block body at the arrow itself (it
 * gives up on the arrow and retries it as a parenthesized expression), so an error anywhere inside
 * `tf.tidy(() => { … })` read "line 2, column 21". The body is compiled on its own, inside a plain
 * function, and its error (found the same way, for arrows nested in it) is put back in place.
 */
function innermostError(ts: string, error: CompileError): CompileError {
  if (error.line === undefined || error.column === undefined) return error;
  const body = arrowBodyAt(ts, offsetOf(ts, error.line, error.column));
  if (!body) return error;
  const head = "async function body() ";
  const text = head + ts.slice(body.start, body.end);
  let inner: CompileError;
  try {
    stripTypes(text);
    return error; // the body is fine by itself: the error is the arrow's own
  } catch (e) {
    inner = innermostError(text, syntaxError(e));
  }
  if (inner.line === undefined || inner.column === undefined) return error;
  const at = positionOf(ts, body.start);
  const line = at.line + inner.line - 1;
  const column = inner.line === 1 ? at.column + inner.column - 1 - head.length : inner.column;
  return column >= 1 ? {...inner, line, column} : error;
}

/** The block body `{ … }` of the arrow whose `=>` starts at `offset`, or null (also for text acorn cannot tokenize). */
function arrowBodyAt(ts: string, offset: number): {start: number; end: number} | null {
  try {
    const tokens = [...tokenizer(ts, {ecmaVersion: "latest"})];
    const i = tokens.findIndex((t) => t.type.label === "=>" && t.start === offset);
    if (i < 0 || tokens[i + 1]?.type.label !== "{") return null;
    let depth = 0;
    for (const t of tokens.slice(i + 1)) {
      if (t.type.label === "{" || t.type.label === "${") depth++;
      else if (t.type.label === "}" && --depth === 0) return {start: tokens[i + 1].start, end: t.end};
    }
    return null;
  } catch {
    return null;
  }
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n").slice(0, line - 1);
  return lines.reduce((n, l) => n + l.length + 1, 0) + column - 1;
}

function positionOf(text: string, offset: number): {line: number; column: number} {
  const before = text.slice(0, offset).split("\n");
  return {line: before.length, column: before[before.length - 1].length + 1};
}

function isAcorn(e: unknown): boolean {
  return typeof (e as {raisedAt?: unknown}).raisedAt === "number";
}

export interface CompileOptions {
  /** The names the text may use without defining them (the module's imports), and their values. */
  scope: Record<string, unknown>;
  /** The function the text must define (and export), e.g. "attention". */
  name: string;
  /** A call of the compiled function that runs longer than this throws a TimeLimitError. */
  timeLimitMs?: number;
  /** Appears in stack traces as the file name (`//# sourceURL=`). */
  sourceURL?: string;
}

/**
 * Compiles `ts` (the text of a module region that declares function `name`) into that function,
 * with each name of `scope` in scope. Syntax errors come back with their line and column; every
 * call of the result runs under a time limit.
 */
export function compileFunction<F extends (...args: never[]) => unknown>(ts: string, options: CompileOptions): Compiled<F> {
  const {scope, name, timeLimitMs = 2000, sourceURL = `edited-${name}.ts`} = options;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`compileFunction: ${JSON.stringify(name)} is not a function name`);
  let js: string;
  try {
    js = stripTypes(ts);
  } catch (e) {
    return {ok: false, error: innermostError(ts, syntaxError(e))};
  }
  try {
    js = instrumentLoops(js);
  } catch (e) {
    return {ok: false, error: syntaxError(e)};
  }
  // 0 between calls: a loop that ticks then runs in a callback the edit left behind.
  let deadline = Date.now() + timeLimitMs; // the definition's own top-level statements
  const tick = () => {
    if (deadline === 0) throw new TimeLimitError(timeLimitMs, `stopped: a loop of ${name} ran after it returned (in a timer or promise callback?)`);
    if (Date.now() > deadline) throw new TimeLimitError(timeLimitMs);
  };
  const timers = TIMERS.filter((t) => !(t in scope));
  const unavailable = timers.map((t) => () => {
    throw new Error(`${t} is not available in an edited function: its code must finish before it returns`);
  });
  const names = [...Object.keys(scope), ...timers];
  let factory: (...args: unknown[]) => unknown;
  try {
    // Line 1 of `js` stays line 1 of the edit: the wrapper adds nothing before it but Function's own header.
    factory = new Function("exports", TICK, ...names, `${js}\n;return exports[${JSON.stringify(name)}] ?? (typeof ${name} === "function" ? ${name} : undefined);\n//# sourceURL=${sourceURL}`) as typeof factory;
  } catch (e) {
    return {ok: false, error: {kind: "syntax", message: String((e as Error).message ?? e)}};
  }
  const exportsObject: Record<string, unknown> = {};
  let inner: unknown;
  try {
    inner = factory(exportsObject, tick, ...Object.values(scope), ...unavailable);
  } catch (e) {
    return {ok: false, error: {kind: "syntax", message: `the code fails while it is defined: ${(e as Error).message ?? e}`}};
  } finally {
    deadline = 0;
  }
  if (typeof inner !== "function") {
    return {ok: false, error: {kind: "syntax", message: `the code must define and export a function named ${name}`}};
  }
  const target = inner as (...args: unknown[]) => unknown;
  const guarded = function (this: unknown, ...args: unknown[]) {
    const outer = deadline === 0;
    if (outer) deadline = Date.now() + timeLimitMs;
    try {
      return target.apply(this, args);
    } finally {
      if (outer) deadline = 0;
    }
  };
  Object.defineProperty(guarded, "name", {value: name});
  return {ok: true, fn: guarded as unknown as F, js};
}

/**
 * Where in the edited text a runtime error was thrown, read from its stack trace (V8 and
 * SpiderMonkey give `sourceURL:line:column`; Function's header adds two lines in front of the body).
 */
export function errorPosition(error: unknown, sourceURL: string): {line: number; column: number} | undefined {
  const stack = String((error as {stack?: string})?.stack ?? "");
  const escaped = sourceURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]) - 2;
  return line >= 1 ? {line, column: Number(m[2])} : undefined;
}

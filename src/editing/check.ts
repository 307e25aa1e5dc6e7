// "Check my code": runs the reader's function and the reference on the same fixed inputs and
// compares every tensor they return: shapes, and the largest absolute difference. A function that
// returns plain values (the text functions' arrays of symbols) is compared for equality instead.
import * as tf from "@tensorflow/tfjs-core";

export interface CheckCase {
  label: string; // e.g. "no mask"
  args: unknown[]; // tensors among them are disposed after the check
  owned?: tf.Tensor[]; // tensors the arguments use without being arguments (e.g. a layer's weights), disposed with them
}

export interface TensorComparison {
  name: string; // the returned tensor's name, e.g. "probs_BHTS" ("" when the function returns a tensor)
  shape: number[] | null; // the reader's (null: missing or not a tensor)
  referenceShape: number[];
  maxDiff: number; // largest |reader - reference|; Infinity when the shapes differ, NaN with a NaN
  difference?: string; // plain values: where the reader's first differs from the reference's
}

export interface CaseResult {
  label: string;
  error?: string; // the reader's function threw
  outputs: TensorComparison[];
  pass: boolean;
}

export interface CheckReport {
  pass: boolean;
  maxDiff: number; // over every case and output
  cases: CaseResult[];
}

/**
 * The tensors a result holds: itself, or its tensor-valued fields by name. A number (a learning
 * rate, a count of tokens) counts as a scalar tensor, made here: call this inside tf.tidy.
 */
function namedTensors(result: unknown): Map<string, tf.Tensor> {
  const asTensor = (value: unknown) => (value instanceof tf.Tensor ? value : typeof value === "number" ? tf.scalar(value) : undefined);
  const found = new Map<string, tf.Tensor>();
  const whole = asTensor(result);
  if (whole) found.set("", whole);
  else if (result && typeof result === "object") {
    for (const [name, value] of Object.entries(result)) {
      const t = asTensor(value);
      if (t) found.set(name, t);
    }
  }
  return found;
}

/** A plain value's shape: an array's length (a nested array's lengths along its first items), else []. */
function valueShape(value: unknown): number[] {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  return shape;
}

/** Plain values are equal when their JSON is; otherwise the first item (or the whole) that differs is named. */
function compareValues(reader: unknown, reference: unknown): TensorComparison {
  const json = (v: unknown) => JSON.stringify(v) ?? String(v);
  const base = {name: "", shape: valueShape(reader), referenceShape: valueShape(reference)};
  if (json(reader) === json(reference)) return {...base, maxDiff: 0};
  let difference = `yours is ${json(reader)}, the library's ${json(reference)}`;
  if (Array.isArray(reader) && Array.isArray(reference)) {
    const i = Array.from({length: Math.max(reader.length, reference.length)}, (_, k) => k).find((k) => json(reader[k]) !== json(reference[k]))!;
    const item = (a: unknown[]) => (i < a.length ? json(a[i]) : "missing");
    difference = `item ${i}: yours is ${item(reader)}, the library's ${item(reference)} (${reader.length} items, the library's ${reference.length})`;
  }
  return {...base, maxDiff: Infinity, difference};
}

function compare(reader: unknown, reference: unknown): TensorComparison[] {
  if (namedTensors(reference).size === 0) return [compareValues(reader, reference)];
  const mine = namedTensors(reader);
  return [...namedTensors(reference)].map(([name, ref]) => {
    const t = mine.get(name);
    if (!t) return {name, shape: null, referenceShape: ref.shape, maxDiff: Infinity};
    const sameShape = t.shape.length === ref.shape.length && t.shape.every((d, i) => d === ref.shape[i]);
    const maxDiff = sameShape ? tf.tidy(() => tf.max(tf.abs(tf.sub(tf.cast(t, "float32"), tf.cast(ref, "float32")))).dataSync()[0]) : Infinity;
    return {name, shape: t.shape, referenceShape: ref.shape, maxDiff};
  });
}

/**
 * Runs both functions on each case (inputs made fresh by `cases()` and disposed afterwards) and
 * passes when every output has the reference's shape and lies within `tolerance` of it.
 */
export function checkAgainstReference(
  reader: (...args: never[]) => unknown,
  reference: (...args: never[]) => unknown,
  cases: () => CheckCase[],
  tolerance = 1e-5
): CheckReport {
  const results: CaseResult[] = [];
  const all = cases();
  try {
    for (const c of all) {
      tf.tidy(() => {
        const expected = (reference as (...a: unknown[]) => unknown)(...c.args);
        let got: unknown;
        try {
          got = (reader as (...a: unknown[]) => unknown)(...c.args);
        } catch (e) {
          results.push({label: c.label, error: (e as Error)?.message ?? String(e), outputs: [], pass: false});
          return;
        }
        const outputs = compare(got, expected);
        disposeOutputs(got, expected);
        results.push({label: c.label, outputs, pass: outputs.length > 0 && outputs.every((o) => o.maxDiff <= tolerance)});
      });
    }
  } finally {
    disposeCases(all);
  }
  const diffs = results.flatMap((r) => r.outputs.map((o) => o.maxDiff));
  const maxDiff = diffs.some((d) => Number.isNaN(d)) ? NaN : diffs.reduce((a, b) => Math.max(a, b), 0);
  return {pass: results.length > 0 && results.every((r) => r.pass), maxDiff, cases: results};
}

/** What the self-check found: the function ran and returned what the library's does, or the error. */
export type SelfCheckResult = {ok: true} | {ok: false; error: unknown};

/**
 * Runs the reader's function and the library's once per case, and passes when each call returned
 * without throwing and its output has the library's type and shapes (field by field for an object
 * such as attention's {out_BHTK, probs_BHTS} or a Batch). Values are not compared here: that is
 * "Check my code". Anything thrown fails, an Error as it is, any other value (`throw undefined`)
 * as an Error that says what was thrown.
 */
export function selfCheck(fn: (...args: never[]) => unknown, reference: (...args: never[]) => unknown, cases: () => CheckCase[], name: string): SelfCheckResult {
  const all = cases();
  try {
    for (const c of all) {
      let problem: Error | undefined;
      tf.tidy(() => {
        const expected = (reference as (...a: unknown[]) => unknown)(...c.args);
        let got: unknown;
        try {
          got = (fn as (...a: unknown[]) => unknown)(...c.args);
        } catch (e) {
          disposeOutputs(expected);
          problem = e instanceof Error ? e : new Error(`${name} threw ${describeThrown(e)}, not an Error (on "${c.label}")`);
          return;
        }
        const mismatch = outputMismatch(got, expected, name, "");
        disposeOutputs(got, expected);
        if (mismatch !== undefined) problem = new Error(`${mismatch} (on "${c.label}")`);
      });
      if (problem !== undefined) return {ok: false, error: problem};
    }
  } finally {
    disposeCases(all);
  }
  return {ok: true};
}

function describeThrown(value: unknown): string {
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return typeof value;
  }
}

/** A value's kind in words: "a tensor [2,2,6,4]", "a number", "an object {out_BHTK, probs_BHTS}". */
function kind(value: unknown): string {
  if (value instanceof tf.Tensor) return `a tensor ${JSON.stringify(value.shape)}`;
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object {${Object.keys(value).join(", ")}}`;
  return `a ${typeof value}`;
}

/**
 * Where `got` differs in type or shape from the library's `expected`, in words; undefined when it
 * does not. `field` is the path of the value inside the output ("" for the output itself).
 */
function outputMismatch(got: unknown, expected: unknown, name: string, field: string): string | undefined {
  const returned = field ? `${name} returned ${field}` : `${name} returned`;
  const theirs = field ? "the library's has" : "the library's returns";
  if (expected instanceof tf.Tensor) {
    if (!(got instanceof tf.Tensor)) return `${returned} ${kind(got)} but ${theirs} ${kind(expected)}`;
    const want: number[] = expected.shape;
    const mine: number[] = got.shape;
    const same = mine.length === want.length && mine.every((d, i) => d === want[i]);
    if (same) return undefined;
    return field ? `${returned} ${JSON.stringify(mine)} but ${theirs} ${JSON.stringify(want)}` : `${returned} ${kind(got)} but ${theirs} ${kind(expected)}`;
  }
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (got === null || typeof got !== "object" || Array.isArray(got) || got instanceof tf.Tensor) return `${returned} ${kind(got)} but ${theirs} ${kind(expected)}`;
    for (const [key, value] of Object.entries(expected)) {
      const path = field ? `${field}.${key}` : key;
      if (!(key in got)) return `${name} returned no ${path} but the library's has ${kind(value)}`;
      const inner = outputMismatch((got as Record<string, unknown>)[key], value, name, path);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (typeof got !== typeof expected || Array.isArray(got) !== Array.isArray(expected) || got instanceof tf.Tensor) {
    return `${returned} ${kind(got)} but ${theirs} ${kind(expected)}`;
  }
  return undefined;
}

/**
 * The outputs of `fn` on the first of `cases`: each tensor's name ("" for the output itself) and
 * shape ([] for a number); undefined if it throws.
 */
export function outputShapes(fn: (...args: never[]) => unknown, cases: () => CheckCase[]): {name: string; shape: number[]}[] | undefined {
  const all = cases();
  try {
    return tf.tidy(() => {
      const out = (fn as (...a: unknown[]) => unknown)(...all[0].args);
      const shapes = [...namedTensors(out)].map(([name, t]) => ({name, shape: t.shape}));
      disposeOutputs(out);
      return shapes;
    });
  } catch {
    return undefined;
  } finally {
    disposeCases(all);
  }
}

/** Disposes the tensors results hold, kept (tf.keep) ones too: a function like makeBatch keeps its outputs past tf.tidy. */
function disposeOutputs(...results: unknown[]): void {
  for (const result of results) {
    if (result instanceof tf.Tensor) result.dispose();
    else if (result && typeof result === "object") tf.dispose(Object.values(result).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  }
}

function disposeCases(cases: CheckCase[]): void {
  for (const c of cases) tf.dispose([...c.args.filter((a): a is tf.Tensor => a instanceof tf.Tensor), ...(c.owned ?? [])]);
}

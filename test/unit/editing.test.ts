// Editable cells (src/editing/): compiling a reader's TypeScript into a function with the module's
// imports in scope, stopping endless loops, finding errors' lines, versioned storage of edits, and
// "Check my code" against the reference.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {sourceRegion} from "../../src/editing/region.js";
import {checkAgainstReference, selfCheck} from "../../src/editing/check.js";
import {compileFunction, errorPosition, instrumentLoops, stripTypes, TimeLimitError} from "../../src/editing/compile.js";
import {valueImports} from "../../src/editing/imports.js";
import {clearEdit, editKey, hashSource, loadEdit, MemoryStore, saveEdit} from "../../src/editing/store.js";
import {editable} from "../../src/editing/catalogue.js";
import {attention} from "../../src/model/attention.js";
import {matMul} from "../../src/tfjs/ops.js";
import {expectDim, shapeString} from "../../src/model/shapes.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

const attentionModule = readFileSync(new URL("../../src/model/attention.ts", import.meta.url), "utf8");
const region = sourceRegion(attentionModule, "attention");
const scope = {tf, matMul, expectDim, shapeString};
type Attention = typeof attention;

before(async () => {
  await initNodeBackend();
});

describe("compileFunction", () => {
  test("the library's own attention region compiles into a function that matches attention()", () => {
    const compiled = compileFunction<Attention>(region, {scope, name: "attention"});
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.error));
    const report = checkAgainstReference(compiled.fn, attention, editable("attention").cases);
    assert.equal(report.pass, true);
    assert.equal(report.maxDiff, 0);
    assert.equal(report.cases.length, 3);
  });

  test("dropping 1/sqrt(d_k) is caught by Check with the shapes and the largest difference", () => {
    const edited = region.replace("Math.sqrt(dK)", "1");
    assert.notEqual(edited, region);
    const compiled = compileFunction<Attention>(edited, {scope, name: "attention"});
    assert.ok(compiled.ok);
    const report = checkAgainstReference(compiled.fn, attention, editable("attention").cases);
    assert.equal(report.pass, false);
    assert.ok(report.maxDiff > 1e-2, `max diff ${report.maxDiff}`);
    const probs = report.cases[0].outputs.find((o) => o.name === "probs_BHTS");
    assert.deepEqual(probs?.shape, [2, 2, 6, 6]);
    assert.deepEqual(probs?.referenceShape, [2, 2, 6, 6]);
  });

  test("a syntax error inside an arrow function's body is reported where it is, not at the arrow", () => {
    const tidy = ["export function f(x: number): number {", "  return tf.tidy(() => {", "    const a = x + 1;", "    const b = a * ;", "    return b;", "  });", "}"].join("\n");
    assert.deepEqual(compileFunction(tidy, {scope: {tf: {}}, name: "f"}), {ok: false, error: {kind: "syntax", message: "Unexpected token", line: 4, column: 19}});
    // Two arrows deep, with a typed return, and an error on the body's first line.
    const nested = ["export function f(x: number): number {", "  return tf.tidy(() => {", "    const a = tf.tidy((): number => { const q: number = 1;", "      return q +* 2;", "    });", "    return a;", "  });", "}"].join("\n");
    assert.deepEqual(compileFunction(nested, {scope: {tf: {}}, name: "f"}), {ok: false, error: {kind: "syntax", message: "Unexpected token", line: 4, column: 17}});
    const oneLine = "export function f(x: number): number {\n  return tf.tidy(() => { const b = x * ; return b; });\n}";
    assert.deepEqual(compileFunction(oneLine, {scope: {tf: {}}, name: "f"}), {ok: false, error: {kind: "syntax", message: "Unexpected token", line: 2, column: 40}});
    // An error of the call itself, after a body that is fine, stays where sucrase puts it.
    const unclosed = "export function f(x: number): number {\n  return tf.tidy(() => {\n    return x;\n  };\n}";
    const error = compileFunction(unclosed, {scope: {tf: {}}, name: "f"});
    assert.deepEqual(error.ok ? null : [error.error.line, error.error.column], [4, 4]);
  });

  test("a syntax error comes back with its line and 1-based column in the edited text", () => {
    const result = compileFunction("export function f(a: number) {\n  return a +;\n}", {scope: {}, name: "f"});
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.line, 2);
    assert.equal(result.error.column, 13);
  });

  test("the function may use the scope's names and only those", () => {
    const ok = compileFunction<() => number>("export function f(): number { return twice(21); }", {scope: {twice: (x: number) => 2 * x}, name: "f"});
    assert.ok(ok.ok);
    assert.equal(ok.fn(), 42);
    const missing = compileFunction<() => number>("export function f(): number { return thrice(1); }", {scope: {}, name: "f"});
    assert.ok(missing.ok);
    assert.throws(() => missing.fn(), /thrice is not defined/);
  });

  test("a text that defines no such function is refused", () => {
    const result = compileFunction("export function g() {}", {scope: {}, name: "f"});
    assert.equal(result.ok, false);
  });

  test("an endless loop is stopped by the time limit, and a finite one is not", () => {
    const endless = compileFunction<() => number>("export function f(): number { let i = 0; while (true) i++; }", {scope: {}, name: "f", timeLimitMs: 100});
    assert.ok(endless.ok);
    const start = Date.now();
    assert.throws(() => endless.fn(), TimeLimitError);
    assert.ok(Date.now() - start < 1000);
    const finite = compileFunction<() => number>("export function f(): number { let s = 0; for (let i = 0; i < 1000; i++) { s += i; } do s++; while (false); return s; }", {scope: {}, name: "f", timeLimitMs: 100});
    assert.ok(finite.ok);
    assert.equal(finite.fn(), 499501);
    assert.equal(finite.fn(), 499501, "a second call gets a fresh deadline");
  });

  test("a runtime error's line is found in its stack", () => {
    const url = "f-edited.ts";
    const compiled = compileFunction<() => void>("export function f(): void {\n  const x = 1;\n  throw new Error('boom ' + x);\n}", {scope: {}, name: "f", sourceURL: url});
    assert.ok(compiled.ok);
    try {
      compiled.fn();
      assert.fail("f should throw");
    } catch (e) {
      assert.equal(errorPosition(e, url)?.line, 3);
    }
  });
});

describe("instrumentLoops and stripTypes", () => {
  test("every kind of loop gets a tick, a bare body becomes a block, and lines stay put", () => {
    const js = "for (;;) x();\nwhile (a) { b(); }\ndo c(); while (d);\nfor (const k in o) {}\nfor (const v of xs) y(v);";
    const out = instrumentLoops(js);
    assert.equal(out.match(/__courseTick\(\);/g)?.length, 5);
    assert.equal(out.split("\n").length, js.split("\n").length);
    assert.match(out, /for \(;;\) \{__courseTick\(\);x\(\);\}/);
  });

  test("types are removed without moving lines", () => {
    const ts = "export function f(a: number,\n  b?: string | null): number {\n  return a as number;\n}";
    const js = stripTypes(ts);
    assert.doesNotMatch(js, /: number|as number/);
    assert.equal(js.split("\n").length, ts.split("\n").length);
  });
});

describe("valueImports", () => {
  test("attention.ts imports tf, matMul, expectDim and shapeString as values (Dropout is a type)", () => {
    assert.deepEqual(valueImports(attentionModule).sort(), ["expectDim", "matMul", "shapeString", "tf"]);
  });

  test("default, renamed and inline-type specifiers", () => {
    const src = 'import a, {b as c, type D, e} from "x";\nimport type {F} from "y";\nimport * as g from "z";';
    assert.deepEqual(valueImports(src), ["a", "c", "e", "g"]);
  });
});

describe("stored edits", () => {
  test("an edit is kept per cell and version; another version's edit is stale, not current", () => {
    const store = new MemoryStore();
    const v1 = hashSource(region);
    const v2 = hashSource(region + " ");
    assert.notEqual(v1, v2);
    assert.match(v1, /^[0-9a-f]{8}$/);
    assert.deepEqual(loadEdit(store, "attention", v1), {state: "none"});
    saveEdit(store, "attention", v1, "edited text", new Date("2025-01-01T00:00:00Z"));
    assert.ok(store.getItem(editKey("attention", v1)));
    assert.equal(editKey("attention", v1), `course-edit:attention@${v1}`);
    const current = loadEdit(store, "attention", v1);
    assert.equal(current.state, "current");
    assert.deepEqual(loadEdit(store, "other", v1), {state: "none"});
    const stale = loadEdit(store, "attention", v2);
    assert.equal(stale.state, "stale");
    assert.equal(stale.state === "stale" && stale.edit.code, "edited text");
    assert.equal(stale.state === "stale" && stale.edit.version, v1);
    saveEdit(store, "attention", v2, "kept");
    assert.equal(store.length, 1, "keeping an old edit under the new version drops the old entry");
    clearEdit(store, "attention");
    assert.equal(store.length, 0);
  });

  test("a malformed stored entry is ignored", () => {
    const store = new MemoryStore();
    store.setItem(editKey("attention", "abc"), "{not json");
    store.setItem(editKey("attention", "def"), JSON.stringify({code: 42}));
    assert.deepEqual(loadEdit(store, "attention", "abc"), {state: "none"});
  });
});

describe("selfCheck", () => {
  test("reports the first error and disposes every case's tensors", () => {
    const before = tf.memory().numTensors;
    const checked = selfCheck(() => {
      throw new Error("boom");
    }, attention, editable("attention").cases, "attention");
    assert.match(String(!checked.ok && (checked.error as Error).message), /boom/);
    assert.deepEqual(selfCheck(attention, attention, editable("attention").cases, "attention"), {ok: true});
    assert.equal(tf.memory().numTensors, before);
  });
});

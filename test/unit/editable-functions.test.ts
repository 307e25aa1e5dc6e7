// Every editable function of the catalogue, on the cpu and the wasm backend: the library's own
// region, compiled as a reader's edit would be (compileFunction with the entry's scope), runs on the
// entry's fixed inputs and passes its check with no difference; one deliberate mistake per function
// (test/support/wrong-edits.ts) still runs, and fails the check with a positive largest difference.
// The text functions (byte-pair encoding) return symbols, compared as values; their exercises compile.
import assert from "node:assert/strict";
import {before, describe, test} from "node:test";
import {allEditableNames, editable, textFunctionNames} from "../../src/editing/catalogue.js";
import {textEditable} from "../../src/editing/text-catalogue.js";
import {checkAgainstReference, selfCheck} from "../../src/editing/check.js";
import {compileFunction} from "../../src/editing/compile.js";
import {blankBody} from "../../src/editing/exercise.js";
import {valueImports} from "../../src/editing/imports.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {applyWrongEdit, wrongEdits} from "../support/wrong-edits.js";
import {editableRegion, moduleSource} from "../support/library-source.js";

test("every catalogue entry has a wrong edit, and every module import is in its scope", () => {
  assert.deepEqual(Object.keys(wrongEdits).sort(), [...allEditableNames].sort());
  for (const name of allEditableNames) {
    const entry = editable(name);
    const source = moduleSource(entry.path);
    assert.deepEqual(valueImports(source).filter((n) => !(n in entry.scope)), [], `${name}: scope lacks imports of ${entry.path}`);
  }
});

for (const backend of ["cpu", "wasm"] as const) {
  describe(`editable functions on ${backend}`, () => {
    before(async () => {
      await initNodeBackend(backend);
    });

    for (const name of allEditableNames) {
      test(`${name}: the library's region passes its check; ${wrongEdits[name].what} fails it`, () => {
        const entry = editable(name);
        const region = editableRegion(name);
        const compile = (text: string) => {
          const compiled = compileFunction(text, {scope: entry.scope, name, timeLimitMs: 5000});
          if (!compiled.ok) throw new Error(`${name}: ${compiled.error.message}`);
          return compiled.fn;
        };
        const reference = entry.reference as (...args: never[]) => unknown;

        const library = compile(region);
        assert.deepEqual(selfCheck(library, reference, entry.cases, name), {ok: true});
        const same = checkAgainstReference(library, reference, entry.cases);
        assert.equal(same.pass, true, `${name}: the library's own code fails its check (${same.maxDiff})`);
        assert.equal(same.maxDiff, 0);

        const wrong = compile(applyWrongEdit(region, name));
        assert.deepEqual(selfCheck(wrong, reference, entry.cases, name), {ok: true}, `${name}: the wrong edit should still run`);
        const report = checkAgainstReference(wrong, reference, entry.cases);
        assert.equal(report.pass, false, `${name}: ${wrongEdits[name].what} passes the check`);
        assert.ok(report.maxDiff > 0, `${name}: largest difference ${report.maxDiff}`);
      });
    }
  });
}

test("the text catalogue gives the text functions' entries as the catalogue does", () => {
  for (const name of textFunctionNames) assert.deepEqual(textEditable(name), editable(name));
});

test("the text functions' checks compare values: a wrong merge is named, with both items", () => {
  const entry = editable("learnBpe");
  const compiled = compileFunction(applyWrongEdit(editableRegion("learnBpe"), "learnBpe"), {scope: entry.scope, name: "learnBpe"});
  assert.ok(compiled.ok);
  const report = checkAgainstReference(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases);
  const first = report.cases[0].outputs[0];
  assert.match(first.difference ?? "", /^item \d+: yours is \["[^"]+","[^"]+"\], the library's missing \(\d+ items, the library's \d+\)$/);
  assert.deepEqual([first.shape, first.referenceShape], [[48, 2], [4, 2]]); // merges until the words run out of pairs, and the library's 4
});

test("the text functions' exercises blank the function the cell is named after, compile, and throw its TODO", () => {
  for (const name of textFunctionNames) {
    const entry = editable(name);
    const blank = blankBody(editableRegion(name), name, entry.hints);
    const compiled = compileFunction(blank, {scope: entry.scope, name});
    assert.ok(compiled.ok, `${name}: ${JSON.stringify(!compiled.ok && compiled.error)}`);
    const checked = selfCheck(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases, name);
    assert.equal(checked.ok ? undefined : (checked.error as Error).message, `TODO: write ${name}`);
  }
});

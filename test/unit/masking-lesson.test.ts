// The masking page's computations: the masks as 0/1 matrices, and the future leaking into the
// decoder's earlier positions only when the subsequent mask is missing.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {fullyMaskedRow, futureLeak, maskExamples} from "../../src/lessons/masking.js";
import {makeModel} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the three masks of a padded row", () => {
  const {subsequent, padding, target} = maskExamples([1, 7, 4, 0, 0]);
  assert.deepEqual(subsequent, [
    [1, 0, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [1, 1, 1, 0, 0],
    [1, 1, 1, 1, 0],
    [1, 1, 1, 1, 1]
  ]);
  assert.deepEqual(padding, [[1, 1, 1, 0, 0]]);
  assert.deepEqual(target, [
    [1, 0, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [1, 1, 1, 0, 0],
    [1, 1, 1, 0, 0],
    [1, 1, 1, 0, 0]
  ]);
});

test("a future token changes earlier outputs without the mask, and not with it", () => {
  const model = makeModel(11, 11, 2, 32, 64, 4, 0, 3).eval();
  const leak = futureLeak(model, [1, 3, 5, 7, 9, 2], [1, 3, 5, 7, 9, 2], 4, 6);
  assert.equal(leak.withoutMask.length, 6);
  assert.ok(leak.leakWithoutMask > 1e-3, `without the mask the past moved only ${leak.leakWithoutMask}`);
  assert.ok(leak.leakWithMask < 1e-6, `with the mask the past moved by ${leak.leakWithMask}`);
  // The changed position itself (and what comes after it) moves either way.
  assert.ok(leak.withMask[4] > 1e-3);
  assert.ok(leak.withoutMask.slice(0, 4).every((d) => d > 1e-3), "every earlier position should see the change");
  model.dispose();
});

test("futureLeak refuses dropout and a change that is no change", () => {
  const model = makeModel(11, 11, 1, 8, 16, 2, 0.1, 0);
  assert.throws(() => futureLeak(model, [1, 2], [1, 2, 3], 2, 4), /model\.eval\(\)/);
  model.eval();
  assert.throws(() => futureLeak(model, [1, 2], [1, 2, 3], 2, 3), /equals/);
  assert.throws(() => futureLeak(model, [1, 2], [1, 2, 3], 0, 4), /changedPosition/);
  model.dispose();
});

test("a fully hidden row: -inf gives NaN, -1e9 gives a uniform row", () => {
  const {withInf, withFill} = fullyMaskedRow(4);
  assert.ok(withInf.every(Number.isNaN), `softmax(-inf, ...) = ${withInf}`);
  assert.deepEqual(withFill, [0.25, 0.25, 0.25, 0.25]);
});

// The self-check that Run and "use my components" make before publishing a reader's function: it
// must fail on anything thrown (undefined too) and on outputs whose type or shape is not the
// library's, naming the field and both shapes.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {editable} from "../../src/editing/catalogue.js";
import {selfCheck} from "../../src/editing/check.js";
import {attention} from "../../src/model/attention.js";
import {makeBatch} from "../../src/training/batch.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("cpu"));

type Fn = (...args: never[]) => unknown;

/** The check of `fn` as the catalogue's entry `name` runs it; asserts no tensor outlives it. */
function check(name: "attention" | "makeBatch" | "rate" | "subsequentMask", fn: Fn) {
  const entry = editable(name);
  const before = tf.memory().numTensors;
  const result = selfCheck(fn, entry.reference as Fn, entry.cases, name);
  assert.equal(tf.memory().numTensors, before, `${name}: the check leaked tensors`);
  return result;
}

function failsWith(result: ReturnType<typeof selfCheck>, message: string | RegExp) {
  assert.equal(result.ok, false, "the check passed");
  if (result.ok) return;
  const text = (result.error as Error).message;
  if (typeof message === "string") assert.equal(text, message);
  else assert.match(text, message);
}

test("the library's own functions pass", () => {
  assert.deepEqual(check("attention", attention as Fn), {ok: true});
  assert.deepEqual(check("makeBatch", makeBatch as Fn), {ok: true});
});

test("throw undefined, or any value that is not an Error, fails", () => {
  failsWith(
    check("attention", () => {
      throw undefined;
    }),
    'attention threw undefined, not an Error (on "q, k, v [2, 2, 6, 4]")'
  );
  failsWith(
    check("attention", () => {
      throw 7;
    }),
    'attention threw 7, not an Error (on "q, k, v [2, 2, 6, 4]")'
  );
  const boom = new Error("boom");
  assert.deepEqual(check("attention", () => {
    throw boom;
  }), {ok: false, error: boom});
});

test("a value of another type fails, naming what came back and what the library's returns", () => {
  failsWith(check("attention", () => 42), 'attention returned a number but the library\'s returns an object {out_BHTK, probs_BHTS} (on "q, k, v [2, 2, 6, 4]")');
  failsWith(check("attention", () => undefined), 'attention returned undefined but the library\'s returns an object {out_BHTK, probs_BHTS} (on "q, k, v [2, 2, 6, 4]")');
  failsWith(check("subsequentMask", () => tf.scalar(1)), 'subsequentMask returned a tensor [] but the library\'s returns a tensor [1,5,5] (on "size 5")');
  failsWith(check("rate", () => tf.scalar(1)), /^rate returned a tensor \[\] but the library's returns a number \(on "step 0/);
  failsWith(check("subsequentMask", () => [[1]]), /^subsequentMask returned an array but the library's returns a tensor \[1,5,5\]/);
});

test("a tensor of the wrong shape fails, naming the field and both shapes", () => {
  const wide = (q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask?: tf.Tensor | null) => {
    const {out_BHTK, probs_BHTS} = attention(q, k, v, mask);
    return {out_BHTK: tf.concat([out_BHTK, out_BHTK], 3), probs_BHTS};
  };
  failsWith(check("attention", wide as Fn), 'attention returned out_BHTK [2,2,6,8] but the library\'s has [2,2,6,4] (on "q, k, v [2, 2, 6, 4]")');
  const noProbs = (q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D) => ({out_BHTK: attention(q, k, v).out_BHTK});
  failsWith(check("attention", noProbs as Fn), 'attention returned no probs_BHTS but the library\'s has a tensor [2,2,6,6] (on "q, k, v [2, 2, 6, 4]")');
  const numberField = (q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D) => ({...attention(q, k, v), probs_BHTS: 0});
  failsWith(check("attention", numberField as Fn), 'attention returned probs_BHTS a number but the library\'s has a tensor [2,2,6,6] (on "q, k, v [2, 2, 6, 4]")');
});

test("a Batch with a field of the wrong shape or type fails, and the kept tensors are disposed", () => {
  const shortLabels = (src: tf.Tensor2D, tgt: tf.Tensor2D, pad: number) => {
    const batch = makeBatch(src, tgt, pad);
    const tgtY_BT = tf.keep(tf.slice(batch.tgtY_BT, [0, 0], [-1, 1]));
    batch.tgtY_BT.dispose();
    return {...batch, tgtY_BT};
  };
  failsWith(check("makeBatch", shortLabels as Fn), 'makeBatch returned tgtY_BT [2,1] but the library\'s has [2,5] (on "src = tgt [2, 6], with padding")');
  const countAsNumber = (src: tf.Tensor2D, tgt: tf.Tensor2D, pad: number) => {
    const batch = makeBatch(src, tgt, pad);
    const ntokens = batch.ntokens.arraySync();
    batch.ntokens.dispose();
    return {...batch, ntokens};
  };
  failsWith(check("makeBatch", countAsNumber as Fn), 'makeBatch returned ntokens a number but the library\'s has a tensor [] (on "src = tgt [2, 6], with padding")');
});

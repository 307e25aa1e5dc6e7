// The lesson functions that the pages call with a reader's edited function (the editable cells'
// values): with the library's function they compute what they always did, and a different function
// handed in really is the one they use.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {architecturePass} from "../../src/lessons/architecture.js";
import {noamCurve, noamPeak} from "../../src/lessons/loss.js";
import {maskExamples} from "../../src/lessons/masking.js";
import {traceMultiHead} from "../../src/lessons/multi-head-attention.js";
import {compareLayerNorms} from "../../src/lessons/stacks.js";
import {layerNorm} from "../../src/model/layer-norm.js";
import {makeModel} from "../../src/model/model.js";
import {MultiHeadedAttention} from "../../src/model/multi-head-attention.js";
import {Random} from "../../src/model/random.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("cpu"));

test("compareLayerNorms: a biased-std layerNorm makes the two columns agree", () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.ok(compareLayerNorms(xs).maxAbsDiff > 0.03);
  assert.deepEqual(compareLayerNorms(xs), compareLayerNorms(xs, 1e-6, layerNorm));
  const biased: typeof layerNorm = (x, a_2, b_2, eps) =>
    tf.tidy(() => {
      const {mean, variance} = tf.moments(x, -1, true);
      return tf.add(tf.mul(a_2, tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), eps))), b_2) as typeof x;
    });
  assert.ok(compareLayerNorms(xs, 1e-6, biased).maxAbsDiff < 1e-5);
});

test("maskExamples: an upper-triangular subsequent mask shows in the subsequent and the target mask", () => {
  const ids = [1, 7, 4, 0, 0];
  const library = maskExamples(ids);
  const upper = maskExamples(ids, 0, (size) => tf.tidy(() => tf.cast(tf.linalg.bandPart(tf.ones([size, size]), 0, -1), "bool").expandDims(0) as tf.Tensor3D));
  assert.deepEqual(upper.subsequent, library.subsequent.map((row, t) => row.map((_, s) => (s >= t ? 1 : 0))));
  assert.deepEqual(upper.padding, library.padding);
  assert.deepEqual(upper.target[0], [1, 1, 1, 0, 0], "position 0 sees every real token of the future");
  assert.deepEqual(library.target[0], [1, 0, 0, 0, 0]);
});

test("noamCurve and noamPeak use the schedule they are given", () => {
  const noWarmup = (step: number, modelSize: number, factor: number) => factor * modelSize ** -0.5 * (step === 0 ? 1 : step) ** -0.5;
  assert.deepEqual(noamPeak(512, 4000, 20000).step, 4000);
  assert.deepEqual(noamPeak(512, 4000, 20000, 1, noWarmup).step, 0);
  assert.ok(noamCurve(512, 4000, 20000, 50, 1, noWarmup)[1].lr > noamCurve(512, 4000, 20000, 50)[1].lr);
});

test("traceMultiHead: a split without the transpose moves away from forward", () => {
  const mha = new MultiHeadedAttention(4, 32, 0, new Random(1)).eval();
  const x_BTC = tf.randomNormal([1, 6, 32], 0, 1, "float32", 7) as tf.Tensor3D;
  const wrong = (x_BLC: tf.Tensor3D, h: number) => {
    const [B, L, C] = x_BLC.shape;
    return tf.reshape(x_BLC, [B, h, L, C / h]) as tf.Tensor4D;
  };
  assert.ok(traceMultiHead(mha, x_BTC).maxDiffFromForward < 1e-6);
  const trace = traceMultiHead(mha, x_BTC, {splitHeads: wrong});
  assert.ok(trace.maxDiffFromForward > 1e-3, `difference ${trace.maxDiffFromForward}`);
  assert.notDeepEqual(trace.probs, traceMultiHead(mha, x_BTC).probs);
  tf.dispose(x_BTC);
  mha.dispose();
});

test("architecturePass: a generator without log-softmax gives rows that do not sum to 1", () => {
  const model = makeModel(11, 11, 1, 16, 32, 2);
  const sums = (pass: ReturnType<typeof architecturePass>) => pass.rowSums[0];
  for (const s of sums(architecturePass(model, [[1, 5, 3]], [[1, 5]]))) assert.ok(Math.abs(s - 1) < 1e-5);
  const logits = architecturePass(model, [[1, 5, 3]], [[1, 5]], 0, (x_BTC, proj) => proj(x_BTC));
  assert.ok(sums(logits).every((s) => Math.abs(s - 1) > 1e-3), `row sums ${sums(logits)}`);
  model.dispose();
});

// The attention page's experiments: the statistics of q·k, softmax saturation, the step trace and
// the sentence example.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  attentionSteps,
  embedTokens,
  gaussianVector,
  saturation,
  saturationCurve,
  scoreStats,
  sentenceAttention,
  softmax,
  std,
  tokenLabels
} from "../../src/lessons/attention.js";
import {normalTensor} from "../../src/model/normal.js";
import {Random} from "../../src/model/random.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the gaussian samples have mean ~0 and std ~1, and the same seed gives the same numbers", () => {
  const xs = gaussianVector(new Random(7), 20000);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(std(xs) - 1) < 0.03, `std ${std(xs)}`);
  assert.deepEqual(gaussianVector(new Random(7), 5), xs.slice(0, 5));
});

test("normalTensor is seeded, has the shape asked for and the spread asked for", () => {
  const a = normalTensor([4, 50, 50], 9, 0.5);
  assert.deepEqual(a.shape, [4, 50, 50]);
  const values = Array.from(a.dataSync());
  assert.ok(Math.abs(std(values) - 0.5) < 0.02, `std ${std(values)}`);
  const b = normalTensor([4, 50, 50], 9, 0.5);
  assert.deepEqual(Array.from(b.dataSync()), values);
  tf.dispose([a, b]);
});

test("softmax sums to 1 and survives huge scores", () => {
  const p = softmax([1, 2, 3]);
  assert.ok(Math.abs(p[2] - 0.6652) < 1e-4);
  const big = softmax([1000, 0, -1000]);
  assert.ok(big.every(Number.isFinite));
  assert.ok(Math.abs(big.reduce((a, b) => a + b, 0) - 1) < 1e-12);
});

test("q·k has std about sqrt(d_k); dividing by sqrt(d_k) keeps it about 1", () => {
  for (const dK of [4, 64, 1024]) {
    const {stdUnscaled, stdScaled} = scoreStats(dK);
    // 2000 pairs: the sample std is within ~10% of the true one with room to spare
    assert.ok(Math.abs(stdUnscaled / Math.sqrt(dK) - 1) < 0.1, `d_k=${dK}: std ${stdUnscaled}`);
    assert.ok(stdScaled > 0.9 && stdScaled < 1.1, `d_k=${dK}: scaled std ${stdScaled}`);
  }
  assert.ok(scoreStats(1024).stdUnscaled > 4 * scoreStats(16).stdUnscaled);
});

test("without scaling the softmax saturates as d_k grows; with scaling it does not", () => {
  const small = saturation(4);
  const large = saturation(1024);
  assert.ok(large.maxProbUnscaled > 0.95, `unscaled max prob at d_k=1024: ${large.maxProbUnscaled}`);
  assert.ok(large.maxProbUnscaled > small.maxProbUnscaled);
  // scaled: the same distribution of scores for every d_k, far from one-hot
  assert.ok(large.maxProbScaled < 0.5 && small.maxProbScaled < 0.5);
  assert.ok(Math.abs(large.maxProbScaled - small.maxProbScaled) < 0.1);
  const curve = saturationCurve([4, 16], {rows: 20});
  assert.equal(curve.length, 4);
  assert.deepEqual(curve.map((p) => p.dK), [4, 4, 16, 16]);
});

test("the step trace has the shapes of attention and matches the library's attention()", () => {
  const q = tf.randomNormal([2, 2, 5, 8], 0, 1, "float32", 1) as tf.Tensor4D;
  const k = tf.randomNormal([2, 2, 5, 8], 0, 1, "float32", 2) as tf.Tensor4D;
  const v = tf.randomNormal([2, 2, 5, 8], 0, 1, "float32", 3) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const {steps, maxDiff} = attentionSteps(q, k, v);
  assert.equal(tf.memory().numTensors, before, "the trace leaks tensors");
  const shapes = Object.fromEntries(steps.map((s) => [s.name, s.shape]));
  assert.deepEqual(shapes.kT_BHKS, [2, 2, 8, 5]);
  assert.deepEqual(shapes.scores_BHTS, [2, 2, 5, 5]);
  assert.deepEqual(shapes.probs_BHTS, [2, 2, 5, 5]);
  assert.deepEqual(shapes.out_BHTK, [2, 2, 5, 8]);
  assert.ok(maxDiff < 1e-6, `max diff ${maxDiff}`);
  tf.dispose([q, k, v]);
});

test("repeated tokens get the same embedding and distinct labels", () => {
  const tokens = ["the", "cat", "sat", "on", "the", "mat"];
  assert.deepEqual(tokenLabels(tokens), ["the₁", "cat", "sat", "on", "the₂", "mat"]);
  const x = embedTokens(tokens, 8).arraySync();
  assert.deepEqual(x[0], x[4]);
  assert.notDeepEqual(x[0], x[1]);
});

test("the sentence's attention rows are probabilities, and a repeated token attends alike", () => {
  const tokens = ["the", "cat", "sat", "on", "the", "mat"];
  const before = tf.memory().numTensors;
  const {probs, rowSums} = sentenceAttention(tokens, 8);
  assert.equal(tf.memory().numTensors, before, "the example leaks tensors");
  assert.equal(probs.length, 6);
  assert.ok(probs.every((row) => row.length === 6 && row.every((p) => p >= 0 && p <= 1)));
  assert.ok(rowSums.every((s) => Math.abs(s - 1) < 1e-5), `row sums ${rowSums}`);
  // the same query vector for both "the"s gives the same row
  probs[0].forEach((p, j) => assert.ok(Math.abs(p - probs[4][j]) < 1e-6));
});

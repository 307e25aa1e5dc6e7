import assert from "node:assert/strict";
import {test} from "node:test";
import {Random} from "../../src/model/random.js";
import {batchTokens, fillBatches, lengthBatches, padBatch, paddingFraction, type IdPair} from "../../src/training/length-batches.js";

const pair = (srcLen: number, tgtLen: number): IdPair => ({src: new Array(srcLen).fill(7), tgt: new Array(tgtLen).fill(8)});

/** torchtext.data.batch with the Annotated Transformer's batch_size_fn, transcribed for the test. */
function torchtextBatch(pairs: IdPair[], order: number[], batchSize: number): number[][] {
  const out: number[][] = [];
  let minibatch: number[] = [];
  let maxSrc = 0;
  let maxTgt = 0;
  const sizeFn = (i: number, count: number) => {
    if (count === 1) [maxSrc, maxTgt] = [0, 0];
    maxSrc = Math.max(maxSrc, pairs[i].src.length);
    maxTgt = Math.max(maxTgt, pairs[i].tgt.length);
    return Math.max(count * maxSrc, count * maxTgt);
  };
  for (const i of order) {
    minibatch.push(i);
    const size = sizeFn(i, minibatch.length);
    if (size === batchSize) {
      out.push(minibatch);
      minibatch = [];
    } else if (size > batchSize) {
      out.push(minibatch.slice(0, -1));
      minibatch = [i];
      sizeFn(i, 1);
    }
  }
  if (minibatch.length > 0) out.push(minibatch);
  return out.filter((b) => b.length > 0); // torchtext's empty batch before an over-long pair
}

test("batchTokens counts sentences × the longest side, padding included", () => {
  assert.equal(batchTokens(3, 5, 7), 21);
  assert.equal(batchTokens(4, 9, 2), 36);
});

test("fillBatches cuts as torchtext's batch() with batch_size_fn does", () => {
  const pairs = [pair(3, 4), pair(3, 3), pair(4, 4), pair(5, 6), pair(6, 6), pair(2, 2), pair(13, 5), pair(2, 3)];
  // worked out by hand for a budget of 12: [0,1,2] costs 3×4 = 12; adding 3 would cost 4×6 = 24
  assert.deepEqual(fillBatches(pairs, [0, 1, 2, 3, 4, 5, 6, 7], 12), [[0, 1, 2], [3, 4], [5], [6], [7]]);
  const random = new Random(3);
  const many = Array.from({length: 500}, () => pair(random.int(1, 30), random.int(1, 30)));
  const order = many.map((_, i) => i);
  for (const budget of [30, 64, 200]) assert.deepEqual(fillBatches(many, order, budget), torchtextBatch(many, order, budget), `budget ${budget}`);
});

const random = new Random(11);
const corpus = Array.from({length: 2000}, () => {
  const n = random.int(4, 40);
  return pair(n, Math.max(3, n + random.int(-3, 4)));
});

test("every pair lands in exactly one batch, and every batch of two or more fits the budget", () => {
  for (const bucket of [true, false]) {
    const batches = lengthBatches(corpus, {maxTokens: 400, seed: 1, bucket});
    assert.deepEqual(batches.flat().sort((a, b) => a - b), corpus.map((_, i) => i));
    for (const b of batches) {
      const cost = batchTokens(b.length, Math.max(...b.map((i) => corpus[i].src.length)), Math.max(...b.map((i) => corpus[i].tgt.length)));
      assert.ok(cost <= 400 || b.length === 1, `a batch of ${b.length} costs ${cost}`);
    }
  }
});

test("the same seed gives the same batches, another seed another order", () => {
  const a = lengthBatches(corpus, {maxTokens: 400, seed: 5});
  assert.deepEqual(lengthBatches(corpus, {maxTokens: 400, seed: 5}), a);
  assert.notDeepEqual(lengthBatches(corpus, {maxTokens: 400, seed: 6}), a);
});

test("sorting by length within a pool leaves far less padding than batching shuffled pairs", () => {
  const bucketed = paddingFraction(corpus, lengthBatches(corpus, {maxTokens: 400, seed: 1}));
  const shuffled = paddingFraction(corpus, lengthBatches(corpus, {maxTokens: 400, seed: 1, bucket: false}));
  assert.ok(bucketed.fraction < 0.1, `bucketed ${bucketed.fraction}`);
  assert.ok(shuffled.fraction > 0.3, `shuffled ${shuffled.fraction}`);
  // small pools sort less well
  const pooled = paddingFraction(corpus, lengthBatches(corpus, {maxTokens: 400, seed: 1, poolSize: 20}));
  assert.ok(pooled.fraction > bucketed.fraction && pooled.fraction < shuffled.fraction, `pools of 20: ${pooled.fraction}`);
});

test("paddingFraction and padBatch, by hand", () => {
  const pairs = [{src: [0, 5, 1], tgt: [0, 6, 6, 1]}, {src: [0, 5, 5, 5, 1], tgt: [0, 1]}];
  const stats = paddingFraction(pairs, [[0, 1]]);
  // source 2×5 = 10 slots, 8 real; target 2×4 = 8 slots, 6 real
  assert.deepEqual({slots: stats.slots, padding: stats.padding}, {slots: 18, padding: 4});
  assert.equal(stats.fraction, 4 / 18);
  assert.equal(stats.srcFraction, 2 / 10);
  assert.equal(stats.tgtFraction, 2 / 8);
  assert.deepEqual(padBatch(pairs, [1, 0], 2), {
    src_BS: [[0, 5, 5, 5, 1], [0, 5, 1, 2, 2]],
    tgt_BT: [[0, 1, 2, 2], [0, 6, 6, 1]]
  });
});

// The benchmark's FLOP count (scripts/bench/flops.ts), checked by hand on a model small enough to
// add up on paper: N=1, C=2, F=4, V=3, B=1, S=2, T=1, a matrix product [m,k]·[k,n] costing 2·m·n·k.
import assert from "node:assert/strict";
import {test} from "node:test";
import {copyTaskFlops, gflopsPerSecond, trainingFlops} from "../../scripts/bench/flops.js";

test("trainingFlops adds up every matrix product of a tiny model, and counts backward as 2x forward", () => {
  const count = trainingFlops({N: 1, dModel: 2, dFF: 4, vocab: 3, batchSize: 1, srcLength: 2, tgtLength: 1});
  // Encoder block on 2 source positions:
  //   Q, K, V, O: 4 products [2,2]·[2,2] = 4 · 2·2·2·2 = 64
  //   scores [2,2]·[2,2] and probs·V [2,2]·[2,2] = 2 · 16 = 32
  //   feed-forward [2,2]·[2,4] and [2,4]·[4,2] = 32 + 32 = 64            → 160
  assert.equal(count.encoder, 160);
  // Decoder block on 1 target position:
  //   self-attention: Q, K, V, O [1,2]·[2,2] = 4 · 8 = 32; scores [1,2]·[2,1] and probs·V [1,1]·[1,2] = 4 + 4 = 8
  //   source attention: Q, O on the target 2 · 8 = 16; K, V on the 2 memory positions 2 · 16 = 32;
  //                     scores [1,2]·[2,2] and probs·V [1,2]·[2,2] = 8 + 8 = 16
  //   feed-forward [1,2]·[2,4] and [1,4]·[4,2] = 16 + 16 = 32             → 136
  assert.equal(count.decoder, 32 + 8 + 16 + 32 + 16 + 32);
  // Generator [1,2]·[2,3] = 12.
  assert.equal(count.generator, 12);
  assert.equal(count.forward, 160 + 136 + 12);
  assert.equal(count.training, 3 * 308);
});

test("trainingFlops grows linearly in N and in the batch", () => {
  const base = {N: 1, dModel: 8, dFF: 16, vocab: 5, batchSize: 2, srcLength: 4, tgtLength: 3};
  const one = trainingFlops(base);
  const two = trainingFlops({...base, N: 2});
  assert.equal(two.encoder, 2 * one.encoder);
  assert.equal(two.decoder, 2 * one.decoder);
  assert.equal(two.generator, one.generator);
  assert.equal(trainingFlops({...base, batchSize: 6}).training, 3 * one.training);
});

test("copyTaskFlops reads S = length and T = length - 1; gflopsPerSecond divides by the time", () => {
  const task = copyTaskFlops({N: 1, dModel: 2, dFF: 4}, {vocab: 3, length: 2, batchSize: 1});
  assert.equal(task.training, 924);
  assert.equal(gflopsPerSecond(2e9, 1000), 2);
  assert.equal(gflopsPerSecond(1e9, 0), 0);
});

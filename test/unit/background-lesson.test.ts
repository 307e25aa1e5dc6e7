import assert from "node:assert/strict";
import {test} from "node:test";
import {dilatedLayers, sequenceCosts} from "../../src/lessons/background.js";

test("dilated convolutions need ⌈log_k n⌉ layers to connect the first and the last token", () => {
  assert.equal(dilatedLayers(1024, 2), 10); // 2^10 = 1024
  assert.equal(dilatedLayers(1025, 2), 11);
  assert.equal(dilatedLayers(1000, 3), 7); // 3^6 = 729 < 1000 ≤ 2187 = 3^7
  assert.equal(dilatedLayers(9, 3), 2);
  assert.equal(dilatedLayers(1, 3), 0);
  assert.throws(() => dilatedLayers(10, 1), /kernel width k must be a whole number ≥ 2, got 1/);
  assert.throws(() => dilatedLayers(2.5, 3), /n must be a whole number ≥ 1, got 2.5/);
});

test("the three rows of Table 1 at n = 100, d = 512, k = 3", () => {
  const [rnn, cnn, attention] = sequenceCosts(100, 512, 3);
  assert.deepEqual(rnn, {kind: "recurrent", sequential: 100, pathLength: 99, work: 100 * 512 * 512});
  assert.deepEqual(cnn, {kind: "convolutional", sequential: 1, pathLength: 5, work: 3 * 100 * 512 * 512}); // 3^4 = 81 < 100 ≤ 243
  assert.deepEqual(attention, {kind: "self-attention", sequential: 1, pathLength: 1, work: 100 * 100 * 512});
});

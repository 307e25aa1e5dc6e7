import assert from "node:assert/strict";
import {before, test} from "node:test";
import {loadModel} from "../../src/io/weights.js";
import {attentionMaps, diagonalShare, parseIds} from "../../src/lessons/results.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {readFixture, reference as ref} from "../support/fixtures.js";

before(() => initNodeBackend("cpu"));

test("attention maps of every layer and head, equal to PyTorch's", () => {
  const model = loadModel(readFixture("tiny.safetensors"));
  const maps = attentionMaps(model, [1, 5, 3, 9, 2, 7, 4], [1, 5, 3, 9, 2]);
  assert.equal(maps.encoderSelf.length, 2);
  assert.equal(maps.encoderSelf[0].length, 4);
  assert.equal(maps.decoderSource[1][3].length, 5);
  assert.equal(maps.decoderSource[1][3][0].length, 7);
  // Batch row 0 of the reference's decoder source attention, layer 1, head 2, query 4, key 6.
  const [, H, T, S] = ref.decoder_src_attn[1].shape;
  const expected = ref.decoder_src_attn[1].data[((0 * H + 2) * T + 4) * S + 6];
  assert.ok(Math.abs(maps.decoderSource[1][2][4][6] - expected) < 1e-5);
  for (const row of maps.decoderSelf[0][0]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.ok(maps.decoderSelf[0][0][0].slice(1).every((p) => p < 1e-6), "the first target position sees only itself");
  model.dispose();
});

test("parseIds accepts ids and refuses the rest with a message", () => {
  assert.deepEqual(parseIds(" 1 5,3  9 ", 11), [1, 5, 3, 9]);
  assert.throws(() => parseIds("1 11", 11), {message: '"11" is not a token id between 0 and 10'});
  assert.throws(() => parseIds("1 x", 11), {message: '"x" is not a token id between 0 and 10'});
  assert.throws(() => parseIds("  ", 11), /type some token ids/);
});

test("diagonalShare averages each query's weight on its own position", () => {
  // Two layers of one head: an identity map (1 on the diagonal) and a uniform 2 × 2 map (0.5).
  const identity = [[[1, 0], [0, 1]]];
  const uniform = [[[0.5, 0.5], [0.5, 0.5]]];
  assert.equal(diagonalShare([identity, uniform]), 0.75);
  assert.throws(() => diagonalShare([[[[1, 0, 0]]]]), /1 × 3, not square/);
});

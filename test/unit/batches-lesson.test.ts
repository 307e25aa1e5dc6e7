// The page on batches: sentences to gold tokens, shifted input/label rows, a padded batch of ids.
import assert from "node:assert/strict";
import {test} from "node:test";
import {buildVocab, goldTokens, idsToTokens, paddedIds, shiftRows} from "../../src/lessons/batches.js";

test("a sentence gets <bos> and <eos>, and extra white space is ignored", () => {
  assert.deepEqual(goldTokens("  I like\teating   mushrooms "), ["<bos>", "I", "like", "eating", "mushrooms", "<eos>"]);
  assert.deepEqual(goldTokens(""), ["<bos>", "<eos>"]);
});

test("shift rows: position t reads token t, sees tokens 0..t and must predict token t+1", () => {
  const rows = shiftRows("I like eating mushrooms");
  assert.deepEqual(
    rows.map((r) => [r.position, r.input, r.label]),
    [
      [0, "<bos>", "I"],
      [1, "I", "like"],
      [2, "like", "eating"],
      [3, "eating", "mushrooms"],
      [4, "mushrooms", "<eos>"]
    ]
  );
  assert.deepEqual(rows[0].sees, ["<bos>"]);
  assert.deepEqual(rows[3].sees, ["<bos>", "I", "like", "eating"]);
  assert.deepEqual(
    shiftRows("").map((r) => [r.input, r.label]),
    [["<bos>", "<eos>"]]
  );
});

test("a padded batch: pad 0, bos 1, eos 2, shorter sentences filled with 0", () => {
  const sentences = ["I like mushrooms", "I like", "hello"];
  const vocab = buildVocab(sentences);
  assert.deepEqual(vocab, ["<pad>", "<bos>", "<eos>", "I", "like", "mushrooms", "hello"]);
  const ids = paddedIds(sentences, vocab);
  assert.deepEqual(ids, [
    [1, 3, 4, 5, 2],
    [1, 3, 4, 2, 0],
    [1, 6, 2, 0, 0]
  ]);
  assert.deepEqual(idsToTokens(ids, vocab)[2], ["<bos>", "hello", "<eos>", "<pad>", "<pad>"]);
  assert.throws(() => paddedIds(["unknown"], vocab), /"unknown" is not in the vocabulary/);
});

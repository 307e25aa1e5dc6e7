import assert from "node:assert/strict";
import {test} from "node:test";
import {BpeEncoder, countPairs, countWords, decodeSymbols, encodeWord, learnBpe, learnMerges, mergePair, splitWord} from "../../src/text/bpe.js";
import {pretokenize} from "../../src/text/pretokenize.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";

const sentences = SENTENCE_PAIRS.flatMap(([de, en]) => [pretokenize(de), pretokenize(en)]);
const wordCounts = countWords(sentences);

test("a word is its characters with </w> on the last; umlauts and ß are one character each", () => {
  assert.deepEqual(splitWord("low"), ["l", "o", "w</w>"]);
  assert.deepEqual(splitWord("Straße"), ["S", "t", "r", "a", "ß", "e</w>"]);
  assert.deepEqual(splitWord("."), [".</w>"]);
});

test("mergePair joins occurrences left to right, without overlap", () => {
  assert.deepEqual(mergePair(["a", "a", "a"], ["a", "a"]), ["aa", "a"]);
  assert.deepEqual(mergePair(["a", "b", "a", "b</w>"], ["a", "b"]), ["ab", "a", "b</w>"]);
});

test("Sennrich et al.'s example: low×5, lower×2, newest×6, widest×3 (merges worked out by hand)", () => {
  const counts = new Map([["low", 5], ["lower", 2], ["newest", 6], ["widest", 3]]);
  // e s and s t</w> both occur 9 times: the tie goes to the alphabetically first pair.
  const pairs = countPairs([...counts].map(([w, count]) => ({symbols: splitWord(w), count})));
  assert.equal(pairs.get("e s"), 9);
  assert.equal(pairs.get("s t</w>"), 9);
  assert.equal(pairs.get("w e"), 8);
  const merges = learnBpe(counts, Infinity).slice(0, 4);
  assert.deepEqual(merges, [["e", "s"], ["es", "t</w>"], ["l", "o"], ["e", "w"]]);
  const steps = learnMerges(counts, Infinity, 4);
  assert.deepEqual(steps.map((s) => [s.pair, s.count, s.symbol]),
    [[["e", "s"], 9, "es"], [["es", "t</w>"], 9, "est</w>"], [["l", "o"], 7, "lo"], [["e", "w"], 6, "ew"]]);
});

test("learning stops once the words use the requested number of symbols, or when nothing is left to merge", () => {
  const characters = new Set([...wordCounts.keys()].flatMap(splitWord)).size;
  assert.deepEqual(learnBpe(wordCounts, characters), [], "the characters alone are enough");
  for (const target of [characters + 1, 150, 250]) {
    const merges = learnBpe(wordCounts, target);
    const used = new Set([...wordCounts.keys()].flatMap((w) => encodeWord(w, merges)));
    assert.ok(used.size >= target, `${target}: ${used.size} symbols`);
    const before = new Set([...wordCounts.keys()].flatMap((w) => encodeWord(w, merges.slice(0, -1))));
    assert.ok(before.size < target, `${target}: already ${before.size} symbols before the last merge`);
  }
  const all = learnBpe(wordCounts, Infinity);
  for (const word of wordCounts.keys()) assert.equal(encodeWord(word, all).length, 1, word);
});

test("the fast learner makes the plain one's merges, with the counts and vocabulary sizes of each step", () => {
  for (const target of [80, 300, Infinity]) {
    const plain = learnBpe(wordCounts, target);
    const steps = learnMerges(wordCounts, target);
    assert.deepEqual(steps.map((s) => s.pair), plain, `target ${target}`);
    if (target !== 300) continue;
    // each step's count and vocabulary size, recomputed from scratch
    steps.forEach((step, i) => {
      const words = [...wordCounts].map(([w, count]) => ({symbols: encodeWord(w, plain.slice(0, i)), count}));
      assert.equal(step.count, countPairs(words).get(step.pair.join(" ")), `step ${i}`);
      const after = new Set(words.flatMap((w) => mergePair(w.symbols, step.pair)));
      assert.equal(step.vocabSize, after.size, `step ${i}`);
    });
  }
});

test("the fast encoder equals replaying the merges in order, on seen and unseen words", () => {
  const merges = learnBpe(wordCounts, 200);
  const encoder = new BpeEncoder(merges);
  const unseen = ["Pilzsuppe", "Gartenhäuser", "unbelievable", "Xylophon", "ß", "aaaa", "don't"];
  for (const word of [...wordCounts.keys(), ...unseen]) {
    assert.deepEqual(encoder.encode(word), encodeWord(word, merges), word);
    assert.deepEqual(encoder.encode(word), encodeWord(word, merges), `${word}, cached`);
    assert.deepEqual(decodeSymbols(encoder.encode(word)), [word]);
  }
});

test("decodeSymbols ends a word at each </w>", () => {
  assert.deepEqual(decodeSymbols(["Pil", "ze</w>", ".</w>", "I</w>"]), ["Pilze", ".", "I"]);
  assert.deepEqual(decodeSymbols(["Pil"]), ["Pil"]);
});

test("the fast learner equals the plain one on words made to overlap: aaaa, abab, and one symbol made by two merges", async () => {
  const {Random} = await import("../../src/model/random.js");
  for (const [alphabet, seed] of [["ab", 1], ["abc", 2], ["aab", 3]] as const) {
    const random = new Random(seed);
    const counts = new Map<string, number>();
    for (let i = 0; i < 80; i++) {
      const word = Array.from({length: random.int(1, 9)}, () => alphabet[random.int(0, alphabet.length)]).join("");
      counts.set(word, (counts.get(word) ?? 0) + random.int(1, 5));
    }
    const plain = learnBpe(counts, Infinity);
    const steps = learnMerges(counts, Infinity);
    assert.deepEqual(steps.map((s) => s.pair), plain, alphabet);
    steps.forEach((step, i) => {
      const words = [...counts].map(([w, count]) => ({symbols: encodeWord(w, plain.slice(0, i)), count}));
      assert.equal(step.count, countPairs(words).get(step.pair.join(" ")), `${alphabet} step ${i}`);
      assert.equal(step.vocabSize, new Set(words.flatMap((w) => mergePair(w.symbols, step.pair))).size, `${alphabet} step ${i}`);
    });
  }
});

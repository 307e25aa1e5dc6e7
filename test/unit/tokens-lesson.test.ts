// The tokenization page's logic (src/lessons/tokens.ts) on the generated corpus: the tokenizer
// learned on the training split round-trips every sentence of the test split exactly; BPE as the
// page learns it equals the plain learn-bpe region and buildTokenizer; bucketing by length pads
// less; the label-shift example comes from makeBatch.
import assert from "node:assert/strict";
import {before, describe, test} from "node:test";
import {generateCorpus} from "../../src/corpus/index.js";
import {
  asPairs, corpusFigures, encodePairs, groupCorpusFiles, learnJointBpe, paddingComparison, pieceRows, sampleBatch, vocabGrowth
} from "../../src/lessons/tokens.js";
import {batchesTokenizer, labelShift} from "../../src/lessons/label-shift.js";
import {countWords, learnBpe} from "../../src/text/bpe.js";
import {pretokenize} from "../../src/text/pretokenize.js";
import {buildTokenizer, PAD, TextCodec, UNK} from "../../src/text/vocab.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("cpu"));

describe("the generated corpus through the course's tokenizer", () => {
  const corpus = generateCorpus({seed: 1});
  const learned = learnJointBpe(asPairs(corpus.train), 1000);
  const codec = new TextCodec(learned.tokenizer);

  test("encode → decode gives back every sentence of the whole test split, German and English, with no <unk>", () => {
    const wrong: string[] = [];
    let unknown = 0;
    for (const {de, en} of corpus.test) {
      for (const sentence of [de, en]) {
        const ids = codec.encodeSentence(sentence);
        unknown += ids.filter((id) => id === UNK).length;
        const back = codec.decodeIds(ids);
        if (back !== sentence) wrong.push(`${JSON.stringify(sentence)} → ${JSON.stringify(back)}`);
      }
    }
    assert.equal(corpus.test.length, 1000);
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.equal(unknown, 0);
  });

  test("the page's BPE is buildTokenizer's, with the chosen vocabulary size and the specials first", () => {
    assert.deepEqual(learned.tokenizer, buildTokenizer(corpus.train.flatMap((p) => [p.de, p.en]), 1000));
    assert.equal(learned.tokenizer.vocab.length, 1000);
    assert.deepEqual(learned.tokenizer.vocab.slice(0, 4), ["<s>", "</s>", "<blank>", "<unk>"]);
    assert.equal(learned.steps.length, learned.tokenizer.merges.length);
  });

  test("bucketing by length pads less than batching the shuffled pairs, on the same budget", () => {
    const ids = encodePairs(codec, asPairs(corpus.valid));
    const {bucketed, shuffled} = paddingComparison(ids, 1000);
    assert.ok(bucketed.fraction < shuffled.fraction / 3, `${bucketed.fraction} vs ${shuffled.fraction}`);
    assert.ok(shuffled.fraction > 0.1);
  });
});

test("learnJointBpe's steps are the plain learn-bpe region's merges, on a small corpus", () => {
  const pairs = asPairs(generateCorpus({seed: 5, pairs: 40, validPairs: 0, testPairs: 0}).train);
  const {steps, tokenizer} = learnJointBpe(pairs, 120);
  const plain = learnBpe(countWords(pairs.flatMap((p) => [pretokenize(p.src), pretokenize(p.tgt)])), 116);
  assert.deepEqual(steps.map((s) => s.pair), plain);
  assert.deepEqual(tokenizer.merges, plain);
  assert.ok(steps.every((s, i) => i === 0 || s.count <= steps[i - 1].count), "counts should not grow");
});

test("corpusFigures counts words and punctuation per sentence, and the distinct words of each side", () => {
  const figures = corpusFigures([{src: "Ich esse gern Pilze.", tgt: "I don't like mushrooms."}, {src: "Ja.", tgt: "Yes."}]);
  assert.deepEqual(figures, {pairs: 2, meanTokensDe: 3.5, meanTokensEn: 4, wordsDe: 6, wordsEn: 7});
});

test("vocabGrowth thins the steps to at most the points asked for and keeps the last", () => {
  const steps = Array.from({length: 1000}, (_, i) => ({pair: ["a", "b"] as const, count: 1, symbol: "ab", vocabSize: 50 + i}));
  const points = vocabGrowth(steps, 100);
  assert.ok(points.length <= 101);
  assert.deepEqual(points[0], {merge: 1, symbols: 50});
  assert.deepEqual(points.at(-1), {merge: 1000, symbols: 1049});
});

describe("the Batches page's tokenizer and makeBatch", () => {
  const codec = new TextCodec(batchesTokenizer());

  test("the label shift of <s> I like eating mushrooms </s>: the decoder reads all but the last id, is graded on all but the first", () => {
    const shift = labelShift(codec, "Ich esse gern Pilze", "I like eating mushrooms");
    assert.equal(shift.pieces[0], "<s>");
    assert.equal(shift.pieces.at(-1), "</s>");
    assert.equal(shift.pieces.slice(1, -1).join("").replaceAll("</w>", " ").trim(), "I like eating mushrooms");
    assert.deepEqual(shift.tgtIn, shift.ids.slice(0, -1));
    assert.deepEqual(shift.tgtY, shift.ids.slice(1));
    assert.deepEqual(shift.tgtYPieces, shift.pieces.slice(1));
    assert.equal(shift.ntokens, shift.ids.length - 1);
    assert.equal(codec.decodeIds(shift.ids), "I like eating mushrooms");
  });

  test("pieceRows marks the pieces outside the vocabulary as <unk>", () => {
    const rows = pieceRows(codec, "Ich esse Qxzqj.");
    const unknown = rows.filter((r) => r.unknown);
    assert.ok(unknown.length > 0);
    assert.ok(unknown.every((r) => r.id === UNK));
    assert.ok(rows.filter((r) => !r.unknown).every((r) => r.id !== UNK));
  });

  test("sampleBatch is one batch within the budget, padded with <blank>, its mask 1 exactly on the real tokens", () => {
    const ids = encodePairs(codec, asPairs(generateCorpus({seed: 2, pairs: 300, validPairs: 0, testPairs: 0}).train));
    const batch = sampleBatch(ids, 200);
    const S = batch.src_BS[0].length;
    assert.ok(batch.src_BS.length > 1 && batch.src_BS.length * S <= 200);
    batch.indices.forEach((index, b) => {
      assert.equal(batch.mask_BS[b].reduce((a, x) => a + x, 0), ids[index].src.length);
      assert.deepEqual(batch.src_BS[b].slice(ids[index].src.length), new Array(S - ids[index].src.length).fill(PAD));
    });
  });
});

test("groupCorpusFiles pairs X.de(.gz) with X.en(.gz), training split first, and takes .tsv/.txt as tab-separated", () => {
  const files = ["val.en", "train.de.gz", "val.de", "train.en.gz", "deu.txt", "test.de", "notes.pdf"].map((name) => ({name}));
  const {aligned, tsv, ignored} = groupCorpusFiles(files);
  assert.deepEqual(aligned.map((a) => [a.stem, a.src.name, a.tgt.name]), [["train", "train.de.gz", "train.en.gz"], ["val", "val.de", "val.en"]]);
  assert.deepEqual(tsv.map((f) => f.name), ["deu.txt"]);
  assert.equal(ignored.length, 2);
  assert.match(ignored.join("\n"), /notes\.pdf/);
  assert.match(ignored.join("\n"), /test\.de: no test\.en/);
});

test("encodePairs pre-tokenizes each pair once and gives encodeSentence's ids, with the codec's own pre-tokenizer settings too", () => {
  const pairs = [
    {src: "„Komm mit!“, sagt sie.", tgt: "I don't like the man's dog."},
    {src: "Er ruft seine Mutter an.", tgt: "He calls his mother."}
  ];
  const tokenizer = buildTokenizer(pairs.flatMap((p) => [p.src, p.tgt]), 60);
  for (const settings of [{splitClitics: true}, {splitClitics: false}]) {
    const codec = new TextCodec({...tokenizer, pretokenizer: settings});
    const expected = pairs.map(({src, tgt}) => ({src: codec.encodeSentence(src), tgt: codec.encodeSentence(tgt)}));
    assert.deepEqual(encodePairs(codec, pairs), expected);
    assert.deepEqual(encodePairs(codec, pairs), expected, "the second time, from the kept words");
  }
  const clitics = new TextCodec(tokenizer);
  assert.notDeepEqual(clitics.encodeSentence(pairs[0].tgt), new TextCodec({...tokenizer, pretokenizer: {splitClitics: false}}).encodeSentence(pairs[0].tgt));
  assert.deepEqual(clitics.encodeWords(pretokenize(pairs[0].tgt)), clitics.encodeDetailed(pairs[0].tgt).ids);
});

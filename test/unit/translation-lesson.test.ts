// The Results page's translator logic (src/lessons/translation.ts), on the shipped model's
// architecture and tokenizer. The shipped model is provisional, so no translation is asserted.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import {generateCorpus, splitStats} from "../../src/corpus/index.js";
import {loadTranslationModel} from "../../src/io/translation-model.js";
import {
  CORPUS_WORDS, describeReordering, modelFacts, openTranslationFile, piecesOf, readGerman, REORDERING_EXAMPLES, subwordLabel,
  translateSentence, translationAttention, translationChoices, verbReordering, wordsOf
} from "../../src/lessons/translation.js";
import {BOS, EOS, UNK} from "../../src/text/vocab.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

const bytes = new Uint8Array(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url)));
before(() => initNodeBackend("wasm"));

test("readGerman: the subwords, what became <unk>, and clear refusals", () => {
  const {codec, model} = loadTranslationModel(bytes);
  model.dispose();
  const ok = readGerman(codec, "Ich esse gern Pilze ☃.");
  assert.ok(ok.source);
  assert.equal(ok.source.ids[0], BOS);
  assert.equal(ok.source.ids.at(-1), EOS);
  const snow = ok.source.pieces.indexOf("☃</w>");
  assert.deepEqual(ok.source.unknown, [snow]);
  assert.equal(ok.source.ids[snow], UNK);
  assert.match(ok.warning ?? "", /1 of its \d+ subwords is not in the model's vocabulary and became <unk>: “☃▁”/);
  assert.match(readGerman(codec, "😀").warning ?? "", /every one became <unk>/);
  assert.match(readGerman(codec, "  ").error ?? "", /type a German sentence/);
  assert.match(readGerman(codec, "ja ".repeat(100)).error ?? "", /that is \d+ subwords; the models here learnt from sentences of at most 70/);
  assert.equal(subwordLabel("Pilze</w>"), "Pilze▁");
  assert.equal(subwordLabel("P"), "P");
  assert.deepEqual(wordsOf(["<s>", "P", "il", "ze</w>", ".</w>", "</s>"]).map((w) => [w.text, w.positions]), [["<s>", [0]], ["Pilze", [1, 2, 3]], [".", [4]], ["</s>", [5]]]);
});

test("translateSentence: greedy, and beam search's hypotheses best first by score", () => {
  const {codec, model} = loadTranslationModel(bytes);
  const source = readGerman(codec, "Ich esse gern Pilze.").source!;
  const greedy = translateSentence(model, codec, source, {beam: 1, alpha: 0.6});
  assert.equal(greedy.hypotheses.length, 0);
  assert.equal(greedy.output.ids[0], BOS);
  assert.equal(greedy.output.text, codec.decodeIds(greedy.output.ids));
  assert.deepEqual(greedy.output.pieces, piecesOf(codec, greedy.output.ids));
  const beam = translateSentence(model, codec, source, {beam: 3, alpha: 0.6});
  assert.ok(beam.hypotheses.length >= 1 && beam.hypotheses.length <= 3);
  const scores = beam.hypotheses.map((h) => h.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  for (const h of beam.hypotheses) {
    assert.ok(h.logprob < 0);
    assert.ok(Math.abs(h.score - h.logprob / ((5 + h.ids.length - 1) / 6) ** 0.6) < 1e-9, "score = logprob / length penalty");
  }
  assert.deepEqual(beam.output.ids, beam.hypotheses[0].ids);
  model.dispose();
});

test("translationAttention: every kind, layer and head, with subword labels, rows summing to 1", () => {
  const {codec, model} = loadTranslationModel(bytes);
  const {N, h} = model.config;
  const src = codec.encodeSentence("Der Mann hat den Hund gesehen.");
  const out = [BOS, 20, 30, 40, EOS];
  const panels = translationAttention(model, codec, src, out);
  assert.deepEqual(panels.map((p) => p.kind), ["encoderSelf", "decoderSelf", "decoderSource"]);
  const [S, T] = [src.length, out.length - 1];
  const shapes = {encoderSelf: [S, S], decoderSelf: [T, T], decoderSource: [T, S]};
  for (const p of panels) {
    assert.equal(p.maps.length, N);
    for (const layer of p.maps) {
      assert.equal(layer.length, h);
      for (const map of layer) {
        assert.deepEqual([map.length, map[0].length], shapes[p.kind]);
        for (const row of map) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      }
    }
    assert.equal(p.yTicks.length, shapes[p.kind][0]);
    assert.equal(p.xTicks.length, shapes[p.kind][1]);
  }
  const [encoder, decoder, source] = panels;
  assert.equal(encoder.xTicks[0], "<s>");
  assert.ok(encoder.xTicks.includes("gesehen▁"));
  assert.equal(decoder.xTicks[0], "<s>", "the decoder reads from <s>");
  assert.equal(decoder.yTicks.at(-1), "</s>", "and its last position outputs </s>");
  assert.deepEqual(source.xTicks, encoder.xTicks);
  assert.ok(decoder.maps[0][0][0].slice(1).every((p) => p < 1e-6), "the first decoder position sees only <s>");
  assert.throws(() => translationAttention(model, codec, src, [BOS]), /not <s> and at least one more/);
  model.dispose();
});

test("verbReordering follows the row that outputs the English verb, and says what its weights show", () => {
  const {codec, model} = loadTranslationModel(bytes);
  model.dispose();
  const [sub, perfect] = REORDERING_EXAMPLES;
  assert.deepEqual([sub.de, sub.en, sub.deVerb, sub.enVerb], ["Ich bleibe zu Hause, weil die Frau das Buch liest.", "I stay at home because the woman reads the book.", "liest", "reads"]);
  assert.deepEqual([perfect.de, perfect.enVerb, perfect.deVerb], ["Der Mann hat den Hund gesehen.", "saw", "gesehen"]);

  // Hand-made maps: one layer of two heads over the perfect sentence and "<s> The man saw the dog . </s>".
  const src = codec.encodeDetailed(perfect.de);
  const out = codec.encodeSentence("The man saw the dog.");
  const S = src.ids.length;
  const verbAt = src.pieces.indexOf("gesehen</w>");
  const sawRow = wordsOf(piecesOf(codec, out)).find((w) => w.text === "saw")!.positions[0] - 1;
  const onehot = (s: number) => Array.from({length: S}, (_, k) => (k === s ? 1 : 0));
  const head = (verbRowTo: number) => Array.from({length: out.length - 1}, (_, r) => onehot(r === sawRow ? verbRowTo : 1));
  const follows = verbReordering(perfect, codec, out, [[head(verbAt), head(verbAt)]]);
  assert.equal(follows.verbRow, sawRow);
  assert.equal(follows.top.position, verbAt);
  assert.deepEqual(follows.verbHeads, [1, 2]);
  assert.match(describeReordering(follows), /attends most to the German verb “gesehen▁” at the end of the clause: the reordering\. It gives “gesehen” 1\.00/);

  const elsewhere = verbReordering(perfect, codec, out, [[head(1), head(verbAt)]]);
  assert.deepEqual(elsewhere.verbHeads, [2]);
  assert.equal(elsewhere.verbWeight, 0.5);
  assert.equal(elsewhere.top.position, 1, "a tie goes to the first subword, “Der”");
  assert.match(describeReordering(elsewhere), /attends most to “Der▁” \(0\.50\), not to the German verb “gesehen” at the end of the clause\. It gives “gesehen” 0\.50.*head 2 has its largest weight there/);

  const without = codec.encodeSentence("The man closes the dog.");
  const lacking = verbReordering(perfect, codec, without, [[Array.from({length: without.length - 1}, () => onehot(verbAt))]]);
  assert.equal(lacking.verbRow, null);
  assert.match(describeReordering(lacking), /has no “saw”.*the output that attends most to “gesehen”/);
});

test("the model's facts come from its metadata; files that are not translators are refused, naming them", () => {
  const opened = openTranslationFile(bytes, "translate-tiny.safetensors");
  assert.ok(opened.loaded);
  const facts = modelFacts(opened.loaded, bytes.length);
  assert.equal(facts.parameters, 792_040);
  assert.equal(facts.heldOutBleu, Number(opened.loaded.metadata.held_out_bleu));
  assert.equal(facts.tokensSeen, Number(opened.loaded.metadata.steps) * 1000);
  opened.loaded.model.dispose();
  const copy = openTranslationFile(new Uint8Array(readFileSync(new URL("../../data/weights/copy-small.safetensors", import.meta.url))), "copy.safetensors");
  assert.match(copy.error ?? "", /^“copy\.safetensors” is not a translation model this page can use: .*tokenizer.*copy-task model/);
  assert.match(openTranslationFile(new Uint8Array([1, 2, 3]), "x.bin").error ?? "", /^“x\.bin” is not a translation model.*safetensors/);
});

test("translationChoices lists the translation models, newest first and chosen, then the shipped one", () => {
  const entry = (key: string, savedAt: string, task?: "copy" | "translation") => ({key, kind: key.startsWith("saved:") ? "saved" as const : "recent" as const, name: key.slice(key.indexOf(":") + 1), info: {savedAt, description: key, task}});
  const none = translationChoices([entry("saved:c", "2026-03-01T00:00:00Z")]);
  assert.deepEqual(none.options.map((o) => o.key), ["shipped"]);
  assert.equal(none.value, "shipped");
  const some = translationChoices([entry("saved:a", "2026-01-01T00:00:00Z", "translation"), entry("recent:b", "2026-02-01T00:00:00Z", "translation"), entry("saved:c", "2026-03-01T00:00:00Z", "copy")]);
  assert.deepEqual(some.options.map((o) => o.key), ["recent:b", "saved:a", "shipped"]);
  assert.equal(some.value, "recent:b");
});

test("CORPUS_WORDS is what the generated corpus's training split holds", () => {
  const stats = splitStats(generateCorpus().train);
  assert.deepEqual({de: stats.wordsDe, en: stats.wordsEn}, CORPUS_WORDS);
});

// BLEU against NLTK's corpus_bleu (data/fixtures/bleu.json, from scripts/reference/bleu_fixtures.py).
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {bleuOfTokens, bleuSteps, corpusBleu, tokenize13a, type BleuResult} from "../../src/text/bleu.js";

interface Scores {
  bleu: number;
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}
interface Case {
  name: string;
  hypotheses: string[];
  references: string[];
  hypothesisTokens: string[][];
  referenceTokens: string[][];
  none: Scores;
  exp: Scores;
}
const fixtures = JSON.parse(readFileSync(new URL("../../data/fixtures/bleu.json", import.meta.url), "utf8")) as {
  cases: Case[];
  tokenizer: {text: string; tokens: string[]}[];
};

function assertScores(actual: BleuResult, expected: Scores, what: string): void {
  const close = (a: number, b: number, name: string) => assert.ok(Math.abs(a - b) <= 1e-6, `${what} ${name}: ${a} vs NLTK's ${b}`);
  close(actual.bleu, expected.bleu, "bleu");
  close(actual.bp, expected.bp, "bp");
  // The fixture's precisions are NLTK's unsmoothed clipped counts, in percent.
  actual.matches.forEach((m, i) => close((100 * m) / actual.totals[i], expected.precisions[i], `p${i + 1}`));
  assert.equal(actual.sysLen, expected.sysLen, `${what} sysLen`);
  assert.equal(actual.refLen, expected.refLen, `${what} refLen`);
}

test("tokenize13a splits as sacreBLEU's tokenizer_13a (the fixture script's port of it)", () => {
  for (const {text, tokens} of fixtures.tokenizer) assert.deepEqual(tokenize13a(text), tokens, JSON.stringify(text));
  for (const c of fixtures.cases) {
    assert.deepEqual(c.hypotheses.map(tokenize13a), c.hypothesisTokens, c.name);
    assert.deepEqual(c.references.map(tokenize13a), c.referenceTokens, c.name);
  }
});

test("the fixtures hold the required cases", () => {
  const byName = new Map(fixtures.cases.map((c) => [c.name, c]));
  assert.equal(byName.get("perfect match")!.none.bleu, 100);
  assert.ok(byName.get("no 4-gram match")!.none.bleu < 1e-6);
  assert.ok(byName.get("brevity penalty")!.none.bp < 0.6);
  assert.ok(byName.get("realistic corpus")!.hypotheses.length >= 10);
});

test("corpus BLEU without smoothing equals NLTK's corpus_bleu to 1e-6", () => {
  for (const c of fixtures.cases) {
    const result = corpusBleu(c.hypotheses, c.references);
    assertScores(result, c.none, c.name);
    assert.deepEqual(result.precisions, result.matches.map((m, i) => (100 * m) / result.totals[i]), `${c.name}: unsmoothed`);
    assert.deepEqual(bleuOfTokens(c.hypothesisTokens, c.referenceTokens), result);
  }
});

test("with sacreBLEU's exp smoothing it equals NLTK's method3 (the NIST smoothing) to 1e-6", () => {
  for (const c of fixtures.cases) {
    assertScores(corpusBleu(c.hypotheses, c.references, "exp"), c.exp, c.name);
  }
});

test("a zero precision gives 0 without smoothing; an empty hypothesis has BP 0", () => {
  const noFourGram = corpusBleu(["the cat sat on a mat"], ["the cat is on the mat"]);
  assert.equal(noFourGram.matches[3], 0);
  assert.equal(noFourGram.bleu, 0);
  assert.equal(corpusBleu([""], ["the cat"]).bp, 0);
  assert.throws(() => corpusBleu(["a"], []), /1 hypotheses but 0 references/);
});

test("bleuSteps lists each order's n-grams with their clipped matches", () => {
  const {hypTokens, orders, result} = bleuSteps("the the the cat.", "the cat sat.");
  assert.deepEqual(hypTokens, ["the", "the", "the", "cat", "."]);
  const unigrams = orders[0].ngrams;
  assert.deepEqual(unigrams.find((g) => g.ngram[0] === "the"), {ngram: ["the"], count: 3, refCount: 1, clipped: 1});
  assert.equal(orders[0].matches, 3); // the (clipped to 1), cat, .
  assert.equal(orders[0].total, 5);
  assert.equal(orders[1].matches, 1); // "the cat"
  assert.equal(orders[3].matches, 0);
  assert.deepEqual(orders.map((o) => o.matches), result.matches);
  assert.deepEqual(orders.map((o) => o.total), result.totals);
});

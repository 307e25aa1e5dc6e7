import assert from "node:assert/strict";
import {test} from "node:test";
import {detokenize, pretokenize} from "../../src/text/pretokenize.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";

test("punctuation is split from words; letters with umlauts and ß stay in them", () => {
  assert.deepEqual(pretokenize("Ich esse gern Pilze."), ["Ich", "esse", "gern", "Pilze", "."]);
  assert.deepEqual(pretokenize("Heute sieht der Mann den Hund, weil die Straße groß ist!"),
    ["Heute", "sieht", "der", "Mann", "den", "Hund", ",", "weil", "die", "Straße", "groß", "ist", "!"]);
  assert.deepEqual(pretokenize("Wer öffnet? (Niemand.)"), ["Wer", "öffnet", "?", "(", "Niemand", ".", ")"]);
  assert.deepEqual(pretokenize("Er sagt: „Komm mit!“, und sie kommt; dann geht sie…"),
    ["Er", "sagt", ":", "„", "Komm", "mit", "!", "“", ",", "und", "sie", "kommt", ";", "dann", "geht", "sie", "…"]);
  assert.deepEqual(pretokenize('She said "yes".'), ["She", "said", '"', "yes", '"', "."]);
});

test("English clitics are split the Penn Treebank way; other apostrophes stay in the word", () => {
  assert.deepEqual(pretokenize("I don't see the man's dog."), ["I", "do", "n't", "see", "the", "man", "'s", "dog", "."]);
  assert.deepEqual(pretokenize("We're sure they'll say I'd, you've, I'm."),
    ["We", "'re", "sure", "they", "'ll", "say", "I", "'d", ",", "you", "'ve", ",", "I", "'m", "."]);
  assert.deepEqual(pretokenize("O'Brien reads the dogs' books."), ["O'Brien", "reads", "the", "dogs'", "books", "."]);
  assert.deepEqual(pretokenize("I don’t know."), ["I", "do", "n’t", "know", "."]);
  assert.deepEqual(pretokenize("I don't.", {splitClitics: false}), ["I", "don't", "."]);
});

test("hyphens: inside a word and at its end they stay, a dash between spaces is a token", () => {
  assert.deepEqual(pretokenize("Die E-Mail ist well-known – oder nicht?"), ["Die", "E-Mail", "ist", "well-known", "–", "oder", "nicht", "?"]);
  assert.deepEqual(pretokenize("Haus- und Gartenarbeit"), ["Haus-", "und", "Gartenarbeit"]);
  assert.deepEqual(pretokenize("Es kostet 3,5 Euro um 10:30 Uhr, z.B. heute."), ["Es", "kostet", "3,5", "Euro", "um", "10:30", "Uhr", ",", "z.B", ".", "heute", "."]);
});

test("text is normalised to NFC and split on any whitespace", () => {
  assert.deepEqual(pretokenize("Mu\u0308ller  sagt\tja\n"), ["Müller", "sagt", "ja"]);
  assert.deepEqual(pretokenize("   "), []);
});

test("detokenize inverts pretokenize on every course sentence and on tricky spacing", () => {
  const tricky = [
    "Er sagt: „Komm mit!“, und sie kommt.",
    'She said "yes", and "no".',
    "“Don't,” he said (twice).",
    "Wait... what?!",
    "Die E-Mail – oder nicht?",
    "I can't, won't and shouldn't.",
    "¿Qué? ¡Nada!"
  ];
  for (const s of [...tricky, ...SENTENCE_PAIRS.flatMap(([de, en]) => [de, en])]) {
    const tokens = pretokenize(s);
    assert.equal(detokenize(tokens), s, `tokens ${JSON.stringify(tokens)}`);
    assert.deepEqual(pretokenize(detokenize(tokens)), tokens);
  }
});

test("detokenize normalises spacing that breaks the rules (so such text does not round-trip)", () => {
  assert.equal(detokenize(pretokenize("Hallo , Welt ( ja )")), "Hallo, Welt (ja)");
});

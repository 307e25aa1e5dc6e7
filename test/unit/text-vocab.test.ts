import assert from "node:assert/strict";
import {test} from "node:test";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";
import {BpeEncoder, splitWord} from "../../src/text/bpe.js";
import {pretokenize} from "../../src/text/pretokenize.js";
import {BOS, buildTokenizer, EOS, PAD, SPECIALS, TextCodec, tokenizerFromMetadata, tokenizerToMetadata, UNK} from "../../src/text/vocab.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";

const sentences = SENTENCE_PAIRS.flatMap(([de, en]) => [de, en]);
const tokenizer = buildTokenizer(sentences, 400);
const codec = new TextCodec(tokenizer);

test("the specials come first in the Annotated Transformer's order, then every training character, then subwords by frequency", () => {
  assert.deepEqual(tokenizer.vocab.slice(0, 4), ["<s>", "</s>", "<blank>", "<unk>"]);
  assert.deepEqual([BOS, EOS, PAD, UNK], [0, 1, 2, 3]);
  assert.equal(tokenizer.vocab.length, 400);
  assert.equal(new Set(tokenizer.vocab).size, 400, "no symbol twice");
  // the alphabet: every character of the sentences' words in splitWord's forms, counted over the words
  const characters = new Map<string, number>();
  for (const s of sentences) for (const word of pretokenize(s, tokenizer.pretokenizer)) for (const c of splitWord(word)) characters.set(c, (characters.get(c) ?? 0) + 1);
  const alphabet = tokenizer.vocab.slice(4, 4 + characters.size);
  assert.deepEqual(new Set(alphabet), new Set(characters.keys()), "the characters come right after the specials");
  for (let i = 1; i < alphabet.length; i++) assert.ok(characters.get(alphabet[i - 1])! >= characters.get(alphabet[i])!, `${alphabet[i - 1]} before ${alphabet[i]}`);
  // frequency order of the rest: recount how often the merges' encoding of the words uses each subword
  const encoder = new BpeEncoder(tokenizer.merges);
  const uses = new Map<string, number>();
  for (const s of sentences) for (const word of pretokenize(s, tokenizer.pretokenizer)) for (const piece of encoder.encode(word)) uses.set(piece, (uses.get(piece) ?? 0) + 1);
  const rest = tokenizer.vocab.slice(4 + characters.size);
  const counts = rest.map((symbol) => uses.get(symbol) ?? 0);
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i - 1] >= counts[i], `${rest[i - 1]} before ${rest[i]}`);
  assert.ok(counts.every((n) => n > 0), "every subword after the alphabet is used");
});

test("a large vocabulary keeps the characters that whole-word merges swallowed, so a new word is spelled, not <unk>", () => {
  const large = buildTokenizer(sentences, 20_000); // room for every word as one symbol
  const wordsOnly = large.vocab.filter((s) => !(SPECIALS as readonly string[]).includes(s) && Array.from(s.replace(/<\/w>$/, "")).length > 1);
  assert.ok(wordsOnly.length > 100, "the merges made whole words");
  const {pieces, unknown} = new TextCodec(large).encodeDetailed("Der Astronaut isst.");
  assert.deepEqual(unknown, [], `no <unk> in ${pieces.join(" ")}`);
});

test("a merged subword cut from the vocabulary by its size is split back into the pieces it was made of", () => {
  const full = buildTokenizer(sentences, 400);
  const cut = full.vocab[full.vocab.length - 1]; // the least used subword
  assert.ok(Array.from(cut.replace(/<\/w>$/, "")).length > 1, `${cut} is a merged subword`);
  const smaller = {...full, vocab: full.vocab.slice(0, -1)};
  const word = sentences.flatMap((s) => pretokenize(s, full.pretokenizer)).find((w) => new TextCodec(full).encodeDetailed(w).pieces.includes(cut))!;
  const {pieces, unknown} = new TextCodec(smaller).encodeDetailed(word);
  assert.deepEqual(unknown, [], `${word} → ${pieces.join(" ")}`);
  assert.ok(!pieces.includes(cut) && pieces.slice(1, -1).join("") === new TextCodec(full).encodeDetailed(word).pieces.slice(1, -1).join(""), `${word} → ${pieces.join(" ")}`);
});

test("encode → decode reproduces every sentence exactly", () => {
  for (const s of sentences) {
    const {ids, unknown} = codec.encodeDetailed(s);
    assert.deepEqual(unknown, [], s);
    assert.equal(ids[0], BOS);
    assert.equal(ids.at(-1), EOS);
    assert.equal(codec.decodeIds(ids), s);
  }
});

test("the seed sentence, in subwords", () => {
  const {ids, pieces} = codec.encodeDetailed("I like eating mushrooms.");
  assert.equal(pieces[0], "<s>");
  assert.equal(pieces.at(-1), "</s>");
  assert.equal(pieces.slice(1, -1).join("").replaceAll("</w>", " ").trim(), "I like eating mushrooms .");
  assert.deepEqual(ids.map((id) => tokenizer.vocab[id]).slice(1, -1), pieces.slice(1, -1));
});

test("a subword outside the vocabulary becomes <unk>, and the pieces say which", () => {
  const {ids, pieces, unknown} = codec.encodeDetailed("Das Qatar-Zebra");
  assert.ok(unknown.length > 0);
  for (const i of unknown) {
    assert.equal(ids[i], UNK);
    assert.ok(!tokenizer.vocab.includes(pieces[i]), pieces[i]);
  }
  for (const [i, id] of ids.entries()) if (!unknown.includes(i)) assert.notEqual(id, UNK);
  assert.match(codec.decodeIds(ids), /<unk>/);
  // a word spelled like a special is text, not the special
  assert.ok(!codec.encodeSentence("<s>").slice(1, -1).includes(BOS));
});

test("a small vocabulary keeps the most frequent subwords, and anything else is <unk>", () => {
  const small = new TextCodec(buildTokenizer(sentences, 30));
  assert.equal(small.vocabSize, 30);
  const {unknown} = small.encodeDetailed("Der Mann sieht den Hund.");
  assert.ok(unknown.length > 0);
});

test("decodeIds skips <s> and padding, stops at </s>, and refuses an id outside the vocabulary", () => {
  const ids = codec.encodeSentence("Der Hund.");
  assert.equal(codec.decodeIds([...ids, PAD, PAD]), "Der Hund.");
  assert.equal(codec.decodeIds([...ids, ...codec.encodeSentence("Die Katze.")]), "Der Hund.");
  assert.throws(() => codec.decodeIds([0, 400]), /id 400 is outside the vocabulary 0\.\.399/);
});

test("the tokenizer travels in a safetensors file's __metadata__ and comes back equal", () => {
  const metadata = tokenizerToMetadata(tokenizer);
  for (const value of Object.values(metadata)) assert.equal(typeof value, "string");
  const bytes = serializeSafetensors([["w", {shape: [1], data: new Float32Array([1])}]], {format: "pt", ...metadata});
  const back = tokenizerFromMetadata(parseSafetensors(bytes).metadata);
  assert.deepEqual(back, tokenizer);
  const again = new TextCodec(back);
  for (const s of sentences) assert.deepEqual(again.encodeSentence(s), codec.encodeSentence(s));
});

test("tokenizerFromMetadata names what is wrong", () => {
  const json = JSON.parse(tokenizerToMetadata(tokenizer).tokenizer);
  const withJson = (change: (j: any) => void) => {
    const copy = structuredClone(json);
    change(copy);
    return {tokenizer: JSON.stringify(copy)};
  };
  assert.throws(() => tokenizerFromMetadata({}), /no "tokenizer" entry/);
  assert.throws(() => tokenizerFromMetadata({tokenizer: "{"}), /not JSON/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.format = "x"))), /format is "x"/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.version = 2))), /version 2 is not supported/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.pretokenizer = {}))), /pretokenizer must be/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.merges[3] = "ab"))), /merge 3 is "ab", not two symbols/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.vocab[2] = "<pad>"))), /vocab\[2\] is "<pad>", but the specials must come first/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.vocab[9] = j.vocab[8]))), /twice, at ids 8 and 9/);
  assert.throws(() => tokenizerFromMetadata(withJson((j) => (j.vocab[9] = "xyz"))), /vocab\[9\] "xyz" is neither a character nor made by a merge/);
});

test("buildTokenizer refuses a vocabulary with no room beyond the specials", () => {
  assert.throws(() => buildTokenizer(sentences, SPECIALS.length), /above 4/);
  assert.throws(() => buildTokenizer([" "], 10), /no words/);
});

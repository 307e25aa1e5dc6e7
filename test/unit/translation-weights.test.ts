// A translation model is one safetensors file: the weights (weights.ts) and the tokenizer in its
// __metadata__. Saved and loaded back, the weights are the same numbers and the tokenizer the same
// object; a file without a tokenizer, or with a vocabulary that does not fit the model, is refused.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";
import {loadTranslationModel, readTokenizer, saveTranslationModel} from "../../src/io/translation-model.js";
import {saveWeights} from "../../src/io/weights.js";
import {makeModel} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {buildTokenizer, TextCodec, TOKENIZER_METADATA_KEY} from "../../src/text/vocab.js";
import {SENTENCE_PAIRS} from "../support/sentences.js";

before(() => initNodeBackend("cpu"));

const tokenizer = buildTokenizer(SENTENCE_PAIRS.flatMap(([de, en]) => [de, en]), 120);
const V = tokenizer.vocab.length;

test("the tokenizer travels in the model's weights file and comes back equal, with the same weights", () => {
  const model = makeModel(V, V, 1, 16, 32, 2, 0.1, 3);
  const bytes = saveTranslationModel(model, tokenizer);
  const file = parseSafetensors(bytes);
  assert.equal(typeof file.metadata[TOKENIZER_METADATA_KEY], "string");
  assert.equal(file.metadata.d_model, "16");
  assert.deepEqual(readTokenizer(bytes), tokenizer);

  const {model: loaded, tokenizer: back} = loadTranslationModel(bytes);
  assert.deepEqual(back, tokenizer);
  const before = new Map(model.namedParameters().map(([n, v]) => [n, Array.from(v.dataSync())]));
  for (const [name, v] of loaded.namedParameters()) assert.deepEqual(Array.from(v.dataSync()), before.get(name), name);
  const [de] = SENTENCE_PAIRS[0];
  const codec = new TextCodec(back);
  assert.equal(codec.decodeIds(codec.encodeSentence(de)), de);
  model.dispose();
  loaded.dispose();
});

test("a model whose vocabulary is not the tokenizer's is refused on save and on load", () => {
  const model = makeModel(V + 1, V + 1, 1, 16, 32, 2, 0.1, 3);
  assert.throws(() => saveTranslationModel(model, tokenizer), new RegExp(`tokenizer has ${V} symbols but the model has srcVocab=${V + 1}, tgtVocab=${V + 1}`));
  const {tensors, metadata} = parseSafetensors(saveWeights(model));
  const forged = serializeSafetensors(tensors, {...metadata, [TOKENIZER_METADATA_KEY]: JSON.parse(JSON.stringify(saveTokenizerOnly()))[TOKENIZER_METADATA_KEY]});
  assert.throws(() => loadTranslationModel(forged), new RegExp(`tokenizer has ${V} symbols but the file has src_vocab=${V + 1}`));
  model.dispose();
});

test("a plain weights file has no tokenizer, and says so", () => {
  const model = makeModel(V, V, 1, 16, 32, 2, 0.1, 3);
  assert.throws(() => readTokenizer(saveWeights(model)), /no "tokenizer" entry \(was the model saved without its tokenizer\?\)/);
  model.dispose();
});

/** The tokenizer's metadata entries, as a right-sized model's file holds them. */
function saveTokenizerOnly(): Record<string, string> {
  const model = makeModel(V, V, 1, 16, 32, 2, 0.1, 3);
  const metadata = parseSafetensors(saveTranslationModel(model, tokenizer)).metadata;
  model.dispose();
  return metadata;
}

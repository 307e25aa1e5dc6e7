// The translation library: data preparation, batches padded with <blank>, decoding that stops at
// </s>, the training loop's reports, and the translation-model file's handling of shared names.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {generateCorpus} from "../../src/corpus/index.js";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";
import {loadTranslationModel, saveTranslationModel} from "../../src/io/translation-model.js";
import {countParameters, EncoderDecoder} from "../../src/model/model.js";
import {disposeBatch} from "../../src/training/batch.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";
import {epochBatches, prepareTranslationData, trainTranslation, translateIds, translationBatch} from "../../src/training/translation.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {BOS, EOS, PAD} from "../../src/text/vocab.js";

before(() => initNodeBackend("wasm"));

const corpus = generateCorpus({seed: 5, pairs: 80, validPairs: 6, testPairs: 2});
const text = (split: typeof corpus.train) => split.map(({de, en}) => ({src: de, tgt: en}));
const data = prepareTranslationData(text(corpus.train), text(corpus.valid), {vocabSize: 120, maxLength: 72});
const small = {N: 1, dModel: 16, dFF: 32, h: 2, dropout: 0, sharedEmbeddings: true, srcVocab: 120, tgtVocab: 120};

test("the joint vocabulary is learned on both sides and every pair is encoded with <s> ... </s>", () => {
  assert.equal(data.codec.vocabSize, 120);
  assert.equal(data.train.length + data.tooLong, 80);
  for (const {src, tgt} of data.train) {
    assert.equal(src[0], BOS);
    assert.equal(tgt.at(-1), EOS);
  }
});

test("batches stay within the token budget, cover every pair each epoch, and pad with <blank>", () => {
  const budget = 300;
  const seen: number[] = [];
  for (const {epoch, indices} of epochBatches(data.train, budget, 1)) {
    if (epoch > 1) break;
    const S = Math.max(...indices.map((i) => data.train[i].src.length));
    const T = Math.max(...indices.map((i) => data.train[i].tgt.length));
    assert.ok(indices.length === 1 || indices.length * Math.max(S, T) <= budget);
    seen.push(...indices);
  }
  assert.deepEqual(seen.sort((a, b) => a - b), data.train.map((_, i) => i));
  const batch = translationBatch(data.train, [0, 1, 2]);
  const lengths = [0, 1, 2].map((i) => data.train[i].tgt.length - 1);
  assert.equal(batch.ntokens.dataSync()[0], lengths.reduce((a, b) => a + b, 0), "ntokens counts no <blank>");
  const src = batch.src_BS.arraySync();
  const mask = batch.srcMask_B1S.arraySync();
  src.forEach((row, b) => row.forEach((id, s) => assert.equal(Boolean(mask[b][0][s]), id !== PAD)));
  disposeBatch(batch);
});

test("greedy decoding stops once every sentence has produced </s>, and pads after it", () => {
  const model = new EncoderDecoder(small, 3);
  // Make </s> the most likely token everywhere: a large bias on its logit.
  const bias = model.generator.proj.bias;
  bias.assign(tf.tidy(() => tf.oneHot([EOS], 120).reshape([120]).mul(100).toFloat()) as tf.Tensor1D);
  const decoded = translateIds(model, [data.train[0].src, data.train[1].src], {maxLen: 30});
  assert.deepEqual(decoded, [[BOS, EOS], [BOS, EOS]]);
  const beam = translateIds(model, [data.train[0].src], {beam: 3, maxLen: 30});
  assert.deepEqual(beam, [[BOS, EOS]]);
  model.dispose();
});

test("trainTranslation reports loss, lr, tokens and held-out BLEU with samples, and the loss falls", () => {
  const model = new EncoderDecoder(small, 1);
  const preset = {...TRANSLATION_PRESETS["translate-tiny"], maxTokens: 400, train: {...TRANSLATION_PRESETS["translate-tiny"].train, warmup: 20}};
  const losses: number[] = [];
  let evaluated = 0;
  for (const p of trainTranslation(model, data, preset, {seed: 1, evalEvery: 15, heldOut: 4})) {
    losses.push(p.loss);
    assert.ok(p.tokens > 0 && p.slots >= p.tokens && p.lr > 0);
    if (p.eval) {
      evaluated++;
      assert.equal(p.eval.sentences, 4);
      assert.equal(p.eval.samples.length, 3);
      assert.ok(p.eval.bleu >= 0 && p.eval.bleu <= 100);
    }
    if (p.step === 30) break;
  }
  assert.equal(evaluated, 2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(losses.slice(-5)) < mean(losses.slice(0, 5)), `loss ${mean(losses.slice(0, 5))} → ${mean(losses.slice(-5))}`);
  model.dispose();
});

test("shared embeddings need one vocabulary, and a shared model disposes cleanly", () => {
  assert.throws(() => new EncoderDecoder({...small, tgtVocab: 121}), /shared embeddings need one joint vocabulary, but srcVocab=120 and tgtVocab=121/);
  const model = new EncoderDecoder(small);
  const untied = new EncoderDecoder({...small, sharedEmbeddings: false});
  assert.equal(countParameters(untied) - countParameters(model), 2 * 120 * 16);
  model.dispose();
  untied.dispose();
});

test("a PyTorch state_dict of a tied model (the matrix under all three names) loads; differing copies are refused", () => {
  const model = new EncoderDecoder(small, 2);
  const bytes = saveTranslationModel(model, data.tokenizer);
  const {tensors, metadata} = parseSafetensors(bytes);
  const entries = [...tensors].map(([name, t]) => [name, {shape: t.shape, data: t.data}] as [string, {shape: number[]; data: Float32Array}]);
  const lut = tensors.get("src_embed.0.lut.weight")!;
  const tied = [...entries, ["tgt_embed.0.lut.weight", lut], ["generator.proj.weight", lut]] as typeof entries;
  const loaded = loadTranslationModel(serializeSafetensors(tied, metadata));
  assert.deepEqual(loaded.model.generator.proj.weight.dataSync(), model.src_embed.embeddings.lut.dataSync());
  loaded.model.dispose();

  const other = {shape: lut.shape, data: lut.data.map((x) => x + 1)};
  const untied = [...entries, ["tgt_embed.0.lut.weight", lut], ["generator.proj.weight", other]] as typeof entries;
  assert.throws(() => loadTranslationModel(serializeSafetensors(untied, metadata)), /shared_embeddings=true, but its "generator\.proj\.weight" differs from "src_embed\.0\.lut\.weight"/);
  const unshared = {...metadata, shared_embeddings: "false"};
  assert.throws(() => loadTranslationModel(serializeSafetensors(entries, unshared)), /no tensor "tgt_embed\.0\.lut\.weight" \(its metadata has no shared_embeddings=true/);
  const wrongVocab = {...metadata, src_vocab: "119", tgt_vocab: "119"};
  assert.throws(() => loadTranslationModel(serializeSafetensors(entries, wrongVocab)), /src_vocab = 119 but tensor "src_embed\.0\.lut\.weight" has shape \[120,16\]/);
  model.dispose();
});

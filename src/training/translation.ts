// Training a German→English translator: a joint BPE vocabulary learned on the training pairs, the
// pairs as batches of a token budget (length-batches.ts) made into tensors by makeBatch with
// <blank> as padding, the Trainer's steps, and held-out BLEU of greedy translations every few
// hundred steps. translate() turns sentences into sentences, greedy or by beam search.
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, subsequentMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";
import {corpusBleu} from "../text/bleu.js";
import {BOS, buildTokenizer, EOS, PAD, TextCodec, type Tokenizer} from "../text/vocab.js";
import {type Batch, disposeBatch, makeBatch} from "./batch.js";
import {beamSearch, nextLogprobs} from "./decode.js";
import {type IdPair, lengthBatches, padBatch} from "./length-batches.js";
import type {TranslationPreset} from "./translation-presets.js";
import {type StepResult, Trainer} from "./train.js";

/** A sentence and its translation (the shape of io's SentencePair and of the generated corpus as {src: de, tgt: en}). */
export interface TextPair {
  src: string;
  tgt: string;
}

export interface TranslationData {
  tokenizer: Tokenizer;
  codec: TextCodec;
  /** The training pairs as ids, those longer than maxLength left out. */
  train: IdPair[];
  /** Training pairs left out for their length. */
  tooLong: number;
  /** Held-out pairs, as text (BLEU compares text). */
  valid: TextPair[];
}

/** Learns the joint vocabulary on the training pairs (both sides) and encodes them. */
export function prepareTranslationData(train: readonly TextPair[], valid: readonly TextPair[], {vocabSize, maxLength}: Pick<TranslationPreset, "vocabSize" | "maxLength">): TranslationData {
  if (train.length === 0) throw new Error("prepareTranslationData: there are no training pairs");
  const tokenizer = buildTokenizer(train.flatMap(({src, tgt}) => [src, tgt]), vocabSize);
  return encodeTranslationData(tokenizer, train, valid, maxLength);
}

/** The pairs encoded with a given tokenizer (a model's own, to train it further). */
export function encodeTranslationData(tokenizer: Tokenizer, train: readonly TextPair[], valid: readonly TextPair[], maxLength: number): TranslationData {
  const codec = new TextCodec(tokenizer);
  const encoded: IdPair[] = [];
  let tooLong = 0;
  for (const {src, tgt} of train) {
    const pair = {src: codec.encodeSentence(src), tgt: codec.encodeSentence(tgt)};
    if (pair.src.length > maxLength || pair.tgt.length > maxLength) tooLong++;
    else encoded.push(pair);
  }
  if (encoded.length === 0) throw new Error(`encodeTranslationData: every training pair is longer than ${maxLength} tokens`);
  return {tokenizer, codec, train: encoded, tooLong, valid: [...valid]};
}

/** One batch of id pairs as tensors: padded with <blank>, then makeBatch's masks and shifted target. */
export function translationBatch(pairs: readonly IdPair[], indices: readonly number[], batch = makeBatch): Batch {
  const {src_BS, tgt_BT} = padBatch(pairs, [...indices], PAD);
  const [src, tgt] = [tf.tensor2d(src_BS, undefined, "int32"), tf.tensor2d(tgt_BT, undefined, "int32")];
  try {
    return batch(src, tgt, PAD);
  } finally {
    tf.dispose([src, tgt]);
  }
}

/** Batches of index lists within the token budget, epoch after epoch, each epoch in a new seeded order. */
export function* epochBatches(pairs: readonly IdPair[], maxTokens: number, seed: number): Generator<{epoch: number; indices: number[]}> {
  for (let epoch = 1; ; epoch++) {
    for (const indices of lengthBatches(pairs, {maxTokens, seed: seed + epoch})) yield {epoch, indices};
  }
}

export interface TranslateOptions {
  /** Beam search with this many hypotheses; greedy when absent or 1. */
  beam?: number;
  /** The length penalty of beam search (0.6 in the paper). */
  alpha?: number;
  /** At most this many target tokens, <s> included; default defaultMaxLen(source). */
  maxLen?: number;
  /** Sentences decoded together (greedy). */
  batchSize?: number;
  /** The decoder's causal mask: the one the model was trained with (the training page's may be the reader's, or an ablation's). */
  causal?: typeof subsequentMask;
}

/** The most target tokens a translation of `src` may have when none is given: 1.5 × the source's ids + 10, <s> included. */
export const defaultMaxLen = (src: readonly number[]): number => Math.ceil(1.5 * src.length) + 10;

/** Translations of `sentences` (text in, text out), in eval mode. */
export function translate(model: EncoderDecoder, codec: TextCodec, sentences: readonly string[], options: TranslateOptions = {}): string[] {
  return translateIds(model, sentences.map((s) => codec.encodeSentence(s)), options).map((ids) => codec.decodeIds(ids));
}

/** The decoded ids of each source's ids, starting with <s>, ending with </s> where one was produced. */
export function translateIds(model: EncoderDecoder, sources: readonly (readonly number[])[], {beam = 1, alpha = 0.6, maxLen, batchSize = 64, causal = subsequentMask}: TranslateOptions = {}): number[][] {
  const limit = (ids: readonly number[]) => maxLen ?? defaultMaxLen(ids);
  if (beam > 1) {
    return sources.map((src) => withSource([src], (src_1S, srcMask_11S) =>
      beamSearch(model, src_1S, srcMask_11S, {beamSize: beam, maxLen: limit(src), startSymbol: BOS, endSymbol: EOS, alpha}, causal)[0].ids));
  }
  const out: number[][] = [];
  for (let start = 0; start < sources.length; start += batchSize) {
    const chunk = sources.slice(start, start + batchSize);
    out.push(...withSource(chunk, (src_BS, srcMask_B1S) => greedyUntilEnd(model, src_BS, srcMask_B1S, Math.max(...chunk.map(limit)), causal)));
  }
  return out;
}

/** Runs f on the sources padded with <blank> [B, S] and their mask [B, 1, S], then frees them. */
function withSource<R>(sources: readonly (readonly number[])[], f: (src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D) => R): R {
  const S = Math.max(...sources.map((s) => s.length));
  const src_BS = tf.tensor2d(sources.map((s) => [...s, ...new Array<number>(S - s.length).fill(PAD)]), undefined, "int32");
  const srcMask_B1S = paddingMask(src_BS, PAD);
  try {
    return f(src_BS, srcMask_B1S);
  } finally {
    tf.dispose([src_BS, srcMask_B1S]);
  }
}

/**
 * Greedy decoding (decode.ts's greedyDecode) that stops once every sentence has produced </s>,
 * instead of always running to maxLen: a translation's length is not known in advance.
 */
function greedyUntilEnd(model: EncoderDecoder, src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D, maxLen: number, causal: typeof subsequentMask): number[][] {
  return model.evaluating(() => {
    const memory_BSC = tf.tidy(() => model.encode(src_BS, srcMask_B1S));
    const ys = Array.from({length: src_BS.shape[0]}, () => [BOS]);
    const done = ys.map(() => false);
    try {
      for (let i = 1; i < maxLen && done.includes(false); i++) {
        const next = tf.tidy(() => tf.argMax(nextLogprobs(model, memory_BSC, srcMask_B1S, ys, causal), 1).dataSync());
        next.forEach((id, b) => {
          ys[b].push(done[b] ? PAD : id);
          if (id === EOS) done[b] = true;
        });
      }
    } finally {
      memory_BSC.dispose();
    }
    return ys;
  });
}

export interface BleuSample {
  bleu: number; // corpus BLEU-4 in percent, sacreBLEU's defaults
  sentences: number;
  /** The first few: source, reference, the model's translation. */
  samples: {src: string; ref: string; hyp: string}[];
}

/** Corpus BLEU of the model's translations of the pairs' sources against their targets. */
export function translationBleu(model: EncoderDecoder, codec: TextCodec, pairs: readonly TextPair[], options: TranslateOptions = {}, shown = 3): BleuSample {
  const hyps = translate(model, codec, pairs.map((p) => p.src), options);
  const refs = pairs.map((p) => p.tgt);
  return {
    bleu: corpusBleu(hyps, refs).bleu,
    sentences: pairs.length,
    samples: pairs.slice(0, shown).map((p, i) => ({src: p.src, ref: p.tgt, hyp: hyps[i]}))
  };
}

export interface TranslationProgress extends StepResult {
  epoch: number;
  /** Target tokens (not padding) the step trained on, and slots of the padded batch, source and target. */
  tokens: number;
  slots: number;
  /** Held-out BLEU, every evalEvery steps. */
  eval?: BleuSample;
}

export interface TranslationTrainOptions {
  seed?: number;
  evalEvery?: number;
  heldOut?: number;
}

/**
 * Trains `model` one step per iteration on length-bucketed batches, forever (the caller stops by
 * leaving the loop: a step count, a deadline); every evalEvery steps it adds the held-out BLEU of
 * greedy translations of the first heldOut validation pairs.
 */
export function* trainTranslation(model: EncoderDecoder, data: TranslationData, preset: TranslationPreset, {seed = 1, evalEvery = preset.evalEvery, heldOut = preset.heldOut}: TranslationTrainOptions = {}): Generator<TranslationProgress> {
  const held = data.valid.slice(0, heldOut);
  const trainer = new Trainer(model, preset.train);
  try {
    for (const {epoch, indices} of epochBatches(data.train, preset.maxTokens, seed)) {
      const batch = translationBatch(data.train, indices);
      let result: TranslationProgress;
      try {
        const step = trainer.step(batch);
        const slots = batch.src_BS.size + batch.tgtIn_BT.size;
        result = {...step, epoch, tokens: batch.ntokens.dataSync()[0], slots};
      } finally {
        disposeBatch(batch);
      }
      if (held.length > 0 && result.step % evalEvery === 0) result.eval = translationBleu(model, data.codec, held);
      yield result;
    }
  } finally {
    trainer.dispose();
  }
}

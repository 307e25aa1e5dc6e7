// The logic behind the page "Additional components" (src/additional-components.md): the parameters
// shared embeddings save, beam search step by step on the reader's sentence, and checkpoint
// averaging of the reader's stored translation runs, scored by held-out BLEU.
import * as tf from "@tensorflow/tfjs-core";
import {generateCorpus} from "../corpus/index.js";
import {loadStoredModel, type StoredEntry} from "../io/browser-store.js";
import type {TranslationModel} from "../io/translation-model.js";
import {countParameters, EncoderDecoder, type ModelConfig} from "../model/model.js";
import {paddingMask} from "../model/masks.js";
import {BOS, EOS, PAD, type TextCodec} from "../text/vocab.js";
import {averageCheckpoints, sameArchitecture} from "../training/checkpoint-average.js";
import {beamSteps, type Hypothesis} from "../training/decode.js";
import {type TextPair, translationBleu} from "../training/translation.js";
import {openTranslationFile, SHIPPED, translationChoices} from "./translation.js";

export interface SharingFigures {
  parameters: number;
  /** Whether the target embedding's table and the generator's weight are the source embedding's variable. */
  targetIsSource: boolean;
  generatorIsSource: boolean;
}

/** A model of `config` with or without shared embeddings: its parameter count and what is one variable. */
export function sharingFigures(config: ModelConfig, sharedEmbeddings: boolean): SharingFigures {
  const model = new EncoderDecoder({...config, sharedEmbeddings});
  try {
    const lut = model.src_embed.embeddings.lut;
    return {
      parameters: countParameters(model),
      targetIsSource: model.tgt_embed.embeddings.lut === lut,
      generatorIsSource: model.generator.proj.weight === lut
    };
  } finally {
    model.dispose();
  }
}

export type BeamStatus = "kept" | "finished" | "pruned";

export interface TracedHypothesis {
  /** The hypothesis as text so far, and the subword this step added. */
  text: string;
  token: string;
  logprob: number;
  score: number;
  status: BeamStatus;
}

export interface BeamTrace {
  /** The source's subwords, as the model saw them. */
  pieces: string[];
  /** For each step (1 = the first word after <s>): what it kept, finished and pruned, best log-probability first. */
  steps: TracedHypothesis[][];
  /** The finished hypotheses, best score first. */
  best: {text: string; logprob: number; score: number; length: number}[];
}

export interface TraceOptions {
  beamSize: number;
  alpha: number;
  /** At most this many target tokens, <s> included; default 1.5 × the source's ids + 10, as translate() does. */
  maxLen?: number;
}

/** Beam search on one sentence (decode.ts's beamSteps), every step's hypotheses as text with their scores. */
export function beamTrace(model: EncoderDecoder, codec: TextCodec, sentence: string, {beamSize, alpha, maxLen}: TraceOptions): BeamTrace {
  const {ids, pieces} = codec.encodeDetailed(sentence);
  const vocab = codec.tokenizer.vocab;
  const traced = (h: Hypothesis, status: BeamStatus): TracedHypothesis => ({
    text: codec.decodeIds(h.ids), token: vocab[h.ids[h.ids.length - 1]], logprob: h.logprob, score: h.score, status
  });
  const src_1S = tf.tensor2d([ids], undefined, "int32");
  const srcMask_11S = paddingMask(src_1S, PAD);
  try {
    const options = {beamSize, alpha, maxLen: maxLen ?? Math.ceil(1.5 * ids.length) + 10, startSymbol: BOS, endSymbol: EOS};
    const search = beamSteps(model, src_1S, srcMask_11S, options);
    const steps: TracedHypothesis[][] = [];
    let step = search.next();
    while (!step.done) {
      const {kept, finished, pruned} = step.value;
      const rows = [...kept.map((h) => traced(h, "kept")), ...finished.map((h) => traced(h, "finished")), ...pruned.map((h) => traced(h, "pruned"))];
      steps.push(rows.sort((a, b) => b.logprob - a.logprob));
      step = search.next();
    }
    const best = step.value.map((h) => ({text: codec.decodeIds(h.ids), logprob: h.logprob, score: h.score, length: h.ids.length - 1}));
    return {pieces, steps, best};
  } finally {
    tf.dispose([src_1S, srcMask_11S]);
  }
}

/** The first n pairs of the generated corpus's validation split (seed 1): the command line's held-out pairs. */
export function heldOutSample(n: number, seed = 1): TextPair[] {
  return generateCorpus({seed, pairs: 0, validPairs: n}).valid.map(({de, en}) => ({src: de, tgt: en}));
}

/** Models that can be averaged with the first: the same sizes, sharing and tokenizer. */
export function averageable<T extends TranslationModel>(models: readonly T[]): T[] {
  if (models.length === 0) return [];
  const [first] = models;
  const tokenizer = JSON.stringify(first.tokenizer);
  return models.filter((m) => sameArchitecture(m.model, first.model) && JSON.stringify(m.tokenizer) === tokenizer);
}

export interface AveragingResult {
  /** Held-out BLEU of each model, in the order given, and of their average. */
  each: number[];
  averaged: number;
  sentences: number;
}

/** Averages the models' parameters and scores each model and the average on the same held-out pairs (greedy). */
export function compareAverage(models: readonly TranslationModel[], pairs: readonly TextPair[]): AveragingResult {
  if (averageable(models).length !== models.length) throw new Error("compareAverage: the models differ in their sizes, sharing or tokenizer");
  const codec = models[0].codec;
  const each = models.map((m) => translationBleu(m.model, codec, pairs).bleu);
  const average = averageCheckpoints(models.map((m) => m.model));
  try {
    return {each, averaged: translationBleu(average, codec, pairs).bleu, sentences: pairs.length};
  } finally {
    average.dispose();
  }
}

/** A translation model kept in the browser, opened, with how the page names it. */
export interface KeptTranslator {
  key: string;
  label: string;
  savedAt: string;
  loaded: TranslationModel;
}

/**
 * The translation models kept in this browser, newest first (the last checkpoint first), opened;
 * one that cannot be read or is not a translator is left out.
 */
export async function keptTranslators(entries: readonly StoredEntry[]): Promise<KeptTranslator[]> {
  const kept = translationChoices(entries).options.filter((o) => o.key !== SHIPPED);
  const opened: KeptTranslator[] = [];
  for (const {key, label} of kept) {
    const stored = await loadStoredModel(key).catch(() => null);
    const model = stored ? openTranslationFile(stored.bytes, label).loaded : null;
    if (stored && model) opened.push({key, label, savedAt: stored.info.savedAt, loaded: model});
  }
  return opened;
}

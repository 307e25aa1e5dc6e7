// What one translation run on the training page needs, as plain data that can be posted to the
// training worker: the preset, the corpus (its training and held-out pairs, as text), and the
// reader's steps, evaluation interval and choice of shared embeddings.
import type {ModelConfig} from "../model/model.js";
import type {Ablations} from "./ablations.js";
import type {TrainOptions} from "./train.js";
import type {TextPair} from "./translation.js";
import type {TranslationPreset} from "./translation-presets.js";

export interface TranslationCorpus {
  /** Where the pairs come from, for captions and the saved model's metadata. */
  source: string;
  train: TextPair[];
  /** Held out: never trained on; BLEU translates the first `heldOut` of them. */
  valid: TextPair[];
}

export interface TranslationRun {
  task: "translation";
  name: string; // the preset's
  preset: TranslationPreset; // its vocabulary, batch budget and held-out size
  model: Omit<ModelConfig, "srcVocab" | "tgtVocab">; // the preset's, with the reader's sharedEmbeddings (the vocabulary's size comes from the corpus)
  train: TrainOptions; // the preset's, with the training ablations applied
  ablations?: Ablations;
  corpus: TranslationCorpus;
  steps: number;
  evalEvery: number; // steps between held-out BLEU evaluations
  seed: number;
}

/** Limits on the reader's steps and evaluation interval. */
export const TRANSLATION_LIMITS = {steps: 100_000, evalEvery: 100_000};

/** Every problem of the reader's steps and evaluation interval, one message each; empty when the run can start. */
export function validateTranslationSettings({steps, evalEvery}: {steps: number; evalEvery: number}): string[] {
  const problems: string[] = [];
  for (const [name, value, max] of [["steps", steps, TRANSLATION_LIMITS.steps], ["evaluate every", evalEvery, TRANSLATION_LIMITS.evalEvery]] as const) {
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a positive integer, not ${value}`);
    else if (value > max) problems.push(`${name} must be at most ${max}, not ${value}`);
  }
  return problems;
}

export interface TranslationRunOptions {
  steps?: number;
  evalEvery?: number;
  seed?: number;
  /** One matrix for the source embedding, the target embedding and the generator; the preset's choice by default. */
  sharedEmbeddings?: boolean;
}

export function translationRun(
  preset: TranslationPreset,
  corpus: TranslationCorpus,
  {steps = preset.steps, evalEvery = preset.evalEvery, seed = 1, sharedEmbeddings = Boolean(preset.model.sharedEmbeddings)}: TranslationRunOptions = {}
): TranslationRun {
  const problems = validateTranslationSettings({steps, evalEvery});
  if (problems.length) throw new Error(`${preset.name}: ${problems.join("; ")}`);
  if (corpus.train.length === 0) throw new Error(`${preset.name}: ${corpus.source} has no training pairs`);
  if (corpus.valid.length === 0) throw new Error(`${preset.name}: ${corpus.source} has no held-out pairs to measure BLEU on (a corpus of your own needs at least 10 pairs)`);
  return {task: "translation", name: preset.name, preset, model: {...preset.model, sharedEmbeddings}, train: {...preset.train}, corpus, steps, evalEvery, seed};
}

/** The run's name, and its embeddings when they differ from its preset's: "translate-paper, shared embeddings". */
export function translationRunName({name, preset, model}: Pick<TranslationRun, "name" | "preset" | "model">): string {
  const shared = Boolean(model.sharedEmbeddings);
  if (shared === Boolean(preset.model.sharedEmbeddings)) return name;
  return `${name}, ${shared ? "shared" : "separate"} embeddings`;
}

/**
 * A corpus of one list of pairs (the reader's files) split as the command line splits it: the last
 * tenth, at most 500 pairs, held out, the rest for training.
 */
export function holdOut(source: string, pairs: readonly TextPair[]): TranslationCorpus {
  const heldOut = Math.min(500, Math.floor(pairs.length / 10));
  return {source, train: pairs.slice(0, pairs.length - heldOut), valid: pairs.slice(pairs.length - heldOut)};
}

/** A short fingerprint of a corpus, so that the worker learns a vocabulary once per corpus and preset. */
export function corpusKey({source, train, valid}: TranslationCorpus): string {
  const ends = (pairs: TextPair[]) => (pairs.length ? `${pairs[0].src}|${pairs[pairs.length - 1].tgt}` : "");
  return `${source}:${train.length}:${valid.length}:${ends(train)}:${ends(valid)}`;
}

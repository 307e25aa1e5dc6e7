// Named set-ups for German→English translation, shared by the command line and the training
// page: the model's sizes, the optimiser's schedule, the joint BPE vocabulary and the
// token budget of a batch.
import type {ModelConfig} from "../model/model.js";
import {PAD} from "../text/vocab.js";
import type {TrainOptions} from "./train.js";

export interface TranslationPreset {
  name: string;
  description: string;
  model: Omit<ModelConfig, "srcVocab" | "tgtVocab">;
  train: TrainOptions;
  /** Symbols of the joint BPE vocabulary learned on the training pairs, the four specials included. */
  vocabSize: number;
  /** A batch holds at most this many tokens, padding included (length-batches.ts's budget). */
  maxTokens: number;
  /** Pairs with more ids than this on either side (<s> and </s> included) are left out of training. */
  maxLength: number;
  /** Optimiser steps when neither steps nor minutes are given. */
  steps: number;
  /** Steps between held-out BLEU evaluations, and the held-out pairs they translate. */
  evalEvery: number;
  heldOut: number;
}

export const TRANSLATION_PRESETS = {
  // Trains on the generated corpus on a small CPU in minutes: two blocks of d_model 128, one joint
  // vocabulary with shared embeddings, label smoothing 0.1, a short warmup to a peak learning rate
  // of 3.1e-3, and no dropout (a run of a few epochs does not overfit; dropout 0.1 slows it down).
  "translate-tiny": {
    name: "translate-tiny",
    description: "N=2, d_model 128, h 4, d_ff 256, shared embeddings over a joint BPE vocabulary of 1,000",
    model: {N: 2, dModel: 128, dFF: 256, h: 4, dropout: 0, sharedEmbeddings: true},
    train: {smoothing: 0.1, pad: PAD, lrBase: 0.5, factor: 1, warmup: 200},
    vocabSize: 1000,
    maxTokens: 1000,
    maxLength: 72,
    steps: 3000,
    evalEvery: 200,
    heldOut: 100
  },
  // The Annotated Transformer's Multi30k run (its `config` dict and make_model's defaults): N 6,
  // d_model 512, h 8, d_ff 2048, dropout 0.1, Adam(0.9, 0.98, 1e-9) with base_lr 1.0 on the Noam
  // schedule with warmup 3000, label smoothing 0.1, sentences padded to at most max_padding 72. It
  // takes batch_size 32 sentences with accum_iter 10, 320 sentences an update; here one batch of
  // 5,000 tokens (about 320 bucketed sentences of Multi30k's lengths) makes an update. It builds
  // separate German and English word vocabularies and does not tie embeddings; here one joint BPE
  // vocabulary of 8,000 (Multi30k's word vocabularies are 8,315 and 6,384), untied.
  "translate-paper": {
    name: "translate-paper",
    description: "The Annotated Transformer's Multi30k configuration: N=6, d_model 512, h 8, d_ff 2048, warmup 3000",
    model: {N: 6, dModel: 512, dFF: 2048, h: 8, dropout: 0.1, sharedEmbeddings: false},
    train: {smoothing: 0.1, pad: PAD, lrBase: 1, factor: 1, warmup: 3000},
    vocabSize: 8000,
    maxTokens: 5000,
    maxLength: 72,
    steps: 725, // its 8 epochs of 29,000 pairs at 320 pairs an update
    evalEvery: 500,
    heldOut: 100
  }
} satisfies Record<string, TranslationPreset>;

export type TranslationPresetName = keyof typeof TRANSLATION_PRESETS;

export function isTranslationPreset(name: string): name is TranslationPresetName {
  return Object.hasOwn(TRANSLATION_PRESETS, name);
}

export function getTranslationPreset(name: string): TranslationPreset {
  if (!isTranslationPreset(name)) throw new Error(`unknown translation preset "${name}"; choose one of ${Object.keys(TRANSLATION_PRESETS).join(", ")}`);
  return TRANSLATION_PRESETS[name];
}

// What the PyTorch reference needs to train on exactly our data (scripts/bench/pytorch_translate.py):
// the training pairs as our tokenizer's ids (prepareTranslationData), the first `steps` batches of
// epochBatches as index lists (the order trainTranslation trains them in), the model's sizes and
// training settings, and the __metadata__ its checkpoints carry so that our loader reads them
// (sizes, shared_embeddings, the tokenizer). One JSON file.
import {writeFileSync} from "node:fs";
import {generateCorpus} from "../../src/corpus/index.js";
import type {ModelConfig} from "../../src/model/model.js";
import {SHARED_EMBEDDINGS_KEY} from "../../src/io/translation-model.js";
import type {TrainOptions} from "../../src/training/train.js";
import type {TranslationPreset} from "../../src/training/translation-presets.js";
import {epochBatches, prepareTranslationData, type TextPair, type TranslationData} from "../../src/training/translation.js";
import {PAD, tokenizerToMetadata} from "../../src/text/vocab.js";

export const EXPORT_FORMAT = "annotated-transformer-ts/translation-export";

export interface TranslationExport {
  format: typeof EXPORT_FORMAT;
  model: Omit<ModelConfig, "srcVocab" | "tgtVocab">;
  train: TrainOptions;
  vocab: number;
  pad: number;
  /** The __metadata__ of a checkpoint: what src/io/translation-model.ts needs to load it. */
  metadata: Record<string, string>;
  pairs: {src: number[][]; tgt: number[][]};
  /** Indices into pairs, one list a step. */
  batches: number[][];
}

/** The generated corpus's training and validation pairs (German → English), as the CLI's `train` reads them. */
export function generatedPairs(pairs: number, seed = 1): {train: TextPair[]; valid: TextPair[]} {
  const corpus = generateCorpus({seed, pairs});
  const text = (split: typeof corpus.train) => split.map(({de, en}) => ({src: de, tgt: en}));
  return {train: text(corpus.train), valid: text(corpus.valid)};
}

/** The data the CLI's `train --preset … [--pairs N]` trains on: the generated corpus and a joint vocabulary learned on it. */
export function generatedTranslationData(preset: TranslationPreset, pairs: number, seed = 1): TranslationData {
  const {train, valid} = generatedPairs(pairs, seed);
  return prepareTranslationData(train, valid, preset);
}

/** The first `steps` batches that trainTranslation(model, data, preset, {seed}) trains on, and everything else PyTorch needs. */
export function translationExport(data: TranslationData, preset: Pick<TranslationPreset, "model" | "train" | "maxTokens">, {seed = 1, steps}: {seed?: number; steps: number}): TranslationExport {
  const batches: number[][] = [];
  if (steps > 0) {
    for (const {indices} of epochBatches(data.train, preset.maxTokens, seed)) {
      batches.push(indices);
      if (batches.length === steps) break;
    }
  }
  const V = data.codec.vocabSize;
  const {N, dModel, dFF, h} = preset.model;
  return {
    format: EXPORT_FORMAT,
    model: preset.model,
    train: preset.train,
    vocab: V,
    pad: PAD,
    metadata: {
      format: "annotated-transformer",
      N: String(N), d_model: String(dModel), d_ff: String(dFF), h: String(h), src_vocab: String(V), tgt_vocab: String(V),
      [SHARED_EMBEDDINGS_KEY]: String(Boolean(preset.model.sharedEmbeddings)),
      ...tokenizerToMetadata(data.tokenizer),
      source: "scripts/bench/pytorch_translate.py"
    },
    pairs: {src: data.train.map((p) => [...p.src]), tgt: data.train.map((p) => [...p.tgt])},
    batches
  };
}

export function writeTranslationExport(path: string, exported: TranslationExport): void {
  writeFileSync(path, JSON.stringify(exported));
}

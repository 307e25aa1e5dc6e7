// The copy task of the Annotated Transformer: the target is the source. Sequences of `length`
// tokens drawn from 1..V-1 start with the start token 1; 0 is padding (unused here).
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, subsequentMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";
import {Random} from "../model/random.js";
import {type Batch, disposeBatch, makeBatch} from "./batch.js";
import {exactMatch, greedyDecode, greedyDecodeAsync} from "./decode.js";
import type {Preset} from "./presets.js";
import {type StepResult, Trainer} from "./train.js";

export const COPY_START = 1;
export const COPY_PAD = 0;

export interface CopyTaskOptions {
  vocab: number; // V = 11
  length: number; // 10
  batchSize: number;
}

/** Random copy-task sequences [batchSize][length] (plain arrays), each starting with COPY_START. */
// #region copySequences
export function copySequences(random: Random, {vocab, length, batchSize}: CopyTaskOptions): number[][] {
  return Array.from({length: batchSize}, () => [COPY_START, ...Array.from({length: length - 1}, () => random.int(1, vocab))]);
}
// #endregion copySequences

/** One batch of the copy task: src = tgt = the sequences, made by `batch` (the library's makeBatch by default). */
// #region copyBatch
export function copyBatch(random: Random, options: CopyTaskOptions, batch = makeBatch): Batch {
  const data = copySequences(random, options);
  const data_BL = tf.tensor2d(data, undefined, "int32");
  try {
    return batch(data_BL, data_BL, COPY_PAD);
  } finally {
    data_BL.dispose();
  }
}
// #endregion copyBatch

/** `count` batches from a seeded generator, made lazily (one alive at a time if disposed by the caller). */
export function* copyBatches(seed: number, count: number, options: CopyTaskOptions): Generator<Batch> {
  const random = new Random(seed);
  for (let i = 0; i < count; i++) yield copyBatch(random, options);
}

/** Exact-match accuracy of greedy decoding (with the causal mask `causal`) on copy-task sequences (each must come back whole). */
export function copyAccuracy(model: EncoderDecoder, sequences: number[][], causal = subsequentMask): number {
  const decoded = tf.tidy(() => {
    const src_BS = tf.tensor2d(sequences, undefined, "int32");
    return greedyDecode(model, src_BS, paddingMask(src_BS, COPY_PAD), sequences[0].length, COPY_START, causal);
  });
  return exactMatch(decoded, sequences);
}

/** The same, decoding with asynchronous reads (the training loop's evaluation). */
export async function copyAccuracyAsync(model: EncoderDecoder, sequences: number[][], causal = subsequentMask): Promise<number> {
  const src_BS = tf.tensor2d(sequences, undefined, "int32");
  const srcMask_B1S = paddingMask(src_BS, COPY_PAD);
  try {
    return exactMatch(await greedyDecodeAsync(model, src_BS, srcMask_B1S, sequences[0].length, COPY_START, causal), sequences);
  } finally {
    tf.dispose([src_BS, srcMask_B1S]);
  }
}

export interface CopyProgress extends StepResult {
  accuracy?: number; // held-out exact match, measured every `evalEvery` steps
}

/**
 * Trains `model` on the copy task one step per iteration, yielding each step's result; every
 * `evalEvery` steps (and at the last) it also measures exact match on held-out sequences.
 */
export function* trainCopy(model: EncoderDecoder, preset: Preset, {seed = 1, evalEvery = 50, heldOut = 100} = {}): Generator<CopyProgress> {
  const options = {vocab: preset.vocab, length: preset.length, batchSize: preset.batchSize};
  const held = copySequences(new Random(seed + 1_000_003), {...options, batchSize: heldOut});
  const random = new Random(seed);
  const trainer = new Trainer(model, preset.train);
  try {
    for (let i = 1; i <= preset.steps; i++) {
      const batch = copyBatch(random, options);
      let result: CopyProgress;
      try {
        result = trainer.step(batch);
      } finally {
        disposeBatch(batch);
      }
      if (i % evalEvery === 0 || i === preset.steps) result.accuracy = copyAccuracy(model, held);
      yield result;
    }
  } finally {
    trainer.dispose();
  }
}

// The copy task of the Annotated Transformer: the target is the source. Sequences of `length`
// tokens drawn from 1..V-1 start with the start token 1; 0 is padding (unused here).
import * as tf from "@tensorflow/tfjs";
import {Random} from "../model/random.js";
import {type Batch, makeBatch} from "./batch.js";

export const COPY_START = 1;
export const COPY_PAD = 0;

export interface CopyTaskOptions {
  vocab: number; // V = 11
  length: number; // 10
  batchSize: number;
}

/** Random copy-task sequences [batchSize][length] (plain arrays), each starting with COPY_START. */
export function copySequences(random: Random, {vocab, length, batchSize}: CopyTaskOptions): number[][] {
  return Array.from({length: batchSize}, () => [COPY_START, ...Array.from({length: length - 1}, () => random.int(1, vocab))]);
}

/** One batch of the copy task: src = tgt = the sequences. */
export function copyBatch(random: Random, options: CopyTaskOptions): Batch {
  const data = copySequences(random, options);
  const data_BL = tf.tensor2d(data, undefined, "int32");
  try {
    return makeBatch(data_BL, data_BL, COPY_PAD);
  } finally {
    data_BL.dispose();
  }
}

/** `count` batches from a seeded generator, made lazily (one alive at a time if disposed by the caller). */
export function* copyBatches(seed: number, count: number, options: CopyTaskOptions): Generator<Batch> {
  const random = new Random(seed);
  for (let i = 0; i < count; i++) yield copyBatch(random, options);
}

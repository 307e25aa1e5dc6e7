// Batching by length, as the Annotated Transformer's "Training Data and Batching" does: a batch
// holds a budget of tokens rather than a fixed number of sentences, and sentences of similar
// length go together so that little of a batch is padding. As its MyIterator: shuffle the pairs,
// take them a pool at a time, sort each pool by (source length, target length), cut it into
// batches that fit the budget, and shuffle those batches. Its batch_size_fn counts a batch as
// sentences × the longest sentence, source or target, padding included.
//
// Lengths are those of the id arrays given, so a target with <s> and </s> counts them (the
// original adds 2 to the target's length because its arrays get them later).
import {Random} from "../model/random.js";

export interface IdPair {
  src: readonly number[];
  tgt: readonly number[];
}

/** Indices into the pairs given, in batch order. */
export type IndexBatch = number[];

/** The batch_size_fn: what `count` sentences cost, padded to the longest source and target. */
export function batchTokens(count: number, maxSrc: number, maxTgt: number): number {
  return Math.max(count * maxSrc, count * maxTgt);
}

/**
 * torchtext's batch(): add pairs in the order given while the batch fits `maxTokens`; the pair
 * that makes it overflow starts the next batch. A pair too long for the budget on its own gets a
 * batch of its own (torchtext would also yield an empty batch before it).
 */
export function fillBatches(pairs: readonly IdPair[], order: readonly number[], maxTokens: number): IndexBatch[] {
  const batches: IndexBatch[] = [];
  let batch: IndexBatch = [];
  let maxSrc = 0;
  let maxTgt = 0;
  for (const index of order) {
    const {src, tgt} = pairs[index];
    const srcLen = Math.max(maxSrc, src.length);
    const tgtLen = Math.max(maxTgt, tgt.length);
    if (batch.length > 0 && batchTokens(batch.length + 1, srcLen, tgtLen) > maxTokens) {
      batches.push(batch);
      batch = [index];
      [maxSrc, maxTgt] = [src.length, tgt.length];
    } else {
      batch.push(index);
      [maxSrc, maxTgt] = [srcLen, tgtLen];
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface LengthBatchOptions {
  /** The token budget per batch (the Annotated Transformer's batch_size; it trains with 12,000). */
  maxTokens: number;
  seed: number;
  /** Sort by length within each pool (default); false batches the shuffled pairs as they come. */
  bucket?: boolean;
  /** Pairs sorted together; default 100 × maxTokens, as MyIterator's pool. */
  poolSize?: number;
}

/** The pairs as batches of indices, each within the token budget, in a seeded random order. */
export function lengthBatches(pairs: readonly IdPair[], {maxTokens, seed, bucket = true, poolSize = 100 * maxTokens}: LengthBatchOptions): IndexBatch[] {
  if (!(maxTokens > 0)) throw new Error(`lengthBatches: maxTokens must be positive, not ${maxTokens}`);
  if (!(poolSize >= 1)) throw new Error(`lengthBatches: poolSize must be at least 1, not ${poolSize}`);
  const random = new Random(seed);
  const order = shuffle(pairs.map((_, i) => i), random);
  const batches: IndexBatch[] = [];
  for (let start = 0; start < order.length; start += poolSize) {
    const pool = order.slice(start, start + poolSize);
    if (bucket) pool.sort((a, b) => pairs[a].src.length - pairs[b].src.length || pairs[a].tgt.length - pairs[b].tgt.length);
    batches.push(...shuffle(fillBatches(pairs, pool, maxTokens), random));
  }
  return batches;
}

/** Fisher-Yates, in place, with the seeded source. */
function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A batch as padded rows [B][S] and [B][T], ready for tensors (then makeBatch). */
export function padBatch(pairs: readonly IdPair[], batch: IndexBatch, pad: number): {src_BS: number[][]; tgt_BT: number[][]} {
  const S = Math.max(...batch.map((i) => pairs[i].src.length));
  const T = Math.max(...batch.map((i) => pairs[i].tgt.length));
  const padded = (ids: readonly number[], length: number) => [...ids, ...new Array<number>(length - ids.length).fill(pad)];
  return {src_BS: batch.map((i) => padded(pairs[i].src, S)), tgt_BT: batch.map((i) => padded(pairs[i].tgt, T))};
}

export interface PaddingStats {
  /** Token slots of the padded batches, source and target. */
  slots: number;
  padding: number;
  /** padding / slots: overall, and of the source and target sides alone. */
  fraction: number;
  srcFraction: number;
  tgtFraction: number;
}

/** How much of the padded batches is padding. */
export function paddingFraction(pairs: readonly IdPair[], batches: readonly IndexBatch[]): PaddingStats {
  let srcSlots = 0;
  let tgtSlots = 0;
  let srcReal = 0;
  let tgtReal = 0;
  for (const batch of batches) {
    let S = 0;
    let T = 0;
    for (const i of batch) {
      S = Math.max(S, pairs[i].src.length);
      T = Math.max(T, pairs[i].tgt.length);
      srcReal += pairs[i].src.length;
      tgtReal += pairs[i].tgt.length;
    }
    srcSlots += batch.length * S;
    tgtSlots += batch.length * T;
  }
  const slots = srcSlots + tgtSlots;
  const padding = slots - srcReal - tgtReal;
  return {
    slots,
    padding,
    fraction: slots > 0 ? padding / slots : 0,
    srcFraction: srcSlots > 0 ? (srcSlots - srcReal) / srcSlots : 0,
    tgtFraction: tgtSlots > 0 ? (tgtSlots - tgtReal) / tgtSlots : 0
  };
}

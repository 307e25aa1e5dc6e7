// Decoding: greedy (the most likely token at each step) and beam search (the paper's section 6.1:
// beam size 4, length penalty alpha = 0.6), both starting from the same start token as the data.
import * as tf from "@tensorflow/tfjs-core";
import {subsequentMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";
import {expectShape} from "../model/shapes.js";
import {readLater, readNow} from "./read-back.js";

// Every decoding function takes the causal mask it uses as its last argument (the library's by default).

/** The log-probabilities [B, V] of the next token after `ys` (the tokens so far). */
// #region nextLogprobs
export function nextLogprobs(model: EncoderDecoder, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, ys: number[][], causal = subsequentMask): tf.Tensor2D {
  return tf.tidy(() => {
    const ys_BT = tf.tensor2d(ys, undefined, "int32");
    const T = ys[0].length;
    const tgtMask_BTT = tf.tile(causal(T), [ys.length, 1, 1]) as tf.Tensor3D;
    const out_BTC = model.decode(memory_BSC, srcMask_B1S, ys_BT, tgtMask_BTT);
    const last_B1C = tf.slice(out_BTC, [0, T - 1, 0], [-1, 1, -1]) as tf.Tensor3D;
    return tf.squeeze(model.generator.forward(last_B1C), [1]) as tf.Tensor2D;
  });
}
// #endregion nextLogprobs

/**
 * Greedy decoding of every source in the batch, as a sequence of reads: it yields each position's
 * most likely ids [B] (a tensor for the caller to read and dispose) and receives them back as
 * numbers, so that the same steps run with synchronous reads (greedyDecode) or asynchronous ones
 * (greedyDecodeAsync, which a GPU backend wants). Returns ids [B][maxLen], each starting with startSymbol.
 */
// #region greedy
function* greedy(model: EncoderDecoder, src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D, maxLen: number, startSymbol: number, causal: typeof subsequentMask): Generator<tf.Tensor1D, number[][], number[]> {
  expectShape("greedyDecode", "srcMask_B1S", srcMask_B1S, [src_BS.shape[0], 1, src_BS.shape[1]]);
  const memory_BSC = model.evaluating(() => tf.tidy(() => model.encode(src_BS, srcMask_B1S)));
  const ys = Array.from({length: src_BS.shape[0]}, () => [startSymbol]);
  try {
    for (let i = 0; i < maxLen - 1; i++) {
      const next = yield model.evaluating(() => tf.tidy(() => tf.argMax(nextLogprobs(model, memory_BSC, srcMask_B1S, ys, causal), 1) as tf.Tensor1D));
      next.forEach((id, b) => ys[b].push(id));
    }
  } finally {
    memory_BSC.dispose();
  }
  return ys;
}
// #endregion greedy

export function greedyDecode(model: EncoderDecoder, src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D, maxLen: number, startSymbol: number, causal = subsequentMask): number[][] {
  const steps = greedy(model, src_BS, srcMask_B1S, maxLen, startSymbol, causal);
  try {
    let step = steps.next();
    while (!step.done) step = steps.next(readNow(step.value));
    return step.value;
  } finally {
    steps.return([]);
  }
}

export async function greedyDecodeAsync(model: EncoderDecoder, src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D, maxLen: number, startSymbol: number, causal = subsequentMask): Promise<number[][]> {
  const steps = greedy(model, src_BS, srcMask_B1S, maxLen, startSymbol, causal);
  try {
    let step = steps.next();
    while (!step.done) step = steps.next(await readLater(step.value));
    return step.value;
  } finally {
    steps.return([]);
  }
}

export interface BeamOptions {
  beamSize: number;
  maxLen: number;
  startSymbol: number;
  endSymbol?: number; // a hypothesis that emits it is finished (the copy task has none)
  alpha?: number; // length penalty, 0.6 in the paper; 0 ranks by the plain sum of log-probabilities
}

export interface Hypothesis {
  ids: number[];
  logprob: number; // sum of the tokens' log-probabilities
  score: number; // logprob / lengthPenalty(length)
}

// #region length-penalty
/** Wu et al. (2016)'s length penalty, used by the paper: ((5 + |Y|) / 6)^alpha. */
export function lengthPenalty(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}
// #endregion length-penalty

/** What one step of beam search did: the hypotheses it kept, those it finished, the best ones it pruned. */
export interface BeamStep {
  kept: Hypothesis[]; // the new beams, best log-probability first
  finished: Hypothesis[]; // candidates of this step that ended with endSymbol
  pruned: Hypothesis[]; // the best candidates left out of the beam (at most beamSize of them)
}

/**
 * Beam search for one source sequence [1, S], one step per iteration: keeps the `beamSize` best
 * partial hypotheses by total log-probability, yields what each step kept, finished and pruned, and
 * returns the finished ones, best first, ranked by the length-penalised score. Every hypothesis
 * starts with startSymbol and has at most maxLen tokens.
 */
// #region beam-search
export function* beamSteps(model: EncoderDecoder, src_1S: tf.Tensor2D, srcMask_11S: tf.Tensor3D, options: BeamOptions, causal = subsequentMask): Generator<BeamStep, Hypothesis[], void> {
  const {beamSize, maxLen, startSymbol, endSymbol, alpha = 0.6} = options;
  expectShape("beamSearch", "src_1S", src_1S, [1, null]);
  if (!(Number.isInteger(beamSize) && beamSize >= 1)) throw new Error(`beamSearch: beamSize must be a positive integer, not ${beamSize}`);
  const scored = (ids: number[], logprob: number): Hypothesis => ({ids, logprob, score: logprob / lengthPenalty(ids.length - 1, alpha)});
  const memory_1SC = model.evaluating(() => tf.tidy(() => model.encode(src_1S, srcMask_11S)));
  let beams: Hypothesis[] = [scored([startSymbol], 0)];
  const finished: Hypothesis[] = [];
  try {
    while (beams.length > 0 && beams[0].ids.length < maxLen) {
      const k = beams.length;
      const rows = model.evaluating(() => tf.tidy(() => {
        const memory_KSC = tf.tile(memory_1SC, [k, 1, 1]) as tf.Tensor3D;
        const mask_K1S = tf.tile(srcMask_11S, [k, 1, 1]) as tf.Tensor3D;
        return nextLogprobs(model, memory_KSC, mask_K1S, beams.map((b) => b.ids), causal).arraySync();
      }));
      // Every beam extended by every token of the vocabulary, ranked by total log-probability.
      const candidates = beams.flatMap((beam, i) => rows[i].map((lp, id) => ({ids: [...beam.ids, id], logprob: beam.logprob + lp})));
      candidates.sort((a, b) => b.logprob - a.logprob);
      // The best ones fill the beam again; one that ends with endSymbol is finished instead.
      const step: BeamStep = {kept: [], finished: [], pruned: []};
      let looked = 0;
      for (const c of candidates) {
        if (step.kept.length === beamSize) break;
        looked++;
        if (endSymbol !== undefined && c.ids[c.ids.length - 1] === endSymbol) step.finished.push(scored(c.ids, c.logprob));
        else step.kept.push(scored(c.ids, c.logprob));
      }
      step.pruned = candidates.slice(looked, looked + beamSize).map((c) => scored(c.ids, c.logprob));
      yield step;
      beams = step.kept;
      finished.push(...step.finished);
      if (finished.length >= beamSize) break;
    }
  } finally {
    memory_1SC.dispose();
  }
  // Unfinished beams compete too; the length penalty ranks hypotheses of different lengths.
  return [...finished, ...beams].sort((a, b) => b.score - a.score).slice(0, beamSize);
}
// #endregion beam-search

/** The finished hypotheses of beam search (beamSteps run to its end), best first. */
export function beamSearch(model: EncoderDecoder, src_1S: tf.Tensor2D, srcMask_11S: tf.Tensor3D, options: BeamOptions, causal = subsequentMask): Hypothesis[] {
  const steps = beamSteps(model, src_1S, srcMask_11S, options, causal);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Fraction of sequences whose greedy decoding reproduces the expected ids exactly. */
export function exactMatch(decoded: number[][], expected: number[][]): number {
  const hits = decoded.filter((ids, i) => ids.length === expected[i].length && ids.every((id, j) => id === expected[i][j])).length;
  return decoded.length ? hits / decoded.length : 0;
}

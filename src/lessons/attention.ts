// The attention page's experiments: why the scores are divided by sqrt(d_k), a step-by-step trace
// of scaled dot-product attention, and a small sentence to look at.
import * as tf from "@tensorflow/tfjs-core";
import {attention} from "../model/attention.js";
import {gaussian, normalTensor} from "../model/normal.js";
import {Random} from "../model/random.js";
import {linear, matMul} from "../tfjs/ops.js";

export function gaussianVector(random: Random, n: number): number[] {
  return Array.from({length: n}, () => gaussian(random));
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The standard deviation of a sample (population form: divide by n). */
export function std(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
}

/** softmax over a row, shifted by its maximum so that large scores do not overflow. */
export function softmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

export interface ScoreStats {
  dK: number;
  stdUnscaled: number; // std of q·k: about sqrt(d_k)
  stdScaled: number; // std of q·k / sqrt(d_k): about 1
}

/** q and k with independent N(0, 1) components: the spread of q·k with and without 1/sqrt(d_k). */
export function scoreStats(dK: number, {pairs = 2000, seed = 1} = {}): ScoreStats {
  const random = new Random(seed);
  const scores = Array.from({length: pairs}, () => dot(gaussianVector(random, dK), gaussianVector(random, dK)));
  const stdUnscaled = std(scores);
  return {dK, stdUnscaled, stdScaled: stdUnscaled / Math.sqrt(dK)};
}

export interface Saturation {
  dK: number;
  maxProbUnscaled: number; // mean over rows of the largest softmax probability
  maxProbScaled: number;
}

/**
 * One query against `keys` random keys, `rows` times: the mean largest probability of the row's
 * softmax. 1/keys means the weights are spread evenly; 1 means one key takes everything.
 */
export function saturation(dK: number, {keys = 10, rows = 200, seed = 2} = {}): Saturation {
  const random = new Random(seed);
  let unscaled = 0;
  let scaled = 0;
  // The draws and sums of dot(q, gaussianVector(random, dK)) for each key, without the arrays: the
  // chart's 11 values of d_k take 4.5 million draws.
  const q = new Float64Array(dK);
  const scores = new Array<number>(keys);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dK; i++) q[i] = gaussian(random);
    for (let j = 0; j < keys; j++) {
      let score = 0;
      for (let i = 0; i < dK; i++) score += q[i] * gaussian(random);
      scores[j] = score;
    }
    unscaled += Math.max(...softmax(scores));
    scaled += Math.max(...softmax(scores.map((s) => s / Math.sqrt(dK))));
  }
  return {dK, maxProbUnscaled: unscaled / rows, maxProbScaled: scaled / rows};
}

export interface SaturationPoint {
  dK: number;
  scores: string; // which curve
  maxProb: number;
}

export const UNSCALED = "q·k (unscaled)";
export const SCALED = "q·k / √dₖ (scaled)";

/** saturation() for each d_k, long form for a line chart with one line per kind of score. */
export function saturationCurve(dKs: readonly number[], options: {keys?: number; rows?: number; seed?: number} = {}): SaturationPoint[] {
  return dKs.flatMap((dK) => {
    const s = saturation(dK, options);
    return [
      {dK, scores: UNSCALED, maxProb: s.maxProbUnscaled},
      {dK, scores: SCALED, maxProb: s.maxProbScaled}
    ];
  });
}

export interface Step {
  step: string;
  name: string;
  shape: number[];
}

/**
 * The shapes of scaled dot-product attention, one step at a time, for q_BHTK, k_BHSK, v_BHSK, and
 * how far this trace's output is from the library's attention() (it should be ~0).
 */
export function attentionSteps(q_BHTK: tf.Tensor4D, k_BHSK: tf.Tensor4D, v_BHSK: tf.Tensor4D): {steps: Step[]; maxDiff: number} {
  let result = {steps: [] as Step[], maxDiff: NaN};
  tf.tidy(() => {
    const dK = q_BHTK.shape[3];
    const kT_BHKS = tf.transpose(k_BHSK, [0, 1, 3, 2]);
    const scores_BHTS = tf.div(matMul(q_BHTK, kT_BHKS), Math.sqrt(dK));
    const probs_BHTS = tf.softmax(scores_BHTS);
    const out_BHTK = matMul(probs_BHTS, v_BHSK);
    const library = attention(q_BHTK, k_BHSK, v_BHSK);
    const maxDiff = tf.max(tf.abs(tf.sub(out_BHTK, library.out_BHTK))).dataSync()[0];
    const steps: Step[] = [
      {step: "queries", name: "q_BHTK", shape: q_BHTK.shape},
      {step: "keys", name: "k_BHSK", shape: k_BHSK.shape},
      {step: "swap the keys' last two axes", name: "kT_BHKS", shape: kT_BHKS.shape},
      {step: "q @ kT / √dₖ", name: "scores_BHTS", shape: scores_BHTS.shape},
      {step: "softmax over the last axis (S)", name: "probs_BHTS", shape: probs_BHTS.shape},
      {step: "values", name: "v_BHSK", shape: v_BHSK.shape},
      {step: "probs @ v", name: "out_BHTK", shape: out_BHTK.shape}
    ];
    result = {steps, maxDiff};
  });
  return result;
}

/** Labels for the axes of a heatmap: a repeated token gets a subscript (the₁, the₂) so each is its own row. */
export function tokenLabels(tokens: readonly string[]): string[] {
  const sub = "₀₁₂₃₄₅₆₇₈₉";
  const seen = new Map<string, number>();
  return tokens.map((t) => {
    const count = tokens.filter((u) => u === t).length;
    if (count === 1) return t;
    const n = (seen.get(t) ?? 0) + 1;
    seen.set(t, n);
    return t + String(n).replace(/\d/g, (d) => sub[Number(d)]);
  });
}

/** A seeded random embedding per distinct token: x_LC, where a repeated token gets the same row. */
export function embedTokens(tokens: readonly string[], dModel: number, seed = 3): tf.Tensor2D {
  const random = new Random(seed);
  const table = new Map<string, number[]>();
  for (const t of tokens) if (!table.has(t)) table.set(t, gaussianVector(random, dModel));
  return tf.tensor2d(tokens.map((t) => table.get(t)!), [tokens.length, dModel]);
}

export interface SentenceAttention {
  probs: number[][]; // [L, L]: row t is how query t spreads its attention over the keys
  rowSums: number[];
}

/**
 * Self-attention over a sentence with seeded random embeddings and seeded W_Q, W_K, W_V, stored
 * [out, in] as nn.Linear does and applied with the library's linear() (x W^T, no bias here), with
 * Xavier's variance 2 / (in + out): one batch element, one head of size d_k = d_model. `attend` is
 * the attention function to use: the library's, or a reader's edit of it.
 */
export function sentenceAttention(tokens: readonly string[], dModel: number, seed = 4, attend: typeof attention = attention): SentenceAttention {
  let result: SentenceAttention = {probs: [], rowSums: []};
  tf.tidy(() => {
    const L = tokens.length;
    const x_LC = embedTokens(tokens, dModel, seed);
    const b_C = tf.zeros([dModel]) as tf.Tensor1D;
    const [q_BHTK, k_BHSK, v_BHSK] = [1, 2, 3].map((i) => {
      const w_CC = normalTensor([dModel, dModel], seed * 10 + i, Math.sqrt(1 / dModel)) as tf.Tensor2D;
      return tf.reshape(linear(x_LC, w_CC, b_C), [1, 1, L, dModel]) as tf.Tensor4D;
    });
    const {probs_BHTS} = attend(q_BHTK, k_BHSK, v_BHSK);
    const probs = (probs_BHTS.reshape([L, L]) as tf.Tensor2D).arraySync();
    result = {probs, rowSums: probs.map((row) => row.reduce((a, b) => a + b, 0))};
  });
  return result;
}

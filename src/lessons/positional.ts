// The embeddings page's experiments: how big a token's embedding is next to its positional
// encoding, and the sinusoids' relative-offset property, PE(pos + k) = R_k PE(pos).
import * as tf from "@tensorflow/tfjs-core";
import {Embeddings} from "../model/embeddings.js";
import {positionalEncodingTable} from "../model/positional-encoding.js";

export type Scale = {
  rms: number; // sqrt(mean(x²))
  meanAbs: number; // mean(|x|)
};

function scaleOf(x: tf.Tensor): Scale {
  return tf.tidy(() => ({
    rms: Math.sqrt(tf.mean(tf.square(x)).dataSync()[0]),
    meanAbs: tf.mean(tf.abs(x)).dataSync()[0]
  }));
}

export type ScaleComparison = {
  raw: Scale; // the rows the lookup picks, before the scaling
  scaled: Scale; // Embeddings.forward: the rows times sqrt(d_model)
  pe: Scale; // the positional encoding of the same positions
};

/**
 * Embeds `length` token ids with a freshly initialised (Xavier-uniform) Embeddings of the given
 * size and measures the raw rows, the scaled rows and the positional encoding they are added to.
 */
export function embeddingScale(dModel: number, vocab: number, length: number, seed = 1): ScaleComparison {
  const embeddings = new Embeddings(dModel, vocab, seed);
  try {
    return tf.tidy(() => {
      const ids = Array.from({length}, (_, i) => (i * 7 + 3) % vocab);
      const x_BL = tf.tensor2d([ids], [1, length], "int32");
      const raw_LC = tf.gather(embeddings.lut, ids);
      return {
        raw: scaleOf(raw_LC),
        scaled: scaleOf(embeddings.forward(x_BL)),
        pe: scaleOf(positionalEncodingTable(length, dModel))
      };
    });
  } finally {
    embeddings.dispose();
  }
}

/** The RMS of a Xavier-uniform [V, C] matrix: U(-a, a) with a = sqrt(6 / (V + C)) has RMS a / sqrt(3). */
export function xavierRms(vocab: number, dModel: number): number {
  return Math.sqrt(2 / (vocab + dModel));
}

/** The angular frequency of each (sin, cos) pair: w_i = 1 / 10000^(2i / d_model), i = 0 .. C/2 - 1. */
export function frequencies(dModel: number): number[] {
  return Array.from({length: dModel / 2}, (_, i) => Math.exp(2 * i * -(Math.log(10000) / dModel)));
}

// #region rotation
/**
 * The matrix R_k with PE(pos + k) = R_k PE(pos) for every pos: one 2×2 rotation by the angle
 * k·w_i per (sin, cos) pair, from sin(a + b) = sin a cos b + cos a sin b and
 * cos(a + b) = cos a cos b - sin a sin b. It depends on the offset k, not on pos.
 */
export function offsetRotation(k: number, dModel: number): tf.Tensor2D {
  const r = new Float32Array(dModel * dModel);
  frequencies(dModel).forEach((w, i) => {
    const [s, c] = [2 * i, 2 * i + 1]; // the sin channel and the cos channel of pair i
    r[s * dModel + s] = Math.cos(k * w);
    r[s * dModel + c] = Math.sin(k * w);
    r[c * dModel + s] = -Math.sin(k * w);
    r[c * dModel + c] = Math.cos(k * w);
  });
  return tf.tensor2d(r, [dModel, dModel]);
}
// #endregion rotation

export type OffsetCheck = {
  k: number;
  positions: number[];
  errors: number[]; // max |R_k PE(pos) - PE(pos + k)| for each pos
  maxError: number;
  rotated_LC: number[][]; // R_k PE(pos), one row per pos
  shifted_LC: number[][]; // PE(pos + k) from the library's table
};

/** Rotates PE(pos) by R_k for each pos and compares with the table's PE(pos + k). */
export function relativeOffsetCheck(k: number, positions: readonly number[], dModel: number): OffsetCheck {
  return tf.tidy(() => {
    const pe_LC = positionalEncodingTable(Math.max(...positions) + k + 1, dModel);
    const rot_CC = offsetRotation(k, dModel);
    const at_LC = tf.gather(pe_LC, [...positions]);
    const shifted_LC = tf.gather(pe_LC, positions.map((p) => p + k));
    const rotated_LC = tf.matMul(at_LC, tf.transpose(rot_CC)); // each row: R_k PE(pos)
    const errors = Array.from(tf.max(tf.abs(tf.sub(rotated_LC, shifted_LC)), 1).dataSync());
    return {
      k,
      positions: [...positions],
      errors,
      maxError: Math.max(...errors),
      rotated_LC: rotated_LC.arraySync() as number[][],
      shifted_LC: shifted_LC.arraySync() as number[][]
    };
  });
}

/**
 * PE(pos) · PE(pos + k) for each pos (rows) and offset k (columns). Each pair contributes
 * sin a sin b + cos a cos b = cos(k·w_i), so in exact arithmetic the value is the closed form
 * sum_i cos(k·w_i), whatever pos is.
 */
export function offsetDotProducts(positions: readonly number[], offsets: readonly number[], dModel: number): number[][] {
  const columns = tf.tidy(() => {
    const pe_LC = positionalEncodingTable(Math.max(...positions) + Math.max(...offsets) + 1, dModel);
    const at_LC = tf.gather(pe_LC, [...positions]);
    return offsets.map((k) => {
      const shifted_LC = tf.gather(pe_LC, positions.map((p) => p + k));
      return Array.from(tf.sum(tf.mul(at_LC, shifted_LC), 1).dataSync());
    });
  });
  return positions.map((_, i) => columns.map((column) => column[i]));
}

/** The closed form of PE(pos) · PE(pos + k): sum_i cos(k·w_i). */
export function closedFormDot(k: number, dModel: number): number {
  return frequencies(dModel).reduce((sum, w) => sum + Math.cos(k * w), 0);
}

/** Long-format rows of chosen channels of a table, for a line chart: {position, channel, value}. */
export function channelSeries(pe_LC: tf.Tensor2D, channels: readonly number[]): {position: number; channel: string; value: number}[] {
  const rows = pe_LC.arraySync();
  return channels.flatMap((c) => rows.map((row, position) => ({position, channel: `channel ${c}`, value: row[c]})));
}

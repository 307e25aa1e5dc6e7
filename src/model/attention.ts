// Scaled dot-product attention (section 3.2.1):
//   Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V
import * as tf from "@tensorflow/tfjs-core";
import {matMul} from "../tfjs/ops.js";
import type {Dropout} from "./dropout.js";
import {expectDim, shapeString} from "./shapes.js";

export interface AttentionResult {
  out_BHTK: tf.Tensor4D;
  probs_BHTS: tf.Tensor4D; // each row sums to 1: how much query t looks at key s
}

// #region attention
/**
 * q_BHTK: queries, k_BHSK and v_BHSK: keys and values. mask (optional) broadcasts to [B, H, T, S];
 * a hidden (0/false) position gets the score -1e9 before the softmax, i.e. probability ~0.
 */
export function attention(
  q_BHTK: tf.Tensor4D,
  k_BHSK: tf.Tensor4D,
  v_BHSK: tf.Tensor4D,
  mask?: tf.Tensor | null,
  dropout?: Dropout | null
): AttentionResult {
  if (q_BHTK.rank !== 4) throw new Error(`attention: q_BHTK has shape ${shapeString(q_BHTK.shape)} but must have 4 axes [B,H,T,K]`);
  const [B, H, , dK] = q_BHTK.shape;
  for (const [name, t] of [["k_BHSK", k_BHSK], ["v_BHSK", v_BHSK]] as const) {
    if (t.rank !== 4) throw new Error(`attention: ${name} has shape ${shapeString(t.shape)} but must have 4 axes [B,H,S,K]`);
    expectDim("attention", name, t, 0, B, `q_BHTK has B=${B}`);
    expectDim("attention", name, t, 1, H, `q_BHTK has H=${H}`);
  }
  expectDim("attention", "k_BHSK", k_BHSK, 3, dK, `q_BHTK has K=${dK}`);
  expectDim("attention", "v_BHSK", v_BHSK, 2, k_BHSK.shape[2], `k_BHSK has S=${k_BHSK.shape[2]}`);
  return tf.tidy(() => {
    const kT_BHKS = tf.transpose(k_BHSK, [0, 1, 3, 2]);
    let scores_BHTS = tf.div(matMul(q_BHTK, kT_BHKS), Math.sqrt(dK)); // 1/sqrt(d_k)
    if (mask) scores_BHTS = tf.where(tf.cast(mask, "bool"), scores_BHTS, tf.scalar(-1e9));
    const probs_BHTS = tf.softmax(scores_BHTS) as tf.Tensor4D;
    const attended_BHTS = dropout ? dropout.forward(probs_BHTS) : probs_BHTS;
    return {out_BHTK: matMul(attended_BHTS, v_BHSK) as tf.Tensor4D, probs_BHTS};
  });
}
// #endregion attention

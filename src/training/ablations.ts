// The training page's ablations of the model: each removes one piece by replacing the function that
// computes it, the same way a reader's edited function replaces the library's
// (src/training/components.ts), so the model's own code carries no switch for them.
import * as tf from "@tensorflow/tfjs-core";
import {attention} from "../model/attention.js";
import type {positionalEncodingTable} from "../model/positional-encoding.js";
import type {subsequentMask} from "../model/masks.js";

/** Pieces of the model that the training page can remove, one at a time; all off by default (the paper's model). */
export interface Ablations {
  noScale?: boolean; // softmax(Q K^T) V: attention scores are not divided by sqrt(d_k)
  noPositional?: boolean; // no positional encoding: the model sees a bag of tokens
  noTargetMask?: boolean; // the decoder's self-attention hides only padding: it can read the future
}

/** Attention with scale 1: softmax(Q K^T) V. */
export const unscaledAttention: typeof attention = (q_BHTK, k_BHSK, v_BHSK, mask, dropout) =>
  // attention() divides Q K^T by sqrt(d_k), so multiplying Q by it first undoes that.
  attention(tf.mul(q_BHTK, Math.sqrt(q_BHTK.shape[3])), k_BHSK, v_BHSK, mask, dropout);

/** A positional encoding table of zeros: the embeddings go on unchanged. */
export const zeroPositionalEncodingTable: typeof positionalEncodingTable = (maxLen, dModel) => tf.zeros([maxLen, dModel]) as tf.Tensor2D;

/** A "subsequent" mask that hides nothing: every position sees every other (padding is still hidden by the padding mask). */
export const noSubsequentMask: typeof subsequentMask = (size) => tf.ones([1, size, size], "bool") as tf.Tensor3D;

/** The replacements for the ablations that are on. */
export function ablationFunctions({noScale, noPositional, noTargetMask}: Ablations): {
  attention?: typeof attention;
  positionalEncodingTable?: typeof positionalEncodingTable;
  subsequentMask?: typeof subsequentMask;
} {
  return {
    ...(noScale && {attention: unscaledAttention}),
    ...(noPositional && {positionalEncodingTable: zeroPositionalEncodingTable}),
    ...(noTargetMask && {subsequentMask: noSubsequentMask})
  };
}

// Multi-head attention (section 3.2.2):
//   MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O,  head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V)
// The h per-head projections of size C x K are stored side by side as one C x C matrix each for
// Q, K and V, so "linears" holds four C x C layers: W^Q, W^K, W^V and W^O.
import * as tf from "@tensorflow/tfjs-core";
import {attention} from "./attention.js";
import {Dropout} from "./dropout.js";
import {Linear} from "./linear.js";
import {Module} from "./module.js";
import type {Random} from "./random.js";
import {expectShape, shapeString} from "./shapes.js";

// #region split-heads
/** [B, L, C] → [B, H, L, K]: each head gets its own K = C / H slice of the channels. */
export function splitHeads(x_BLC: tf.Tensor3D, h: number): tf.Tensor4D {
  const [B, L, C] = x_BLC.shape;
  return tf.transpose(tf.reshape(x_BLC, [B, L, h, C / h]), [0, 2, 1, 3]);
}
// #endregion split-heads

// #region merge-heads
/** [B, H, L, K] → [B, L, C]: the heads' outputs side by side again. */
export function mergeHeads(x_BHLK: tf.Tensor4D): tf.Tensor3D {
  const [B, H, L, K] = x_BHLK.shape;
  return tf.reshape(tf.transpose(x_BHLK, [0, 2, 1, 3]), [B, L, H * K]);
}
// #endregion merge-heads

/** The functions a MultiHeadedAttention module calls (a reader's edits replace them). */
export type AttentionFunctions = {attention: typeof attention; splitHeads: typeof splitHeads; mergeHeads: typeof mergeHeads};
export const attentionFunctions: AttentionFunctions = {attention, splitHeads, mergeHeads};

// #region class
export class MultiHeadedAttention extends Module {
  readonly dK: number; // d_k = d_model / h
  readonly linears: Linear[]; // W^Q, W^K, W^V, W^O
  readonly dropout: Dropout;
  /** The probabilities [B, H, T, S] of the last forward pass in eval mode, kept for visualisation. */
  attn: tf.Tensor4D | null = null;
  readonly attention: typeof attention;
  readonly splitHeads: typeof splitHeads;
  readonly mergeHeads: typeof mergeHeads;

  constructor(readonly h: number, readonly dModel: number, dropout: number, random: Random, fns: AttentionFunctions = attentionFunctions) {
    super();
    if (dModel % h !== 0) throw new Error(`MultiHeadedAttention: h=${h} must divide d_model=${dModel}`);
    this.dK = dModel / h;
    this.attention = fns.attention;
    this.splitHeads = fns.splitHeads;
    this.mergeHeads = fns.mergeHeads;
    this.linears = this.childList("linears", [0, 1, 2, 3].map(() => new Linear(dModel, dModel, random)));
    this.dropout = this.child("dropout", new Dropout(dropout, random));
  }

  /** mask: [B, 1, S] (padding) or [B, T, S] (padding and future); the same for every head. */
  forward(query_BTC: tf.Tensor3D, key_BSC: tf.Tensor3D, value_BSC: tf.Tensor3D, mask?: tf.Tensor3D | null): tf.Tensor3D {
    const where = "MultiHeadedAttention";
    expectShape(where, "query_BTC", query_BTC, [null, null, this.dModel]);
    expectShape(where, "key_BSC", key_BSC, [query_BTC.shape[0], null, this.dModel]);
    expectShape(where, "value_BSC", value_BSC, key_BSC.shape);
    if (mask) {
      const [B, T] = query_BTC.shape;
      const S = key_BSC.shape[1];
      const fits = mask.rank === 3 && mask.shape[0] === B && (mask.shape[1] === 1 || mask.shape[1] === T) && mask.shape[2] === S;
      if (!fits) throw new Error(`${where}: mask has shape ${shapeString(mask.shape)} but [${B},1,${S}] or [${B},${T},${S}] is expected`);
    }
    const [wq, wk, wv, wo] = this.linears;
    const q_BHTK = this.splitHeads(wq.forward(query_BTC), this.h);
    const k_BHSK = this.splitHeads(wk.forward(key_BSC), this.h);
    const v_BHSK = this.splitHeads(wv.forward(value_BSC), this.h);
    const mask_B1TS = mask ? mask.expandDims(1) : null; // the same mask for every head
    const {out_BHTK, probs_BHTS} = this.attention(q_BHTK, k_BHSK, v_BHSK, mask_B1TS, this.dropout);
    if (!this.training) this.keepAttention(probs_BHTS);
    return wo.forward(this.mergeHeads(out_BHTK));
  }

  private keepAttention(probs_BHTS: tf.Tensor4D): void {
    this.attn?.dispose();
    this.attn = tf.keep(probs_BHTS); // kept past any enclosing tf.tidy; disposed at the next pass
  }

  override dispose(): void {
    this.attn?.dispose();
    this.attn = null;
    super.dispose();
  }
}
// #endregion class

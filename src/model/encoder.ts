// The encoder: N identical layers, each self-attention then feed-forward, each wrapped in a
// residual SublayerConnection; the stack ends with a LayerNorm (needed because the layers are pre-norm).
import type * as tf from "@tensorflow/tfjs-core";
import {feedForwardFunctions, type FeedForwardFunctions, PositionwiseFeedForward} from "./feed-forward.js";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {attentionFunctions, type AttentionFunctions, MultiHeadedAttention} from "./multi-head-attention.js";
import type {Random} from "./random.js";
import {SublayerConnection, sublayerFunctions, type SublayerFunctions} from "./sublayer.js";

export interface LayerSizes {
  dModel: number; // C
  dFF: number; // F
  h: number; // H
  dropout: number;
}

// #region encoder-layer
/** Self-attention, then the feed-forward network, each inside its residual connection. srcMask_B1S hides source padding. */
export function encoderLayer(layer: EncoderLayer, x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
  x_BSC = layer.sublayer[0].forward(x_BSC, (x) => layer.self_attn.forward(x, x, x, srcMask_B1S));
  return layer.sublayer[1].forward(x_BSC, (x) => layer.feed_forward.forward(x));
}
// #endregion encoder-layer

/** The functions an encoder layer and its sublayers call (a reader's edits replace them). */
export type EncoderLayerFunctions = {encoderLayer: typeof encoderLayer} & AttentionFunctions & FeedForwardFunctions & SublayerFunctions;
export const encoderLayerFunctions: EncoderLayerFunctions = {encoderLayer, ...attentionFunctions, ...feedForwardFunctions, ...sublayerFunctions};

// #region class
export class EncoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];
  readonly encoderLayer: typeof encoderLayer;

  constructor(readonly sizes: LayerSizes, random: Random, fns: EncoderLayerFunctions = encoderLayerFunctions) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random, fns));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random, fns));
    this.sublayer = this.childList("sublayer", [0, 1].map(() => new SublayerConnection(dModel, dropout, random, fns)));
    this.encoderLayer = fns.encoderLayer;
  }

  /** srcMask_B1S: which source positions are real tokens (not padding). */
  forward(x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    return this.encoderLayer(this, x_BSC, srcMask_B1S);
  }
}

export class Encoder extends Module {
  readonly layers: EncoderLayer[];
  readonly norm: LayerNorm;

  constructor(readonly N: number, sizes: LayerSizes, random: Random, fns: EncoderLayerFunctions = encoderLayerFunctions) {
    super();
    this.layers = this.childList("layers", Array.from({length: N}, () => new EncoderLayer(sizes, random, fns)));
    this.norm = this.child("norm", new LayerNorm(sizes.dModel, 1e-6, fns));
  }

  forward(x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    for (const layer of this.layers) x_BSC = layer.forward(x_BSC, srcMask_B1S);
    return this.norm.forward(x_BSC);
  }
}
// #endregion class

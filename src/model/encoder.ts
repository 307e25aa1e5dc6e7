// The encoder: N identical layers, each self-attention then feed-forward, each wrapped in a
// residual SublayerConnection; the stack ends with a LayerNorm (needed because the layers are pre-norm).
import type * as tf from "@tensorflow/tfjs";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {MultiHeadedAttention} from "./multi-head-attention.js";
import {PositionwiseFeedForward} from "./feed-forward.js";
import {implementation} from "./overrides.js";
import type {Random} from "./random.js";
import {SublayerConnection} from "./sublayer.js";

export interface LayerSizes {
  dModel: number; // C
  dFF: number; // F
  h: number; // H
  dropout: number;
}

// #region encoder-layer
/** Multi-head attention as a function: queries [B, T, C], keys and values [B, S, C], a mask or null → [B, T, C]. */
export type Attend = (query_BTC: tf.Tensor3D, key_BSC: tf.Tensor3D, value_BSC: tf.Tensor3D, mask: tf.Tensor3D | null) => tf.Tensor3D;
/** A residual connection as a function: x + dropout(sublayer(norm(x))) with its own norm and dropout. */
export type Residual = (x_BLC: tf.Tensor3D, sublayer: (x_BLC: tf.Tensor3D) => tf.Tensor3D) => tf.Tensor3D;

/** What an encoder layer's code calls: its sublayers and residual connections, as functions. */
export interface EncoderLayerParts {
  self_attn: Attend;
  feed_forward: (x_BLC: tf.Tensor3D) => tf.Tensor3D;
  sublayer: Residual[]; // two: around the self-attention and around the feed-forward network
}

/** Self-attention, then the feed-forward network, each inside its residual connection. srcMask_B1S hides source padding. */
export function encoderLayer(layer: EncoderLayerParts, x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
  x_BSC = layer.sublayer[0](x_BSC, (x) => layer.self_attn(x, x, x, srcMask_B1S));
  return layer.sublayer[1](x_BSC, layer.feed_forward);
}
// #endregion encoder-layer

// #region class
export class EncoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];
  /** This layer's modules as the functions encoderLayer calls (made once: the modules never change). */
  readonly parts: EncoderLayerParts;

  constructor(readonly sizes: LayerSizes, random: Random) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random));
    this.sublayer = this.childList("sublayer", [0, 1].map(() => new SublayerConnection(dModel, dropout, random)));
    this.parts = {
      self_attn: (q, k, v, mask) => this.self_attn.forward(q, k, v, mask),
      feed_forward: (x) => this.feed_forward.forward(x),
      sublayer: this.sublayer.map((s) => (x, f) => s.forward(x, f))
    };
  }

  /** srcMask_B1S: which source positions are real tokens (not padding). */
  forward(x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    return implementation("encoderLayer", encoderLayer)(this.parts, x_BSC, srcMask_B1S);
  }
}

export class Encoder extends Module {
  readonly layers: EncoderLayer[];
  readonly norm: LayerNorm;

  constructor(readonly N: number, sizes: LayerSizes, random: Random) {
    super();
    this.layers = this.childList("layers", Array.from({length: N}, () => new EncoderLayer(sizes, random)));
    this.norm = this.child("norm", new LayerNorm(sizes.dModel));
  }

  forward(x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    for (const layer of this.layers) x_BSC = layer.forward(x_BSC, srcMask_B1S);
    return this.norm.forward(x_BSC);
  }
}
// #endregion class

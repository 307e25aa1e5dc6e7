// The encoder: N identical layers, each self-attention then feed-forward, each wrapped in a
// residual SublayerConnection; the stack ends with a LayerNorm (needed because the layers are pre-norm).
import type * as tf from "@tensorflow/tfjs";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {MultiHeadedAttention} from "./multi-head-attention.js";
import {PositionwiseFeedForward} from "./feed-forward.js";
import type {Random} from "./random.js";
import {SublayerConnection} from "./sublayer.js";

export interface LayerSizes {
  dModel: number; // C
  dFF: number; // F
  h: number; // H
  dropout: number;
}

export class EncoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];

  constructor(readonly sizes: LayerSizes, random: Random) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random));
    this.sublayer = this.childList("sublayer", [0, 1].map(() => new SublayerConnection(dModel, dropout, random)));
  }

  /** srcMask_B1S: which source positions are real tokens (not padding). */
  forward(x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    x_BSC = this.sublayer[0].forward(x_BSC, (x) => this.self_attn.forward(x, x, x, srcMask_B1S));
    return this.sublayer[1].forward(x_BSC, (x) => this.feed_forward.forward(x));
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

// The decoder: N identical layers of masked self-attention, attention over the encoder's output
// ("memory", the source-attention), and feed-forward; the stack ends with a LayerNorm.
import type * as tf from "@tensorflow/tfjs";
import type {LayerSizes} from "./encoder.js";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {MultiHeadedAttention} from "./multi-head-attention.js";
import {PositionwiseFeedForward} from "./feed-forward.js";
import type {Random} from "./random.js";
import {SublayerConnection} from "./sublayer.js";

export class DecoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly src_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];

  constructor(readonly sizes: LayerSizes, random: Random) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.src_attn = this.child("src_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random));
    this.sublayer = this.childList("sublayer", [0, 1, 2].map(() => new SublayerConnection(dModel, dropout, random)));
  }

  /** tgtMask_BTT hides padding and the future; srcMask_B1S hides source padding. */
  forward(x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    const m = memory_BSC;
    x_BTC = this.sublayer[0].forward(x_BTC, (x) => this.self_attn.forward(x, x, x, tgtMask_BTT));
    x_BTC = this.sublayer[1].forward(x_BTC, (x) => this.src_attn.forward(x, m, m, srcMask_B1S));
    return this.sublayer[2].forward(x_BTC, (x) => this.feed_forward.forward(x));
  }
}

export class Decoder extends Module {
  readonly layers: DecoderLayer[];
  readonly norm: LayerNorm;

  constructor(readonly N: number, sizes: LayerSizes, random: Random) {
    super();
    this.layers = this.childList("layers", Array.from({length: N}, () => new DecoderLayer(sizes, random)));
    this.norm = this.child("norm", new LayerNorm(sizes.dModel));
  }

  forward(x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    for (const layer of this.layers) x_BTC = layer.forward(x_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
    return this.norm.forward(x_BTC);
  }
}

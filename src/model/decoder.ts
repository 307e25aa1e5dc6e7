// The decoder: N identical layers of masked self-attention, attention over the encoder's output
// ("memory", the source-attention), and feed-forward; the stack ends with a LayerNorm.
import type * as tf from "@tensorflow/tfjs";
import type {Attend, LayerSizes, Residual} from "./encoder.js";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {MultiHeadedAttention} from "./multi-head-attention.js";
import {PositionwiseFeedForward} from "./feed-forward.js";
import {implementation} from "./overrides.js";
import type {Random} from "./random.js";
import {SublayerConnection} from "./sublayer.js";

// #region decoder-layer
/** What a decoder layer's code calls: its sublayers and residual connections, as functions. */
export interface DecoderLayerParts {
  self_attn: Attend;
  src_attn: Attend;
  feed_forward: (x_BLC: tf.Tensor3D) => tf.Tensor3D;
  sublayer: Residual[]; // three: around the self-attention, the source-attention and the feed-forward network
}

/**
 * Masked self-attention, attention over the encoder's output (memory_BSC), then the feed-forward
 * network, each inside its residual connection. tgtMask_BTT hides padding and the future;
 * srcMask_B1S hides source padding.
 */
export function decoderLayer(layer: DecoderLayerParts, x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
  const m = memory_BSC;
  x_BTC = layer.sublayer[0](x_BTC, (x) => layer.self_attn(x, x, x, tgtMask_BTT));
  x_BTC = layer.sublayer[1](x_BTC, (x) => layer.src_attn(x, m, m, srcMask_B1S));
  return layer.sublayer[2](x_BTC, layer.feed_forward);
}
// #endregion decoder-layer

// #region class
export class DecoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly src_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];
  /** This layer's modules as the functions decoderLayer calls (made once: the modules never change). */
  readonly parts: DecoderLayerParts;

  constructor(readonly sizes: LayerSizes, random: Random) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.src_attn = this.child("src_attn", new MultiHeadedAttention(h, dModel, dropout, random));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random));
    this.sublayer = this.childList("sublayer", [0, 1, 2].map(() => new SublayerConnection(dModel, dropout, random)));
    this.parts = {
      self_attn: (q, k, v, mask) => this.self_attn.forward(q, k, v, mask),
      src_attn: (q, k, v, mask) => this.src_attn.forward(q, k, v, mask),
      feed_forward: (x) => this.feed_forward.forward(x),
      sublayer: this.sublayer.map((s) => (x, f) => s.forward(x, f))
    };
  }

  /** tgtMask_BTT hides padding and the future; srcMask_B1S hides source padding. */
  forward(x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    return implementation("decoderLayer", decoderLayer)(this.parts, x_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
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
// #endregion class

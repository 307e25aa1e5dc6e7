// The decoder: N identical layers of masked self-attention, attention over the encoder's output
// ("memory", the source-attention), and feed-forward; the stack ends with a LayerNorm.
import type * as tf from "@tensorflow/tfjs-core";
import type {LayerSizes} from "./encoder.js";
import {feedForwardFunctions, type FeedForwardFunctions, PositionwiseFeedForward} from "./feed-forward.js";
import {LayerNorm} from "./layer-norm.js";
import {Module} from "./module.js";
import {attentionFunctions, type AttentionFunctions, MultiHeadedAttention} from "./multi-head-attention.js";
import type {Random} from "./random.js";
import {SublayerConnection, sublayerFunctions, type SublayerFunctions} from "./sublayer.js";

// #region decoder-layer
/**
 * Masked self-attention, attention over the encoder's output (memory_BSC), then the feed-forward
 * network, each inside its residual connection. tgtMask_BTT hides padding and the future;
 * srcMask_B1S hides source padding.
 */
export function decoderLayer(layer: DecoderLayer, x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
  const m = memory_BSC;
  x_BTC = layer.sublayer[0].forward(x_BTC, (x) => layer.self_attn.forward(x, x, x, tgtMask_BTT));
  x_BTC = layer.sublayer[1].forward(x_BTC, (x) => layer.src_attn.forward(x, m, m, srcMask_B1S));
  return layer.sublayer[2].forward(x_BTC, (x) => layer.feed_forward.forward(x));
}
// #endregion decoder-layer

/** The functions a decoder layer and its sublayers call (a reader's edits replace them). */
export type DecoderLayerFunctions = {decoderLayer: typeof decoderLayer} & AttentionFunctions & FeedForwardFunctions & SublayerFunctions;
export const decoderLayerFunctions: DecoderLayerFunctions = {decoderLayer, ...attentionFunctions, ...feedForwardFunctions, ...sublayerFunctions};

// #region class
export class DecoderLayer extends Module {
  readonly self_attn: MultiHeadedAttention;
  readonly src_attn: MultiHeadedAttention;
  readonly feed_forward: PositionwiseFeedForward;
  readonly sublayer: SublayerConnection[];
  readonly decoderLayer: typeof decoderLayer;

  constructor(readonly sizes: LayerSizes, random: Random, fns: DecoderLayerFunctions = decoderLayerFunctions) {
    super();
    const {dModel, dFF, h, dropout} = sizes;
    this.self_attn = this.child("self_attn", new MultiHeadedAttention(h, dModel, dropout, random, fns));
    this.src_attn = this.child("src_attn", new MultiHeadedAttention(h, dModel, dropout, random, fns));
    this.feed_forward = this.child("feed_forward", new PositionwiseFeedForward(dModel, dFF, dropout, random, fns));
    this.sublayer = this.childList("sublayer", [0, 1, 2].map(() => new SublayerConnection(dModel, dropout, random, fns)));
    this.decoderLayer = fns.decoderLayer;
  }

  /** tgtMask_BTT hides padding and the future; srcMask_B1S hides source padding. */
  forward(x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    return this.decoderLayer(this, x_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
  }
}

export class Decoder extends Module {
  readonly layers: DecoderLayer[];
  readonly norm: LayerNorm;

  constructor(readonly N: number, sizes: LayerSizes, random: Random, fns: DecoderLayerFunctions = decoderLayerFunctions) {
    super();
    this.layers = this.childList("layers", Array.from({length: N}, () => new DecoderLayer(sizes, random, fns)));
    this.norm = this.child("norm", new LayerNorm(sizes.dModel, 1e-6, fns));
  }

  forward(x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    for (const layer of this.layers) x_BTC = layer.forward(x_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
    return this.norm.forward(x_BTC);
  }
}
// #endregion class

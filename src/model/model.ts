// The full encoder-decoder (figure 1 of the paper) and makeModel, which builds it from sizes.
import type * as tf from "@tensorflow/tfjs-core";
import {Decoder, decoderLayerFunctions, type DecoderLayerFunctions} from "./decoder.js";
import {embeddingFunctions, type EmbeddingFunctions, Embeddings} from "./embeddings.js";
import {Encoder, encoderLayerFunctions, type EncoderLayerFunctions} from "./encoder.js";
import {Generator, generatorFunctions, type GeneratorFunctions} from "./generator.js";
import {Module} from "./module.js";
import {PositionalEncoding, positionalEncodingFunctions, type PositionalEncodingFunctions} from "./positional-encoding.js";
import {Random} from "./random.js";
import {expectDim, expectShape} from "./shapes.js";

export interface ModelConfig {
  srcVocab: number; // source V
  tgtVocab: number; // target V
  N: number; // blocks in each stack (6 in the paper)
  dModel: number; // C (512)
  dFF: number; // F (2048)
  h: number; // H (8)
  dropout: number; // 0.1
  /** One [V, C] matrix for the source embedding, the target embedding and the generator (section 3.4); needs srcVocab = tgtVocab. */
  sharedEmbeddings?: boolean;
}

/** Every function the model calls that a reader can replace (the 11 editable model functions), by name. */
export type ModelFunctions = EmbeddingFunctions & PositionalEncodingFunctions & EncoderLayerFunctions & DecoderLayerFunctions & GeneratorFunctions;
export const modelFunctions: ModelFunctions = {
  ...embeddingFunctions,
  ...positionalEncodingFunctions,
  ...encoderLayerFunctions,
  ...decoderLayerFunctions,
  ...generatorFunctions
};

/** Token embeddings followed by the positional encoding: PyTorch's nn.Sequential(Embeddings, PositionalEncoding). */
export class EmbedWithPosition extends Module {
  readonly embeddings: Embeddings;
  readonly position: PositionalEncoding;

  constructor(dModel: number, vocab: number, dropout: number, random: Random, fns: EmbeddingFunctions & PositionalEncodingFunctions = modelFunctions) {
    super();
    this.embeddings = this.child("0", new Embeddings(dModel, vocab, random.seed(), fns));
    this.position = this.child("1", new PositionalEncoding(dModel, dropout, random, fns));
  }

  forward(x_BL: tf.Tensor2D): tf.Tensor3D {
    return this.position.forward(this.embeddings.forward(x_BL));
  }
}

// #region encoder-decoder
export class EncoderDecoder extends Module {
  readonly encoder: Encoder;
  readonly decoder: Decoder;
  readonly src_embed: EmbedWithPosition;
  readonly tgt_embed: EmbedWithPosition;
  readonly generator: Generator;

  /** fns: the reader's versions of some of the model's functions; the library's do the rest. */
  constructor(readonly config: ModelConfig, seed = 0, fns: Partial<ModelFunctions> = {}) {
    super();
    validateConfig(config);
    const {srcVocab, tgtVocab, N, dModel, dFF, h, dropout} = config;
    const random = new Random(seed);
    const sizes = {dModel, dFF, h, dropout};
    const all: ModelFunctions = {...modelFunctions, ...fns};
    this.encoder = this.child("encoder", new Encoder(N, sizes, random, all));
    this.decoder = this.child("decoder", new Decoder(N, sizes, random, all));
    this.src_embed = this.child("src_embed", new EmbedWithPosition(dModel, srcVocab, dropout, random, all));
    this.tgt_embed = this.child("tgt_embed", new EmbedWithPosition(dModel, tgtVocab, dropout, random, all));
    this.generator = this.child("generator", new Generator(dModel, tgtVocab, random, all));
    if (config.sharedEmbeddings) shareEmbeddings(this);
  }

  /** The encoder's output ("memory") [B, S, C] for source ids [B, S]. */
  encode(src_BS: tf.Tensor2D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D {
    expectShape("encode", "srcMask_B1S", srcMask_B1S, [src_BS.shape[0], 1, src_BS.shape[1]]);
    return this.encoder.forward(this.src_embed.forward(src_BS), srcMask_B1S);
  }

  /** The decoder's output [B, T, C] for target ids [B, T]; the generator turns it into log-probabilities. */
  decode(memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgt_BT: tf.Tensor2D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    expectDim("decode", "memory_BSC", memory_BSC, 0, tgt_BT.shape[0], `tgt_BT has B=${tgt_BT.shape[0]}`);
    expectShape("decode", "tgtMask_BTT", tgtMask_BTT, [tgt_BT.shape[0], tgt_BT.shape[1], tgt_BT.shape[1]]);
    return this.decoder.forward(this.tgt_embed.forward(tgt_BT), memory_BSC, srcMask_B1S, tgtMask_BTT);
  }

  /** encode then decode, as the original's forward (the generator is applied by the loss). */
  forward(src_BS: tf.Tensor2D, tgt_BT: tf.Tensor2D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D {
    return this.decode(this.encode(src_BS, srcMask_B1S), srcMask_B1S, tgt_BT, tgtMask_BTT);
  }

  /** Every MultiHeadedAttention, for the attention maps: encoder self, decoder self and source. */
  attentionLayers() {
    return {
      encoderSelf: this.encoder.layers.map((l) => l.self_attn),
      decoderSelf: this.decoder.layers.map((l) => l.self_attn),
      decoderSource: this.decoder.layers.map((l) => l.src_attn)
    };
  }
}
// #endregion encoder-decoder

// #region share-embeddings
/**
 * Ties the target embedding's table and the generator's weight to the source embedding's table
 * [V, C], as the paper does with its joint vocabulary (PyTorch: `tgt_embed[0].lut.weight =
 * src_embed[0].lut.weight; generator.proj.weight = src_embed[0].lut.weight`). The generator keeps
 * its own bias. The shared table is listed once, as "src_embed.0.lut.weight".
 */
export function shareEmbeddings(model: EncoderDecoder): void {
  const {srcVocab, tgtVocab} = model.config;
  if (srcVocab !== tgtVocab) throw new Error(`shareEmbeddings: srcVocab=${srcVocab} and tgtVocab=${tgtVocab} differ; one matrix needs one joint vocabulary`);
  const lut_VC = model.src_embed.embeddings.lut;
  model.tgt_embed.embeddings.lut = model.tgt_embed.embeddings.replaceParameter("lut.weight", lut_VC);
  model.generator.proj.weight = model.generator.proj.replaceParameter("weight", lut_VC);
}
// #endregion share-embeddings

export function validateConfig(config: ModelConfig): void {
  const {srcVocab, tgtVocab, N, dModel, dFF, h, dropout} = config;
  if (config.sharedEmbeddings && srcVocab !== tgtVocab) {
    throw new Error(`makeModel: shared embeddings need one joint vocabulary, but srcVocab=${srcVocab} and tgtVocab=${tgtVocab}`);
  }
  const positive = {srcVocab, tgtVocab, N, dModel, dFF, h};
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`makeModel: ${name} must be a positive integer, not ${value}`);
  }
  if (dModel % h !== 0) throw new Error(`makeModel: h=${h} must divide d_model=${dModel}`);
  if (dModel % 2 !== 0) throw new Error(`makeModel: d_model=${dModel} must be even for the positional encoding`);
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`makeModel: dropout must be in [0, 1), not ${dropout}`);
}

// #region make-model
/**
 * Builds the Transformer with the paper's defaults. Every weight matrix starts Xavier-uniform;
 * biases start as PyTorch's nn.Linear does; `seed` makes the weights (and dropout) repeatable.
 */
export function makeModel(
  srcVocab: number,
  tgtVocab: number,
  N = 6,
  dModel = 512,
  dFF = 2048,
  h = 8,
  dropout = 0.1,
  seed = 0,
  fns: Partial<ModelFunctions> = {}
): EncoderDecoder {
  return new EncoderDecoder({srcVocab, tgtVocab, N, dModel, dFF, h, dropout}, seed, fns);
}
// #endregion make-model

/** The number of trainable parameters (the positional encoding is a fixed buffer, not counted). */
export function countParameters(model: Module): number {
  return model.parameters().reduce((n, v) => n + v.size, 0);
}

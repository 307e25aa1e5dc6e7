// Live pieces of the "Encoder and decoder stacks" page: the Annotated Transformer's LayerNorm next
// to PyTorch's nn.LayerNorm, and the shapes through one encoder layer and one decoder layer.
import * as tf from "@tensorflow/tfjs-core";
import {DecoderLayer} from "../model/decoder.js";
import {EncoderLayer, type LayerSizes} from "../model/encoder.js";
import {layerNorm} from "../model/layer-norm.js";
import {paddingMask, targetMask} from "../model/masks.js";
import {Random} from "../model/random.js";

export interface LayerNormComparison {
  annotated: number[]; // the library's LayerNorm: (x - mean) / (unbiased std + eps)
  torch: number[]; // nn.LayerNorm: (x - mean) / sqrt(biased variance + eps)
  mean: number;
  stdUnbiased: number; // divides by C - 1
  stdBiased: number; // divides by C
  maxAbsDiff: number;
}

/**
 * Both normalisations of one vector (gain 1, bias 0, as both start). `norm` replaces the library's
 * layerNorm (the page's editable cell) on the Annotated side.
 */
export function compareLayerNorms(values: readonly number[], eps = 1e-6, norm: typeof layerNorm = layerNorm): LayerNormComparison {
  const C = values.length;
  if (C < 2) throw new Error(`compareLayerNorms: needs at least 2 values, not ${C}`);
  return tf.tidy(() => {
    const x_1C = tf.tensor2d([values as number[]]);
    const annotated_1C = norm(x_1C, tf.ones([C]), tf.zeros([C]), eps);
    const {mean, variance} = tf.moments(x_1C, -1, true); // variance divides by C
    const torch_1C = tf.div(tf.sub(x_1C, mean), tf.sqrt(tf.add(variance, eps)));
    const biased = variance.dataSync()[0];
    return {
      annotated: Array.from(annotated_1C.dataSync()),
      torch: Array.from(torch_1C.dataSync()),
      mean: mean.dataSync()[0],
      stdUnbiased: Math.sqrt((biased * C) / (C - 1)),
      stdBiased: Math.sqrt(biased),
      maxAbsDiff: tf.max(tf.abs(tf.sub(annotated_1C, torch_1C))).dataSync()[0]
    };
  });
}

export interface ShapeRow {
  name: string;
  shape: number[];
  note: string;
}

/**
 * Runs one EncoderLayer and one DecoderLayer (eval mode) on toy token ids: the sources
 * [[1,2,3,4,5],[1,6,7,0,0]] (0 is padding) and targets of length T, with random inputs x.
 */
export function layerShapes(sizes: LayerSizes, T = 4, seed = 0): ShapeRow[] {
  const random = new Random(seed);
  const encoderLayer = new EncoderLayer(sizes, random).eval();
  const decoderLayer = new DecoderLayer(sizes, random).eval();
  try {
    return tf.tidy(() => {
      const src_BS = tf.tensor2d([[1, 2, 3, 4, 5], [1, 6, 7, 0, 0]], undefined, "int32");
      const [B, S] = src_BS.shape;
      const tgt_BT = tf.tensor2d([[1, 2, 3, 4, 5].slice(0, T), [1, 6, 7, 0, 0].slice(0, T)], undefined, "int32");
      const srcMask_B1S = paddingMask(src_BS);
      const tgtMask_BTT = targetMask(tgt_BT);
      const x_BSC = tf.randomNormal([B, S, sizes.dModel], 0, 1, "float32", random.seed()) as tf.Tensor3D;
      const memory_BSC = encoderLayer.forward(x_BSC, srcMask_B1S);
      const y_BTC = tf.randomNormal([B, T, sizes.dModel], 0, 1, "float32", random.seed()) as tf.Tensor3D;
      const out_BTC = decoderLayer.forward(y_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
      return [
        {name: "x_BSC", shape: x_BSC.shape, note: "encoder layer input (embedded source)"},
        {name: "srcMask_B1S", shape: srcMask_B1S.shape, note: "which source positions are not padding"},
        {name: "encoder layer output", shape: memory_BSC.shape, note: "same shape as its input"},
        {name: "y_BTC", shape: y_BTC.shape, note: "decoder layer input (embedded target)"},
        {name: "tgtMask_BTT", shape: tgtMask_BTT.shape, note: "not padding and not in the future"},
        {name: "memory_BSC", shape: memory_BSC.shape, note: "the encoder's output, read by source-attention"},
        {name: "decoder layer output", shape: out_BTC.shape, note: "same shape as its input"}
      ];
    });
  } finally {
    encoderLayer.dispose();
    decoderLayer.dispose();
  }
}

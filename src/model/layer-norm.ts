// Layer normalisation (Ba et al., 2016) in the Annotated Transformer's form:
//   a_2 * (x - mean) / (std + eps) + b_2
// with the UNBIASED std (divide by C - 1, PyTorch's default for x.std()) and eps added outside the
// square root. nn.LayerNorm differs on both counts (biased variance, eps inside the root).
import * as tf from "@tensorflow/tfjs-core";
import {layerNormWithGradient} from "../tfjs/ops.js";
import {Module} from "./module.js";
import {expectDim} from "./shapes.js";

// #region layer-norm
/** Normalises x over its last axis (C features), then scales by a_2 [C] and shifts by b_2 [C]. */
export function layerNorm<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T {
  const features = x.shape[x.rank - 1]; // C
  return tf.tidy(() => {
    const mean = tf.mean(x, -1, true);
    const centered = tf.sub(x, mean);
    const std = tf.sqrt(tf.div(tf.sum(tf.square(centered), -1, true), features - 1)); // unbiased
    return tf.add(tf.mul(a_2, tf.div(centered, tf.add(std, eps))), b_2) as T;
  });
}
// #endregion layer-norm

/** The functions a LayerNorm module calls (a reader's edits replace them). */
export type LayerNormFunctions = {layerNorm: typeof layerNorm};
// The library trains layerNorm as one op with its gradient written out (src/tfjs/ops.ts); a reader's is used as given.
export const layerNormFunctions: LayerNormFunctions = {layerNorm: layerNormWithGradient};

// #region class
export class LayerNorm extends Module {
  readonly a_2: tf.Variable<tf.Rank.R1>; // gain, starts at 1
  readonly b_2: tf.Variable<tf.Rank.R1>; // bias, starts at 0
  readonly layerNorm: typeof layerNorm;

  constructor(readonly features: number, readonly eps = 1e-6, fns: LayerNormFunctions = layerNormFunctions) {
    super();
    this.a_2 = this.parameter("a_2", tf.ones([features]));
    this.b_2 = this.parameter("b_2", tf.zeros([features]));
    this.layerNorm = fns.layerNorm;
  }

  forward<T extends tf.Tensor>(x: T): T {
    expectDim("LayerNorm", "x", x, x.rank - 1, this.features, `the norm has ${this.features} features`);
    return this.layerNorm(x, this.a_2, this.b_2, this.eps);
  }
}
// #endregion class

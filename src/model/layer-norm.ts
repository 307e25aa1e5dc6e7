// Layer normalisation (Ba et al., 2016) in the Annotated Transformer's form:
//   a_2 * (x - mean) / (std + eps) + b_2
// with the UNBIASED std (divide by C - 1, PyTorch's default for x.std()) and eps added outside the
// square root. nn.LayerNorm differs on both counts (biased variance, eps inside the root).
import * as tf from "@tensorflow/tfjs";
import {layerNormKernels} from "../tfjs/layer-norm-kernel.js";
import {withGradient} from "./linalg.js";
import {Module} from "./module.js";
import {implementation} from "./overrides.js";
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

// #region class
export class LayerNorm extends Module {
  readonly a_2: tf.Variable<tf.Rank.R1>; // gain, starts at 1
  readonly b_2: tf.Variable<tf.Rank.R1>; // bias, starts at 0

  constructor(readonly features: number, readonly eps = 1e-6) {
    super();
    this.a_2 = this.parameter("a_2", tf.ones([features]));
    this.b_2 = this.parameter("b_2", tf.zeros([features]));
  }

  forward<T extends tf.Tensor>(x: T): T {
    expectDim("LayerNorm", "x", x, x.rank - 1, this.features, `the norm has ${this.features} features`);
    const norm = implementation("layerNorm", layerNorm);
    // Speed: the library's own layerNorm trains with its gradient written out; an edited one by autograd.
    return (norm === layerNorm ? layerNormWithGradient : norm)(x, this.a_2, this.b_2, this.eps);
  }
}
// #endregion class

const withGradientByEps = new Map<number, (x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D) => tf.Tensor>(); // made once per eps, not on every call

/**
 * Speed helper: layerNorm's value, with its gradient written out instead of differentiated op by op
 * (about 10 recorded ops and their saved tensors per norm, and reductions over the batch for a_2
 * and b_2 in each). With g = dy a_2, c = x - mean, σ the unbiased std, d = σ + eps and n = C:
 *   dc = g / d - c Σ(g c) / (d² σ (n - 1)),  dx = dc - mean(dc),  da_2 = Σ dy c / d,  db_2 = Σ dy
 * (the sums without an axis run over every position, Σ(g c) over the C features of each).
 * On the wasm backend the value and the gradient are one kernel each (src/tfjs/layer-norm-kernel.ts).
 */
export function layerNormWithGradient<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T {
  let op = withGradientByEps.get(eps);
  if (!op) {
    op = withGradient((save, x: tf.Tensor, a_2: tf.Tensor1D, b_2: tf.Tensor1D) => {
      save([x, a_2]);
      const {value, gradient} = layerNormKernels() ?? {value: layerNorm, gradient: layerNormGradient};
      return {value: value(x, a_2, b_2, eps), gradFunc: (dy, [x, a_2]) => gradient(dy, x, a_2 as tf.Tensor1D, eps)};
    });
    withGradientByEps.set(eps, op);
  }
  return op(x, a_2, b_2) as T;
}

function layerNormGradient(dy: tf.Tensor, x: tf.Tensor, a_2: tf.Tensor1D, eps: number): tf.Tensor[] {
  const n = x.shape[x.rank - 1]; // C
  const c = tf.sub(x, tf.mean(x, -1, true));
  const std = tf.sqrt(tf.div(tf.sum(tf.square(c), -1, true), n - 1));
  const d = tf.add(std, eps);
  const g = tf.mul(dy, a_2);
  const k = tf.div(tf.sum(tf.mul(g, c), -1, true), tf.mul(tf.mul(tf.square(d), std), n - 1));
  const dc = tf.sub(tf.div(g, d), tf.mul(c, k));
  const dx = tf.sub(dc, tf.mean(dc, -1, true));
  const dy_NC = tf.reshape(dy, [-1, n]);
  const da_2 = tf.sum(tf.reshape(tf.mul(dy, tf.div(c, d)), [-1, n]), 0);
  return [dx, da_2, tf.sum(dy_NC, 0)];
}

// Layer normalisation (Ba et al., 2016) in the Annotated Transformer's form:
//   a_2 * (x - mean) / (std + eps) + b_2
// with the UNBIASED std (divide by C - 1, PyTorch's default for x.std()) and eps added outside the
// square root. nn.LayerNorm differs on both counts (biased variance, eps inside the root).
import * as tf from "@tensorflow/tfjs";
import {Module} from "./module.js";
import {expectDim} from "./shapes.js";

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
    return tf.tidy(() => {
      const mean = tf.mean(x, -1, true);
      const centered = tf.sub(x, mean);
      const std = tf.sqrt(tf.div(tf.sum(tf.square(centered), -1, true), this.features - 1));
      return tf.add(tf.mul(this.a_2, tf.div(centered, tf.add(std, this.eps))), this.b_2) as T;
    });
  }
}

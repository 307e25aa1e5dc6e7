// Label smoothing (section 5.4, epsilon_ls = 0.1) in the Annotated Transformer's KL form.
//
// The target distribution puts `confidence = 1 - smoothing` on the true token and spreads
// `smoothing / (V - 2)` over every other token except the padding token (V - 2: neither the true
// token nor pad). The padding column is 0, and rows whose target is padding are all 0. The loss is
//   KL(true_dist || p) = sum over entries with true_dist > 0 of true_dist * (log true_dist - log p)
// Entries with true_dist = 0 contribute exactly 0, even where log p = -inf, so the loss stays finite
// wherever the model gives the true distribution's support a finite log-probability.
import * as tf from "@tensorflow/tfjs-core";
import {expectDim, expectInt, expectShape} from "../model/shapes.js";

export interface LabelSmoothingOptions {
  size: number; // V
  paddingIdx: number;
  smoothing: number;
}

// #region smoothed-targets
/** The smoothed target distribution [N, V] for targets [N]. */
export function smoothedTargets(target_N: tf.Tensor1D, {size, paddingIdx, smoothing}: LabelSmoothingOptions): tf.Tensor2D {
  if (size < 3) throw new Error(`labelSmoothing: size (V) must be at least 3, not ${size}`);
  return tf.tidy(() => {
    const confidence = 1 - smoothing;
    const oneHot_NV = tf.oneHot(target_N, size);
    let dist_NV = tf.add(tf.mul(oneHot_NV, confidence), tf.mul(tf.sub(1, oneHot_NV), smoothing / (size - 2)));
    const notPadColumn_V = tf.notEqual(tf.range(0, size, 1, "int32"), paddingIdx);
    const notPadRow_N1 = tf.notEqual(target_N, paddingIdx).expandDims(1);
    dist_NV = tf.mul(dist_NV, tf.cast(tf.logicalAnd(notPadColumn_V, notPadRow_N1), "float32"));
    return dist_NV as tf.Tensor2D;
  });
}
// #endregion smoothed-targets

// #region loss
/**
 * The summed KL loss between smoothed targets and log-probabilities x_NV (the original's criterion);
 * `smoothed` makes the target distribution (the library's smoothedTargets, or a reader's).
 *
 * Speed: its gradient with respect to x is simply -true_dist (times the incoming gradient), so it is
 * given directly (tf.customGrad): the dozen ops that build the target and the sum are then not
 * recorded for the backward pass, and the backward pass is one multiplication.
 */
export function labelSmoothingLoss(x_NV: tf.Tensor2D, target_N: tf.Tensor1D, options: LabelSmoothingOptions, smoothed = smoothedTargets): tf.Scalar {
  expectShape("labelSmoothingLoss", "x_NV", x_NV, [null, options.size]);
  expectShape("labelSmoothingLoss", "target_N", target_N, [null]);
  expectInt("labelSmoothingLoss", "target_N", target_N);
  expectDim("labelSmoothingLoss", "target_N", target_N, 0, x_NV.shape[0], `x_NV has N=${x_NV.shape[0]}`);
  const loss = tf.customGrad(((x: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const dist_NV = smoothed(target_N, options);
    const support_NV = tf.greater(dist_NV, 0);
    // Where true_dist = 0 use 1 inside the logs: the term is then 0 * (0 - 0) with no inf or NaN.
    const safeDist_NV = tf.where(support_NV, dist_NV, tf.onesLike(dist_NV));
    const safeX_NV = tf.where(support_NV, x, tf.zerosLike(x));
    save([dist_NV]);
    return {
      value: tf.sum(tf.mul(dist_NV, tf.sub(tf.log(safeDist_NV), safeX_NV))) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, [dist]: tf.Tensor[]) => tf.mul(dist, tf.neg(dy))
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return loss(x_NV) as tf.Scalar;
}
// #endregion loss

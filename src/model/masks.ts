// Masks say which positions a query may attend to: true (1) = visible, false (0) = hidden.
import * as tf from "@tensorflow/tfjs-core";
import {expectInt, expectShape} from "./shapes.js";

// #region subsequent-mask
/**
 * The decoder's causal mask [1, L, L]: position i sees positions j <= i, so a word cannot attend
 * to the words after it (lower-triangular, diagonal included).
 */
export function subsequentMask(size: number): tf.Tensor3D {
  return tf.tidy(() => tf.cast(tf.linalg.bandPart(tf.ones([size, size]), -1, 0), "bool").expandDims(0) as tf.Tensor3D);
}
// #endregion subsequent-mask

// #region padding-and-target
/** The padding mask [B, 1, L]: every query may see every key that is not padding. */
export function paddingMask(x_BL: tf.Tensor2D, pad = 0): tf.Tensor3D {
  expectShape("paddingMask", "x_BL", x_BL, [null, null]);
  expectInt("paddingMask", "x_BL", x_BL);
  return tf.tidy(() => tf.notEqual(x_BL, pad).expandDims(1) as tf.Tensor3D);
}

/** The decoder's self-attention mask [B, T, T]: not padding AND not in the future. */
export function targetMask(tgt_BT: tf.Tensor2D, pad = 0): tf.Tensor3D {
  return tf.tidy(() => tf.logicalAnd(paddingMask(tgt_BT, pad), subsequentMask(tgt_BT.shape[1])) as tf.Tensor3D);
}
// #endregion padding-and-target

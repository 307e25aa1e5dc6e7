// The position-wise feed-forward network (section 3.3), the same two layers at every position:
//   FFN(x) = max(0, x W_1 + b_1) W_2 + b_2,  C → F → C (512 → 2048 → 512 in the paper)
import * as tf from "@tensorflow/tfjs-core";
import {Dropout} from "./dropout.js";
import {Linear} from "./linear.js";
import {Module} from "./module.js";
import type {Random} from "./random.js";

// #region feed-forward
/** w_1: the layer C → F, w_2: the layer F → C; dropout on the hidden activations, as the original does. */
export function feedForward(
  x_BLC: tf.Tensor3D,
  w_1: (x_BLC: tf.Tensor3D) => tf.Tensor3D,
  w_2: (h_BLF: tf.Tensor3D) => tf.Tensor3D,
  dropout: (h_BLF: tf.Tensor3D) => tf.Tensor3D
): tf.Tensor3D {
  const h_BLF = dropout(tf.relu(w_1(x_BLC)));
  return w_2(h_BLF);
}
// #endregion feed-forward

/** The functions a PositionwiseFeedForward module calls (a reader's edits replace them). */
export type FeedForwardFunctions = {feedForward: typeof feedForward};
export const feedForwardFunctions: FeedForwardFunctions = {feedForward};

// #region class
export class PositionwiseFeedForward extends Module {
  readonly w_1: Linear; // weight [F, C]
  readonly w_2: Linear; // weight [C, F]
  readonly dropout: Dropout;
  readonly feedForward: typeof feedForward;

  constructor(readonly dModel: number, readonly dFF: number, dropout: number, random: Random, fns: FeedForwardFunctions = feedForwardFunctions) {
    super();
    this.w_1 = this.child("w_1", new Linear(dModel, dFF, random));
    this.w_2 = this.child("w_2", new Linear(dFF, dModel, random));
    this.dropout = this.child("dropout", new Dropout(dropout, random));
    this.feedForward = fns.feedForward;
  }

  forward(x_BLC: tf.Tensor3D): tf.Tensor3D {
    return this.feedForward(x_BLC, (x) => this.w_1.forward(x), (h) => this.w_2.forward(h), (h) => this.dropout.forward(h));
  }
}
// #endregion class

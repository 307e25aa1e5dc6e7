// The residual connection around each sublayer, pre-norm as in the Annotated Transformer:
//   x + dropout(sublayer(norm(x)))
// The paper is post-norm, norm(x + dropout(sublayer(x))); pre-norm trains more stably without
// warmup tricks, and it is why each stack ends with a final LayerNorm.
import * as tf from "@tensorflow/tfjs-core";
import {Dropout} from "./dropout.js";
import {LayerNorm, type LayerNormFunctions, layerNormFunctions} from "./layer-norm.js";
import {Module} from "./module.js";
import type {Random} from "./random.js";

type Layer = (x_BLC: tf.Tensor3D) => tf.Tensor3D;

// #region sublayer-connection
/** x + dropout(sublayer(norm(x))): the sublayer (attention or feed-forward) reads the normalised x. */
export function sublayerConnection(x_BLC: tf.Tensor3D, sublayer: Layer, norm: Layer, dropout: Layer): tf.Tensor3D {
  return tf.add(x_BLC, dropout(sublayer(norm(x_BLC))));
}
// #endregion sublayer-connection

/** The functions a SublayerConnection module and its norm call (a reader's edits replace them). */
export type SublayerFunctions = {sublayerConnection: typeof sublayerConnection} & LayerNormFunctions;
export const sublayerFunctions: SublayerFunctions = {sublayerConnection, ...layerNormFunctions};

// #region class
export class SublayerConnection extends Module {
  readonly norm: LayerNorm;
  readonly dropout: Dropout;
  readonly sublayerConnection: typeof sublayerConnection;

  constructor(readonly size: number, dropout: number, random: Random, fns: SublayerFunctions = sublayerFunctions) {
    super();
    this.norm = this.child("norm", new LayerNorm(size, 1e-6, fns));
    this.dropout = this.child("dropout", new Dropout(dropout, random));
    this.sublayerConnection = fns.sublayerConnection;
  }

  forward(x_BLC: tf.Tensor3D, sublayer: Layer): tf.Tensor3D {
    return this.sublayerConnection(x_BLC, sublayer, (x) => this.norm.forward(x), (x) => this.dropout.forward(x));
  }
}
// #endregion class

// The generator: a linear layer and a log-softmax, a V-way classification at every target position
// (V is 11 in the copy task, tens of thousands of subwords in a translation model).
import * as tf from "@tensorflow/tfjs-core";
import {Linear} from "./linear.js";
import {Module} from "./module.js";
import type {Random} from "./random.js";

// #region generator
/** [B, T, C] → log-probabilities [B, T, V]; proj is the linear layer C → V. */
export function generator(x_BTC: tf.Tensor3D, proj: (x_BTC: tf.Tensor3D) => tf.Tensor3D): tf.Tensor3D {
  return tf.logSoftmax(proj(x_BTC));
}
// #endregion generator

/** The functions a Generator module calls (a reader's edits replace them). */
export type GeneratorFunctions = {generator: typeof generator};
export const generatorFunctions: GeneratorFunctions = {generator};

// #region class
export class Generator extends Module {
  readonly proj: Linear; // weight [V, C]
  readonly generator: typeof generator;

  constructor(readonly dModel: number, readonly vocab: number, random: Random, fns: GeneratorFunctions = generatorFunctions) {
    super();
    this.proj = this.child("proj", new Linear(dModel, vocab, random));
    this.generator = fns.generator;
  }

  forward(x_BTC: tf.Tensor3D): tf.Tensor3D {
    return this.generator(x_BTC, (x) => this.proj.forward(x));
  }
}
// #endregion class

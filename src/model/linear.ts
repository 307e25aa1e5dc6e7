// nn.Linear: y = x W^T + b, with W stored [out, in] as PyTorch does.
import * as tf from "@tensorflow/tfjs-core";
import {linear} from "../tfjs/ops.js";
import {randomUniform} from "../tfjs/uniform.js";
import {Module, xavierUniform} from "./module.js";
import type {Random} from "./random.js";
import {expectDim} from "./shapes.js";

export class Linear extends Module {
  weight: tf.Variable<tf.Rank.R2>; // [out, in] (shareEmbeddings puts the embedding table here)
  readonly bias: tf.Variable<tf.Rank.R1>; // [out]

  constructor(readonly inFeatures: number, readonly outFeatures: number, random: Random) {
    super();
    this.weight = this.parameter("weight", xavierUniform([outFeatures, inFeatures], random.seed()));
    // PyTorch's default bias init: U(-1/sqrt(in), 1/sqrt(in)); only matrices get Xavier.
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = this.parameter("bias", randomUniform([outFeatures], -bound, bound, random.seed()));
  }

  forward<T extends tf.Tensor>(x: T): T {
    expectDim("Linear", "x", x, x.rank - 1, this.inFeatures, `the layer takes ${this.inFeatures} features`);
    return linear(x, this.weight, this.bias) as T;
  }
}

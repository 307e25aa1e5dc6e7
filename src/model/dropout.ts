// Dropout (Srivastava et al.), active only in training mode. Each call draws a fresh seed from the
// model's Random, so masks differ from step to step yet replay exactly from the same model seed.
import * as tf from "@tensorflow/tfjs";
import {Module} from "./module.js";
import type {Random} from "./random.js";

export class Dropout extends Module {
  constructor(readonly rate: number, private readonly random: Random) {
    super();
    if (!(rate >= 0 && rate < 1)) throw new Error(`Dropout: rate must be in [0, 1), not ${rate}`);
  }

  forward<T extends tf.Tensor>(x: T): T {
    return this.training && this.rate > 0 ? (tf.dropout(x, this.rate, undefined, this.random.seed()) as T) : x;
  }
}

// Seeded normal samples: the fixed inputs of the editable functions' checks and the lessons'
// experiments. (In a Framework page tfjs's own seeded random ops fail: its bundled seedrandom has
// no `alea`.)
import * as tf from "@tensorflow/tfjs-core";
import {Random} from "./random.js";

/** A standard normal sample (Box-Muller) from a seeded source. */
export function gaussian(random: Random): number {
  const u = 1 - random.next(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** A tensor of N(0, stddev²) samples from our own seeded source. */
export function normalTensor(shape: number[], seed: number, stddev = 1): tf.Tensor {
  const random = new Random(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({length: size}, () => stddev * gaussian(random)), shape);
}

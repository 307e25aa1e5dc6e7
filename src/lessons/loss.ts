// Data for the page on the loss and the learning-rate schedule (src/loss-and-schedule.md):
// the original's label-smoothing penalty demo and the Noam schedule as chart points.
import * as tf from "@tensorflow/tfjs-core";
import {labelSmoothingLoss} from "../training/label-smoothing.js";
import {rate} from "../training/noam.js";

export interface PenaltyPoint {
  x: number;
  confidence: number; // the probability the model gives the true class, x / (x + 3)
  loss: number;
}

/**
 * The Annotated Transformer's penalty demo: V = 5, pad 0, target 1, and the prediction
 * [0, x/d, 1/d, 1/d, 1/d] with d = x + 3, for x = 1..maxX (range(1, 100) in the original: 1..99).
 */
export function penaltyCurve(smoothing = 0.1, maxX = 99): PenaltyPoint[] {
  const points: PenaltyPoint[] = [];
  for (let x = 1; x <= maxX; x++) {
    const d = x + 3;
    const loss = tf.tidy(() => {
      const predict_NV = tf.tensor2d([[0, x / d, 1 / d, 1 / d, 1 / d]]);
      const target_N = tf.tensor1d([1], "int32");
      return labelSmoothingLoss(tf.log(predict_NV) as tf.Tensor2D, target_N, {size: 5, paddingIdx: 0, smoothing}).dataSync()[0];
    });
    points.push({x, confidence: x / d, loss});
  }
  return points;
}

export interface RatePoint {
  step: number;
  lr: number;
}

/**
 * lrate at steps 0, every, 2·every, ... maxStep (and at step = warmup, so the peak is drawn).
 * `schedule` replaces the library's rate (the page's editable cell).
 */
export function noamCurve(dModel: number, warmup: number, maxStep = 20000, every = 50, factor = 1, schedule: typeof rate = rate): RatePoint[] {
  const steps = new Set<number>();
  for (let s = 0; s <= maxStep; s += every) steps.add(s);
  if (warmup <= maxStep) steps.add(warmup);
  return [...steps].sort((a, b) => a - b).map((step) => ({step, lr: schedule(step, dModel, factor, warmup)}));
}

/** The largest rate over every integer step 0..maxStep, found by search, and the step it occurs at. */
export function noamPeak(dModel: number, warmup: number, maxStep = 20000, factor = 1, schedule: typeof rate = rate): RatePoint {
  let best: RatePoint = {step: 0, lr: schedule(0, dModel, factor, warmup)};
  for (let step = 1; step <= maxStep; step++) {
    const lr = schedule(step, dModel, factor, warmup);
    if (lr > best.lr) best = {step, lr};
  }
  return best;
}

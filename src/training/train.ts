// Training: the loss of a batch, one optimisation step, and an epoch over several batches.
import * as tf from "@tensorflow/tfjs-core";
import type {EncoderDecoder} from "../model/model.js";
import {Adam} from "./adam.js";
import {type Batch} from "./batch.js";
import {labelSmoothingLoss, smoothedTargets} from "./label-smoothing.js";
import {rate} from "./noam.js";
import {readLater, readNow} from "./read-back.js";

export interface TrainOptions {
  smoothing: number; // label smoothing, 0.1 in the paper
  pad: number; // padding id, 0
  lrBase: number; // multiplies the schedule: lr = lrBase * rate(step, d_model, factor, warmup)
  factor: number;
  warmup: number;
}

export const PAPER_TRAIN_OPTIONS: TrainOptions = {smoothing: 0.1, pad: 0, lrBase: 1, factor: 1, warmup: 400};

/** The replaceable functions a Trainer calls (src/training/components.ts has the whole set). */
export type TrainerFunctions = {rate: typeof rate; smoothedTargets: typeof smoothedTargets};

/**
 * The summed label-smoothing loss of a batch (the original's SimpleLossCompute before dividing by
 * ntokens): generator(decoder output) against tgt_y, with the target distribution of `smoothed`.
 */
// #region batchLoss
export function batchLoss(model: EncoderDecoder, batch: Batch, options: Pick<TrainOptions, "smoothing" | "pad">, smoothed = smoothedTargets): tf.Scalar {
  return tf.tidy(() => {
    const out_BTC = model.forward(batch.src_BS, batch.tgtIn_BT, batch.srcMask_B1S, batch.tgtMask_BTT);
    const logprobs_BTV = model.generator.forward(out_BTC);
    const V = logprobs_BTV.shape[2];
    const x_NV = tf.reshape(logprobs_BTV, [-1, V]) as tf.Tensor2D;
    const y_N = tf.reshape(batch.tgtY_BT, [-1]) as tf.Tensor1D;
    return labelSmoothingLoss(x_NV, y_N, {size: V, paddingIdx: options.pad, smoothing: options.smoothing}, smoothed);
  });
}
// #endregion batchLoss

export interface StepResult {
  step: number; // the optimizer's step count after this step
  loss: number; // per target token
  lr: number;
}

export class Trainer {
  readonly optimizer: Adam;
  readonly options: TrainOptions;
  private readonly params: tf.Variable[];

  /** fns: the schedule and the smoothed targets to train with (the library's by default). */
  constructor(readonly model: EncoderDecoder, options: Partial<TrainOptions> = {}, readonly fns: TrainerFunctions = {rate, smoothedTargets}) {
    this.options = {...PAPER_TRAIN_OPTIONS, ...options};
    this.params = model.parameters();
    this.optimizer = new Adam(this.params, {beta1: 0.9, beta2: 0.98, eps: 1e-9});
  }

  /** The learning rate the next step will use. */
  get lr(): number {
    const {lrBase, factor, warmup} = this.options;
    return lrBase * this.fns.rate(this.optimizer.step, this.model.config.dModel, factor, warmup);
  }

  /** The names of the parameters that the last step left unchanged, since no gradient reached them (the model's edited code does not use them). */
  get noGradient(): string[] {
    if (this.optimizer.skipped.length === 0) return []; // the usual case, asked after every step: no walk over the parameters
    const names = this.model.namedParameters().map(([name]) => name);
    return this.optimizer.skipped.map((i) => names[i] ?? this.params[i].name);
  }

  /** Forward, backward and one Adam update, in training mode. Returns the loss per token. */
  step(batch: Batch): StepResult {
    const {loss_, lr} = this.update(batch);
    return {step: this.optimizer.step, loss: readNow(loss_)[0], lr};
  }

  /** The same step, reading the loss back asynchronously (what a GPU backend wants: no synchronous read). */
  async stepAsync(batch: Batch): Promise<StepResult> {
    const {loss_, lr} = this.update(batch);
    const step = this.optimizer.step;
    return {step, loss: (await readLater(loss_))[0], lr};
  }

  /** The update itself; returns the loss per token, still on the backend. */
  // #region update
  private update(batch: Batch): {loss_: tf.Scalar; lr: number} {
    this.model.train();
    const lr = this.lr;
    const {value, grads} = tf.variableGrads(() => perToken(batchLoss(this.model, batch, this.options, this.fns.smoothedTargets), batch), this.params);
    try {
      this.optimizer.apply(this.params.map((p) => grads[p.name]), lr);
    } catch (error) {
      value.dispose();
      throw error;
    } finally {
      tf.dispose(Object.values(grads));
    }
    return {loss_: value, lr};
  }
  // #endregion update

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** The loss per token of a batch in eval mode (dropout off), without gradients. */
export function evaluateLoss(model: EncoderDecoder, batch: Batch, options: Pick<TrainOptions, "smoothing" | "pad"> = PAPER_TRAIN_OPTIONS, smoothed = smoothedTargets): number {
  return readNow(evaluationLoss(model, batch, options, smoothed))[0];
}

export async function evaluateLossAsync(model: EncoderDecoder, batch: Batch, options: Pick<TrainOptions, "smoothing" | "pad"> = PAPER_TRAIN_OPTIONS, smoothed = smoothedTargets): Promise<number> {
  return (await readLater(evaluationLoss(model, batch, options, smoothed)))[0];
}

function evaluationLoss(model: EncoderDecoder, batch: Batch, options: Pick<TrainOptions, "smoothing" | "pad">, smoothed: typeof smoothedTargets): tf.Scalar {
  return model.evaluating(() => tf.tidy(() => perToken(batchLoss(model, batch, options, smoothed), batch)));
}

/** A batch's summed loss divided by its ntokens (at least 1, so a batch of padding gives 0, not NaN). */
function perToken(sum: tf.Scalar, batch: Batch): tf.Scalar {
  return tf.div(sum, tf.maximum(tf.cast(batch.ntokens, "float32"), 1));
}

/**
 * One epoch, as the original's run_epoch: trains on every batch when a trainer is given, else only
 * evaluates; reports the loss per token over the whole epoch.
 */
export function runEpoch(batches: Iterable<Batch>, model: EncoderDecoder, trainer?: Trainer): {loss: number; tokens: number; steps: number} {
  let totalLoss = 0;
  let tokens = 0;
  let steps = 0;
  for (const batch of batches) {
    const loss = trainer ? trainer.step(batch).loss : evaluateLoss(model, batch, PAPER_TRAIN_OPTIONS);
    const ntokens = batch.ntokens.dataSync()[0];
    totalLoss += loss * ntokens;
    tokens += ntokens;
    steps++;
  }
  return {loss: tokens ? totalLoss / tokens : 0, tokens, steps};
}

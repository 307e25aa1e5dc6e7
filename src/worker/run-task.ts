// What the training engine's loop asks of a run's task: the next training batch, and the held-out
// evaluation. The copy task's is here; translation's is in translation-task.ts.
import type {EncoderDecoder} from "../model/model.js";
import {Random} from "../model/random.js";
import * as tf from "@tensorflow/tfjs-core";
import {disposeBatch, type Batch} from "../training/batch.js";
import {batchFunction, type Components} from "../training/components.js";
import {COPY_PAD, copyAccuracyAsync, copyBatch, copySequences} from "../training/copy-task.js";
import {type RunConfig, tokensPerStep} from "../training/run-config.js";
import {evaluateLossAsync} from "../training/train.js";
import type {Evaluation} from "./protocol.js";

/** An evaluation's measures; the engine adds the step and the live tensors. */
export type TaskEvaluation = Omit<Evaluation, "step" | "numTensors">;

export interface RunTask {
  /** The next training batch, and the target tokens in it that are not padding (what tokens/s counts). */
  nextBatch(): {batch: Batch; tokens: number};
  /**
   * The held-out measures; null when `current()` turned false meanwhile (the run was stopped, and
   * this task disposed). asTrained (for an estimate, on a model that has not learnt yet): take as
   * long as the evaluation of a trained model would.
   */
  evaluate(model: EncoderDecoder, current: () => boolean, options?: {asTrained?: boolean}): Promise<TaskEvaluation | null>;
  /** Frees the task's tensors. */
  dispose(): void;
}

/** The copy task: fresh random sequences each step; a fixed held-out set for the loss and the exact match. */
export class CopyRunTask implements RunTask {
  private readonly random: Random;
  private readonly held: number[][];
  private heldBatch: Batch | null;
  private readonly makeBatch: Components["makeBatch"];

  constructor(private readonly run: RunConfig, private readonly components: Components) {
    this.makeBatch = batchFunction(components);
    this.random = new Random(run.seed);
    this.held = copySequences(new Random(run.seed + 1_000_003), {vocab: run.vocab, length: run.length, batchSize: run.heldOut});
    const held_BL = tf.tensor2d(this.held, undefined, "int32");
    this.heldBatch = this.makeBatch(held_BL, held_BL, COPY_PAD);
    held_BL.dispose();
  }

  nextBatch(): {batch: Batch; tokens: number} {
    const {run} = this;
    return {batch: copyBatch(this.random, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}, this.makeBatch), tokens: tokensPerStep(run)};
  }

  /** Held-out loss (plain cross-entropy, so runs with and without smoothing compare) and exact match (its cost does not depend on the model). */
  async evaluate(model: EncoderDecoder, current: () => boolean): Promise<TaskEvaluation | null> {
    if (!this.heldBatch) return null;
    const heldOutLoss = await evaluateLossAsync(model, this.heldBatch, {smoothing: 0, pad: COPY_PAD}, this.components.smoothedTargets);
    if (!current()) return null;
    const exactMatch = await copyAccuracyAsync(model, this.held, this.components.subsequentMask);
    return current() ? {heldOutLoss, exactMatch} : null;
  }

  dispose(): void {
    if (this.heldBatch) disposeBatch(this.heldBatch);
    this.heldBatch = null;
  }
}

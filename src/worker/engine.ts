// The training loop behind the training page, free of any messaging so that Node can test it:
// it drives Trainer.step one step at a time, yields to the event loop between steps (so pause and
// stop take effect at once), reports throttled progress and periodic held-out evaluations, and
// stops on a loss that is not finite. The Web Worker (worker.ts) wires it to postMessage.
import * as tf from "@tensorflow/tfjs-core";
import {saveWeights, loadModel} from "../io/weights.js";
import {attentionMaps, type ModelAttention} from "../lessons/results.js";
import {paddingMask, subsequentMask} from "../model/masks.js";
import {countParameters, EncoderDecoder} from "../model/model.js";
import {Random} from "../model/random.js";
import {tidyValue} from "../tfjs/tidy-value.js";
import {disposeBatch, type Batch} from "../training/batch.js";
import {batchFunction, type Components, composeComponents, libraryComponents} from "../training/components.js";
import {COPY_PAD, COPY_START, copyAccuracyAsync, copyBatch, copySequences} from "../training/copy-task.js";
import {beamSearch, greedyDecode, nextLogprobs} from "../training/decode.js";
import type {DecodeResult, DecodeStep, EngineState, FromWorker, ModelSummary, Progress} from "./protocol.js";
import {estimateRunSeconds, etaSeconds, type RunConfig, tokensPerSecond} from "../training/run-config.js";
import {evaluateLossAsync, Trainer} from "../training/train.js";

export interface EngineOptions {
  emit: (event: FromWorker) => void;
  now?: () => number;
  tick?: () => Promise<void>; // one turn of the event loop
  reportEveryMs?: number;
}

const defaultTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class TrainingEngine {
  state: EngineState = "idle";
  model: EncoderDecoder | null = null;
  run: RunConfig | null = null;
  /** The functions the model and the run use: the library's, the reader's given to start(), and the run's ablations. */
  private components: Components = libraryComponents;
  /** The reader's functions given to the last start(), until reset(). */
  private reader: Partial<Components> = {};
  private trainer: Trainer | null = null;
  private random: Random | null = null;
  private held: number[][] = [];
  private heldBatch: Batch | null = null;
  private loopId = 0;
  private elapsedMs = 0; // in training steps
  private wallMs = 0; // since start(), pauses excluded
  private evalMs = 0; // in held-out evaluations
  private evaluations = 0;
  /** The cost of one evaluation timed by the last estimate(), and of which run, for the ETA before the first evaluation. */
  private estimated: {run: string; evalMs: number} | null = null;
  private window = {start: 0, steps: 0, stepMs: 0, losses: [] as [number, number][]};
  private noGradient = ""; // the parameters without a gradient last reported, joined
  private readonly emit: (event: FromWorker) => void;
  private readonly now: () => number;
  private readonly tick: () => Promise<void>;
  private readonly reportEveryMs: number;

  constructor({emit, now = () => performance.now(), tick = defaultTick, reportEveryMs = 250}: EngineOptions) {
    this.emit = emit;
    this.now = now;
    this.tick = tick;
    this.reportEveryMs = reportEveryMs;
  }

  get step(): number {
    return this.trainer?.optimizer.step ?? 0;
  }

  /**
   * A fresh model and optimizer for `run`, then training until its last step (or pause/stop).
   * reader: the reader's versions of some of the replaceable functions (src/training/components.ts).
   */
  start(run: RunConfig, reader: Partial<Components> = {}): Promise<void> {
    this.reset();
    this.run = run;
    this.reader = reader;
    const components = (this.components = composeComponents(reader, run.ablations));
    this.model = new EncoderDecoder({...run.model, srcVocab: run.vocab, tgtVocab: run.vocab}, run.seed, components);
    this.trainer = new Trainer(this.model, run.train, components);
    this.random = new Random(run.seed);
    const task = {vocab: run.vocab, length: run.length, batchSize: run.heldOut};
    this.held = copySequences(new Random(run.seed + 1_000_003), task);
    const held_BL = tf.tensor2d(this.held, undefined, "int32");
    this.heldBatch = batchFunction(components)(held_BL, held_BL, COPY_PAD);
    held_BL.dispose();
    this.emit({type: "model", summary: this.summary()});
    return this.resume();
  }

  pause(): void {
    if (this.state === "running") this.setState("paused");
  }

  resume(): Promise<void> {
    if (!this.trainer || !(this.state === "idle" || this.state === "paused")) return Promise.resolve();
    this.setState("running");
    return this.loop();
  }

  /** Ends the run early; the model stays for decoding and saving. */
  stop(): void {
    if (this.state === "running" || this.state === "paused") this.finishRun("stopped");
  }

  /** Forgets the model, the run and the reader's functions. */
  reset(): void {
    this.loopId++;
    this.disposeRun();
    this.model?.dispose();
    this.model = null;
    this.run = null;
    this.components = libraryComponents;
    this.reader = {};
    this.elapsedMs = this.wallMs = this.evalMs = this.evaluations = 0;
    this.noGradient = "";
    this.setState("idle");
  }

  private async loop(): Promise<void> {
    const id = ++this.loopId;
    const run = this.run!;
    const makeBatch = batchFunction(this.components);
    this.window = {start: this.now(), steps: 0, stepMs: 0, losses: []};
    const since = this.now();
    const wallBefore = this.wallMs;
    while (this.state === "running" && id === this.loopId) {
      this.wallMs = wallBefore + this.now() - since;
      if (this.step >= run.steps) {
        this.report(true);
        this.finishRun("finished");
        return;
      }
      const t0 = this.now();
      const batch = copyBatch(this.random!, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}, makeBatch);
      let loss: number;
      try {
        // Reads the loss back asynchronously: on a GPU backend a synchronous read stalls the page's worker.
        loss = (await this.trainer!.stepAsync(batch)).loss;
      } catch (error) {
        if (id === this.loopId) this.fail(`step ${this.step + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      } finally {
        disposeBatch(batch);
      }
      if (id !== this.loopId) return; // stopped or reset while the loss was read back
      const stepMs = this.now() - t0;
      this.elapsedMs += stepMs;
      this.window.stepMs += stepMs;
      this.reportNoGradient();
      this.window.steps++;
      this.window.losses.push([this.step, loss]);
      if (!Number.isFinite(loss)) {
        this.report(true);
        this.fail(`the training loss became ${loss} at step ${this.step}; the run stopped (try a smaller learning rate or keep the warmup)`);
        return;
      }
      const last = this.step >= run.steps;
      if (this.step % run.evalEvery === 0 || last) {
        try {
          const e0 = this.now();
          await this.evaluate();
          this.evalMs += this.now() - e0;
          this.evaluations++;
        } catch (error) {
          if (id === this.loopId) this.fail(`the evaluation at step ${this.step} failed: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
        if (id !== this.loopId) return;
      }
      this.wallMs = wallBefore + this.now() - since;
      this.report(last);
      await this.tick();
    }
    if (id === this.loopId && this.window.steps > 0) this.report(true);
  }

  /** Held-out loss (plain cross-entropy, so runs with and without smoothing compare) and exact match. */
  private async evaluate(): Promise<void> {
    const {model, heldBatch, components} = this;
    if (!model || !heldBatch) return;
    const loopId = this.loopId;
    const heldOutLoss = await evaluateLossAsync(model, heldBatch, {smoothing: 0, pad: COPY_PAD}, components.smoothedTargets);
    if (loopId !== this.loopId) return; // stopped or reset meanwhile: the held-out batch is gone
    const exactMatch = await copyAccuracyAsync(model, this.held, components.subsequentMask);
    if (loopId !== this.loopId) return;
    this.emit({type: "evaluation", evaluation: {step: this.step, heldOutLoss, exactMatch, numTensors: tf.memory().numTensors}});
  }

  /** Says which parameters the step left unchanged for want of a gradient, whenever that set changes. */
  private reportNoGradient(): void {
    const parameters = this.trainer!.noGradient;
    if (parameters.join() === this.noGradient) return;
    this.noGradient = parameters.join();
    this.emit({type: "noGradient", step: this.step, parameters});
  }

  private report(force: boolean): void {
    const now = this.now();
    const span = now - this.window.start;
    if (!force && span < this.reportEveryMs) return;
    if (this.window.steps === 0) return;
    const run = this.run!;
    const msPerStep = this.window.stepMs / this.window.steps;
    const losses = this.window.losses;
    const evalMsPrior = this.estimated?.run === JSON.stringify(run) ? this.estimated.evalMs : undefined;
    const progress: Progress = {
      step: this.step,
      steps: run.steps,
      loss: losses[losses.length - 1][1],
      lr: this.trainer!.lr,
      msPerStep,
      tokensPerSecond: tokensPerSecond(run.batchSize * (run.length - 1), msPerStep),
      elapsedMs: this.elapsedMs,
      wallMs: this.wallMs,
      evalMs: this.evalMs,
      etaSeconds: etaSeconds({step: this.step, wallMs: this.wallMs, evalMs: this.evalMs, evaluations: this.evaluations, evalMsPrior}, run),
      numTensors: tf.memory().numTensors,
      losses
    };
    this.emit({type: "progress", progress});
    this.window = {start: now, steps: 0, stepMs: 0, losses: []};
  }

  private finishRun(state: "stopped" | "finished", message?: string): void {
    this.loopId++;
    this.disposeRun();
    this.setState(state, message);
  }

  private fail(message: string): void {
    this.loopId++;
    this.disposeRun();
    this.emit({type: "failed", message});
    this.setState("failed", message);
  }

  /** The optimizer and held-out data go; the model stays. */
  private disposeRun(): void {
    this.trainer?.dispose();
    this.trainer = null;
    if (this.heldBatch) disposeBatch(this.heldBatch);
    this.heldBatch = null;
  }

  private setState(state: EngineState, message?: string): void {
    this.state = state;
    this.emit({type: "state", state, message});
  }

  private requireModel(): EncoderDecoder {
    if (!this.model) throw new Error("there is no model yet: start a run or load weights first");
    return this.model;
  }

  summary(): ModelSummary {
    const m = this.requireModel();
    const {N, dModel, dFF, h, srcVocab} = m.config;
    return {N, dModel, dFF, h, vocab: srcVocab, parameters: countParameters(m)};
  }

  /** Greedy and beam-search outputs, and each greedy position's top-3 next tokens. */
  decode(src: number[], beamSize: number): DecodeResult {
    const model = this.requireModel();
    const vocab = model.config.srcVocab;
    const bad = src.find((id) => !Number.isInteger(id) || id < 0 || id >= vocab);
    if (src.length === 0 || bad !== undefined) throw new Error(`source ids must be integers from 0 to ${vocab - 1}`);
    const causal = this.components.subsequentMask;
    return tidyValue(() => {
      const src_1S = tf.tensor2d([src], undefined, "int32");
      const mask_11S = paddingMask(src_1S, COPY_PAD);
      const [greedy] = greedyDecode(model, src_1S, mask_11S, src.length, COPY_START, causal);
      const beams = beamSearch(model, src_1S, mask_11S, {beamSize, maxLen: src.length, startSymbol: COPY_START, alpha: 0.6}, causal).map(({ids, score}) => ({ids, score}));
      return {greedy, beams, steps: greedySteps(model, src_1S, mask_11S, greedy, 3, causal)};
    });
  }

  attention(src: number[]): ModelAttention {
    const model = this.requireModel();
    const [greedy] = tf.tidy(() => {
      const src_1S = tf.tensor2d([src], undefined, "int32");
      return greedyDecode(model, src_1S, paddingMask(src_1S, COPY_PAD), src.length, COPY_START, this.components.subsequentMask);
    });
    return attentionMaps(model, src, greedy);
  }

  save(): Uint8Array {
    return saveWeights(this.requireModel());
  }

  /** Replaces the model with the file's; a file that does not fit throws and changes nothing. */
  load(bytes: Uint8Array): ModelSummary {
    if (this.state === "running" || this.state === "paused") throw new Error("stop the run before loading weights");
    const model = loadModel(bytes, 0, 0);
    this.loopId++;
    this.disposeRun();
    this.model?.dispose();
    this.model = model;
    this.run = null;
    this.components = libraryComponents; // the file's model is built with the library's functions
    this.setState("loaded");
    const summary = this.summary();
    this.emit({type: "model", summary});
    return summary;
  }

  /**
   * Times a few steps and one held-out evaluation of `run` on a throwaway model (with the last
   * start's reader functions), to estimate the whole run before it starts.
   */
  async estimate(run: RunConfig, steps = 3): Promise<{msPerStep: number[]; evalMs: number; seconds: number}> {
    if (this.state === "running") throw new Error("pause or stop the run before estimating another");
    const components = composeComponents(this.reader, run.ablations);
    const model = new EncoderDecoder({...run.model, srcVocab: run.vocab, tgtVocab: run.vocab}, run.seed, components);
    const trainer = new Trainer(model, run.train, components);
    const makeBatch = batchFunction(components);
    const random = new Random(run.seed);
    const msPerStep: number[] = [];
    let evalMs: number;
    try {
      for (let i = 0; i < steps; i++) {
        const batch = copyBatch(random, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}, makeBatch);
        const t0 = this.now();
        try {
          await trainer.stepAsync(batch);
        } finally {
          disposeBatch(batch);
        }
        await this.tick(); // the turn of the event loop the run takes after each step
        msPerStep.push(this.now() - t0);
      }
      const held = copySequences(new Random(run.seed + 1_000_003), {vocab: run.vocab, length: run.length, batchSize: run.heldOut});
      const held_BL = tf.tensor2d(held, undefined, "int32");
      const heldBatch = makeBatch(held_BL, held_BL, COPY_PAD);
      held_BL.dispose();
      const t0 = this.now();
      try {
        await evaluateLossAsync(model, heldBatch, {smoothing: 0, pad: COPY_PAD}, components.smoothedTargets);
        await copyAccuracyAsync(model, held, components.subsequentMask);
      } finally {
        disposeBatch(heldBatch);
      }
      evalMs = this.now() - t0;
    } finally {
      trainer.dispose();
      model.dispose();
    }
    this.estimated = {run: JSON.stringify(run), evalMs};
    return {msPerStep, evalMs, seconds: estimateRunSeconds(msPerStep, run, evalMs)};
  }
}

/** Each greedy position's top-3 next tokens with their probabilities, one decoding step at a time. */
export function greedySteps(model: EncoderDecoder, src_1S: tf.Tensor2D, srcMask_11S: tf.Tensor3D, greedy: number[], top = 3, causal = subsequentMask): DecodeStep[] {
  return model.evaluating(() =>
    tidyValue(() => {
      const memory_1SC = model.encode(src_1S, srcMask_11S);
      return greedy.slice(1).map((_, i) => {
        const t = i + 1;
        const probs = tf.exp(nextLogprobs(model, memory_1SC, srcMask_11S, [greedy.slice(0, t)], causal)).dataSync();
        const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a]).slice(0, top);
        return {position: t, top: order.map((id) => ({id, prob: probs[id]}))};
      });
    })
  );
}

// The training loop behind the training page, free of any messaging so that Node can test it:
// it drives Trainer.step one step at a time, yields to the event loop between steps (so pause and
// stop take effect at once), reports throttled progress and periodic held-out evaluations, and
// stops on a loss that is not finite. A run's task (run-task.ts: the copy task; translation-task.ts:
// translation) gives its batches and its evaluation. The Web Worker (worker.ts) wires it to postMessage.
import * as tf from "@tensorflow/tfjs-core";
import {parseSafetensors} from "../io/safetensors.js";
import {loadTranslationModel, saveTranslationModel} from "../io/translation-model.js";
import {saveWeights, loadModel} from "../io/weights.js";
import {attentionMaps, type ModelAttention} from "../lessons/results.js";
import {paddingMask, subsequentMask} from "../model/masks.js";
import {countParameters, EncoderDecoder} from "../model/model.js";
import {TextCodec, TOKENIZER_METADATA_KEY} from "../text/vocab.js";
import {tidyValue} from "../tfjs/tidy-value.js";
import {disposeBatch} from "../training/batch.js";
import {type Components, composeComponents, libraryComponents} from "../training/components.js";
import {COPY_PAD, COPY_START} from "../training/copy-task.js";
import {beamSearch, greedyDecode, nextLogprobs} from "../training/decode.js";
import type {DecodeResult, DecodeStep, EngineState, FromWorker, ModelSummary, Progress, Replies} from "./protocol.js";
import {type AnyRun, estimateRunSeconds, etaSeconds, isTranslationRun, timingKey, tokensPerSecond} from "../training/run-config.js";
import {Trainer} from "../training/train.js";
import {translate} from "../training/translation.js";
import {CopyRunTask, type RunTask} from "./run-task.js";
import {type PreparedData, prepareRunData, TranslationRunTask} from "./translation-task.js";

export interface EngineOptions {
  emit: (event: FromWorker) => void;
  now?: () => number;
  tick?: () => Promise<void>; // one turn of the event loop
  reportEveryMs?: number;
}

const defaultTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A translation model's tokenizer, and what its file says of its training. */
interface Translator {
  codec: TextCodec;
  metadata: Record<string, string>; // preset, steps, seed, source, held_out_bleu, as the command line writes them
}

export class TrainingEngine {
  state: EngineState = "idle";
  model: EncoderDecoder | null = null;
  run: AnyRun | null = null;
  /** The functions the model and the run use: the library's, the reader's given to start(), and the run's ablations. */
  private components: Components = libraryComponents;
  /** The reader's functions given to the last start(), until reset(). */
  private reader: Partial<Components> = {};
  private trainer: Trainer | null = null;
  private task: RunTask | null = null;
  /** Set while the model is a translator (trained here or loaded from a file). */
  private translator: Translator | null = null;
  /** The last translation corpus prepared (vocabulary and ids), for the next estimate or start on it. */
  private prepared: PreparedData | null = null;
  private runKey = "";
  private loopId = 0;
  private trained = 0; // steps done in this run (the trainer, and its step count, go when the run ends)
  private elapsedMs = 0; // in training steps
  private wallMs = 0; // since start(), pauses excluded
  private evalMs = 0; // in held-out evaluations
  private evaluations = 0;
  /** The cost of one evaluation timed by the last estimate(), and of which run, for the ETA before the first evaluation. */
  private estimated: {run: string; evalMs: number} | null = null;
  private window = {start: 0, steps: 0, stepMs: 0, tokens: 0, losses: [] as [number, number][]};
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
   * A translation run first learns its corpus's vocabulary (state "preparing").
   */
  start(run: AnyRun, reader: Partial<Components> = {}): Promise<void> {
    this.reset();
    this.run = run;
    this.runKey = timingKey(run);
    this.reader = reader;
    const components = (this.components = composeComponents(reader, run.ablations));
    if (isTranslationRun(run)) {
      const {train, source} = run.corpus;
      this.setState("preparing", `learning a joint vocabulary of ${run.preset.vocabSize.toLocaleString("en-US")} on ${train.length.toLocaleString("en-US")} pairs of ${source}`);
    }
    try {
      const built = this.build(run, components);
      this.model = built.model;
      this.task = built.task;
      this.translator = built.translator;
      this.trainer = new Trainer(this.model, run.train, components);
    } catch (error) {
      this.fail(`the run could not start: ${error instanceof Error ? error.message : String(error)}`);
      return Promise.resolve();
    }
    this.emit({type: "model", summary: this.summary()});
    this.setState("running");
    return this.loop();
  }

  /** A run's model, built with `components`, and its task; for translation, the corpus's vocabulary and ids (reused when already prepared). */
  private build(run: AnyRun, components: Components): {model: EncoderDecoder; task: RunTask; translator: Translator | null} {
    if (!isTranslationRun(run)) {
      const model = new EncoderDecoder({...run.model, srcVocab: run.vocab, tgtVocab: run.vocab}, run.seed, components);
      return {model, task: new CopyRunTask(run, components), translator: null};
    }
    this.prepared = prepareRunData(run, this.prepared);
    const {data} = this.prepared;
    const V = data.codec.vocabSize;
    const model = new EncoderDecoder({...run.model, srcVocab: V, tgtVocab: V}, run.seed, components);
    try {
      const metadata = {preset: run.name, seed: String(run.seed), source: run.corpus.source};
      return {model, task: new TranslationRunTask(data, run, components), translator: {codec: data.codec, metadata}};
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  /**
   * Stops the run after the step in flight. The state changes at once, so the loop ends there, but it
   * is announced by the loop once it has ended, after the progress of its last steps: a page never
   * shows "paused" with the step counter still moving.
   */
  pause(): void {
    if (this.state === "running") this.state = "paused";
  }

  resume(): Promise<void> {
    if (!this.trainer || this.state !== "paused") return Promise.resolve();
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
    this.translator = null;
    this.components = libraryComponents;
    this.reader = {};
    this.trained = this.elapsedMs = this.wallMs = this.evalMs = this.evaluations = 0;
    this.noGradient = "";
    this.setState("idle");
  }

  private async loop(): Promise<void> {
    const id = ++this.loopId;
    const run = this.run!;
    this.window = {start: this.now(), steps: 0, stepMs: 0, tokens: 0, losses: []};
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
      let loss: number;
      let tokens = 0;
      try {
        const next = this.task!.nextBatch();
        tokens = next.tokens;
        try {
          // Reads the loss back asynchronously: on a GPU backend a synchronous read stalls the page's worker.
          loss = (await this.trainer!.stepAsync(next.batch)).loss;
        } finally {
          disposeBatch(next.batch);
        }
      } catch (error) {
        if (id === this.loopId) this.fail(`step ${this.step + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (id !== this.loopId) return; // stopped or reset while the loss was read back
      const stepMs = this.now() - t0;
      this.trained = this.step;
      this.elapsedMs += stepMs;
      this.window.stepMs += stepMs;
      this.window.tokens += tokens;
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
    if (id !== this.loopId) return;
    if (this.window.steps > 0) this.report(true);
    if (this.state === "paused") this.setState("paused");
  }

  /** The task's held-out measures at this step (the copy task's loss and exact match; translation's loss and BLEU). */
  private async evaluate(): Promise<void> {
    const {model, task} = this;
    if (!model || !task) return;
    const loopId = this.loopId;
    const measures = await task.evaluate(model, () => loopId === this.loopId); // null: stopped or reset meanwhile
    if (!measures) return;
    if (this.translator && measures.bleu !== undefined) this.translator.metadata.held_out_bleu = measures.bleu.toFixed(2);
    this.emit({type: "evaluation", evaluation: {step: this.step, ...measures, numTensors: tf.memory().numTensors}});
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
    const evalMsPrior = this.estimated?.run === this.runKey ? this.estimated.evalMs : undefined;
    const progress: Progress = {
      step: this.step,
      steps: run.steps,
      loss: losses[losses.length - 1][1],
      lr: this.trainer!.lr,
      msPerStep,
      tokensPerSecond: tokensPerSecond(this.window.tokens / this.window.steps, msPerStep),
      elapsedMs: this.elapsedMs,
      wallMs: this.wallMs,
      evalMs: this.evalMs,
      etaSeconds: etaSeconds({step: this.step, wallMs: this.wallMs, evalMs: this.evalMs, evaluations: this.evaluations, evalMsPrior}, run),
      numTensors: tf.memory().numTensors,
      losses
    };
    this.emit({type: "progress", progress});
    this.window = {start: now, steps: 0, stepMs: 0, tokens: 0, losses: []};
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

  /** The optimizer and the task's data go; the model (and a translator's tokenizer) stays. */
  private disposeRun(): void {
    this.trainer?.dispose();
    this.trainer = null;
    this.task?.dispose();
    this.task = null;
  }

  private setState(state: EngineState, message?: string): void {
    this.state = state;
    this.emit({type: "state", state, message});
  }

  private requireModel(): EncoderDecoder {
    if (!this.model) throw new Error("there is no model yet: start a run or load weights first");
    return this.model;
  }

  private requireCopyModel(): EncoderDecoder {
    const model = this.requireModel();
    if (this.translator) throw new Error("this is a translation model: it translates German text (the translate request), not token ids");
    return model;
  }

  summary(): ModelSummary {
    const m = this.requireModel();
    const {N, dModel, dFF, h, srcVocab} = m.config;
    return {task: this.translator ? "translation" : "copy", N, dModel, dFF, h, vocab: srcVocab, parameters: countParameters(m)};
  }

  /** Greedy and beam-search outputs, and each greedy position's top-3 next tokens (a copy-task model). */
  decode(src: number[], beamSize: number): DecodeResult {
    const model = this.requireCopyModel();
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

  /** A translation model's English for a German sentence (greedy, or beam search of `beam`), and the source's subwords. */
  translate(text: string, beam: number): Replies["translate"] {
    const model = this.requireModel();
    if (!this.translator) throw new Error("this is a copy-task model: it takes token ids, not German text");
    if (text.trim() === "") throw new Error("type a German sentence to translate");
    if (!Number.isInteger(beam) || beam < 1) throw new Error(`the beam size must be a positive integer, not ${beam}`);
    const {codec} = this.translator;
    const {pieces, unknown} = codec.encodeDetailed(text);
    const [translation] = translate(model, codec, [text], {beam, causal: this.components.subsequentMask});
    return {translation, pieces, unknown};
  }

  attention(src: number[]): ModelAttention {
    const model = this.requireCopyModel();
    const [greedy] = tf.tidy(() => {
      const src_1S = tf.tensor2d([src], undefined, "int32");
      return greedyDecode(model, src_1S, paddingMask(src_1S, COPY_PAD), src.length, COPY_START, this.components.subsequentMask);
    });
    return attentionMaps(model, src, greedy);
  }

  /** The model as safetensors; a translator's file also holds its tokenizer and how it was trained (src/io/translation-model.ts). */
  save(): Uint8Array {
    const model = this.requireModel();
    if (!this.translator) return saveWeights(model);
    const steps: Record<string, string> = this.state === "loaded" ? {} : {steps: String(this.trained)}; // a loaded file's own count stays
    return saveTranslationModel(model, this.translator.codec.tokenizer, {...this.translator.metadata, ...steps});
  }

  /** Replaces the model with the file's (a translator when the file holds a tokenizer); a file that does not fit throws and changes nothing. */
  load(bytes: Uint8Array): ModelSummary {
    if (this.state === "running" || this.state === "paused" || this.state === "preparing") throw new Error("stop the run before loading weights");
    const translation = parseSafetensors(bytes).metadata[TOKENIZER_METADATA_KEY] !== undefined;
    const loaded = translation ? loadTranslationModel(bytes, {dropout: 0}) : null;
    const model = loaded ? loaded.model : loadModel(bytes, 0, 0);
    this.loopId++;
    this.disposeRun();
    this.model?.dispose();
    this.model = model;
    this.translator = loaded ? {codec: loaded.codec, metadata: {...loaded.metadata}} : null;
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
  async estimate(run: AnyRun, steps = 3): Promise<Replies["estimate"]> {
    if (this.state === "running" || this.state === "preparing") throw new Error("pause or stop the run before estimating another");
    const components = composeComponents(this.reader, run.ablations);
    const {model, task} = this.build(run, components);
    const trainer = new Trainer(model, run.train, components);
    const msPerStep: number[] = [];
    let evalMs: number;
    try {
      for (let i = 0; i < steps; i++) {
        const {batch} = task.nextBatch();
        const t0 = this.now();
        try {
          await trainer.stepAsync(batch);
        } finally {
          disposeBatch(batch);
        }
        await this.tick(); // the turn of the event loop the run takes after each step
        msPerStep.push(this.now() - t0);
      }
      const t0 = this.now();
      await task.evaluate(model, () => true, {asTrained: true});
      evalMs = this.now() - t0;
    } finally {
      trainer.dispose();
      task.dispose();
      model.dispose();
    }
    this.estimated = {run: timingKey(run), evalMs};
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

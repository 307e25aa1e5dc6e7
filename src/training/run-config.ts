// What one training run on the training page needs: a preset (or custom sizes), the ablations,
// and checks that say every problem of a custom configuration at once. Plain data, so it can be
// posted to the training worker.
import type {BackendName} from "../tfjs/backend.js";
import type {ModelConfig} from "../model/model.js";
import type {Ablations} from "./ablations.js";
import {PRESETS, type Preset} from "./presets.js";
import type {TrainOptions} from "./train.js";
import {corpusKey, type TranslationRun} from "./translation-run.js";

/** Ablations of the training itself (the model's are in Ablations, src/training/ablations.ts). */
export interface TrainingAblations {
  noSmoothing?: boolean; // label smoothing 0: the target is one-hot
  noWarmup?: boolean; // warmup = 1 step: the Noam rate starts at its peak d_model^-0.5 and only decays
}

export type AllAblations = Ablations & TrainingAblations;

export const ABLATION_LABELS: Record<keyof AllAblations, string> = {
  noScale: "no √d_k scaling",
  noPositional: "no positional encoding",
  noTargetMask: "no target mask (the decoder peeks)",
  noSmoothing: "no label smoothing",
  noWarmup: "no warmup"
};

export interface RunConfig {
  task?: "copy"; // absent: the copy task (a translation run is a TranslationRun)
  name: string; // the preset's name, or "custom"
  model: Omit<ModelConfig, "srcVocab" | "tgtVocab">;
  ablations?: Ablations; // pieces of the model removed: the model is built with the functions that remove them
  train: TrainOptions;
  vocab: number;
  length: number;
  batchSize: number;
  steps: number;
  seed: number;
  evalEvery: number; // steps between held-out evaluations
  heldOut: number; // held-out sequences for the exact match
}

/** A run of the training page: the copy task, or translation. */
export type AnyRun = RunConfig | TranslationRun;

export const isTranslationRun = (run: AnyRun): run is TranslationRun => run.task === "translation";

/** What a run's timings depend on: everything but its length and evaluation interval (a corpus by its fingerprint). */
export const timingKey = (run: AnyRun): string => JSON.stringify({...run, steps: 0, evalEvery: 0, ...(isTranslationRun(run) ? {corpus: corpusKey(run.corpus)} : {})});

/** The controls of a custom configuration, as the reader typed them (numbers, maybe not integers). */
export interface CustomSettings {
  N: number;
  dModel: number;
  h: number;
  dFF: number;
  batchSize: number;
  warmup: number;
  steps: number;
  dropout: number;
  smoothing: number;
}

export const CUSTOM_DEFAULTS: CustomSettings = {N: 1, dModel: 32, h: 4, dFF: 64, batchSize: 32, warmup: 100, steps: 400, dropout: 0, smoothing: 0.1};

/** Limits that keep a custom run inside a browser tab's memory and patience. */
export const CUSTOM_LIMITS = {N: 6, dModel: 1024, h: 16, dFF: 4096, batchSize: 256, warmup: 100_000, steps: 100_000};

/** Every problem of a custom configuration, one message each; empty when it can run. */
export function validateCustomSettings(s: CustomSettings): string[] {
  const problems: string[] = [];
  const names: Record<keyof typeof CUSTOM_LIMITS, string> = {N: "N", dModel: "d_model", h: "h", dFF: "d_ff", batchSize: "batch size", warmup: "warmup", steps: "steps"};
  for (const key of Object.keys(CUSTOM_LIMITS) as (keyof typeof CUSTOM_LIMITS)[]) {
    const value = s[key];
    if (!Number.isInteger(value) || value < 1) problems.push(`${names[key]} must be a positive integer, not ${value}`);
    else if (value > CUSTOM_LIMITS[key]) problems.push(`${names[key]} must be at most ${CUSTOM_LIMITS[key]}, not ${value}`);
  }
  const ok = (v: number) => Number.isInteger(v) && v >= 1;
  if (ok(s.dModel) && ok(s.h) && s.dModel % s.h !== 0) problems.push(`h = ${s.h} must divide d_model = ${s.dModel} (each head gets d_model / h channels)`);
  if (ok(s.dModel) && s.dModel % 2 !== 0) problems.push(`d_model = ${s.dModel} must be even (the positional encoding pairs sin and cos)`);
  if (!(s.dropout >= 0 && s.dropout < 1)) problems.push(`dropout must be in [0, 1), not ${s.dropout}`);
  if (!(s.smoothing >= 0 && s.smoothing < 1)) problems.push(`label smoothing must be in [0, 1), not ${s.smoothing}`);
  return problems;
}

/** From this d_model a model's products are large enough to share out over threads, or to send to a GPU. */
const LARGE_D_MODEL = 256;

/**
 * The wasm threads that suit a run on a machine with `cores` logical cores. A small model trains on
 * one: its products are too small to share out, and every op would wait on the other threads
 * (copy-tiny took 28 ms a step on 2 threads against 15 ms on 1, on 2 cores). From d_model 256 the
 * products are large enough (copy-paper: 2.3 s against 2.9 s): half the logical cores, as
 * tfjs-backend-wasm would choose (two hardware threads per core), but at least 2 where there are 2.
 */
export function wasmThreadsFor(run: Pick<AnyRun, "model">, cores: number): number {
  return run.model.dModel >= LARGE_D_MODEL ? Math.min(cores, Math.max(2, Math.floor(cores / 2))) : 1;
}

/**
 * The backend that the automatic choice trains `run` on, where `best` is the best backend this
 * browser has. A GPU backend spends tens of microseconds of JavaScript on each kernel before the GPU
 * runs it, and a training step launches over a thousand, so a small model's step is slower on a GPU
 * than on wasm and a large one's faster (measured on an H200: docs/performance-log.md, "The GPU
 * backends on a real GPU"). So small models train on wasm, and from d_model 256 on the GPU. WebGL was not measured; tfjs's own advice
 * also puts wasm ahead of it for small models.
 */
export function backendFor(run: Pick<AnyRun, "model">, best: BackendName): BackendName {
  return run.model.dModel < LARGE_D_MODEL && isGpu(best) ? "wasm" : best;
}

export function isGpu(backend: BackendName): boolean {
  return backend === "webgpu" || backend === "webgl";
}

/** The run of a preset, with the training page's defaults for evaluation. */
export function presetRun(preset: Preset, seed = 1): RunConfig {
  const evalEvery = Math.max(10, Math.round(preset.steps / 20));
  return {name: preset.name, model: {...preset.model}, train: {...preset.train}, vocab: preset.vocab, length: preset.length, batchSize: preset.batchSize, steps: preset.steps, seed, evalEvery, heldOut: 100};
}

/** A custom run: the copy task with the reader's sizes, copy-tiny's learning-rate scale. */
export function customRun(s: CustomSettings, seed = 1): RunConfig {
  const problems = validateCustomSettings(s);
  if (problems.length) throw new Error(`custom configuration: ${problems.join("; ")}`);
  const base = presetRun(PRESETS["copy-tiny"], seed);
  return {
    ...base,
    name: "custom",
    model: {N: s.N, dModel: s.dModel, dFF: s.dFF, h: s.h, dropout: s.dropout},
    train: {...base.train, smoothing: s.smoothing, warmup: s.warmup, lrBase: 1},
    batchSize: s.batchSize,
    steps: s.steps,
    evalEvery: Math.max(10, Math.round(s.steps / 20))
  };
}

/** The run with ablations applied: model switches go to run.ablations, training switches to its options. */
export function withAblations<R extends AnyRun>(run: R, ablations: AllAblations): R {
  const {noScale, noPositional, noTargetMask, noSmoothing, noWarmup} = ablations;
  const model: Ablations = {};
  if (noScale) model.noScale = true;
  if (noPositional) model.noPositional = true;
  if (noTargetMask) model.noTargetMask = true;
  return {
    ...run,
    ablations: Object.keys(model).length ? model : undefined,
    train: {...run.train, smoothing: noSmoothing ? 0 : run.train.smoothing, warmup: noWarmup ? 1 : run.train.warmup}
  };
}

/** "copy-tiny", or "copy-tiny − no label smoothing, no warmup": the label of a run in the chart. */
export function runLabel(name: string, ablations: AllAblations): string {
  const on = (Object.keys(ABLATION_LABELS) as (keyof AllAblations)[]).filter((k) => ablations[k]).map((k) => ABLATION_LABELS[k]);
  return on.length ? `${name} − ${on.join(", ")}` : name;
}

/** Target tokens per step (what tokens/s counts): batch size × (length − 1). */
export function tokensPerStep(run: Pick<RunConfig, "batchSize" | "length">): number {
  return run.batchSize * (run.length - 1);
}

/** The held-out evaluations of a run: one every evalEvery steps, and one at the last step. */
export function evaluationsIn(run: Pick<RunConfig, "steps" | "evalEvery">): number {
  return Math.floor(run.steps / run.evalEvery) + (run.steps % run.evalEvery ? 1 : 0);
}

/** How far a run has gone, in the engine's measures. */
export interface RunPace {
  step: number; // steps done
  wallMs: number; // since Start, pauses excluded: steps, evaluations and everything between
  evalMs: number; // of wallMs, the time in held-out evaluations
  evaluations: number; // evaluations done
  evalMsPrior?: number; // what one evaluation costs before one has run (timed by the estimate), if known
}

/**
 * Seconds left: the steps left at the pace measured so far (the wall time not spent in evaluations,
 * per step, so that everything between steps counts), plus the evaluations left at their measured
 * mean cost (before the first, at evalMsPrior). As the run goes on it tends to the real finish.
 * Null before any step, or before the first evaluation when no prior is known.
 */
export function etaSeconds(pace: RunPace, run: Pick<RunConfig, "steps" | "evalEvery">): number | null {
  const {step, wallMs, evalMs, evaluations, evalMsPrior} = pace;
  if (!(step > 0)) return null;
  const msPerStep = (wallMs - evalMs) / step;
  const msPerEvaluation = evaluations > 0 ? evalMs / evaluations : evalMsPrior;
  if (msPerEvaluation === undefined) return null;
  const left = Math.max(run.steps - step, 0) * msPerStep + Math.max(evaluationsIn(run) - evaluations, 0) * msPerEvaluation;
  return left / 1000;
}

/** Tokens per second at a pace of msPerStep. */
export function tokensPerSecond(tokens: number, msPerStep: number): number {
  return msPerStep > 0 ? (tokens * 1000) / msPerStep : 0;
}

/**
 * A whole run's expected time from a few timed steps and one timed evaluation: the first step
 * (which compiles kernels and allocates) is left out, and the median of the rest (robust to a step
 * that the page's own work slowed) is taken for every step; each evaluation costs evalMs.
 */
export function estimateRunSeconds(timedMs: readonly number[], run: Pick<RunConfig, "steps" | "evalEvery">, evalMs: number): number {
  return (typicalStepMs(timedMs) * run.steps + evaluationsIn(run) * evalMs) / 1000;
}

/** The median of timed steps, the first (warm-up) step left out when there are others. */
export function typicalStepMs(timedMs: readonly number[]): number {
  const warm = (timedMs.length > 1 ? timedMs.slice(1) : [...timedMs]).sort((a, b) => a - b);
  if (warm.length === 0) throw new Error("typicalStepMs: no timed steps");
  const mid = Math.floor(warm.length / 2);
  return warm.length % 2 ? warm[mid] : (warm[mid - 1] + warm[mid]) / 2;
}

/** 75 → "1 min 15 s", 3725 → "1 h 2 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

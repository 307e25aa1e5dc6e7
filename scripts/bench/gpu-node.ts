// The training page's engine on a real GPU, through WebGPU in Node: the check behind the GPU
// figures in docs/performance-log.md. A browser with WebGPU runs the same tfjs webgpu backend on
// Dawn, Chromium's WebGPU; here Dawn comes from the `webgpu` package (dawn.node), which is not a
// dependency of the site (it is 140 MB, every platform's build): point DAWN_NODE at its index.js.
//
//   DAWN_NODE=/path/to/webgpu/index.js npx tsx scripts/bench/gpu-node.ts [--backend webgpu|wasm|cpu] [--paper-steps N]
//
// It prints one JSON object (and writes it to --out FILE when given):
//   adapter:  what WebGPU reports (vendor, architecture, description, fallback or not);
//   parity:   the losses of copy-tiny's first 20 steps on this backend against tfjs's cpu backend
//             (same seeds: the same weights and batches), the largest difference;
//   tiny:     copy-tiny trained by TrainingEngine as the page's worker trains it: median ms/step
//             over steps 40-400, time to 99% held-out exact match, final exact match, live tensors;
//   paper:    copy-paper (d_model 512) ms/step, median of --paper-steps steps after 2 warm-up steps;
//   split:    with --parts including split (--parts parity,tiny,paper by default), for each preset, 10 steps after 3 warm-up steps: the median time to
//             enqueue a step's kernels (JavaScript, until Trainer.stepAsync first waits) and to read
//             its loss back (the device finishing), under tfjs's default command batching and with
//             WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE raised from 15 to 1000 kernels per submit;
//   pytorch:  with --pytorch PYTHON (a python3 whose torch sees the GPU), the same two runs of the
//             Annotated Transformer's own code on CUDA (scripts/bench/pytorch_copy.py), run from the
//             repository's root, as the yardstick on the same GPU.
import {writeFileSync} from "node:fs";
import {loadavg} from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import {pickBackend, webgpuUnavailable, type BackendName} from "../../src/tfjs/backend.js";
import "../../src/tfjs/node.js"; // registers tfjs-core's gradients, chained ops and cpu backend in Node
import {TrainingEngine} from "../../src/worker/engine.js";
import {PRESETS} from "../../src/training/presets.js";
import type {FromWorker} from "../../src/worker/protocol.js";
import {presetRun} from "../../src/training/run-config.js";
import {copyTrainer} from "./copy-trainer.js";
import {copyTaskFlops, gflopsPerSecond} from "./flops.js";
import {runPytorchCopy} from "./pytorch.js";
import {median, stepTimes, trainMsAt, type ProgressPoint} from "./steady-state.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const backend = option("--backend", "webgpu") as BackendName;
const paperSteps = Number(option("--paper-steps", "20"));
const out = option("--out", "");
const python = option("--pytorch", "");
const parts = new Set(option("--parts", "parity,tiny,paper").split(","));
const TARGET = 0.99;
const TINY_SKIP = 40;
const PAPER_WARMUP = 2;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function adapterInfo(): Promise<Record<string, unknown> | null> {
  if (backend !== "webgpu") return null;
  const path = process.env.DAWN_NODE;
  if (!path) throw new Error("DAWN_NODE must name the webgpu package's index.js (npm pack webgpu; see the header of this script)");
  const dawn = (await import(path)) as {create(flags: string[]): unknown; globals: Record<string, unknown>};
  Object.assign(globalThis, dawn.globals);
  // Node 20 has no navigator; tfjs-backend-webgpu registers itself only if navigator.gpu exists when it loads.
  Object.defineProperty(globalThis, "navigator", {value: {gpu: dawn.create(process.env.DAWN_FLAGS ? process.env.DAWN_FLAGS.split(",") : []), userAgent: "node"}, configurable: true});
  const gpu = (globalThis.navigator as unknown as {gpu: {requestAdapter(o?: object): Promise<{info: Record<string, unknown>; isFallbackAdapter?: boolean} | null>}}).gpu;
  const adapter = await gpu.requestAdapter({powerPreference: "high-performance"});
  if (!adapter) return {adapter: null};
  const {vendor, architecture, device, description} = adapter.info;
  return {vendor, architecture, device, description, isFallbackAdapter: adapter.isFallbackAdapter ?? (adapter.info as {isFallbackAdapter?: boolean}).isFallbackAdapter};
}

async function useBackend(name: BackendName): Promise<void> {
  const report = await pickBackend([
    {
      name,
      unavailable: name === "webgpu" ? webgpuUnavailable : undefined,
      register: name === "webgpu" ? async () => void (await import("@tensorflow/tfjs-backend-webgpu")) : name === "wasm" ? async () => void (await import("@tensorflow/tfjs-backend-wasm")) : undefined
    }
  ]);
  if (report.name !== name) throw new Error(`wanted ${name}, got ${report.name}: ${report.skipped.join("; ")}`);
}

/** The losses of copy-tiny's first `steps` steps on the current backend (seeded: the same on every backend up to rounding). */
async function firstLosses(steps: number): Promise<number[]> {
  const {stepAsync, dispose} = copyTrainer(presetRun(PRESETS["copy-tiny"]));
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await stepAsync()).loss);
  dispose();
  return losses;
}

/** One run of a preset through the page's TrainingEngine; `stopAfter` ends it early (copy-paper). */
async function engineRun(preset: "copy-tiny" | "copy-paper", stopAfter?: number) {
  if (tf.getBackend() !== backend) throw new Error(`the ${backend} backend is not running (${tf.getBackend()} is)`);
  const run = presetRun(PRESETS[preset]);
  const progress: ProgressPoint[] = [];
  const evals: {step: number; exactMatch: number; t: number}[] = [];
  let failed: string | null = null;
  const t0 = performance.now();
  const engine: TrainingEngine = new TrainingEngine({
    emit: (event: FromWorker) => {
      if (event.type === "progress") {
        progress.push({step: event.progress.step, elapsedMs: event.progress.elapsedMs, numTensors: event.progress.numTensors});
        if (stopAfter !== undefined && event.progress.step >= stopAfter) engine.stop();
      } else if (event.type === "evaluation") evals.push({step: event.evaluation.step, exactMatch: event.evaluation.exactMatch ?? NaN, t: performance.now() - t0});
      else if (event.type === "failed") failed = event.message;
    },
    tick: () => new Promise((resolve) => setImmediate(resolve)),
    reportEveryMs: preset === "copy-paper" ? 0 : 250 // copy-paper: a report per step, so each step is timed
  });
  await engine.start(stopAfter === undefined ? run : {...run, steps: Math.max(stopAfter, run.steps)});
  const wallS = round((performance.now() - t0) / 1000);
  const skip = preset === "copy-tiny" ? TINY_SKIP : PAPER_WARMUP;
  const ms = median(stepTimes(progress, skip));
  const flops = copyTaskFlops(run.model, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}).training;
  const hit = evals.find((e) => e.exactMatch >= TARGET);
  const steady = progress.filter((p) => p.step >= skip);
  engine.reset();
  return {
    msPerStep: round(ms),
    seqPerS: round((run.batchSize * 1000) / ms, 0),
    gflops: round(gflopsPerSecond(flops, ms)),
    stepsRun: progress.length ? progress[progress.length - 1].step : 0,
    toTarget: preset === "copy-paper" ? undefined : hit ? {step: hit.step, trainS: round(trainMsAt(progress, hit.step) / 1000), wallS: round(hit.t / 1000)} : null,
    finalExactMatch: evals.length ? evals[evals.length - 1].exactMatch : null,
    tensors: steady.length ? {first: steady[0].numTensors, last: steady[steady.length - 1].numTensors, max: Math.max(...steady.map((p) => p.numTensors ?? 0))} : null,
    wallS,
    failed
  };
}

/** The same preset in PyTorch on CUDA: ms/step (median over the same steady state) and time to 99%. */
function pytorchRun(preset: "copy-tiny" | "copy-paper") {
  const run = presetRun(PRESETS[preset]);
  const timing = preset === "copy-paper";
  const torch = runPytorchCopy(python, process.cwd(), {...run, steps: timing ? PAPER_WARMUP + paperSteps : run.steps, evalEvery: timing ? 0 : run.evalEvery, threads: 1, target: TARGET, device: "cuda"});
  const ms = median(torch.stepMs.slice(timing ? PAPER_WARMUP : TINY_SKIP));
  const flops = copyTaskFlops(run.model, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}).training;
  return {
    runtime: `PyTorch ${torch.torch} on ${torch.device}`,
    msPerStep: round(ms),
    seqPerS: round((run.batchSize * 1000) / ms, 0),
    gflops: round(gflopsPerSecond(flops, ms)),
    toTarget: timing ? undefined : torch.reached ? {step: torch.reached.step, trainS: round(torch.reached.trainMs / 1000), wallS: round(torch.reached.wallMs / 1000)} : null,
    finalExactMatch: torch.evals.length ? torch.evals[torch.evals.length - 1].exactMatch : null,
    wallS: round(torch.wallMs / 1000)
  };
}

/** Where a step's time goes: enqueueing its kernels (JavaScript) against waiting for the device. */
async function splitStep(preset: "copy-tiny" | "copy-small" | "copy-paper") {
  const {stepAsync, dispose} = copyTrainer(presetRun(PRESETS[preset]));
  const enqueue: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < 13; i++) {
    const t0 = performance.now();
    const step = stepAsync();
    const t1 = performance.now();
    await step;
    const t2 = performance.now();
    if (i >= 3) enqueue.push(t1 - t0), total.push(t2 - t0);
  }
  dispose();
  return {enqueueMs: round(median(enqueue)), stepMs: round(median(total))};
}

/** Runs one part of the check; a part that fails is recorded with its error and the others still run. */
async function part<T>(name: string, run: () => T | Promise<T>): Promise<T | {error: string}> {
  try {
    const value = await run();
    console.error(`${name}: ${JSON.stringify(value)}`);
    return value;
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return {error: error instanceof Error ? error.message : String(error)};
  }
}

const started = performance.now();
const result: Record<string, unknown> = {backend, node: process.version, tfjs: tf.version_core, loadBefore: loadavg().map((x) => round(x))};
if (python) result.pytorch = {tiny: await part("pytorch copy-tiny", () => pytorchRun("copy-tiny")), paper: await part("pytorch copy-paper", () => pytorchRun("copy-paper"))};
result.adapter = await part("adapter", adapterInfo);
if (parts.has("parity")) result.parity = await part("parity", async () => {
  await useBackend("cpu");
  const reference = await firstLosses(20);
  await useBackend(backend);
  const losses = await firstLosses(20);
  return {
    steps: 20,
    maxAbsDiff: Number(Math.max(...losses.map((l, i) => Math.abs(l - reference[i]))).toExponential(2)),
    first: {[backend]: round(losses[0], 5), cpu: round(reference[0], 5)},
    last: {[backend]: round(losses[19], 5), cpu: round(reference[19], 5)}
  };
});
if (parts.has("tiny")) result.tiny = await part("copy-tiny", () => engineRun("copy-tiny"));
if (parts.has("paper")) result.paper = await part("copy-paper", () => engineRun("copy-paper", PAPER_WARMUP + paperSteps));
if (parts.has("split")) {
  if (!parts.has("parity")) await part("backend", () => useBackend(backend));
  result.split = {};
  for (const submit of backend === "webgpu" ? [15, 1000] : [null]) {
    if (submit !== null) tf.env().set("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE", submit);
    for (const preset of ["copy-tiny", "copy-small", "copy-paper"] as const) {
      const name = submit === null ? preset : `${preset}, submit every ${submit}`;
      (result.split as Record<string, unknown>)[name] = await part(`split ${name}`, () => splitStep(preset));
    }
  }
}
result.totalS = round((performance.now() - started) / 1000);
console.log(JSON.stringify(result, null, 2));
if (out) writeFileSync(out, JSON.stringify(result, null, 2) + "\n");

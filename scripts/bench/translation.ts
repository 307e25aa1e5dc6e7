// The translation side of `npm run bench`: translate-tiny's ms/step, tokens/s and time to held-out
// BLEU 40, in Node (trainTranslation on wasm, as the CLI's `train` runs it) and in the PyTorch
// reference (scripts/bench/pytorch_translate.py on 1 and 2 threads), on the same training pairs,
// tokenizer ids and batches (translation-export.ts), and BLEU computed the same way for both: our
// translationBleu (greedy) on the same held-out pairs, PyTorch's checkpoints loaded by our loader.
// The browser's run is in bench.ts (it drives the Training page). Also the Multi30k-sized run
// (issue 15 item 8): the CLI for M minutes against PyTorch for the same training minutes.
import {spawn, spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {loadTranslationModel} from "../../src/io/translation-model.js";
import {EncoderDecoder} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import type {TranslationPreset} from "../../src/training/translation-presets.js";
import {type TextPair, type TranslationData, trainTranslation, translationBleu} from "../../src/training/translation.js";
import {repoRoot} from "../../test/support/site.js";
import {median} from "./steady-state.js";
import {translationExport, writeTranslationExport} from "./translation-export.js";

/** Steps left out of the steady-state median (compilation, first allocations). */
export const TRANSLATE_SKIP = 20;

export interface BleuAt {
  step: number;
  trainS: number; // training time up to this step (steps only, no evaluations)
  bleu: number;
}

/** Time to a BLEU: at the first evaluation at or above it, and linearly interpolated from the evaluation before. */
export interface BleuReached {
  step: number;
  trainS: number;
  interpolatedStep: number;
  interpolatedS: number;
}

export interface TranslationRun {
  runtime: string;
  msPerStep: number;
  stepsTimed: number;
  tokensPerS: number | null;
  steps: number;
  evals: BleuAt[];
  toTarget: BleuReached | null;
  wallS: number;
  loadBefore?: number[];
  notes?: string;
  ratioMsToPytorch1?: number;
  ratioTargetToPytorch1?: number;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/**
 * The first evaluation at or above `target`, and the step where the line from the evaluation
 * before it (or from BLEU 0 at step 0) crosses the target, with the training time there
 * (trainMsAt interpolates within the steps).
 */
export function bleuReached(evals: readonly {step: number; bleu: number}[], trainMsAt: (step: number) => number, target: number): BleuReached | null {
  const i = evals.findIndex((e) => e.bleu >= target);
  if (i < 0) return null;
  const hit = evals[i];
  const before = i > 0 ? evals[i - 1] : {step: 0, bleu: 0};
  const step = hit.bleu === before.bleu ? hit.step : before.step + ((target - before.bleu) / (hit.bleu - before.bleu)) * (hit.step - before.step);
  return {step: hit.step, trainS: round(trainMsAt(hit.step) / 1000), interpolatedStep: round(step, 1), interpolatedS: round(trainMsAt(step) / 1000)};
}

/** Training time at a (fractional) step from each step's ms. */
export function cumulativeMsAt(stepMs: readonly number[]): (step: number) => number {
  const sums = [0];
  for (const ms of stepMs) sums.push(sums[sums.length - 1] + ms);
  return (step) => {
    const s = Math.max(0, Math.min(step, stepMs.length));
    const lo = Math.floor(s);
    return lo === s ? sums[lo] : sums[lo] + (s - lo) * (sums[lo + 1] - sums[lo]);
  };
}

function steadyFigures(stepMs: readonly number[], tokens: readonly number[]): Pick<TranslationRun, "msPerStep" | "stepsTimed" | "tokensPerS"> {
  const skip = stepMs.length > TRANSLATE_SKIP ? TRANSLATE_SKIP : 0;
  const ms = stepMs.slice(skip);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  return {msPerStep: round(median(ms)), stepsTimed: ms.length, tokensPerS: Math.round((sum(tokens.slice(skip)) * 1000) / sum(ms))};
}

/** Held-out BLEU of a model file, greedy, as trainTranslation evaluates (dropout off, the file's own tokenizer). */
export function fileBleu(bytes: Uint8Array, held: readonly TextPair[]): number {
  const {model, codec} = loadTranslationModel(bytes, {dropout: 0});
  try {
    return translationBleu(model, codec, held).bleu;
  } finally {
    model.dispose();
  }
}

export interface BudgetOptions {
  target: number;
  /** Held-out BLEU every this many steps (PyTorch: a checkpoint every this many steps). */
  evalEvery: number;
  /** Held-out pairs: the first of data.valid. */
  heldOut: number;
  maxSteps: number;
  /** Stop once the training time reaches this. */
  maxMinutes: number;
  seed?: number;
}

/** trainTranslation on wasm in this process, timed step by step; held-out BLEU every evalEvery steps, outside the timing; stops at the target. */
export async function nodeTranslationRun(data: TranslationData, preset: TranslationPreset, {target, evalEvery, heldOut, maxSteps, maxMinutes, seed = 1}: BudgetOptions): Promise<TranslationRun> {
  const {name} = await initNodeBackend("wasm");
  const held = data.valid.slice(0, heldOut);
  const V = data.codec.vocabSize;
  const model = new EncoderDecoder({...preset.model, srcVocab: V, tgtVocab: V}, seed);
  const stepMs: number[] = [];
  const tokens: number[] = [];
  const evals: BleuAt[] = [];
  let trainMs = 0;
  const wall0 = performance.now();
  try {
    // heldOut 0: trainTranslation evaluates nothing itself; this loop evaluates between steps, untimed.
    const steps = trainTranslation(model, data, preset, {seed, heldOut: 0});
    while (stepMs.length < maxSteps && trainMs < maxMinutes * 60_000) {
      const t0 = performance.now();
      const {value} = steps.next();
      const ms = performance.now() - t0;
      if (!value) break;
      stepMs.push(ms);
      tokens.push(value.tokens);
      trainMs += ms;
      if (value.step % evalEvery === 0) {
        const bleu = translationBleu(model, data.codec, held).bleu;
        evals.push({step: value.step, trainS: round(trainMs / 1000), bleu: round(bleu)});
        console.log(`  step ${value.step}: held-out BLEU ${bleu.toFixed(1)} (${(trainMs / 1000).toFixed(1)} s of training)`);
        if (bleu >= target) break;
      }
    }
    steps.return(undefined);
  } finally {
    model.dispose();
  }
  return {
    runtime: `tfjs wasm, 1 thread (Node ${process.version}, trainTranslation as the CLI)`,
    ...steadyFigures(stepMs, tokens),
    steps: stepMs.length,
    evals,
    toTarget: bleuReached(evals, cumulativeMsAt(stepMs), target),
    wallS: round((performance.now() - wall0) / 1000),
    notes: name === "wasm" ? undefined : `backend ${name}`
  };
}

export interface TorchTranslateOut {
  torch: string;
  threads: number;
  steps: number;
  stepMs: number[];
  tokens: number[];
  checkpoints: {step: number; trainMs: number; file: string}[];
  wallMs: number;
}

export interface TorchTranslateConfig {
  threads: number;
  steps: number;
  minutes?: number;
  checkpointEvery: number;
  outDir: string;
  seed?: number;
}

/** Runs pytorch_translate.py on an export file (see its docstring); it inherits stderr. */
export function runPytorchTranslate(python: string, exportFile: string, config: TorchTranslateConfig): TorchTranslateOut {
  const script = join(repoRoot, "scripts", "bench", "pytorch_translate.py");
  const r = spawnSync(python, [script, exportFile, JSON.stringify(config)], {encoding: "utf8", env: {...process.env, OMP_NUM_THREADS: String(config.threads)}, maxBuffer: 256 << 20, stdio: ["ignore", "pipe", "inherit"]});
  if (r.status !== 0) throw new Error(`${python} ${script} failed (exit ${r.status ?? r.signal}); its error is above`);
  return JSON.parse(r.stdout) as TorchTranslateOut;
}

/** A folder for an export and checkpoints, removed by the returned function. */
export function scratchFolder(): {dir: string; remove: () => void} {
  const dir = mkdtempSync(join(tmpdir(), "bench-translate-"));
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

/** Writes the export for `steps` steps of the data's batches; returns its path. */
export function exportFor(dir: string, data: TranslationData, preset: TranslationPreset, steps: number, seed = 1): string {
  const file = join(dir, `export-${steps}.json`);
  writeTranslationExport(file, translationExport(data, preset, {seed, steps}));
  return file;
}

/**
 * The PyTorch reference on the exported batches, a checkpoint every evalEvery steps; then each
 * checkpoint's held-out BLEU in order, by our loader and translationBleu, until one reaches the target.
 */
export function pytorchTranslationRun(python: string, exportFile: string, held: readonly TextPair[], threads: number, {target, evalEvery, maxSteps, maxMinutes}: Omit<BudgetOptions, "heldOut" | "seed">, outDir: string): TranslationRun {
  const out = runPytorchTranslate(python, exportFile, {threads, steps: maxSteps, minutes: maxMinutes, checkpointEvery: evalEvery, outDir});
  const evals: BleuAt[] = [];
  for (const c of out.checkpoints) {
    const bleu = fileBleu(new Uint8Array(readFileSync(c.file)), held);
    evals.push({step: c.step, trainS: round(c.trainMs / 1000), bleu: round(bleu)});
    console.log(`  checkpoint at step ${c.step}: held-out BLEU ${bleu.toFixed(1)} (${(c.trainMs / 1000).toFixed(1)} s of training)`);
    if (bleu >= target) break;
  }
  rmSync(outDir, {recursive: true, force: true});
  const toTarget = bleuReached(evals, cumulativeMsAt(out.stepMs), target);
  return {
    runtime: `PyTorch ${out.torch} ${out.threads} thread${out.threads > 1 ? "s" : ""}`,
    ...steadyFigures(out.stepMs, out.tokens),
    steps: out.steps,
    evals,
    toTarget,
    wallS: round(out.wallMs / 1000),
    notes: toTarget ? undefined : `not reached in ${out.steps} steps (${(out.stepMs.reduce((a, b) => a + b, 0) / 1000).toFixed(0)} s of training)`
  };
}

// ---------------------------------------------------------------------------------------------
// A Multi30k-sized corpus (issue 15 item 8): the CLI for M minutes vs PyTorch for M training minutes.

export interface SizedRun {
  runtime: string;
  command?: string;
  minutes: number;
  steps: number;
  msPerStep: number;
  tokensPerS: number | null;
  bleu: number; // held-out BLEU of the model at the end, by fileBleu on the same pairs
}

/** `npm run -s transformer -- train --preset P --pairs N --minutes M`, then fileBleu of the model it wrote. */
export async function cliSizedRun(preset: string, pairs: number, minutes: number, held: readonly TextPair[], dir: string): Promise<SizedRun & {cliBleu: number | null; tokenizer: string[]}> {
  const out = join(dir, "cli.safetensors");
  const args = ["train", "--preset", preset, "--pairs", String(pairs), "--minutes", String(minutes), "--out", out];
  const command = `npm run -s transformer -- ${args.join(" ")}`;
  console.log(`  ${command}`);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/transformer.ts", ...args], {cwd: repoRoot, stdio: ["ignore", "inherit", "pipe"]});
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
    process.stderr.write(s);
  });
  const code = await new Promise<number | null>((resolve, reject) => child.on("error", reject).on("close", resolve));
  if (code !== 0) throw new Error(`${command} failed (exit ${code})`);
  const done = /done: (\d+) steps .* (\d+) ms\/step, (\d+) tokens\/s; .* held-out BLEU ([\d.]+)/.exec(stderr);
  if (!done) throw new Error(`${command}: no "done:" line on stderr`);
  const bytes = new Uint8Array(readFileSync(out));
  const {tokenizer, model} = loadTranslationModel(bytes, {dropout: 0});
  model.dispose();
  return {
    runtime: "tfjs wasm, 1 thread (the CLI)",
    command,
    minutes,
    steps: Number(done[1]),
    msPerStep: Number(done[2]),
    tokensPerS: Number(done[3]),
    bleu: round(fileBleu(bytes, held)),
    cliBleu: Number(done[4]),
    tokenizer: tokenizer.vocab
  };
}

/** PyTorch on one thread for `minutes` of training on the exported batches; the last checkpoint's held-out BLEU. */
export function pytorchSizedRun(python: string, exportFile: string, held: readonly TextPair[], minutes: number, maxSteps: number, outDir: string): SizedRun & {ranOut: boolean} {
  const out = runPytorchTranslate(python, exportFile, {threads: 1, steps: maxSteps, minutes, checkpointEvery: 0, outDir});
  const last = out.checkpoints[out.checkpoints.length - 1];
  const bleu = fileBleu(new Uint8Array(readFileSync(last.file)), held);
  rmSync(outDir, {recursive: true, force: true});
  const figures = steadyFigures(out.stepMs, out.tokens);
  return {runtime: `PyTorch ${out.torch} 1 thread`, minutes, steps: out.steps, msPerStep: figures.msPerStep, tokensPerS: figures.tokensPerS, bleu: round(bleu), ranOut: out.steps >= maxSteps};
}

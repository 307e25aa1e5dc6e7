// `npm run bench`: how fast the copy task and translate-tiny train in the browser, next to PyTorch
// on the same CPU.
//
// It builds nothing: it serves the built site (dist/) and drives the training page in headless
// Chromium on the wasm backend, exactly as a reader would (pick a preset, press Start), for
// copy-tiny (to the end of its 400 steps), copy-paper (a few steps, then Stop) and translate-tiny
// (until its held-out BLEU reaches 40, then Stop). To read exact per-step figures it listens, from
// outside the page, to the messages the training worker posts to the page (progress with the step
// and the training time, evaluations with the exact match or BLEU); the page itself is unchanged.
// Then it trains the same configurations with the Annotated Transformer's PyTorch code
// (scripts/bench/pytorch_copy.py and pytorch_translate.py, Debian's /usr/bin/python3 with
// python3-torch) on 1 and 2 threads. It prints tables and writes bench-results/bench.json. It never
// fails on speed.
//
// Time to 99% is given twice for copy-tiny: for seed 1 as the page trains it, and as the median
// over --seeds seeds (10 by default, 0 for none) of the steps each needs (seeds.ts: the page's engine
// in Node, and PyTorch) times each runtime's ms/step; one seed's step count varies by about ±60.
//
// translate-tiny (translation.ts): also in Node (trainTranslation on wasm, as the CLI trains), and
// PyTorch trains on the same pairs, tokenizer ids and batches (translation-export.ts); its
// checkpoints are scored by our loader and translationBleu, so BLEU is computed the same way
// everywhere. Time to BLEU 40 is the training time at the first held-out evaluation at or above 40,
// and interpolated linearly from the evaluation before it (Node and PyTorch: every 50 steps; the
// page: as often as it evaluates).
//
//   npm run build && npm run bench [-- --skip-browser] [-- --skip-pytorch] [-- --skip-node] [-- --paper-steps 8]
//     [-- --threads N] [-- --seeds 10] [-- --only copy|translation|multi30k] [-- --translate-minutes 10]
//     [-- --multi30k-size [--multi30k-minutes 8] [--multi30k-pairs 29000]] [-- --bleu-target 40] [-- --pytorch-threads 1,2]
//
// --only runs one part: the copy task, translate-tiny, or the Multi30k-sized run alone.
// --multi30k-size adds the Multi30k-sized run (issue 15 item 8, about 2 × 8 minutes and more): the
// generated corpus at 29,000 training pairs, translate-tiny trained by the CLI
// (`npm run -s transformer -- train --preset translate-tiny --pairs 29000 --minutes 8`) and by the
// PyTorch reference on one thread for the same minutes of training, on the same data; it prints
// both held-out BLEUs. --translate-minutes caps each translate-tiny run's training time;
// --bleu-target and --pytorch-threads (translate-tiny's PyTorch runs) are for short checks.
// --skip-browser needs no dist/.
//
// --threads N opens the page as training.html?threads=N (wasm's threads for every run; by default
// one for copy-tiny and half the logical cores for copy-paper, see wasmThreadsFor, and one in any
// case unless the page is cross-origin isolated, which its service worker makes it after a reload).
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, loadavg} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {presetRun, type RunConfig} from "../../src/training/run-config.js";
import {PRESETS} from "../../src/training/presets.js";
import {launchChromium} from "../../test/support/chromium.js";
import {serveStatic} from "../../test/support/server.js";
import {distDir, repoRoot} from "../../test/support/site.js";
import {pageErrors, settle} from "../../test/support/visit.js";
import {copyTaskFlops, gflopsPerSecond} from "./flops.js";
import {runPytorchCopy} from "./pytorch.js";
import {tfjsStepsToTarget, torchStepsToTarget} from "./seeds.js";
import {median, stepTimes, trainMsAt} from "./steady-state.js";
import {generatedTranslationData} from "./translation-export.js";
import {bleuReached, cliSizedRun, exportFor, nodeTranslationRun, pytorchSizedRun, pytorchTranslationRun, scratchFolder, type SizedRun, TRANSLATE_SKIP, type TranslationRun} from "./translation.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";
import {CORPUS_DEFAULTS} from "../../src/corpus/index.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

const PYTHON = "/usr/bin/python3";
const TARGET = 0.99; // held-out exact match for "time to 99%"
const TINY_SKIP = 40; // copy-tiny steps left out of the steady-state median (compilation, first allocations)
const PAPER_WARMUP = 2; // copy-paper steps timed but left out

const args = process.argv.slice(2);
const skipBrowser = args.includes("--skip-browser");
const skipPytorch = args.includes("--skip-pytorch");
const paperSteps = Number(args[args.indexOf("--paper-steps") + 1] ?? 8) || 8; // measured copy-paper steps, after the warm-up
const threads = args.includes("--threads") ? Number(args[args.indexOf("--threads") + 1]) : null; // wasm threads asked of the page
const seedCount = args.includes("--seeds") ? Number(args[args.indexOf("--seeds") + 1]) : 10; // copy-tiny seeds for the median time to 99%
const skipNode = args.includes("--skip-node");
const numberOption = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
if (only !== null && !["copy", "translation", "multi30k"].includes(only)) {
  console.error(`npm run bench: --only takes copy, translation or multi30k, not ${JSON.stringify(only)}`);
  process.exit(1);
}
const runCopy = only === null || only === "copy";
const runTranslation = only === null || only === "translation";
const runMulti30k = only === "multi30k" || args.includes("--multi30k-size");
const translateMinutes = numberOption("--translate-minutes", 10); // the most training time of one translate-tiny run
const multi30kMinutes = numberOption("--multi30k-minutes", 8);
const multi30kPairs = numberOption("--multi30k-pairs", 29_000);

const BLEU_TARGET = numberOption("--bleu-target", 40); // held-out BLEU for "time to BLEU 40"
const pytorchThreads = args.includes("--pytorch-threads") ? args[args.indexOf("--pytorch-threads") + 1].split(",").map(Number) : [1, 2]; // translate-tiny's PyTorch runs
const TRANSLATE_EVAL_EVERY = 50; // Node and PyTorch: held-out BLEU (PyTorch: a checkpoint) every this many steps
const TRANSLATE_MAX_STEPS = 3000; // and at most this many steps
const TRANSLATE = TRANSLATION_PRESETS["translate-tiny"];

interface Reached {
  step: number;
  trainS: number; // training time only (the page's "elapsed": steps, without evaluations)
  wallS: number; // from the run's start to that evaluation, evaluations included
}

interface Result {
  config: "copy-tiny" | "copy-paper";
  runtime: string; // "tfjs-wasm (Chromium)", "PyTorch 1 thread", ...
  msPerStep: number; // median over the steady state
  stepsTimed: number;
  seqPerS: number;
  gflops: number;
  trainingFlopsPerStep: number;
  toTarget: Reached | null | undefined; // undefined: not measured (copy-paper)
  finalExactMatch?: number;
  wallS: number; // the whole measured run
  loadBefore: number[]; // 1, 5, 15 min load averages just before the run
  notes?: string;
  mainThread?: MainThread; // the browser only
  tensors?: {first: number; last: number}; // the browser only: live tensors in the worker at the first and last progress report of the steady state
  /** copy-tiny: steps to 99% for seeds 1..n (null: not within the run), and their median times this runtime's ms/step. */
  seeds?: {steps: (number | null)[]; medianSteps: number | null; timeS: number | null};
  ratioMsToPytorch1?: number;
  ratioTargetToPytorch1?: number;
  ratioSeedsTargetToPytorch1?: number;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const load = () => loadavg().map((x) => round(x, 2));

function flopsOf(run: RunConfig): number {
  return copyTaskFlops(run.model, {vocab: run.vocab, length: run.length, batchSize: run.batchSize}).training;
}

function summarize(config: Result["config"], runtime: string, run: RunConfig, stepMs: number[], extra: Omit<Result, "config" | "runtime" | "msPerStep" | "stepsTimed" | "seqPerS" | "gflops" | "trainingFlopsPerStep">): Result {
  const msPerStep = median(stepMs);
  const flops = flopsOf(run);
  return {config, runtime, msPerStep: round(msPerStep, 2), stepsTimed: stepMs.length, seqPerS: round((run.batchSize * 1000) / msPerStep), gflops: round(gflopsPerSecond(flops, msPerStep), 2), trainingFlopsPerStep: flops, ...extra};
}

// ---------------------------------------------------------------------------------------------
// The browser: the training page, driven through its controls.

interface WorkerEvent {
  t: number; // performance.now() in the page when the message arrived
  type: "ready" | "state" | "progress" | "evaluation";
  backend?: string;
  threads?: number; // wasm only
  state?: string;
  step?: number;
  elapsedMs?: number;
  exactMatch?: number;
  bleu?: number; // translation runs: held-out BLEU in percent
  numTensors?: number;
  tokensPerSecond?: number;
}

/** The page's main thread during a run: its tasks over 50 ms (the browser's "long tasks"). */
interface MainThread {
  longTasks: number;
  over100Ms: number;
  longestMs: number;
}

/**
 * Runs in the page before its scripts: keeps a copy of what every Worker posts to the page, and the
 * page's long tasks (over 50 ms on the main thread). (A string, not a function, so that no helper of
 * the TypeScript compiler ends up in the page.)
 */
const LISTEN_TO_WORKERS = `
(() => {
  const events = [];
  window.__benchEvents = events;
  const longTasks = [];
  window.__benchLongTasks = longTasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({t: e.startTime, ms: e.duration});
  }).observe({type: "longtask"});
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (e) => {
        const d = e.data;
        const t = performance.now();
        if (d?.type === "ready") events.push({t, type: "ready", backend: d.backend.name, threads: d.backend.threads});
        else if (d?.type === "state") events.push({t, type: "state", state: d.state});
        else if (d?.type === "progress") events.push({t, type: "progress", step: d.progress.step, elapsedMs: d.progress.elapsedMs, numTensors: d.progress.numTensors, tokensPerSecond: d.progress.tokensPerSecond});
        else if (d?.type === "evaluation") events.push({t, type: "evaluation", step: d.evaluation.step, exactMatch: d.evaluation.exactMatch, bleu: d.evaluation.bleu});
      });
    }
  };
})();
`;

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const stateIs = (page: Page, state: string, timeout: number) => page.waitForFunction((s) => document.querySelector("#train-state")?.textContent === s, state, {timeout});

async function openTrainingPage(browser: Browser, url: string): Promise<{page: Page; close: () => Promise<void>}> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  await context.addInitScript({content: LISTEN_TO_WORKERS});
  const page = await context.newPage();
  await page.goto(url + "training.html" + (threads ? `?threads=${threads}` : ""), {waitUntil: "load", timeout: 60_000});
  await settle(page);
  await page.waitForFunction(() => /training runs on/.test(document.querySelector("#train-backend-status")?.textContent ?? ""), null, {timeout: 60_000});
  if (!/training runs on wasm/.test(await text(page, "#train-backend-status"))) {
    await page.selectOption("#train-backend", "wasm");
    await page.waitForFunction(() => /training runs on wasm/.test(document.querySelector("#train-backend-status")?.textContent ?? ""), null, {timeout: 60_000});
  }
  return {page, close: () => context.close()};
}

async function browserRun(browser: Browser, url: string, config: Result["config"]): Promise<Result> {
  const run = presetRun(PRESETS[config]);
  const loadBefore = load();
  console.log(`browser ${config}: load average ${loadBefore.join(", ")}`);
  const {page, close} = await openTrainingPage(browser, url);
  try {
    await page.check(`#train-preset-${config}`);
    // The page times a few steps for its estimate as soon as a preset is chosen; let that finish first.
    await page.waitForFunction(() => /^(Estimated time|No estimate)/.test(document.querySelector("#train-estimate")?.textContent ?? ""), null, {timeout: 120_000});
    await page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement).disabled === false, null, {timeout: 30_000});
    await page.click("#train-start");
    let notes: string | undefined;
    if (config === "copy-tiny") {
      await page.waitForFunction(() => ["finished", "failed", "stopped"].includes(document.querySelector("#train-state")?.textContent ?? ""), null, {timeout: 400_000});
    } else {
      const last = PAPER_WARMUP + paperSteps;
      await page.waitForFunction((n) => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= n, last, {timeout: 300_000});
      await page.click("#train-stop");
      await stateIs(page, "stopped", 60_000);
    }
    const state = await text(page, "#train-state");
    const shown = {step: await text(page, "#train-step"), ms: await text(page, "#train-ms"), exact: await text(page, "#train-exact"), elapsed: await text(page, "#train-elapsed")};
    const errors = [...(await pageErrors(page)), await text(page, "#train-error")].filter(Boolean);
    if (state === "failed" || errors.length) notes = `page: ${state}; ${errors.join("; ")}`;
    const events = (await page.evaluate(() => (window as unknown as {__benchEvents: unknown[]}).__benchEvents)) as WorkerEvent[];
    const started = events.find((e) => e.type === "state" && e.state === "running");
    if (!started) throw new Error(`browser ${config}: the run never started (state ${state})`);
    const ended = [...events].reverse().find((e) => e.type === "state" && e.state !== "running") ?? events[events.length - 1];
    const progress = events.filter((e) => e.type === "progress" && e.t >= started.t);
    const points = progress.map((p) => ({step: p.step!, elapsedMs: p.elapsedMs!}));
    // Per report: training time over the steps since the previous report (the engine's elapsedMs
    // counts only the steps, not evaluations or the turn of the event loop between steps).
    const skip = config === "copy-tiny" ? TINY_SKIP : PAPER_WARMUP;
    const stepMs = stepTimes(points, skip);
    const longTasks = ((await page.evaluate(() => (window as unknown as {__benchLongTasks: unknown[]}).__benchLongTasks)) as {t: number; ms: number}[]).filter((task) => task.t >= started.t && task.t <= ended.t);
    const mainThread = {longTasks: longTasks.length, over100Ms: longTasks.filter((task) => task.ms > 100).length, longestMs: round(Math.max(0, ...longTasks.map((task) => task.ms)))};
    const steady = progress.filter((p) => p.step! >= skip);
    const tensors = steady.length ? {first: steady[0].numTensors!, last: steady[steady.length - 1].numTensors!} : undefined;
    const evals = events.filter((e) => e.type === "evaluation" && e.t >= started.t);
    const hit = evals.find((e) => e.exactMatch! >= TARGET);
    const toTarget = config === "copy-paper" ? undefined : hit ? {step: hit.step!, trainS: round(trainMsAt(points, hit.step!) / 1000, 2), wallS: round((hit.t - started.t) / 1000, 2)} : null;
    console.log(`  page shows: step ${shown.step}, ${shown.ms} ms/step, exact match ${shown.exact}, elapsed ${shown.elapsed}`);
    const wasmThreads = [...events].reverse().find((e) => e.type === "ready")?.threads ?? 1;
    return summarize(config, `tfjs 4.22 wasm, ${wasmThreads} thread${wasmThreads > 1 ? "s" : ""} (Chromium, the training page)`, run, stepMs, {
      toTarget,
      finalExactMatch: evals.length ? evals[evals.length - 1].exactMatch : undefined,
      wallS: round((ended.t - started.t) / 1000, 2),
      loadBefore,
      mainThread,
      tensors,
      notes: [notes, `page showed step ${shown.step}, ${shown.ms} ms/step, exact ${shown.exact}, elapsed ${shown.elapsed}`].filter(Boolean).join("; ")
    });
  } finally {
    await close();
  }
}

/**
 * translate-tiny on the training page: pick the preset, Start, and Stop once an evaluation's
 * held-out BLEU reaches the target (or after translateMinutes of training). The worker's
 * evaluation messages carry evaluation.bleu (percent); #train-bleu shows the latest.
 */
async function browserTranslationRun(browser: Browser, url: string): Promise<TranslationRun> {
  const loadBefore = load();
  console.log(`browser translate-tiny: load average ${loadBefore.join(", ")}`);
  const {page, close} = await openTrainingPage(browser, url);
  try {
    await page.check("#train-preset-translate-tiny");
    // As for copy: let the page's estimate (if it times a few steps for one) finish before Start.
    await page.waitForFunction(() => /^(Estimated time|No estimate)/.test(document.querySelector("#train-estimate")?.textContent ?? ""), null, {timeout: 120_000}).catch(() => undefined);
    await page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement).disabled === false, null, {timeout: 120_000});
    await page.click("#train-start");
    await page.waitForFunction(({target, limitMs}) => {
      const events = (window as unknown as {__benchEvents: {type: string; bleu?: number; elapsedMs?: number}[]}).__benchEvents;
      const state = document.querySelector("#train-state")?.textContent ?? "";
      const trained = events.filter((e) => e.type === "progress").at(-1)?.elapsedMs ?? 0;
      return ["finished", "failed", "stopped"].includes(state) || trained >= limitMs || events.some((e) => e.type === "evaluation" && (e.bleu ?? -1) >= target);
    }, {target: BLEU_TARGET, limitMs: translateMinutes * 60_000}, {timeout: translateMinutes * 60_000 * 3 + 120_000, polling: 500});
    if ((await text(page, "#train-state")) === "running") {
      await page.click("#train-stop");
      await stateIs(page, "stopped", 120_000);
    }
    const state = await text(page, "#train-state");
    const shown = {step: await text(page, "#train-step"), ms: await text(page, "#train-ms"), bleu: await text(page, "#train-bleu"), elapsed: await text(page, "#train-elapsed")};
    const errors = [...(await pageErrors(page)), await text(page, "#train-error")].filter(Boolean);
    const events = (await page.evaluate(() => (window as unknown as {__benchEvents: unknown[]}).__benchEvents)) as WorkerEvent[];
    const started = events.find((e) => e.type === "state" && e.state === "running");
    if (!started) throw new Error(`browser translate-tiny: the run never started (state ${state}${errors.length ? `; ${errors.join("; ")}` : ""})`);
    const ended = [...events].reverse().find((e) => e.type === "state" && e.state !== "running") ?? events[events.length - 1];
    const progress = events.filter((e) => e.type === "progress" && e.t >= started.t);
    const points = progress.map((p) => ({step: p.step!, elapsedMs: p.elapsedMs!}));
    const stepMs = stepTimes(points, TRANSLATE_SKIP);
    const rates = progress.filter((p) => p.step! >= TRANSLATE_SKIP && p.tokensPerSecond !== undefined).map((p) => p.tokensPerSecond!);
    const evals = events.filter((e) => e.type === "evaluation" && e.t >= started.t && e.bleu !== undefined).map((e) => ({step: e.step!, trainS: round(trainMsAt(points, e.step!) / 1000, 2), bleu: round(e.bleu!, 2)}));
    const wasmThreads = [...events].reverse().find((e) => e.type === "ready")?.threads ?? 1;
    console.log(`  page shows: step ${shown.step}, ${shown.ms} ms/step, BLEU ${shown.bleu}, elapsed ${shown.elapsed}`);
    return {
      runtime: `tfjs 4.22 wasm, ${wasmThreads} thread${wasmThreads > 1 ? "s" : ""} (Chromium, the training page)`,
      msPerStep: round(median(stepMs), 2),
      stepsTimed: stepMs.length,
      tokensPerS: rates.length ? Math.round(median(rates)) : null,
      steps: points.at(-1)?.step ?? 0,
      evals,
      toTarget: bleuReached(evals, (step) => trainMsAt(points, step), BLEU_TARGET),
      wallS: round((ended.t - started.t) / 1000, 2),
      loadBefore,
      notes: [state === "failed" || errors.length ? `page: ${state}; ${errors.join("; ")}` : "", `page showed step ${shown.step}, ${shown.ms} ms/step, BLEU ${shown.bleu}, elapsed ${shown.elapsed}`].filter(Boolean).join("; ")
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// PyTorch: the Annotated Transformer's code with the same sizes and training settings.

function torchVersion(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], {encoding: "utf8"});
  return r.status === 0 ? r.stdout.trim() : null;
}

function pytorchRun(config: Result["config"], threads: number): Result {
  const run = presetRun(PRESETS[config]);
  const timing = config === "copy-paper";
  const input = {...run, steps: timing ? PAPER_WARMUP + paperSteps : run.steps, evalEvery: timing ? 0 : run.evalEvery, threads, target: TARGET};
  const loadBefore = load();
  console.log(`PyTorch ${config}, ${threads} thread${threads > 1 ? "s" : ""}: load average ${loadBefore.join(", ")}`);
  const out = runPytorchCopy(PYTHON, repoRoot, input);
  const skip = timing ? PAPER_WARMUP : TINY_SKIP;
  return summarize(config, `PyTorch ${out.torch} ${threads} thread${threads > 1 ? "s" : ""}`, run, out.stepMs.slice(skip), {
    toTarget: timing ? undefined : out.reached ? {step: out.reached.step, trainS: round(out.reached.trainMs / 1000, 2), wallS: round(out.reached.wallMs / 1000, 2)} : null,
    finalExactMatch: out.evals.length ? out.evals[out.evals.length - 1].exactMatch : undefined,
    wallS: round(out.wallMs / 1000, 2),
    loadBefore
  });
}

// ---------------------------------------------------------------------------------------------

function formatTarget(r: Result): string {
  if (r.toTarget === undefined) return "–";
  if (r.toTarget === null) return "not reached";
  return `${r.toTarget.trainS.toFixed(1)} s (wall ${r.toTarget.wallS.toFixed(1)} s, step ${r.toTarget.step})`;
}

function formatSeeds(r: Result): string {
  if (!r.seeds) return "–";
  if (r.seeds.timeS === null) return `not reached (${r.seeds.steps.length} seeds)`;
  return `${r.seeds.timeS.toFixed(1)} s (median step ${r.seeds.medianSteps} of ${r.seeds.steps.length} seeds)`;
}

/** The median of step counts, a seed that never reached the target counting as the largest; null if that is the median. */
function medianSteps(steps: (number | null)[]): number | null {
  const sorted = steps.map((s) => s ?? Infinity).sort((a, b) => a - b);
  const m = median(sorted);
  return Number.isFinite(m) ? m : null;
}

/** Steps to 99% for seeds 1..seedCount on the copy-tiny rows of the page (its engine in Node) and of PyTorch on one thread. */
async function seedsToTarget(results: Result[]): Promise<void> {
  const seeds = Array.from({length: seedCount}, (_, i) => i + 1);
  const rows = [
    {row: results.find((r) => r.config === "copy-tiny" && r.runtime.startsWith("tfjs")), steps: (seed: number) => tfjsStepsToTarget(seed, TARGET)},
    {row: results.find((r) => r.config === "copy-tiny" && /^PyTorch .* 1 thread$/.test(r.runtime)), steps: async (seed: number) => torchStepsToTarget(PYTHON, seed, TARGET)}
  ];
  for (const {row, steps} of rows) {
    if (!row || seeds.length === 0) continue;
    console.log(`steps to 99% over ${seeds.length} seeds: ${row.runtime}`);
    const counts: (number | null)[] = [];
    for (const seed of seeds) counts.push(await steps(seed));
    const m = medianSteps(counts);
    row.seeds = {steps: counts, medianSteps: m, timeS: m === null ? null : round((m * row.msPerStep) / 1000, 2)};
    console.log(`  ${counts.map((c) => c ?? "never").join(" ")}; median ${m ?? "never"}`);
  }
}

function table(results: Result[]): string {
  const head = ["configuration", "runtime", "ms/step", "seq/s", "GFLOP/s", "time to 99%, seed 1 (train)", "time to 99%, median of seeds", "ms/step ÷ PyTorch 1t", "time to 99% ÷ PyTorch 1t (seed 1; seeds)"];
  const rows = results.map((r) => [
    r.config,
    r.runtime,
    r.msPerStep.toFixed(1),
    r.seqPerS.toFixed(0),
    r.gflops.toFixed(2),
    formatTarget(r),
    formatSeeds(r),
    r.ratioMsToPytorch1 === undefined ? "–" : `${r.ratioMsToPytorch1.toFixed(2)}x`,
    [r.ratioTargetToPytorch1, r.ratioSeedsTargetToPytorch1].map((x) => (x === undefined ? "–" : `${x.toFixed(2)}x`)).join("; ")
  ]);
  return markdownTable(head, rows);
}

function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

function translationTable(results: TranslationRun[]): string {
  const head = ["configuration", "runtime", "ms/step", "tokens/s", `time to BLEU ${BLEU_TARGET} (first evaluation)`, `time to BLEU ${BLEU_TARGET} (interpolated)`, "ms/step ÷ PyTorch 1t", `time to BLEU ${BLEU_TARGET} ÷ PyTorch 1t`];
  const x = (v: number | undefined) => (v === undefined ? "–" : `${v.toFixed(2)}x`);
  const rows = results.map((r) => [
    "translate-tiny",
    r.runtime,
    r.msPerStep.toFixed(1),
    r.tokensPerS === null ? "–" : r.tokensPerS.toFixed(0),
    r.toTarget ? `${r.toTarget.trainS.toFixed(1)} s (step ${r.toTarget.step}; wall ${r.wallS.toFixed(0)} s)` : `not reached (${r.steps} steps)`,
    r.toTarget ? `${r.toTarget.interpolatedS.toFixed(1)} s (step ${r.toTarget.interpolatedStep.toFixed(0)})` : "–",
    x(r.ratioMsToPytorch1),
    x(r.ratioTargetToPytorch1)
  ]);
  return markdownTable(head, rows);
}

function sizedTable(results: SizedRun[]): string {
  const head = ["configuration", "runtime", "minutes", "steps", "ms/step", "tokens/s", "held-out BLEU"];
  const rows = results.map((r) => [`translate-tiny, ${multi30kPairs.toLocaleString("en")} pairs`, r.runtime, String(r.minutes), String(r.steps), r.msPerStep.toFixed(0), r.tokensPerS === null ? "–" : String(r.tokensPerS), r.bleu.toFixed(2)]);
  return markdownTable(head, rows);
}



/** translate-tiny in Node and in PyTorch on 1 and 2 threads, on the data the CLI trains on by default. */
async function translationRuns(torch: boolean): Promise<TranslationRun[]> {
  const runs: TranslationRun[] = [];
  if (skipNode && !torch) return runs;
  await initNodeBackend("wasm"); // this process scores every model's BLEU on wasm (tfjs's default cpu backend is many times slower)
  const t0 = Date.now();
  const data = generatedTranslationData(TRANSLATE, CORPUS_DEFAULTS.pairs);
  const held = data.valid.slice(0, TRANSLATE.heldOut);
  console.log(`translate-tiny: ${data.train.length} training pairs of the generated corpus, a joint vocabulary of ${data.codec.vocabSize} (${round((Date.now() - t0) / 1000)} s); held-out BLEU on ${held.length} validation pairs`);
  const budget = {target: BLEU_TARGET, evalEvery: TRANSLATE_EVAL_EVERY, heldOut: TRANSLATE.heldOut, maxSteps: TRANSLATE_MAX_STEPS, maxMinutes: translateMinutes};
  if (!skipNode) {
    const loadBefore = load();
    console.log(`Node translate-tiny: load average ${loadBefore.join(", ")}`);
    runs.push({...(await nodeTranslationRun(data, TRANSLATE, budget)), loadBefore});
  }
  if (torch) {
    const scratch = scratchFolder();
    try {
      const file = exportFor(scratch.dir, data, TRANSLATE, TRANSLATE_MAX_STEPS);
      for (const threads of pytorchThreads) {
        const loadBefore = load();
        console.log(`PyTorch translate-tiny, ${threads} thread${threads > 1 ? "s" : ""}: load average ${loadBefore.join(", ")}`);
        runs.push({...pytorchTranslationRun(PYTHON, file, held, threads, budget, join(scratch.dir, `threads-${threads}`)), loadBefore});
      }
    } finally {
      scratch.remove();
    }
  }
  return runs;
}

/** The Multi30k-sized run: the CLI for multi30kMinutes, and PyTorch on one thread for as many minutes of training, on the same data. */
async function multi30kRuns(torch: boolean): Promise<SizedRun[]> {
  const runs: SizedRun[] = [];
  await initNodeBackend("wasm");
  const data = generatedTranslationData(TRANSLATE, multi30kPairs);
  const held = data.valid.slice(0, TRANSLATE.heldOut);
  console.log(`translate-tiny on ${multi30kPairs} pairs of the generated corpus, ${multi30kMinutes} minutes each; held-out BLEU on ${held.length} validation pairs`);
  const scratch = scratchFolder();
  try {
    if (!skipNode) {
      const cli = await cliSizedRun(TRANSLATE.name, multi30kPairs, multi30kMinutes, held, scratch.dir);
      const same = JSON.stringify(cli.tokenizer) === JSON.stringify(data.tokenizer.vocab);
      if (!same) console.log("  warning: the CLI learned another vocabulary than the bench's export: the two runs do not train on the same ids");
      console.log(`  the CLI: ${cli.steps} steps, held-out BLEU ${cli.bleu.toFixed(2)} (the CLI's own report: ${cli.cliBleu})`);
      runs.push({runtime: cli.runtime, command: cli.command, minutes: cli.minutes, steps: cli.steps, msPerStep: cli.msPerStep, tokensPerS: cli.tokensPerS, bleu: cli.bleu});
    }
    if (torch) {
      // Enough batches for the minutes at 15 ms a step (far faster than translate-tiny trains here).
      const steps = Math.ceil((multi30kMinutes * 60_000) / 15);
      const file = exportFor(scratch.dir, data, TRANSLATE, steps);
      console.log(`  PyTorch, 1 thread: ${multi30kMinutes} minutes of training; load average ${load().join(", ")}`);
      const {ranOut, ...run} = pytorchSizedRun(PYTHON, file, held, multi30kMinutes, steps, join(scratch.dir, "pytorch"));
      if (ranOut) console.log(`  warning: PyTorch used all ${steps} exported batches before its ${multi30kMinutes} minutes were up`);
      console.log(`  PyTorch: ${run.steps} steps, held-out BLEU ${run.bleu.toFixed(2)}`);
      runs.push(run);
    }
  } finally {
    scratch.remove();
  }
  return runs;
}

async function main(): Promise<void> {
  const browserParts = !skipBrowser && (runCopy || runTranslation);
  if (browserParts && !existsSync(join(distDir, "training.html"))) {
    console.error("npm run bench: dist/ has no built site (no dist/training.html). Run `npm run build` first (or pass --skip-browser); the benchmark builds nothing itself.");
    process.exit(1);
  }
  const started = Date.now();
  const results: Result[] = [];
  const translation: TranslationRun[] = [];
  let multi30k: SizedRun[] = [];
  const versions: Record<string, string | null> = {
    node: process.version,
    tfjs: JSON.parse(readFileSync(join(repoRoot, "node_modules", "@tensorflow", "tfjs", "package.json"), "utf8")).version,
    chromium: null,
    torch: null
  };
  const machine = {nproc: cpus().length, cpu: cpus()[0]?.model ?? "unknown", loadBeforeBench: load()};

  if (browserParts) {
    const site = await serveStatic(distDir);
    const browser = await launchChromium();
    versions.chromium = browser.version();
    try {
      if (runCopy) for (const config of ["copy-tiny", "copy-paper"] as const) results.push(await browserRun(browser, site.url, config));
      if (runTranslation) translation.push(await browserTranslationRun(browser, site.url));
    } finally {
      await browser.close();
      await site.close();
    }
  }

  let torch = false;
  if (!skipPytorch) {
    versions.torch = torchVersion();
    torch = versions.torch !== null;
    if (!torch) {
      console.log(`\n${PYTHON} cannot import torch, so there is no PyTorch reference this time. On Debian or Ubuntu:\n  sudo apt-get install -y python3-torch libopenblas0-pthread\n`);
    } else if (runCopy) {
      for (const config of ["copy-tiny", "copy-paper"] as const) for (const threads of [1, 2]) results.push(pytorchRun(config, threads));
    }
  }
  if (runTranslation) translation.push(...(await translationRuns(torch)));
  if (runMulti30k) multi30k = await multi30kRuns(torch);

  await seedsToTarget(results);
  for (const r of results) {
    const ref = results.find((x) => x.config === r.config && /^PyTorch .* 1 thread$/.test(x.runtime));
    if (!ref) continue;
    r.ratioMsToPytorch1 = round(r.msPerStep / ref.msPerStep, 2);
    if (r.toTarget && ref.toTarget) r.ratioTargetToPytorch1 = round(r.toTarget.trainS / ref.toTarget.trainS, 2);
    if (r.seeds?.timeS && ref.seeds?.timeS) r.ratioSeedsTargetToPytorch1 = round(r.seeds.timeS / ref.seeds.timeS, 2);
  }
  results.sort((a, b) => a.config.localeCompare(b.config) * -1 || 0);
  const ref = translation.find((x) => /^PyTorch .* 1 thread$/.test(x.runtime));
  for (const r of translation) {
    if (!ref) break;
    r.ratioMsToPytorch1 = round(r.msPerStep / ref.msPerStep, 2);
    if (r.toTarget && ref.toTarget) r.ratioTargetToPytorch1 = round(r.toTarget.interpolatedS / ref.toTarget.interpolatedS, 2);
  }

  const printed = results.length ? table(results) : "";
  const printedTranslation = translation.length ? translationTable(translation) : "";
  const printedMulti30k = multi30k.length ? sizedTable(multi30k) : "";
  for (const t of [printed, printedTranslation, printedMulti30k]) if (t) console.log(`\n${t}\n`);
  for (const r of results.filter((x) => x.mainThread)) {
    const {longTasks, over100Ms, longestMs} = r.mainThread!;
    console.log(`${r.config} in the browser: ${longTasks} main-thread tasks over 50 ms during the run (${over100Ms} over 100 ms, longest ${longestMs} ms); live tensors in the worker ${r.tensors ? `${r.tensors.first} → ${r.tensors.last}` : "–"} over the steady state`);
  }
  console.log(`machine: ${machine.nproc} × ${machine.cpu}; load average before the bench ${machine.loadBeforeBench.join(", ")}`);
  console.log(`versions: Node ${versions.node}, Chromium ${versions.chromium ?? "–"}, tfjs ${versions.tfjs}, torch ${versions.torch ?? "–"}`);
  if (printed) {
    console.log("ms/step: median over the steady state (copy-tiny from step 40, copy-paper after 2 warm-up steps), steps only (no evaluations);");
    console.log("time to 99%, seed 1: training time at the first held-out evaluation (every 20 steps, 100 sequences) with exact match >= 99%; wall time also counts the evaluations.");
    console.log(`time to 99%, median of seeds: the median over seeds 1-${seedCount} of the first step reaching 99% (the page's engine in Node for tfjs), times the ms/step above.`);
  }
  if (printedTranslation) {
    console.log(`translate-tiny: ms/step the median from step ${TRANSLATE_SKIP} (steps only, batch making included); tokens/s: target tokens (not padding) per second of training.`);
    console.log(`time to BLEU ${BLEU_TARGET}: training time (no evaluations) at the first held-out evaluation (greedy, ${TRANSLATE.heldOut} validation pairs, our translationBleu for every runtime) at or above ${BLEU_TARGET};`);
    console.log(`  interpolated: where the line from the evaluation before crosses ${BLEU_TARGET}. Node and PyTorch evaluate every ${TRANSLATE_EVAL_EVERY} steps (PyTorch's checkpoints, loaded by our loader), the page as often as it does. The ratio is of the interpolated times.`);
  }
  if (printedMulti30k) {
    console.log(`Multi30k-sized: the generated corpus at ${multi30kPairs} training pairs; the CLI's --minutes counts its held-out evaluations too (so does its ms/step), PyTorch's minutes are steps only;`);
    console.log("  BLEU of each run's final model, greedy, on the same held-out pairs, by our translationBleu.");
  }
  const dir = join(repoRoot, "bench-results");
  mkdirSync(dir, {recursive: true});
  const file = join(dir, "bench.json");
  const tables = {copy: printed || undefined, translation: printedTranslation || undefined, multi30k: printedMulti30k || undefined};
  writeFileSync(file, JSON.stringify({date: new Date().toISOString(), machine, versions, target: TARGET, bleuTarget: BLEU_TARGET, paperSteps, seedCount, results, translation, multi30k, table: printed, tables, seconds: round((Date.now() - started) / 1000)}, null, 2) + "\n");
  console.log(`wrote ${file} (${round((Date.now() - started) / 1000)} s)`);
}

await main();

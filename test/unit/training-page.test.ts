// The training page's library: ablations, the custom-configuration checks, the ETA helpers and the
// engine the Web Worker runs (pause, resume, stop, NaN, save and load).
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder} from "../../src/model/model.js";
import {type Ablations, unscaledAttention} from "../../src/training/ablations.js";
import {type Components, composeComponents, targetMaskWith} from "../../src/training/components.js";
import {TrainingEngine} from "../../src/worker/engine.js";
import {PRESETS} from "../../src/training/presets.js";
import type {FromWorker} from "../../src/worker/protocol.js";
import {
  CUSTOM_DEFAULTS,
  customRun,
  estimateRunSeconds,
  etaSeconds,
  evaluationsIn,
  formatDuration,
  presetRun,
  runLabel,
  tokensPerSecond,
  typicalStepMs,
  validateCustomSettings,
  withAblations
} from "../../src/training/run-config.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

const tiny = {srcVocab: 11, tgtVocab: 11, N: 1, dModel: 16, dFF: 32, h: 2, dropout: 0};

/** A model built with the components of `ablations` (as the training engine builds a run's), and those components. */
function ablated(ablations: Ablations): {model: EncoderDecoder; components: Components} {
  const components = composeComponents({}, ablations);
  return {model: new EncoderDecoder(tiny, 3, components), components};
}

/** The log-probabilities, with the target mask of the model's components. */
function logprobs({model, components}: {model: EncoderDecoder; components: Components}, src: number[], tgt: number[]): number[][][] {
  return tf.tidy(() => {
    model.eval();
    const src_1S = tf.tensor2d([src], undefined, "int32");
    const tgt_1T = tf.tensor2d([tgt], undefined, "int32");
    const out = model.forward(src_1S, tgt_1T, tf.ones([1, 1, src.length], "bool") as tf.Tensor3D, targetMaskWith(components.subsequentMask, tgt_1T));
    return model.generator.forward(out).arraySync() as number[][][];
  });
}

test("no ablation by default: the same seed gives the same model with or without an empty ablations object", () => {
  const a = {model: new EncoderDecoder(tiny, 3), components: composeComponents()};
  const b = ablated({});
  assert.deepEqual(logprobs(a, [1, 4, 5], [1, 4]), logprobs(b, [1, 4, 5], [1, 4]));
  a.model.dispose();
  b.model.dispose();
});

test("each model ablation changes the output, and no target mask lets position 0 see the future", () => {
  const base = ablated({});
  const ref = logprobs(base, [1, 4, 5, 6], [1, 4, 5]);
  for (const ablations of [{noScale: true}, {noPositional: true}, {noTargetMask: true}]) {
    const m = ablated(ablations);
    const out = logprobs(m, [1, 4, 5, 6], [1, 4, 5]);
    assert.notDeepEqual(out, ref, JSON.stringify(ablations));
    m.model.dispose();
  }
  // With the causal mask, position 0's output does not depend on later target tokens; without it, it does.
  const peek = ablated({noTargetMask: true});
  assert.deepEqual(logprobs(base, [1, 4, 5, 6], [1, 4, 5])[0][0], logprobs(base, [1, 4, 5, 6], [1, 9, 9])[0][0]);
  assert.notDeepEqual(logprobs(peek, [1, 4, 5, 6], [1, 4, 5])[0][0], logprobs(peek, [1, 4, 5, 6], [1, 9, 9])[0][0]);
  peek.model.dispose();
  base.model.dispose();
});

test("the no-target-mask ablation's mask keeps the padding and drops the causal part", () => {
  const tgt = tf.tensor2d([[1, 4, 0]], undefined, "int32");
  const mask = tf.cast(targetMaskWith(composeComponents({}, {noTargetMask: true}).subsequentMask, tgt), "int32").arraySync();
  assert.deepEqual(mask, [[[1, 1, 0], [1, 1, 0], [1, 1, 0]]]);
});

test("an ablation wins over a reader's function it replaces, and leaves the reader's others", () => {
  const rate = () => 1;
  const mine = composeComponents({attention: (...args) => unscaledAttention(...args), rate}, {noScale: true});
  assert.equal(mine.attention, unscaledAttention);
  assert.equal(mine.rate, rate);
});

test("a custom configuration is checked, every problem named", () => {
  assert.deepEqual(validateCustomSettings(CUSTOM_DEFAULTS), []);
  const problems = validateCustomSettings({...CUSTOM_DEFAULTS, h: 3, N: 0, dropout: 1, smoothing: -0.1, steps: 2.5});
  assert.deepEqual(problems, [
    "N must be a positive integer, not 0",
    "steps must be a positive integer, not 2.5",
    "h = 3 must divide d_model = 32 (each head gets d_model / h channels)",
    "dropout must be in [0, 1), not 1",
    "label smoothing must be in [0, 1), not -0.1"
  ]);
  assert.deepEqual(validateCustomSettings({...CUSTOM_DEFAULTS, dModel: 33, h: 1}), ["d_model = 33 must be even (the positional encoding pairs sin and cos)"]);
  assert.throws(() => customRun({...CUSTOM_DEFAULTS, h: 3}), /h = 3 must divide d_model = 32/);
});

test("training ablations: no smoothing sets it to 0, no warmup sets warmup to 1 step", () => {
  const run = withAblations(presetRun(PRESETS["copy-tiny"]), {noSmoothing: true, noWarmup: true, noScale: true});
  assert.equal(run.train.smoothing, 0);
  assert.equal(run.train.warmup, 1);
  assert.deepEqual(run.ablations, {noScale: true});
  assert.equal(withAblations(presetRun(PRESETS["copy-tiny"]), {}).ablations, undefined);
  assert.equal(runLabel("copy-tiny", {noWarmup: true, noScale: true}), "copy-tiny − no √d_k scaling, no warmup");
});

test("ETA: the steps left at the measured pace plus the evaluations left at their measured cost", () => {
  const run = {steps: 400, evalEvery: 20}; // 20 evaluations
  assert.equal(evaluationsIn(run), 20);
  assert.equal(evaluationsIn({steps: 410, evalEvery: 20}), 21, "and one at the last step");
  // A fake run: each step takes 30 ms of wall time (its own 25 ms and 5 ms between steps), each evaluation 200 ms.
  const clock = (step: number) => ({step, wallMs: step * 30 + Math.floor(step / 20) * 200, evalMs: Math.floor(step / 20) * 200, evaluations: Math.floor(step / 20)});
  assert.equal(etaSeconds(clock(200), run), (200 * 30 + 10 * 200) / 1000, "half way: 200 steps × 30 ms + 10 evaluations × 200 ms");
  assert.equal(etaSeconds(clock(400), run), 0);
  // At every step, the time left plus the time so far is the run's real length: the ETA tracks the run.
  for (const step of [20, 57, 133, 399]) assert.ok(Math.abs(clock(step).wallMs / 1000 + etaSeconds(clock(step), run)! - (400 * 30 + 20 * 200) / 1000) < 0.2, `at step ${step}`);
  // Before the first evaluation, its cost comes from the estimate; without one there is no ETA.
  assert.equal(etaSeconds({...clock(10), evalMsPrior: 150}, run), (390 * 30 + 20 * 150) / 1000);
  assert.equal(etaSeconds(clock(10), run), null);
  assert.equal(etaSeconds(clock(0), run), null);
});

test("throughput and estimate helpers", () => {
  assert.equal(tokensPerSecond(288, 30), 9600);
  assert.equal(typicalStepMs([500, 100, 120, 900]), 120, "the first step left out, then the median");
  assert.equal(estimateRunSeconds([500, 100, 120], {steps: 400, evalEvery: 20}, 100), (110 * 400 + 20 * 100) / 1000);
  assert.equal(formatDuration(75), "1 min 15 s");
  assert.equal(formatDuration(3725), "1 h 2 min");
  assert.equal(formatDuration(null), "–");
});

function engine(tickHook?: (e: TrainingEngine) => void) {
  const events: FromWorker[] = [];
  const e: TrainingEngine = new TrainingEngine({
    emit: (event) => events.push(event),
    tick: () => new Promise((resolve) => setImmediate(() => (tickHook?.(e), resolve())))
  });
  return {e, events};
}

test("the engine trains copy-tiny to >= 95% exact match, with flat memory, and decodes", async () => {
  const {e, events} = engine();
  await e.start(presetRun(PRESETS["copy-tiny"]));
  assert.equal(e.state, "finished");
  const evals = events.flatMap((ev) => (ev.type === "evaluation" ? [ev.evaluation] : []));
  const last = evals[evals.length - 1];
  assert.equal(last.step, 400);
  assert.ok(last.exactMatch! >= 0.95, `exact match ${last.exactMatch}`);
  const counts = events.flatMap((ev) => (ev.type === "progress" ? [ev.progress.numTensors] : []));
  // The first evaluation leaves each attention layer's last map (kept for drawing); then nothing grows.
  const afterFirstEval = counts.slice(counts.length / 2);
  assert.ok(afterFirstEval.every((c) => c === counts[counts.length - 1]) && counts.every((c) => c <= counts[counts.length - 1]), `live tensors: ${counts.join(", ")}`);
  const steps = events.flatMap((ev) => (ev.type === "progress" ? ev.progress.losses.map(([s]) => s) : []));
  assert.deepEqual(steps, Array.from({length: 400}, (_, i) => i + 1));
  const before = tf.memory().numTensors;
  const out = e.decode([1, 3, 5, 7, 9, 2, 4, 6, 8, 10], 4);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(out.greedy, [1, 3, 5, 7, 9, 2, 4, 6, 8, 10]);
  assert.equal(out.steps.length, 9);
  assert.equal(out.steps[0].top[0].id, 3);
  assert.ok(out.steps[0].top[0].prob > 0.5);
  assert.equal(out.beams.length, 4);
  const maps = e.attention([1, 3, 5, 7]);
  assert.equal(maps.encoderSelf.length, 1);
  assert.equal(maps.encoderSelf[0].length, 4);

  // Save, then a file that does not fit is refused and the model decodes as before.
  const bytes = e.save();
  const bad = bytes.slice();
  const header = new TextDecoder().decode(bad.subarray(8, 8 + Number(new DataView(bad.buffer).getBigUint64(0, true))));
  const broken = header.replace('"generator.proj.weight":{"dtype":"F32","shape":[11,32]', '"generator.proj.weight":{"dtype":"F32","shape":[32,11]');
  assert.notEqual(broken, header);
  bad.set(new TextEncoder().encode(broken), 8);
  assert.throws(() => e.load(bad), /tensor "generator.proj.weight" has shape \[32,11\] but the model's is \[11,32\]/);
  assert.deepEqual(e.decode([1, 3, 5, 7, 9, 2, 4, 6, 8, 10], 1).greedy, out.greedy);
  e.reset();
  assert.throws(() => e.decode([1, 2], 1), /no model yet/);
  e.load(bytes);
  assert.equal(e.state, "loaded");
  assert.deepEqual(e.decode([1, 3, 5, 7, 9, 2, 4, 6, 8, 10], 4), out);
  e.reset();
});

test("the training loop reads nothing back synchronously (a GPU backend in a worker or in Node cannot)", async () => {
  // Tensor.dataSync and arraySync go through the engine's readSync (kernels read their own backend's memory directly).
  const engine_ = tf.engine() as unknown as {readSync: (dataId: object) => unknown};
  const readSync = engine_.readSync;
  let syncReads = 0;
  engine_.readSync = function (dataId) {
    syncReads++;
    return readSync.call(this, dataId);
  };
  const {e, events} = engine();
  try {
    await e.start({...presetRun(PRESETS["copy-tiny"]), steps: 40});
  } finally {
    engine_.readSync = readSync;
  }
  assert.equal(e.state, "finished");
  assert.deepEqual(events.flatMap((ev) => (ev.type === "evaluation" ? [ev.evaluation.step] : [])), [20, 40]);
  assert.equal(syncReads, 0);
  e.reset();
});

test("pause stops at a step, announced after that step's progress; resume continues from it, stop keeps the model", async () => {
  let pausedAt = 0;
  const {e, events} = engine((eng) => {
    if (eng.step === 5 && eng.state === "running" && !pausedAt) {
      eng.pause();
      pausedAt = eng.step;
    }
  });
  const run = {...presetRun(PRESETS["copy-tiny"]), steps: 12};
  await e.start(run);
  assert.equal(e.state, "paused");
  assert.equal(e.step, 5);
  const paused = events.findIndex((ev) => ev.type === "state" && ev.state === "paused");
  const progress = events.flatMap((ev, i) => (ev.type === "progress" ? [[i, ev.progress.step]] : []));
  assert.ok(paused >= 0, "the pause is announced");
  assert.deepEqual(progress.at(-1), [paused - 1, 5], "the last progress (step 5) comes just before the pause, and none after it");
  const resumed = e.resume();
  e.stop();
  await resumed;
  assert.equal(e.state, "stopped");
  assert.equal(e.step, 0, "the optimizer is gone once stopped");
  assert.ok(e.model, "the model stays");
  e.reset();
});

test("a loss that is not finite stops the run with a message giving the step", async () => {
  const {e, events} = engine();
  const run = {...presetRun(PRESETS["copy-tiny"]), steps: 30, train: {...PRESETS["copy-tiny"].train, lrBase: 1e30, warmup: 1}};
  await e.start(run);
  assert.equal(e.state, "failed");
  const failed = events.find((ev) => ev.type === "failed");
  assert.ok(failed && failed.type === "failed");
  assert.match(failed.message, /the training loss became (NaN|Infinity|-Infinity) at step \d+/);
  e.reset();
});

test("estimate times a few steps and an evaluation, and the run's ETA starts from that evaluation's cost", async () => {
  const {e, events} = engine();
  const run = {...presetRun(PRESETS["copy-tiny"]), steps: 30, evalEvery: 10};
  const {msPerStep, evalMs, seconds} = await e.estimate(run, 3);
  assert.equal(msPerStep.length, 3);
  assert.ok(evalMs > 0);
  assert.equal(seconds, estimateRunSeconds(msPerStep, run, evalMs));
  await e.start(run);
  const progress = events.flatMap((ev) => (ev.type === "progress" ? [ev.progress] : []));
  assert.ok(progress.length > 0);
  assert.notEqual(progress[0].etaSeconds, null, "an ETA from the first report on");
  const last = progress[progress.length - 1];
  assert.equal(last.step, 30);
  assert.equal(last.etaSeconds, 0);
  assert.ok(last.evalMs > 0 && last.wallMs >= last.elapsedMs + last.evalMs, `wall ${last.wallMs} ms ≥ steps ${last.elapsedMs} ms + evaluations ${last.evalMs} ms`);
  e.reset();
});

test("the Stacks page's experiment (source attention reading the decoder) trains: the encoder gets no gradient, stays as initialised bit for bit, and the engine names its parameters", async () => {
  // decoderLayer with layer.src_attn.forward(x, x, x, null), as src/stacks.md suggests: the memory is never read.
  const decoderLayer: Components["decoderLayer"] = (layer, x_BTC, _memory_BSC, _srcMask_B1S, tgtMask_BTT) => {
    x_BTC = layer.sublayer[0].forward(x_BTC, (x) => layer.self_attn.forward(x, x, x, tgtMask_BTT));
    x_BTC = layer.sublayer[1].forward(x_BTC, (x) => layer.src_attn.forward(x, x, x, null as unknown as tf.Tensor3D));
    return layer.sublayer[2].forward(x_BTC, (x) => layer.feed_forward.forward(x));
  };
  const run = {...presetRun(PRESETS["copy-tiny"]), steps: 6};
  const initial = new EncoderDecoder({...run.model, srcVocab: run.vocab, tgtVocab: run.vocab}, run.seed, composeComponents({decoderLayer}));
  const {e, events} = engine();
  await e.start(run, {decoderLayer});
  assert.equal(e.state, "finished", `the run ended ${e.state}: ${events.flatMap((ev) => (ev.type === "failed" ? [ev.message] : [])).join("; ")}`);
  const reports = events.flatMap((ev) => (ev.type === "noGradient" ? [ev] : []));
  const unused = initial.namedParameters().map(([name]) => name).filter((name) => name.startsWith("encoder.") || name.startsWith("src_embed."));
  assert.ok(unused.includes("encoder.layers.0.self_attn.linears.0.weight") && unused.includes("src_embed.0.lut.weight"));
  assert.deepEqual(reports, [{type: "noGradient", step: 1, parameters: unused}], "reported once, at the first step");
  const trained = new Map(e.model!.namedParameters());
  for (const [name, p] of initial.namedParameters()) {
    const same = Buffer.from(p.dataSync().buffer).equals(Buffer.from(trained.get(name)!.dataSync().buffer));
    assert.equal(same, unused.includes(name), `${name}: ${unused.includes(name) ? "no gradient, so unchanged" : "trained, so changed"}`);
  }
  initial.dispose();
  e.reset();
});

// Adam as the Loss page shows it (src/training/adam.ts's adamStep, per parameter, tensor ops) against
// the fast path the trainer runs (src/tfjs/packed-adam.ts: the parameters packed end to end, one wasm
// kernel) and against torch.optim.Adam over six steps (data/fixtures/adam-steps.json, written by
// scripts/reference/make_fixtures.py); and the optimizer's memory: runs, resets and failed steps
// leave no tensors and no wasm memory behind.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder} from "../../src/model/model.js";
import {adamUpdateReady} from "../../src/tfjs/adam-kernel.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {Adam, adamStep} from "../../src/training/adam.js";
import {disposeBatch} from "../../src/training/batch.js";
import {copyBatch} from "../../src/training/copy-task.js";
import {Random} from "../../src/model/random.js";
import {getPreset} from "../../src/training/presets.js";
import {Trainer} from "../../src/training/train.js";
import {fixturesDir, maxAbsDiff, refTensor, type RefTensor} from "../support/fixtures.js";

interface AdamFixture {
  betas: [number, number];
  eps: number;
  params_before: RefTensor[];
  steps: {lr: number; grads: RefTensor[]; params_after: RefTensor[]}[];
}
const fixture: AdamFixture = JSON.parse(readFileSync(join(fixturesDir, "adam-steps.json"), "utf8"));
const [beta1, beta2] = fixture.betas;
const hyper = {beta1, beta2, eps: fixture.eps};

before(() => initNodeBackend("wasm"));

/** The parameters after each of the fixture's steps: by adamStep on each parameter alone, or by the Adam class. */
function run(by: "adamStep" | "Adam"): number[][][] {
  const params = fixture.params_before.map((p) => tf.variable(refTensor(p)));
  const moments: {m: tf.Tensor; v: tf.Tensor}[] = params.map((p) => ({m: tf.zeros(p.shape), v: tf.zeros(p.shape)}));
  const adam = by === "Adam" ? new Adam(params, hyper) : null;
  const after: number[][][] = [];
  fixture.steps.forEach(({lr, grads}, i) => {
    const g = grads.map((t) => refTensor(t));
    if (adam) adam.apply(g, lr);
    else {
      params.forEach((p, j) => {
        const next = tf.tidy(() => adamStep(p, g[j], moments[j].m, moments[j].v, i + 1, lr, hyper));
        tf.dispose([moments[j].m, moments[j].v]);
        moments[j] = {m: next.m, v: next.v};
        p.assign(next.theta);
        next.theta.dispose();
      });
    }
    tf.dispose(g);
    after.push(params.map((p) => Array.from(p.dataSync())));
  });
  adam?.dispose();
  tf.dispose([...params, ...moments.flatMap(({m, v}) => [m, v])]);
  return after;
}

for (const backend of ["wasm", "cpu"] as const) {
  test(`on ${backend}, adamStep per parameter gives the trainer's packed update exactly, and torch.optim.Adam's numbers, over ${fixture.steps.length} steps`, async () => {
    await tf.setBackend(backend);
    assert.equal(adamUpdateReady(), backend === "wasm", "the packed update runs as one kernel on wasm only");
    assert.ok(fixture.steps.length >= 5);
    const [plain, packed] = [run("adamStep"), run("Adam")];
    fixture.steps.forEach(({params_after}, i) => {
      params_after.forEach((expected, j) => {
        assert.deepEqual(packed[i][j], plain[i][j], `step ${i + 1}, parameter ${j}: packed and plain differ`);
        const diff = maxAbsDiff(tf.tensor(plain[i][j], expected.shape), expected);
        assert.ok(diff <= 1e-6, `step ${i + 1}, parameter ${j}: max abs difference from PyTorch ${diff.toExponential(2)} > 1e-6`);
      });
    });
    await tf.setBackend("wasm");
  });
}

/** What a run could leave behind: tensors, their bytes, and the backend's own buffers (kernel outputs included). */
const held = () => ({numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, dataIds: tf.engine().backend.numDataIds()});

const preset = getPreset("copy-tiny");
const options = {vocab: preset.vocab, length: preset.length, batchSize: 8};
const tinyModel = () => new EncoderDecoder({...preset.model, srcVocab: preset.vocab, tgtVocab: preset.vocab}, 1);

test("four runs of two steps, each reset (model and trainer disposed), leave memory where it started", () => {
  assert.equal(tf.getBackend(), "wasm");
  const start = held();
  const random = new Random(3);
  for (let run = 1; run <= 4; run++) {
    const model = tinyModel();
    const trainer = new Trainer(model, preset.train);
    for (let step = 0; step < 2; step++) {
      const batch = copyBatch(random, options);
      trainer.step(batch);
      disposeBatch(batch);
    }
    trainer.dispose();
    model.dispose();
    assert.deepEqual(held(), start, `after run ${run}`);
  }
});

test("runs on one model (Reset keeps nothing of the optimizer) leave only the model", () => {
  const model = tinyModel();
  const start = held();
  const random = new Random(4);
  for (let run = 1; run <= 4; run++) {
    const trainer = new Trainer(model, preset.train);
    const batch = copyBatch(random, options);
    trainer.step(batch);
    disposeBatch(batch);
    trainer.dispose();
    assert.deepEqual(held(), start, `after run ${run}`);
  }
  model.dispose();
});

test("a parameter no gradient reaches trains as torch.optim.Adam would: left unchanged, named by the trainer, and nothing left behind", () => {
  const model = tinyModel();
  const start = held();
  const unused = tf.tidy(() => tf.variable(tf.ones([3]), true, "unused"));
  const parameters = model.parameters.bind(model);
  model.parameters = () => [...parameters(), unused];
  const trainer = new Trainer(model, preset.train);
  const random = new Random(5);
  for (let step = 0; step < 3; step++) {
    const batch = copyBatch(random, options);
    trainer.step(batch);
    disposeBatch(batch);
  }
  assert.equal(trainer.optimizer.step, 3);
  assert.deepEqual(trainer.noGradient, ["unused"]);
  assert.deepEqual(Array.from(unused.dataSync()), [1, 1, 1]);
  trainer.dispose();
  unused.dispose();
  assert.deepEqual(held(), start);
  model.dispose();
});

test("a failed embedding lookup (an id out of the vocabulary) leaves no wasm buffer behind", () => {
  const table = tf.ones([4, 3]);
  const start = held();
  const ids = tf.tensor1d([1, 7], "int32");
  assert.throws(() => tf.gather(table, ids), {message: "GatherV2: the index value 7 is not in [0, 3]"});
  ids.dispose();
  assert.deepEqual(held(), start);
  table.dispose();
});

test("Adam refuses a misshapen gradient, or a wrong number of them, before touching anything", () => {
  const params = [tf.variable(tf.ones([5])), tf.variable(tf.ones([2, 2]))];
  const adam = new Adam(params);
  const start = held();
  const g = [tf.ones([5]), tf.ones([4])];
  assert.throws(() => adam.apply(g, 0.1), {message: `Adam: the gradient of parameter 1 (${params[1].name}) has shape [4] but the parameter has shape [2,2]`});
  assert.throws(() => adam.apply([g[0]], 0.1), {message: "Adam: 1 gradients for 2 parameters"});
  assert.equal(adam.step, 0);
  tf.dispose(g);
  assert.deepEqual(held(), start);
  adam.dispose();
  tf.dispose(params);
});

interface SkippedFixture {
  betas: [number, number];
  eps: number;
  params_before: RefTensor[];
  steps: {lr: number; grads: (RefTensor | null)[]; params_after: RefTensor[]}[];
}
const skipped: SkippedFixture = JSON.parse(readFileSync(join(fixturesDir, "adam-skipped.json"), "utf8"));

for (const backend of ["wasm", "cpu"] as const) {
  test(`on ${backend}, a parameter without a gradient at a step is skipped as torch.optim.Adam skips it: unchanged, and its own step count for its bias corrections`, async () => {
    await tf.setBackend(backend);
    const params = skipped.params_before.map((p) => tf.tidy(() => tf.variable(refTensor(p))));
    const adam = new Adam(params, {beta1: skipped.betas[0], beta2: skipped.betas[1], eps: skipped.eps});
    const start = held();
    assert.ok(skipped.steps.some(({grads}) => grads.includes(null)) && skipped.steps[0].grads.includes(null), "the fixture skips parameters, one from the first step");
    skipped.steps.forEach(({lr, grads, params_after}, i) => {
      const before = params.map((p) => Array.from(p.dataSync()));
      const g = grads.map((t) => (t ? refTensor(t) : null));
      adam.apply(g, lr);
      tf.dispose(g.filter((t) => t !== null));
      assert.deepEqual(adam.skipped, grads.flatMap((t, j) => (t ? [] : [j])));
      params_after.forEach((expected, j) => {
        if (!grads[j]) assert.deepEqual(Array.from(params[j].dataSync()), before[j], `step ${i + 1}: parameter ${j} had no gradient, so it stays bit for bit`);
        const diff = tf.tidy(() => maxAbsDiff(tf.tensor(Array.from(params[j].dataSync()), expected.shape), expected));
        assert.ok(diff <= 1e-6, `step ${i + 1}, parameter ${j}: max abs difference from PyTorch ${diff.toExponential(2)} > 1e-6`);
      });
    });
    assert.deepEqual(held(), start, "the skipping path leaves no tensors behind");
    adam.dispose();
    tf.dispose(params);
    await tf.setBackend("wasm");
  });
}

// The training engine's translation runs, in Node: a few steps of a tiny translator on a small
// generated corpus, held-out BLEU and samples emitted at each evaluation, pause, resume and stop,
// the estimate, translating typed German, and a saved file that loads as the same translator.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {generateCorpus} from "../../src/corpus/index.js";
import {parseSafetensors} from "../../src/io/safetensors.js";
import {loadTranslationModel} from "../../src/io/translation-model.js";
import {countParameters, EncoderDecoder} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {translate} from "../../src/training/translation.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";
import {holdOut, translationRun, translationRunName, validateTranslationSettings} from "../../src/training/translation-run.js";
import {TrainingEngine} from "../../src/worker/engine.js";
import type {Evaluation, FromWorker} from "../../src/worker/protocol.js";

before(() => initNodeBackend("wasm"));

const generated = generateCorpus({pairs: 300, validPairs: 8, testPairs: 0});
const asText = (pairs: typeof generated.train) => pairs.map(({de, en}) => ({src: de, tgt: en}));
const corpus = {source: "a small generated corpus", train: asText(generated.train), valid: asText(generated.valid)};
/** translate-tiny's schedule and batching, on a model and vocabulary small enough for a unit test. */
const preset = {...TRANSLATION_PRESETS["translate-tiny"], model: {N: 1, dModel: 16, dFF: 32, h: 2, dropout: 0, sharedEmbeddings: true}, vocabSize: 120, maxTokens: 300, heldOut: 5};

function engine(tickHook?: (e: TrainingEngine) => void) {
  const events: FromWorker[] = [];
  const e: TrainingEngine = new TrainingEngine({
    emit: (event) => events.push(event),
    tick: () => new Promise((resolve) => setImmediate(() => (tickHook?.(e), resolve())))
  });
  const evaluations = () => events.flatMap((ev): Evaluation[] => (ev.type === "evaluation" ? [ev.evaluation] : []));
  return {e, events, evaluations};
}

test("a translation run trains, and emits held-out BLEU and sample translations every evalEvery steps", async () => {
  const {e, events, evaluations} = engine();
  await e.start(translationRun(preset, corpus, {steps: 6, evalEvery: 3}));
  assert.equal(e.state, "finished");
  const states = events.flatMap((ev) => (ev.type === "state" ? [ev.state] : []));
  assert.deepEqual(states, ["idle", "preparing", "running", "finished"]);
  const model = events.find((ev) => ev.type === "model");
  assert.ok(model?.type === "model" && model.summary.task === "translation" && model.summary.vocab <= 120, JSON.stringify(model));
  const evals = evaluations();
  assert.deepEqual(evals.map((ev) => ev.step), [3, 6]);
  for (const ev of evals) {
    assert.ok(typeof ev.bleu === "number" && ev.bleu >= 0 && ev.bleu <= 100, `BLEU ${ev.bleu}`);
    assert.ok(Number.isFinite(ev.heldOutLoss) && ev.heldOutLoss > 0, `held-out loss ${ev.heldOutLoss}`);
    assert.equal(ev.exactMatch, undefined);
    assert.equal(ev.samples?.length, 3);
    assert.deepEqual(ev.samples!.map((s) => [s.src, s.ref]), corpus.valid.slice(0, 3).map((p) => [p.src, p.tgt]));
    assert.ok(ev.samples!.every((s) => typeof s.hyp === "string"));
  }
  const progress = events.flatMap((ev) => (ev.type === "progress" ? [ev.progress] : []));
  assert.ok(progress.length > 0 && progress.every((p) => p.tokensPerSecond > 0 && p.steps === 6));

  // The model just trained translates what one types, and its file is the same translator.
  const typed = e.translate("Ich esse gern Pilze.", 1);
  assert.equal(typed.pieces[0], "<s>");
  assert.equal(typed.pieces[typed.pieces.length - 1], "</s>");
  assert.equal(typeof typed.translation, "string");
  assert.throws(() => e.decode([1, 2, 3], 2), /translation model/);
  const loaded = loadTranslationModel(e.save());
  assert.equal(loaded.metadata.preset, "translate-tiny");
  assert.equal(loaded.metadata.steps, "6");
  assert.equal(loaded.metadata.held_out_bleu, evals[1].bleu!.toFixed(2));
  assert.equal(translate(loaded.model, loaded.codec, ["Ich esse gern Pilze."])[0], typed.translation);
  loaded.model.dispose();
  e.reset();
});

test("a translation run pauses at a step, resumes from it, and stops keeping its model", async () => {
  let pausedAt = 0;
  const {e, evaluations} = engine((eng) => {
    if (eng.step === 2 && eng.state === "running" && !pausedAt) {
      eng.pause();
      pausedAt = eng.step;
    }
  });
  await e.start(translationRun(preset, corpus, {steps: 50, evalEvery: 3}));
  assert.equal(e.state, "paused");
  assert.equal(e.step, 2);
  assert.deepEqual(evaluations(), []);
  let stopAt = 0;
  const resumed = e.resume();
  await new Promise<void>((resolve) => {
    const wait = () => (evaluations().length > 0 ? ((stopAt = e.step), e.stop(), resolve()) : setImmediate(wait));
    wait();
  });
  await resumed;
  assert.equal(e.state, "stopped");
  assert.ok(stopAt >= 3 && stopAt < 50, `stopped at step ${stopAt}`);
  assert.equal(evaluations()[0].step, 3);
  assert.equal(e.summary().task, "translation");
  assert.equal(loadTranslationModel(e.save()).metadata.steps, String(stopAt));
  e.reset();
});

test("the estimate of a translation run times steps and one evaluation; a loaded translator translates", async () => {
  const {e} = engine();
  const run = translationRun(preset, corpus, {steps: 100, evalEvery: 50});
  const {msPerStep, evalMs, seconds} = await e.estimate(run, 3);
  assert.equal(msPerStep.length, 3);
  assert.ok(evalMs > 0 && seconds > 0);
  await e.start({...run, steps: 2});
  const bytes = e.save();
  const typed = e.translate("Der Hund schläft.", 2);
  e.reset();
  const summary = e.load(bytes);
  assert.equal(summary.task, "translation");
  assert.equal(e.translate("Der Hund schläft.", 2).translation, typed.translation);
  e.reset();
});

test("shared embeddings default to the preset's; the reader's choice reaches the run's model and its name when it differs", () => {
  const paper = TRANSLATION_PRESETS["translate-paper"];
  assert.equal(translationRun(preset, corpus).model.sharedEmbeddings, true);
  assert.equal(translationRun(paper, corpus).model.sharedEmbeddings, false);
  const separate = translationRun(preset, corpus, {sharedEmbeddings: false});
  assert.equal(separate.model.sharedEmbeddings, false);
  assert.equal(preset.model.sharedEmbeddings, true, "the preset itself is unchanged");
  assert.equal(translationRunName(translationRun(preset, corpus)), "translate-tiny");
  assert.equal(translationRunName(separate), "translate-tiny, separate embeddings");
  assert.equal(translationRunName(translationRun(paper, corpus, {sharedEmbeddings: false})), "translate-paper");
  assert.equal(translationRunName(translationRun(paper, corpus, {sharedEmbeddings: true})), "translate-paper, shared embeddings");
});

test("a run with separate embeddings, against its preset's default, trains, saves three matrices and loads as the same translator", async () => {
  const {e, events} = engine();
  await e.start(translationRun(preset, corpus, {steps: 3, evalEvery: 3, sharedEmbeddings: false}));
  assert.equal(e.state, "finished");
  const model = events.find((ev) => ev.type === "model");
  const V = model?.type === "model" ? model.summary.vocab : 0;
  const {dModel} = preset.model;
  assert.ok(model?.type === "model" && model.summary.parameters === 2 * V * dModel + countWithSharing(), JSON.stringify(model));
  const bytes = e.save();
  const {metadata, tensors} = parseSafetensors(bytes);
  assert.equal(metadata.shared_embeddings, "false");
  for (const name of ["src_embed.0.lut.weight", "tgt_embed.0.lut.weight", "generator.proj.weight"]) assert.deepEqual(tensors.get(name)?.shape, [V, dModel], name);
  assert.ok(!tensors.get("src_embed.0.lut.weight")!.data.every((x, i) => x === tensors.get("tgt_embed.0.lut.weight")!.data[i]), "three matrices, not one stored three times");
  const typed = e.translate("Der Hund schläft.", 1).translation;
  const loaded = loadTranslationModel(bytes);
  assert.equal(loaded.model.config.sharedEmbeddings, false);
  assert.notEqual(loaded.model.tgt_embed.embeddings.lut, loaded.model.src_embed.embeddings.lut);
  assert.equal(translate(loaded.model, loaded.codec, ["Der Hund schläft."])[0], typed);
  loaded.model.dispose();
  e.reset();

  /** The same run with the preset's shared embeddings: its parameter count. */
  function countWithSharing(): number {
    const shared = new EncoderDecoder({...preset.model, srcVocab: V, tgtVocab: V});
    try {
      return countParameters(shared);
    } finally {
      shared.dispose();
    }
  }
});

test("a translation run's settings and corpus are checked", () => {
  assert.deepEqual(validateTranslationSettings({steps: 300, evalEvery: 300}), []);
  assert.deepEqual(validateTranslationSettings({steps: 0, evalEvery: 1.5}), ["steps must be a positive integer, not 0", "evaluate every must be a positive integer, not 1.5"]);
  assert.throws(() => translationRun(preset, {...corpus, train: []}), /has no training pairs/);
  const split = holdOut("files", corpus.train);
  assert.deepEqual([split.train.length, split.valid.length], [270, 30]);
  assert.deepEqual(split.valid[0], corpus.train[270]);
});

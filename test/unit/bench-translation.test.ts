// The translation bench's export (the ids and batches PyTorch trains on) and, where Debian's
// /usr/bin/python3 has torch, that a checkpoint of scripts/bench/pytorch_translate.py loads in our
// loader with the export's tokenizer.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import {loadTranslationModel} from "../../src/io/translation-model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";
import {epochBatches, prepareTranslationData} from "../../src/training/translation.js";
import {tokenizerFromMetadata} from "../../src/text/vocab.js";
import {bleuReached, cumulativeMsAt, exportFor, runPytorchTranslate, scratchFolder} from "../../scripts/bench/translation.js";
import {generatedPairs, translationExport} from "../../scripts/bench/translation-export.js";

const PYTHON = "/usr/bin/python3";
const torchMissing = spawnSync(PYTHON, ["-c", "import torch"], {stdio: "ignore"}).status !== 0;

before(() => initNodeBackend("wasm"));

const {train, valid} = generatedPairs(120);
const preset = {...TRANSLATION_PRESETS["translate-tiny"], model: {N: 1, dModel: 16, dFF: 32, h: 2, dropout: 0, sharedEmbeddings: true}, vocabSize: 150, maxTokens: 200};
const data = prepareTranslationData(train, valid, preset);

test("the export holds the training pairs' ids and the batches trainTranslation takes, in order, across epochs", () => {
  const exported = JSON.parse(JSON.stringify(translationExport(data, preset, {seed: 3, steps: 40})));
  assert.deepEqual(exported.pairs.src, data.train.map((p) => p.src));
  assert.deepEqual(exported.pairs.tgt, data.train.map((p) => p.tgt));
  const expected: number[][] = [];
  let epochs = 0;
  for (const {epoch, indices} of epochBatches(data.train, preset.maxTokens, 3)) {
    epochs = epoch;
    expected.push(indices);
    if (expected.length === 40) break;
  }
  assert.ok(epochs > 1, "40 batches of 200 tokens span more than one epoch of 120 pairs");
  assert.deepEqual(exported.batches, expected);
  assert.equal(exported.vocab, 150);
  assert.deepEqual(tokenizerFromMetadata(exported.metadata), data.tokenizer);
});

test("time to a BLEU: the first evaluation at or above it, and the crossing interpolated in steps and training time", () => {
  const msAt = cumulativeMsAt(new Array(300).fill(100)); // 100 ms a step
  const reached = bleuReached([{step: 100, bleu: 10}, {step: 200, bleu: 30}, {step: 300, bleu: 50}], msAt, 40);
  assert.deepEqual(reached, {step: 300, trainS: 30, interpolatedStep: 250, interpolatedS: 25});
  assert.equal(bleuReached([{step: 100, bleu: 10}], msAt, 40), null);
  assert.equal(msAt(2.5), 250);
});

test("a checkpoint of the PyTorch reference trained on the export loads in our loader, with its tokenizer", {skip: torchMissing && `${PYTHON} cannot import torch (Debian: apt-get install python3-torch)`}, () => {
  const {dir, remove} = scratchFolder();
  try {
    const file = exportFor(dir, data, preset, 3);
    const out = runPytorchTranslate(PYTHON, file, {threads: 1, steps: 3, checkpointEvery: 2, outDir: dir});
    assert.equal(out.steps, 3);
    assert.deepEqual(out.checkpoints.map((c) => c.step), [2, 3]);
    assert.equal(out.tokens.length, 3);
    assert.ok(out.checkpoints[1].trainMs > out.checkpoints[0].trainMs);
    const {model, tokenizer, metadata} = loadTranslationModel(new Uint8Array(readFileSync(out.checkpoints[1].file)), {dropout: 0});
    try {
      assert.deepEqual(tokenizer, data.tokenizer);
      assert.equal(metadata.steps, "3");
      assert.deepEqual(model.config, {N: 1, dModel: 16, dFF: 32, h: 2, dropout: 0, sharedEmbeddings: true, srcVocab: 150, tgtVocab: 150});
    } finally {
      model.dispose();
    }
  } finally {
    remove();
  }
});

// Training end to end: label shifting, a copy task learnt to >= 95% exact match, flat memory,
// greedy and beam-search decoding.
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask} from "../../src/model/masks.js";
import {EncoderDecoder} from "../../src/model/model.js";
import {Random} from "../../src/model/random.js";
import {disposeBatch, makeBatch, shiftTarget} from "../../src/training/batch.js";
import {COPY_START, copyAccuracy, copyBatch, copySequences, trainCopy} from "../../src/training/copy-task.js";
import {beamSearch, greedyDecode, lengthPenalty} from "../../src/training/decode.js";
import {getPreset} from "../../src/training/presets.js";
import {Trainer} from "../../src/training/train.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

const preset = getPreset("copy-tiny");
let model: EncoderDecoder;

before(() => initNodeBackend("wasm"));
after(() => model?.dispose());

test("label shifting: the decoder reads <bos>..mushrooms and must predict I..<eos>", () => {
  const {input, labels} = shiftTarget(["<bos>", "I", "like", "eating", "mushrooms", "<eos>"]);
  assert.deepEqual(input, ["<bos>", "I", "like", "eating", "mushrooms"]);
  assert.deepEqual(labels, ["I", "like", "eating", "mushrooms", "<eos>"]);
});

test("a batch shifts the target, masks padding and counts real target tokens", () => {
  const src = tf.tensor2d([[1, 7, 8, 0]], undefined, "int32");
  const tgt = tf.tensor2d([[1, 7, 8, 2, 0]], undefined, "int32");
  const batch = makeBatch(src, tgt);
  assert.deepEqual(batch.tgtIn_BT.arraySync(), [[1, 7, 8, 2]]);
  assert.deepEqual(batch.tgtY_BT.arraySync(), [[7, 8, 2, 0]]);
  assert.equal(batch.ntokens.arraySync(), 3);
  assert.equal(batch.ntokens.dtype, "int32");
  assert.deepEqual(tf.cast(batch.srcMask_B1S, "int32").arraySync(), [[[1, 1, 1, 0]]]);
  disposeBatch(batch);
  tf.dispose([src, tgt]);
  assert.throws(() => makeBatch(tf.zeros([1, 3], "int32") as tf.Tensor2D, tf.zeros([2, 3], "int32") as tf.Tensor2D), {
    message: "makeBatch: tgtFull_BL has shape [2,3] but src_BS has B=1"
  });
});

test("training does not grow the number of live tensors", () => {
  const m = new EncoderDecoder({...preset.model, dropout: 0.1, srcVocab: 11, tgtVocab: 11}, 3);
  const trainer = new Trainer(m, preset.train);
  const random = new Random(5);
  const counts: number[] = [];
  for (let i = 0; i < 8; i++) {
    const batch = copyBatch(random, {vocab: 11, length: 10, batchSize: 8});
    trainer.step(batch);
    disposeBatch(batch);
    counts.push(tf.memory().numTensors);
  }
  trainer.dispose();
  m.dispose();
  assert.ok(counts.slice(2).every((c) => c === counts[1]), `live tensors per step: ${counts.join(", ")}`);
});

test(`the copy task (${preset.name}) reaches >= 95% exact match on held-out sequences within ${preset.steps} steps`, () => {
  model = new EncoderDecoder({...preset.model, srcVocab: preset.vocab, tgtVocab: preset.vocab}, 1);
  const before = copyAccuracy(model, copySequences(new Random(42), {vocab: 11, length: 10, batchSize: 50}));
  let last = 0;
  for (const progress of trainCopy(model, preset, {seed: 1, evalEvery: 100})) if (progress.accuracy !== undefined) last = progress.accuracy;
  assert.ok(before < 0.05, `an untrained model already copies ${before}`);
  assert.ok(last >= 0.95, `exact match after ${preset.steps} steps is ${last}`);
});

test("greedy and beam search decode the trained model; beam 1 is greedy", () => {
  const seqs = copySequences(new Random(77), {vocab: 11, length: 10, batchSize: 5});
  tf.tidy(() => {
    const src = tf.tensor2d(seqs, undefined, "int32");
    const greedy = greedyDecode(model, src, paddingMask(src), 10, COPY_START);
    seqs.forEach((seq, i) => {
      const src_1S = tf.tensor2d([seq], undefined, "int32");
      const mask = paddingMask(src_1S);
      const one = beamSearch(model, src_1S, mask, {beamSize: 1, maxLen: 10, startSymbol: COPY_START});
      assert.deepEqual(one[0].ids, greedy[i]);
      const four = beamSearch(model, src_1S, mask, {beamSize: 4, maxLen: 10, startSymbol: COPY_START});
      assert.equal(four.length, 4);
      assert.deepEqual(four[0].ids, seq, "the best beam copies the source");
      for (let j = 1; j < four.length; j++) assert.ok(four[j - 1].score >= four[j].score, "hypotheses are sorted by score");
      for (const h of four) assert.ok(h.ids[0] === COPY_START && h.ids.length === 10);
    });
  });
});

test("beam search stops a hypothesis at the end symbol and applies the length penalty", () => {
  assert.equal(lengthPenalty(1, 0), 1);
  assert.ok(Math.abs(lengthPenalty(10, 0.6) - (15 / 6) ** 0.6) < 1e-12);
  tf.tidy(() => {
    const src = tf.tensor2d([[1, 4, 4, 4]], undefined, "int32");
    const hyps = beamSearch(model, src, paddingMask(src), {beamSize: 3, maxLen: 6, startSymbol: 1, endSymbol: 4, alpha: 0.6});
    assert.ok(hyps.length >= 1);
    for (const h of hyps) {
      const end = h.ids.indexOf(4);
      assert.ok(end === -1 || end === h.ids.length - 1, `${h.ids} continues after the end symbol`);
      assert.ok(Math.abs(h.score - h.logprob / lengthPenalty(h.ids.length - 1, 0.6)) < 1e-9);
    }
  });
});

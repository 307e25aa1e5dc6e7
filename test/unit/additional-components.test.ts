// The additional components: checkpoint averaging (the elementwise mean of the parameters, a shared
// matrix kept one), beam search one step at a time (beamSteps, which beamSearch runs to its end,
// checked against a plain re-implementation of the beam search it replaced), and the page's lessons
// on the shipped translation model.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {loadTranslationModel} from "../../src/io/translation-model.js";
import {countParameters, EncoderDecoder, type ModelConfig} from "../../src/model/model.js";
import {paddingMask} from "../../src/model/masks.js";
import {averageable, beamTrace, compareAverage, heldOutSample, sharingFigures} from "../../src/lessons/additional-components.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {BOS, EOS, PAD} from "../../src/text/vocab.js";
import {averageCheckpoints} from "../../src/training/checkpoint-average.js";
import {beamSearch, beamSteps, type BeamOptions, lengthPenalty, nextLogprobs} from "../../src/training/decode.js";

before(() => initNodeBackend("wasm"));

const small: ModelConfig = {srcVocab: 12, tgtVocab: 12, N: 1, dModel: 8, dFF: 16, h: 2, dropout: 0};
const shipped = () => loadTranslationModel(new Uint8Array(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url))));

test("averageCheckpoints: every parameter is the elementwise mean over the checkpoints", () => {
  const models = [1, 2, 3].map((seed) => new EncoderDecoder(small, seed));
  const average = averageCheckpoints(models);
  const values = models.map((m) => Object.fromEntries(m.namedParameters().map(([n, v]) => [n, Array.from(v.dataSync())])));
  let largest = 0;
  for (const [name, v] of average.namedParameters()) {
    const got = v.dataSync();
    got.forEach((x, i) => (largest = Math.max(largest, Math.abs(x - (values[0][name][i] + values[1][name][i] + values[2][name][i]) / 3))));
  }
  assert.ok(largest < 1e-6, `largest difference from the mean ${largest}`);
  assert.equal(average.namedParameters().length, models[0].namedParameters().length);
  const spread = Math.max(...Array.from(average.encoder.layers[0].feed_forward.w_1.weight.dataSync(), (x, i) => Math.abs(x - values[0]["encoder.layers.0.feed_forward.w_1.weight"][i])));
  assert.ok(spread > 1e-3, "the average differs from the first checkpoint");
  for (const m of [...models, average]) m.dispose();
});

test("averageCheckpoints keeps a shared embedding matrix one variable, the mean of the checkpoints' one matrix", () => {
  const config = {...small, sharedEmbeddings: true};
  const models = [4, 5].map((seed) => new EncoderDecoder(config, seed));
  const average = averageCheckpoints(models);
  const lut = average.src_embed.embeddings.lut;
  assert.equal(average.tgt_embed.embeddings.lut, lut);
  assert.equal(average.generator.proj.weight, lut);
  assert.equal(countParameters(average), countParameters(models[0]));
  const [a, b] = models.map((m) => m.src_embed.embeddings.lut.dataSync());
  lut.dataSync().forEach((x, i) => assert.ok(Math.abs(x - (a[i] + b[i]) / 2) < 1e-6));
  for (const m of [...models, average]) m.dispose();
});

test("averageCheckpoints refuses no checkpoints and checkpoints of different sizes, naming the tensor and both shapes", () => {
  assert.throws(() => averageCheckpoints([]), /there are no checkpoints to average/);
  const a = new EncoderDecoder(small, 1);
  const b = new EncoderDecoder({...small, dFF: 24}, 1);
  assert.throws(() => averageCheckpoints([a, b]), /"encoder\.layers\.0\.feed_forward\.w_1\.weight" has shape \[24,8\] in checkpoint 2 but \[16,8\] in checkpoint 1/);
  a.dispose();
  b.dispose();
});

/** The beam search beamSteps replaced, written plainly: the reference the new one must reproduce. */
function referenceBeamSearch(model: EncoderDecoder, src_1S: tf.Tensor2D, mask_11S: tf.Tensor3D, {beamSize, maxLen, startSymbol, endSymbol, alpha = 0.6}: BeamOptions) {
  const score = (ids: number[], logprob: number) => logprob / lengthPenalty(ids.length - 1, alpha);
  return model.evaluating(() => tf.tidy(() => {
    const memory_1SC = model.encode(src_1S, mask_11S);
    let beams = [{ids: [startSymbol], logprob: 0}];
    const finished: {ids: number[]; logprob: number; score: number}[] = [];
    while (beams.length > 0 && beams[0].ids.length < maxLen) {
      const k = beams.length;
      const rows = nextLogprobs(model, tf.tile(memory_1SC, [k, 1, 1]) as tf.Tensor3D, tf.tile(mask_11S, [k, 1, 1]) as tf.Tensor3D, beams.map((b) => b.ids)).arraySync();
      const candidates = beams.flatMap((beam, i) => rows[i].map((lp, id) => ({ids: [...beam.ids, id], logprob: beam.logprob + lp})));
      candidates.sort((a, b) => b.logprob - a.logprob);
      beams = [];
      for (const c of candidates) {
        if (beams.length === beamSize) break;
        if (c.ids[c.ids.length - 1] === endSymbol) finished.push({...c, score: score(c.ids, c.logprob)});
        else beams.push(c);
      }
      if (finished.length >= beamSize) break;
    }
    for (const b of beams) finished.push({...b, score: score(b.ids, b.logprob)});
    return finished.sort((a, b) => b.score - a.score).slice(0, beamSize);
  }));
}

test("beamSearch (beamSteps run to its end) finds what the plain beam search finds on the shipped translator; each step keeps at most the beam", () => {
  const {model, codec} = shipped();
  for (const sentence of ["Ich esse gern Pilze.", "Der Bäcker hat das Brot gekauft."]) {
    const ids = codec.encodeSentence(sentence);
    tf.tidy(() => {
      const src_1S = tf.tensor2d([ids], undefined, "int32");
      const mask = paddingMask(src_1S, PAD);
      for (const [beamSize, alpha] of [[1, 0.6], [3, 0], [4, 2]]) {
        const options = {beamSize, alpha, maxLen: 10, startSymbol: BOS, endSymbol: EOS};
        const want = referenceBeamSearch(model, src_1S, mask, options);
        const got = beamSearch(model, src_1S, mask, options);
        assert.deepEqual(got.map((h) => h.ids), want.map((h) => h.ids), `${sentence}, beam ${beamSize}, alpha ${alpha}`);
        got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) < 1e-9));
        let steps = 0;
        for (const step of beamSteps(model, src_1S, mask, options)) {
          steps++;
          assert.ok(step.kept.length <= beamSize && step.pruned.length <= beamSize);
          const worstKept = Math.min(...step.kept.map((h) => h.logprob));
          for (const p of step.pruned) assert.ok(p.logprob <= worstKept, "a pruned candidate is no better than the worst kept one");
          for (const f of step.finished) assert.equal(f.ids.at(-1), EOS);
        }
        assert.ok(steps >= 1 && steps <= 9);
      }
    });
  }
  model.dispose();
});

test("the page's lessons: sharing saves 2·V·C parameters, the beam trace has every step, the average of identical models scores the same", () => {
  const untied = sharingFigures(small, false);
  const tied = sharingFigures(small, true);
  assert.equal(untied.parameters - tied.parameters, 2 * 12 * 8);
  assert.deepEqual([tied.targetIsSource, tied.generatorIsSource, untied.targetIsSource], [true, true, false]);

  const a = shipped();
  const trace = beamTrace(a.model, a.codec, "Ich esse gern Pilze.", {beamSize: 3, alpha: 0.6});
  assert.equal(trace.pieces[0], "<s>");
  assert.ok(trace.steps.length >= 2);
  for (const rows of trace.steps) assert.equal(rows.filter((r) => r.status === "kept").length <= 3, true);
  assert.equal(trace.steps[0].filter((r) => r.status === "kept").length, 3, "the first step fills the beam");
  assert.ok(trace.best.length >= 1 && trace.best.length <= 3);
  const scores = trace.best.map((b) => b.score);
  assert.deepEqual(scores, [...scores].sort((x, y) => y - x));

  const b = shipped();
  assert.equal(averageable([a, b]).length, 2);
  const pairs = heldOutSample(8);
  assert.equal(pairs.length, 8);
  const result = compareAverage([a, b], pairs);
  assert.equal(result.each[0], result.each[1]);
  assert.ok(Math.abs(result.averaged - result.each[0]) < 1e-9, `${result.averaged} vs ${result.each[0]}`);
  a.model.dispose();
  b.model.dispose();
});

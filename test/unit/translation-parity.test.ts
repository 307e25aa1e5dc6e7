// Parity with the PyTorch reference for a translation model with shared embeddings and a real
// joint BPE vocabulary (data/fixtures/translation-shared.*, written by
// scripts/reference/make_fixtures.py --translation): the same ids, log-probabilities, loss and
// gradient of the shared matrix, to 1e-4.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {after, before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {loadTranslationModel, saveTranslationModel, type TranslationModel} from "../../src/io/translation-model.js";
import {countParameters, EncoderDecoder} from "../../src/model/model.js";
import {type Batch, disposeBatch, makeBatch} from "../../src/training/batch.js";
import {batchLoss} from "../../src/training/train.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {PAD} from "../../src/text/vocab.js";
import {fixturesDir, maxAbsDiff, readFixture, refTensor, type RefTensor} from "../support/fixtures.js";

const TOL = 1e-4;
const ref = JSON.parse(readFileSync(join(fixturesDir, "translation-shared.json"), "utf8"));

function close(actual: tf.Tensor, expected: RefTensor, what: string): void {
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= TOL, `${what}: max abs difference ${diff.toExponential(2)} > ${TOL}`);
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`translation model with shared embeddings, parity with PyTorch on ${backend}`, () => {
    let loaded: TranslationModel;
    let batch: Batch;

    before(async () => {
      await initNodeBackend(backend);
      loaded = loadTranslationModel(readFixture("translation-shared.safetensors"), {dropout: 0});
      const [src, tgt] = [refTensor(ref.src, "int32") as tf.Tensor2D, refTensor(ref.tgt, "int32") as tf.Tensor2D];
      batch = makeBatch(src, tgt, PAD);
      tf.dispose([src, tgt]);
    });
    after(() => {
      loaded.model.dispose();
      disposeBatch(batch);
    });

    test("the file's tokenizer encodes the sentence pairs to the reference's ids (<unk> included)", () => {
      assert.equal(ref.pad, PAD);
      ref.pairs.forEach(([de, en]: [string, string], i: number) => {
        assert.deepEqual(loaded.codec.encodeSentence(de), ref.src_ids[i], de);
        assert.deepEqual(loaded.codec.encodeSentence(en), ref.tgt_ids[i], en);
      });
      assert.ok(ref.src_ids[1].includes(3), "the second source holds <unk>");
    });

    test("one matrix for both embeddings and the generator, counted once", () => {
      const {model} = loaded;
      assert.equal(model.config.sharedEmbeddings, true);
      const lut = model.src_embed.embeddings.lut;
      assert.equal(model.tgt_embed.embeddings.lut, lut);
      assert.equal(model.generator.proj.weight, lut);
      const names = model.namedParameters().map(([name]) => name);
      assert.ok(names.includes("src_embed.0.lut.weight"));
      assert.ok(!names.includes("tgt_embed.0.lut.weight") && !names.includes("generator.proj.weight"));
      const untied = new EncoderDecoder({...model.config, sharedEmbeddings: false});
      const [V, C] = lut.shape;
      assert.equal(countParameters(untied) - countParameters(model), 2 * V * C);
      untied.dispose();
    });

    test("log-probabilities of a padded batch of two pairs, in eval mode", () => {
      const {model} = loaded;
      model.eval();
      tf.tidy(() => {
        const out_BTC = model.forward(batch.src_BS, batch.tgtIn_BT, batch.srcMask_B1S, batch.tgtMask_BTT);
        close(model.generator.forward(out_BTC), ref.logprobs, "logprobs");
      });
    });

    test("the label-smoothed loss and the shared matrix's gradient (the sum of its three uses)", () => {
      const {model} = loaded;
      model.train();
      const lut = model.src_embed.embeddings.lut;
      const bias = model.generator.proj.bias;
      const {value, grads} = tf.variableGrads(() => tf.div(batchLoss(model, batch, {smoothing: ref.smoothing, pad: PAD}), batch.ntokens.toFloat()), [lut, bias]);
      assert.ok(Math.abs(value.dataSync()[0] - ref.loss) <= TOL, `loss ${value.dataSync()[0]} vs ${ref.loss}`);
      close(grads[lut.name], ref.shared_grad, "gradient of src_embed.0.lut.weight");
      close(grads[bias.name], ref.generator_bias_grad, "gradient of generator.proj.bias");
      tf.dispose([value, ...Object.values(grads)]);
      model.eval();
    });

    test("saved again, the file holds the matrix once and loads back to the same numbers", () => {
      const bytes = saveTranslationModel(loaded.model, loaded.tokenizer);
      const again = loadTranslationModel(bytes);
      try {
        assert.deepEqual(again.tokenizer, loaded.tokenizer);
        assert.deepEqual(again.model.namedParameters().map(([n]) => n), loaded.model.namedParameters().map(([n]) => n));
        for (const [[name, a], [, b]] of again.model.namedParameters().map((p, i) => [p, loaded.model.namedParameters()[i]] as const)) {
          assert.deepEqual(a.dataSync(), b.dataSync(), name);
        }
      } finally {
        again.model.dispose();
      }
    });
  });
}

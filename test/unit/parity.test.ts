// Parity with the PyTorch original: the same weights and inputs give the same numbers to 1e-4,
// on the cpu and the wasm backend. The reference numbers come from scripts/reference/ (PyTorch).
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {loadWeights, readModelConfig} from "../../src/io/weights.js";
import {attention} from "../../src/model/attention.js";
import {LayerNorm} from "../../src/model/layer-norm.js";
import {EncoderDecoder} from "../../src/model/model.js";
import {type Batch, disposeBatch, makeBatch} from "../../src/training/batch.js";
import {greedyDecode} from "../../src/training/decode.js";
import {labelSmoothingLoss, smoothedTargets} from "../../src/training/label-smoothing.js";
import {rate} from "../../src/training/noam.js";
import {batchLoss, Trainer} from "../../src/training/train.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {maxAbsDiff, readFixture, reference as ref, refTensor, type RefTensor} from "../support/fixtures.js";

const TOL = 1e-4;

function close(actual: tf.Tensor, expected: RefTensor, what: string): void {
  const diff = maxAbsDiff(actual, expected);
  assert.ok(diff <= TOL, `${what}: max abs difference ${diff.toExponential(2)} > ${TOL}`);
}

function loadTiny(dropout: number): EncoderDecoder {
  const bytes = readFixture("tiny.safetensors");
  const model = new EncoderDecoder({...readModelConfig(bytes), dropout}, 1);
  loadWeights(model, bytes);
  return model;
}

for (const backend of ["cpu", "wasm"] as const) {
  describe(`parity with PyTorch on ${backend}`, () => {
    let model: EncoderDecoder;
    let batch: Batch;

    before(async () => {
      await initNodeBackend(backend);
      model = loadTiny(0.1).eval();
      const [src, tgt] = [refTensor(ref.src, "int32") as tf.Tensor2D, refTensor(ref.tgt, "int32") as tf.Tensor2D];
      batch = makeBatch(src, tgt, 0);
      tf.dispose([src, tgt]);
    });
    after(() => {
      model.dispose();
      disposeBatch(batch);
    });

    test("batch: masks, shifted target and ntokens", () => {
      close(batch.srcMask_B1S, ref.src_mask, "src_mask");
      close(batch.tgtMask_BTT, ref.tgt_mask, "tgt_mask");
      close(batch.tgtIn_BT, ref.tgt_in, "tgt_in");
      close(batch.tgtY_BT, ref.tgt_y, "tgt_y");
      assert.equal(batch.ntokens.arraySync(), ref.ntokens);
    });

    test("embeddings with positional encoding", () => {
      tf.tidy(() => {
        close(model.src_embed.forward(batch.src_BS), ref.src_embedded, "src_embed");
        close(model.tgt_embed.forward(batch.tgtIn_BT), ref.tgt_embedded, "tgt_embed");
      });
    });

    test("scaled dot-product attention", () => {
      const u = ref.attention_unit;
      tf.tidy(() => {
        const {out_BHTK, probs_BHTS} = attention(
          refTensor(u.q) as tf.Tensor4D,
          refTensor(u.k) as tf.Tensor4D,
          refTensor(u.v) as tf.Tensor4D,
          refTensor(u.mask, "bool")
        );
        close(probs_BHTS, u.p, "attention probabilities");
        close(out_BHTK, u.out, "attention output");
      });
    });

    test("LayerNorm with the unbiased std", () => {
      const u = ref.layer_norm_unit;
      const norm = new LayerNorm(u.x.shape[1], u.eps);
      norm.a_2.assign(refTensor(u.a_2) as tf.Tensor1D);
      norm.b_2.assign(refTensor(u.b_2) as tf.Tensor1D);
      tf.tidy(() => close(norm.forward(refTensor(u.x)), u.out, "LayerNorm"));
      norm.dispose();
    });

    test("every encoder and decoder layer, the attention maps and the log-probabilities", () => {
      tf.tidy(() => {
        let x = model.src_embed.forward(batch.src_BS);
        model.encoder.layers.forEach((layer, i) => {
          x = layer.forward(x, batch.srcMask_B1S);
          close(x, ref.encoder_layers[i], `encoder layer ${i}`);
          close(layer.self_attn.attn!, ref.encoder_self_attn[i], `encoder layer ${i} self-attention`);
        });
        const memory = model.encoder.norm.forward(x);
        close(memory, ref.memory, "memory");
        let y = model.tgt_embed.forward(batch.tgtIn_BT);
        model.decoder.layers.forEach((layer, i) => {
          y = layer.forward(y, memory, batch.srcMask_B1S, batch.tgtMask_BTT);
          close(y, ref.decoder_layers[i], `decoder layer ${i}`);
          close(layer.self_attn.attn!, ref.decoder_self_attn[i], `decoder layer ${i} self-attention`);
          close(layer.src_attn.attn!, ref.decoder_src_attn[i], `decoder layer ${i} source attention`);
        });
        const out = model.decoder.norm.forward(y);
        close(out, ref.decoder_out, "decoder output");
        close(model.generator.forward(out), ref.logprobs, "log-probabilities");
        close(model.generator.forward(model.forward(batch.src_BS, batch.tgtIn_BT, batch.srcMask_B1S, batch.tgtMask_BTT)), ref.logprobs, "forward");
      });
    });

    test("label smoothing: target distribution and loss, finite with -inf log-probabilities", () => {
      for (const c of ref.label_smoothing) {
        tf.tidy(() => {
          const options = {size: c.size, paddingIdx: c.padding_idx, smoothing: c.smoothing};
          const target = refTensor(c.target, "int32") as tf.Tensor1D;
          close(smoothedTargets(target, options), c.true_dist, `${c.name} true_dist`);
          const loss = labelSmoothingLoss(refTensor(c.x) as tf.Tensor2D, target, options).dataSync()[0];
          assert.ok(Number.isFinite(loss), `${c.name}: loss ${loss} is not finite`);
          assert.ok(Math.abs(loss - c.loss) <= TOL * Math.max(1, Math.abs(c.loss)), `${c.name}: loss ${loss} vs ${c.loss}`);
        });
      }
    });

    test("Noam learning rates", () => {
      for (const r of ref.noam) {
        const ours = rate(r.step, r.model_size, r.factor, r.warmup);
        assert.ok(Math.abs(ours - r.rate) <= 1e-12 + 1e-9 * r.rate, `rate(${r.step}, ${r.model_size}, ${r.factor}, ${r.warmup}) = ${ours}, not ${r.rate}`);
      }
    });

    test("one training step: loss, gradients and the parameters after Adam", () => {
      const s = ref.train_step;
      const trained = loadTiny(0).train();
      const params = new Map(trained.namedParameters());
      const names = Object.keys(s.grads);
      const vars = names.map((n) => params.get(n)!);
      const {value, grads} = tf.variableGrads(() => tf.div(batchLoss(trained, batch, {smoothing: 0.1, pad: 0}), tf.cast(batch.ntokens, "float32")) as tf.Scalar, vars);
      assert.ok(Math.abs(value.dataSync()[0] - s.loss) <= TOL, `loss ${value.dataSync()[0]} vs ${s.loss}`);
      names.forEach((n, i) => close(grads[vars[i].name], s.grads[n], `gradient of ${n}`));
      tf.dispose([value, ...Object.values(grads)]);

      const o = s.optimizer;
      const trainer = new Trainer(trained, {smoothing: 0.1, pad: 0, lrBase: o.lr_base, factor: o.factor, warmup: o.warmup});
      assert.ok(Math.abs(trainer.lr - s.lr) <= 1e-12, `lr ${trainer.lr} vs ${s.lr}`);
      const result = trainer.step(batch);
      assert.ok(Math.abs(result.loss - s.loss) <= TOL, `step loss ${result.loss} vs ${s.loss}`);
      for (const n of Object.keys(s.params_after)) close(params.get(n)!, s.params_after[n], `${n} after one step`);
      trainer.dispose();
      trained.dispose();
    });

    test("greedy decoding of the untrained model", () => {
      const g = ref.greedy;
      const ids = tf.tidy(() => greedyDecode(model, refTensor(g.src, "int32") as tf.Tensor2D, refTensor(g.src_mask, "bool") as tf.Tensor3D, g.max_len, g.start_symbol));
      assert.deepEqual(ids, [g.ids.data]);
    });
  });
}

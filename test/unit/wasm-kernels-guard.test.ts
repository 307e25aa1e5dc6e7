// The version guard of the course's wasm kernels (src/tfjs/heap.ts, src/tfjs/wasm-kernels.ts): on a
// tfjs-backend-wasm other than the one they were written for (faked here), no kernel is replaced or
// added, the backend report says why, and training falls back to tensor ops with PyTorch's numbers.
// Its own file: the guard decides once per process.
import assert from "node:assert/strict";
import {test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {loadWeights, readModelConfig} from "../../src/io/weights.js";
import {EncoderDecoder} from "../../src/model/model.js";
import {adamUpdateReady} from "../../src/tfjs/adam-kernel.js";
import {pickBackend} from "../../src/tfjs/backend.js";
import "../../src/tfjs/node.js"; // registers tfjs-core's gradients, chained ops and cpu backend in Node
import {INTERNALS_OF, versionMismatch} from "../../src/tfjs/heap.js";
import {layerNormKernels} from "../../src/tfjs/layer-norm-kernel.js";
import {linearKernels} from "../../src/tfjs/linear-kernel.js";
import {lookupKernels} from "../../src/tfjs/lookup-kernel.js";
import {KERNEL_OVERRIDES, simdBatchMatMulReady} from "../../src/tfjs/wasm-kernels.js";
import {disposeBatch, makeBatch} from "../../src/training/batch.js";
import {Trainer} from "../../src/training/train.js";
import {maxAbsDiff, readFixture, reference as ref, refTensor} from "../support/fixtures.js";

test("versionMismatch names the version the kernels were written for and the one running", () => {
  assert.equal(INTERNALS_OF, "4.22.0");
  assert.equal(versionMismatch({core: "4.22.0", wasm: "4.22.0"}), null);
  assert.equal(versionMismatch({core: "4.22.0", wasm: "4.23.0"}), "the course's kernels were written for tfjs 4.22.0, this is tfjs-backend-wasm 4.23.0");
  assert.equal(versionMismatch({core: "4.23.0", wasm: "4.22.0"}), "the course's kernels were written for tfjs 4.22.0, this is tfjs 4.23.0");
  assert.equal(versionMismatch({core: "5.0.0", wasm: undefined}), "the course's kernels were written for tfjs 4.22.0, this is tfjs 5.0.0 with tfjs-backend-wasm of an unknown version");
});

test("on another tfjs-backend-wasm version the stock kernels stay and training still matches PyTorch", async () => {
  await import("@tensorflow/tfjs-backend-wasm");
  const stock = new Map(KERNEL_OVERRIDES.map(({kernelName}) => [kernelName, tf.getKernel(kernelName, "wasm")?.kernelFunc]));
  assert.equal(stock.size, 14);
  const report = await pickBackend([{name: "wasm", version: () => "4.23.0"}]);
  assert.equal(report.name, "wasm");
  assert.equal(report.note, "stock kernels: the course's kernels were written for tfjs 4.22.0, this is tfjs-backend-wasm 4.23.0");
  for (const [kernelName, kernelFunc] of stock) assert.equal(tf.getKernel(kernelName, "wasm")?.kernelFunc, kernelFunc, `${kernelName} is wasm's own`);
  assert.equal(layerNormKernels(), null);
  assert.equal(linearKernels(), null);
  assert.equal(adamUpdateReady(), false);
  assert.equal(lookupKernels(), null);
  for (const kernelName of ["AdamUpdate", "LayerNormForward", "LayerNormBackward", "LinearForward", "LinearBackward", "LookupBackward"]) {
    assert.equal(tf.getKernel(kernelName, "wasm"), undefined, `${kernelName} is not registered`);
  }
  assert.equal(simdBatchMatMulReady(tf.backend()), true, "batch-matmul.wat could run here: only the guard keeps it out");

  // One training step on PyTorch's fixture (as test/unit/parity.test.ts), now on the stock kernels.
  const s = ref.train_step;
  const bytes = readFixture("tiny.safetensors");
  const model = new EncoderDecoder({...readModelConfig(bytes), dropout: 0}, 1);
  loadWeights(model, bytes);
  const [src, tgt] = [refTensor(ref.src, "int32") as tf.Tensor2D, refTensor(ref.tgt, "int32") as tf.Tensor2D];
  const batch = makeBatch(src, tgt, 0);
  const o = s.optimizer;
  const trainer = new Trainer(model, {smoothing: 0.1, pad: 0, lrBase: o.lr_base, factor: o.factor, warmup: o.warmup});
  const result = trainer.step(batch);
  assert.ok(Math.abs(result.loss - s.loss) <= 1e-4, `step loss ${result.loss} vs ${s.loss}`);
  const params = new Map(model.namedParameters());
  for (const name of Object.keys(s.params_after)) {
    const diff = maxAbsDiff(params.get(name)!, s.params_after[name]);
    assert.ok(diff <= 1e-4, `${name} after one step: max abs difference ${diff}`);
  }
  trainer.dispose();
  model.dispose();
  disposeBatch(batch);
  tf.dispose([src, tgt]);
});

// The full-model page's live pieces: the traced forward pass is the model's own, and Xavier's bound holds.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {traceForward, xavierRange, xavierTableRows} from "../../src/lessons/full-model.js";
import {makeModel} from "../../src/model/model.js";
import {disposeBatch, makeBatch} from "../../src/training/batch.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the traced forward pass lists every shape and gives the model's own log-probabilities", () => {
  const model = makeModel(11, 11, 2, 16, 32, 4);
  const ids = tf.tensor2d([[1, 2, 3, 4, 5], [1, 6, 7, 0, 0]], undefined, "int32");
  const batch = makeBatch(ids, ids);
  try {
    const trace = traceForward(model, batch);
    assert.equal(model.training, true, "the model's mode is restored");
    assert.equal(trace.rows.length, 5 + 1 + 2 + 1 + 1 + 2 + 1 + 1);
    assert.deepEqual(trace.rows.at(-1)!.shape, [2, 4, 11]);
    assert.deepEqual(trace.rows.find((r) => r.name === "memory_BSC")!.shape, [2, 5, 16]);
    assert.deepEqual(trace.rows.find((r) => r.name === "decoder layer 1 output")!.shape, [2, 4, 16]);
    model.eval();
    const expected = tf.tidy(() => {
      const out = model.forward(batch.src_BS, batch.tgtIn_BT, batch.srcMask_B1S, batch.tgtMask_BTT);
      return model.generator.forward(out).arraySync() as number[][][];
    });
    const diff = Math.max(...expected.flat(2).map((v, i) => Math.abs(v - trace.logprobs_BTV.flat(2)[i])));
    assert.ok(diff < 1e-5, `traced log-probabilities differ by ${diff}`);
  } finally {
    disposeBatch(batch);
    ids.dispose();
    model.dispose();
  }
});

test("a Xavier-uniform weight stays within sqrt(6 / (fan_in + fan_out)) and nearly reaches it", () => {
  const model = makeModel(11, 11, 1, 64, 256, 4);
  try {
    const r = xavierRange(model.encoder.layers[0].feed_forward.w_1.weight);
    assert.equal(r.fanIn, 64);
    assert.equal(r.fanOut, 256);
    assert.ok(Math.abs(r.bound - Math.sqrt(6 / 320)) < 1e-12);
    assert.ok(r.min >= -r.bound && r.max <= r.bound);
    assert.ok(r.min < -0.98 * r.bound && r.max > 0.98 * r.bound);
    assert.ok(Math.abs(r.variance - 2 / 320) < 0.1 * (2 / 320));
  } finally {
    model.dispose();
  }
});

test("the Xavier table has one column per matrix", () => {
  const r = {fanIn: 512, fanOut: 2048, bound: 0.0484, min: -0.048, max: 0.048, variance: 0.00078};
  const {labels, rows} = xavierTableRows([r, {...r, fanOut: 512}]);
  assert.equal(labels.length, rows.length);
  assert.deepEqual(rows[0], ["[2048,\u00a0512]", "[512,\u00a0512]"]);
  assert.ok(Math.abs((rows.at(-1)![0] as number) - 2e3 / 2560) < 1e-12);
});

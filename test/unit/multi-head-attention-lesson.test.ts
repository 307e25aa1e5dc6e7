// The multi-head attention page's trace: every intermediate shape, the same output as forward,
// attention rows that sum to 1.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {gridLayout} from "../../src/components/head-grid.js";
import {multiHeadParameterCount, traceMultiHead} from "../../src/lessons/multi-head-attention.js";
import {countParameters} from "../../src/model/model.js";
import {MultiHeadedAttention} from "../../src/model/multi-head-attention.js";
import {Random} from "../../src/model/random.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the trace shows every shape from [1, 6, 32] to four heads of 8 and back", () => {
  const mha = new MultiHeadedAttention(4, 32, 0, new Random(1)).eval();
  const x_BTC = tf.randomNormal([1, 6, 32], 0, 1, "float32", 7) as tf.Tensor3D;
  const trace = traceMultiHead(mha, x_BTC);
  const shapes = Object.fromEntries(trace.steps.map((s) => [s.name, s.shape]));
  assert.deepEqual(shapes, {
    query_BTC: [1, 6, 32],
    qProj_BTC: [1, 6, 32],
    q_BTHK: [1, 6, 4, 8],
    q_BHTK: [1, 4, 6, 8],
    k_BHSK: [1, 4, 6, 8],
    v_BHSK: [1, 4, 6, 8],
    probs_BHTS: [1, 4, 6, 6],
    out_BHTK: [1, 4, 6, 8],
    merged_BTC: [1, 6, 32],
    output_BTC: [1, 6, 32]
  });
  assert.ok(trace.maxDiffFromForward < 1e-6, `the trace differs from forward by ${trace.maxDiffFromForward}`);
  assert.equal(trace.probs.length, 4);
  for (const head of trace.rowSums) for (const sum of head) assert.ok(Math.abs(sum - 1) < 1e-5, `a row sums to ${sum}`);
  // The heads look at different subspaces, so their maps differ.
  assert.notDeepEqual(trace.probs[0], trace.probs[1]);
  x_BTC.dispose();
  mha.dispose();
});

test("the trace refuses a layer in training mode", () => {
  const mha = new MultiHeadedAttention(2, 8, 0.1, new Random(1));
  const x_BTC = tf.zeros([1, 3, 8]) as tf.Tensor3D;
  assert.throws(() => traceMultiHead(mha, x_BTC), /mha\.eval\(\)/);
  x_BTC.dispose();
  mha.dispose();
});

test("one layer holds 4(C² + C) parameters", () => {
  const mha = new MultiHeadedAttention(4, 32, 0, new Random(1));
  assert.equal(multiHeadParameterCount(32), 4224);
  assert.equal(countParameters(mha), multiHeadParameterCount(32));
  assert.equal(multiHeadParameterCount(512), 1_050_624);
  mha.dispose();
});

test("the head grid fits four columns on a desktop and wraps on a phone", () => {
  assert.deepEqual(gridLayout(1000, 4), {columns: 4, cellWidth: 238});
  assert.equal(gridLayout(343, 4).columns, 2);
  assert.equal(gridLayout(120, 4).columns, 1);
  const {columns, cellWidth} = gridLayout(343, 4);
  assert.ok(columns * cellWidth + 16 * (columns - 1) <= 343);
});

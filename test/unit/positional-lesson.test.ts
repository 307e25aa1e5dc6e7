// The embeddings page's experiments, checked against sines and cosines computed here in float64.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  channelSeries,
  closedFormDot,
  embeddingScale,
  frequencies,
  offsetDotProducts,
  offsetRotation,
  relativeOffsetCheck,
  xavierRms
} from "../../src/lessons/positional.js";
import {positionalEncodingTable} from "../../src/model/positional-encoding.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

/** PE(pos) straight from the paper's formula, in float64. */
function pe(pos: number, dModel: number): number[] {
  return Array.from({length: dModel}, (_, j) => {
    const angle = pos / 10000 ** ((j - (j % 2)) / dModel);
    return j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  });
}

const maxAbsDiff = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

test("the frequencies are 1 / 10000^(2i/d_model)", () => {
  const w = frequencies(8);
  assert.equal(w.length, 4);
  assert.ok(maxAbsDiff(w, [1, 10000 ** -0.25, 10000 ** -0.5, 10000 ** -0.75]) < 1e-12);
});

test("R_k is a rotation: R_0 = I, R_k R_k^T = I, R_a R_b = R_(a+b)", () => {
  tf.tidy(() => {
    const eye = tf.eye(16);
    const err = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    assert.ok(err(offsetRotation(0, 16), eye) < 1e-7);
    const r3 = offsetRotation(3, 16);
    assert.ok(err(tf.matMul(r3, r3, false, true), eye) < 1e-6);
    assert.ok(err(tf.matMul(offsetRotation(2, 16), offsetRotation(5, 16)), offsetRotation(7, 16)) < 1e-6);
  });
});

test("rotating PE(pos) by R_3 gives PE(pos + 3) to about 1e-6", () => {
  const positions = [0, 1, 7, 20, 50];
  const check = relativeOffsetCheck(3, positions, 512);
  assert.deepEqual(check.positions, positions);
  assert.equal(check.errors.length, positions.length);
  assert.ok(check.maxError < 2e-5, `max error ${check.maxError}`);
  positions.forEach((pos, i) => {
    assert.ok(maxAbsDiff(check.rotated_LC[i], pe(pos + 3, 512)) < 2e-5, `R_3 PE(${pos}) is not PE(${pos + 3})`);
    assert.ok(maxAbsDiff(check.rotated_LC[i], pe(pos + 4, 512)) > 0.1, "the check would pass for the wrong offset");
  });
});

test("PE(pos) · PE(pos + k) depends only on k: sum_i cos(k w_i)", () => {
  const offsets = [0, 1, 4, 16];
  const dots = offsetDotProducts([0, 10, 50], offsets, 64);
  assert.equal(dots.length, 3);
  dots.forEach((row, r) =>
    row.forEach((dot, c) => {
      const pos = [0, 10, 50][r];
      const direct = pe(pos, 64).reduce((sum, v, j) => sum + v * pe(pos + offsets[c], 64)[j], 0);
      assert.ok(Math.abs(dot - direct) < 1e-3, `pos ${pos}, k ${offsets[c]}: ${dot} vs ${direct}`);
      assert.ok(Math.abs(dot - closedFormDot(offsets[c], 64)) < 1e-3);
    })
  );
  assert.equal(closedFormDot(0, 64), 32);
  assert.ok(closedFormDot(16, 64) < closedFormDot(1, 64));
});

test("the scaled embedding is about as large as the positional encoding; the raw one is not", () => {
  const {raw, scaled, pe: peScale} = embeddingScale(512, 512, 64);
  assert.ok(Math.abs(raw.rms / xavierRms(512, 512) - 1) < 0.05, `raw RMS ${raw.rms}`);
  assert.ok(Math.abs(raw.rms - 1 / Math.sqrt(512)) < 0.003);
  assert.ok(Math.abs(scaled.rms / raw.rms - Math.sqrt(512)) < 1e-3);
  assert.ok(Math.abs(scaled.meanAbs / raw.meanAbs - Math.sqrt(512)) < 1e-3);
  assert.ok(Math.abs(peScale.rms - Math.SQRT1_2) < 1e-6, "sin² + cos² = 1 per pair, so the PE's mean square is 1/2");
  assert.ok(peScale.rms / raw.rms > 10);
});

test("channelSeries lays out chosen channels of a table in long format", () => {
  const table_LC = positionalEncodingTable(101, 20);
  const rows = channelSeries(table_LC, [4, 5]);
  table_LC.dispose();
  assert.equal(rows.length, 202);
  assert.deepEqual(rows[0], {position: 0, channel: "channel 4", value: 0});
  const at = rows.find((r) => r.channel === "channel 5" && r.position === 30)!;
  assert.ok(Math.abs(at.value - pe(30, 20)[5]) < 1e-5);
});

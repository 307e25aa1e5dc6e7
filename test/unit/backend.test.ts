import assert from "node:assert/strict";
import {test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {pickBackend} from "../../src/tfjs/backend.js";
import {initNodeBackend, nodeBackendFromEnv} from "../../src/tfjs/node.js";

for (const name of ["cpu", "wasm"] as const) {
  test(`the ${name} backend starts in Node and computes a softmax`, async () => {
    const report = await initNodeBackend(name);
    assert.equal(report.name, name);
    assert.equal(tf.getBackend(), name);
    const probs = tf.tidy(() => tf.softmax(tf.tensor1d([1, 2, 3])).arraySync());
    const expected = [1, 2, 3].map((x) => Math.exp(x) / (Math.E + Math.E ** 2 + Math.E ** 3));
    probs.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 1e-6, `${p} vs ${expected[i]}`));
  });
}

test("pickBackend passes over unavailable and failing candidates and says why", async () => {
  const report = await pickBackend([
    {name: "webgpu", unavailable: () => "navigator.gpu is missing"},
    {name: "webgl", register: () => Promise.reject(new Error("no context"))},
    {name: "cpu"}
  ]);
  assert.equal(report.name, "cpu");
  assert.deepEqual(report.skipped, ["webgpu: navigator.gpu is missing", "webgl: no context"]);
});

test("pickBackend fails with every reason when nothing can start", async () => {
  await assert.rejects(
    pickBackend([{name: "webgpu", unavailable: () => "no adapter"}]),
    /no TensorFlow.js backend could start \(webgpu: no adapter\)/
  );
});

test("TFJS_BACKEND is validated", () => {
  assert.equal(nodeBackendFromEnv(undefined), "wasm");
  assert.equal(nodeBackendFromEnv("cpu"), "cpu");
  assert.throws(() => nodeBackendFromEnv("webgl"), /TFJS_BACKEND must be cpu or wasm/);
});

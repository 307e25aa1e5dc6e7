// Adam's update as one wasm kernel (src/tfjs/adam-kernel.ts, src/tfjs/adam.wat) against the same
// update by tensor ops on the cpu backend (src/training/adam.ts's adamStep on the packed vectors):
// the same float32 operations in the same order, so the numbers must agree exactly.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {Adam} from "../../src/training/adam.js";
import {adamUpdateReady} from "../../src/tfjs/adam-kernel.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {Random} from "../../src/model/random.js";

before(() => initNodeBackend("wasm"));

/** Five Adam steps on parameters of awkward sizes (not multiples of 4, a single number), on `backend`. */
async function fiveSteps(backend: "wasm" | "cpu"): Promise<{params: Float32Array[]; kernel: boolean}> {
  await tf.setBackend(backend);
  const random = new Random(7);
  const shapes = [[3, 5], [7], [1], [4, 4], [2, 3, 3]];
  const values = (shape: number[]) => Float32Array.from({length: shape.reduce((a, b) => a * b, 1)}, () => random.next() * 2 - 1);
  const params = shapes.map((shape) => tf.variable(tf.tensor(values(shape), shape)));
  const adam = new Adam(params, {beta1: 0.9, beta2: 0.98, eps: 1e-9});
  for (let step = 1; step <= 5; step++) {
    const grads = shapes.map((shape) => tf.tensor(values(shape), shape));
    adam.apply(grads, 0.01 * step);
    tf.dispose(grads);
  }
  const kernel = adamUpdateReady();
  const out = params.map((p) => p.dataSync() as Float32Array);
  adam.dispose();
  tf.dispose(params);
  return {params: out, kernel};
}

test("Adam's one-kernel update on wasm gives exactly the tensor ops' numbers", async () => {
  const onWasm = await fiveSteps("wasm");
  const onCpu = await fiveSteps("cpu");
  await tf.setBackend("wasm");
  assert.equal(onWasm.kernel, true, "AdamUpdate runs on wasm");
  assert.equal(onCpu.kernel, false, "the cpu backend uses the tensor ops");
  onWasm.params.forEach((p, i) => assert.deepEqual(Array.from(p), Array.from(onCpu.params[i]), `parameter ${i}`));
});

test("Adam's kernel leaves no tensors behind", async () => {
  await tf.setBackend("wasm");
  const params = [tf.variable(tf.ones([5])), tf.variable(tf.ones([2, 2]))];
  const adam = new Adam(params);
  const before = tf.memory().numTensors;
  const grads = [tf.ones([5]), tf.ones([2, 2])];
  adam.apply(grads, 0.1);
  tf.dispose(grads);
  assert.equal(tf.memory().numTensors, before);
  adam.dispose();
  tf.dispose(params);
});

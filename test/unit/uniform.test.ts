// src/tfjs/uniform.ts's randomUniform against tf.randomUniform: the same seed must give the same
// float32 values bit for bit, so that every seeded model, fixture and figure stays as it was: in
// JavaScript (four chains) on the cpu backend, in WebAssembly SIMD (src/tfjs/uniform.wat, eight
// chains) on the wasm backend.
import assert from "node:assert/strict";
import {test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {onHeap} from "../../src/tfjs/heap.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {randomUniform} from "../../src/tfjs/uniform.js";
import * as uniformWasm from "../../src/vendor/uniform-wasm.js";

const cases: [number[], number, number, number][] = [
  [[1000], 0, 1, 0],
  [[2048, 512], -0.0484, 0.0484, 99],
  [[37, 53], -0.108, 0.108, 42],
  [[3, 4, 5], -2.5, 7, 123456789],
  [[512], -1 / Math.sqrt(512), 1 / Math.sqrt(512), 2 ** 31 - 1],
  [[0], -1, 1, 7]
];

for (const [shape, min, max, seed] of cases) {
  test(`randomUniform(${JSON.stringify(shape)}, ${min}, ${max}, seed ${seed}) is tf.randomUniform bit for bit`, async () => {
    const ours = randomUniform(shape, min, max, seed);
    const theirs = tf.randomUniform(shape, min, max, "float32", seed);
    assert.deepEqual(ours.shape, theirs.shape);
    assert.equal(ours.dtype, "float32");
    const a = new Uint32Array((await ours.data() as Float32Array).buffer.slice(0));
    const b = new Uint32Array((await theirs.data() as Float32Array).buffer.slice(0));
    assert.deepEqual(a, b);
    tf.dispose([ours, theirs]);
  });
}

test("randomUniform draws a different sequence for another seed", async () => {
  const [a, b] = [randomUniform([64], 0, 1, 1), randomUniform([64], 0, 1, 2)];
  assert.notDeepEqual(await a.data(), await b.data());
  tf.dispose([a, b]);
});

test("randomUniform matches tf.randomUniform on sizes around its four-chain split", async () => {
  for (const n of [1, 3, 4, 5, 7, 8, 9, 4099, 100_003]) {
    const ours = await randomUniform([n], -0.3, 0.7, n).data();
    const theirs = await tf.randomUniform([n], -0.3, 0.7, "float32", n).data();
    assert.deepEqual(new Uint32Array(ours.buffer.slice(0)), new Uint32Array(theirs.buffer.slice(0)), `size ${n}`);
  }
});

test("on the wasm backend, uniform.wat writes tf.randomUniform's values into the heap bit for bit and leaks nothing", async () => {
  await initNodeBackend();
  assert.equal(tf.getBackend(), "wasm");
  assert.notEqual(onHeap(tf.backend(), uniformWasm), null, "uniform.wat instantiates on the heap");
  const before = tf.memory().numTensors;
  const shapes: [number[], number, number, number][] = [
    [[513, 77], -0.05, 0.05, 11],
    [[2048, 512], -0.0484, 0.0484, 99],
    [[3, 4, 5], -2.5, 7, 123456789],
    ...[0, 1, 7, 8, 9, 15, 16, 17, 4099, 100_003].map((n): [number[], number, number, number] => [[n], -0.3, 0.7, n])
  ];
  for (const [shape, min, max, seed] of shapes) {
    const ours = randomUniform(shape, min, max, seed);
    const theirs = tf.randomUniform(shape, min, max, "float32", seed);
    assert.deepEqual(ours.shape, shape);
    assert.deepEqual(new Uint32Array((await ours.data()).buffer.slice(0)), new Uint32Array((await theirs.data()).buffer.slice(0)), `shape ${JSON.stringify(shape)}`);
    tf.dispose([ours, theirs]);
  }
  assert.equal(tf.memory().numTensors, before);
});

// The "Model architecture" page's computations and the home page's architecture diagram layout.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {architectureLayout} from "../../src/components/architecture-diagram.js";
import {architecturePass, autoregressiveSteps} from "../../src/lessons/architecture.js";
import {makeModel} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("one pass through the model reports every shape, and the generator's rows are distributions", () => {
  const model = makeModel(11, 11, 2, 32, 64, 4);
  architecturePass(model, [[1, 5, 3, 9, 2]], [[1, 5, 3]]); // the first pass may cache buffers
  const before = tf.memory().numTensors;
  const {rows, rowSums} = architecturePass(model, [[1, 5, 3, 9, 2]], [[1, 5, 3]]);
  assert.equal(tf.memory().numTensors, before, "architecturePass leaks tensors");
  const shapes = Object.fromEntries(rows.map((r) => [r.name, r.shape]));
  assert.deepEqual(shapes, {
    src_BS: [1, 5],
    srcMask_B1S: [1, 1, 5],
    embedded_BSC: [1, 5, 32],
    memory_BSC: [1, 5, 32],
    tgt_BT: [1, 3],
    tgtMask_BTT: [1, 3, 3],
    out_BTC: [1, 3, 32],
    logprobs_BTV: [1, 3, 11]
  });
  // The letters agree with the sizes: B=1, S=5, T=3, C=32, V=11.
  const size: Record<string, number> = {B: 1, S: 5, T: 3, C: 32, V: 11, "1": 1};
  for (const r of rows) assert.deepEqual(r.letters.slice(1, -1).split(", ").map((l) => size[l]), r.shape, r.name);
  assert.equal(rowSums.length, 1);
  assert.equal(rowSums[0].length, 3);
  for (const s of rowSums[0]) assert.ok(Math.abs(s - 1) < 1e-5, `row sum ${s}`);
  assert.equal(model.training, true, "the model's mode is restored");
});

test("auto-regressive steps grow the output by the most likely next token", () => {
  const model = makeModel(11, 11, 2, 32, 64, 4);
  const steps = autoregressiveSteps(model, [1, 5, 3, 9, 2], 4, 1);
  assert.equal(steps.length, 4);
  assert.deepEqual(steps[0].input, [1]);
  steps.forEach((s, i) => {
    assert.equal(s.step, i + 1);
    assert.equal(s.input.length, i + 1);
    if (i > 0) assert.deepEqual(s.input, [...steps[i - 1].input, steps[i - 1].next]);
    // The pick is the argmax of the last position's log-probabilities for this input.
    const {rows} = architecturePass(model, [[1, 5, 3, 9, 2]], [s.input]);
    assert.deepEqual(rows.at(-1)!.shape, [1, s.input.length, 11]);
  });
  const last = steps.at(-1)!;
  const logprobs = tf.tidy(() => {
    model.eval();
    const src = tf.tensor2d([[1, 5, 3, 9, 2]], undefined, "int32");
    const mask = tf.ones([1, 1, 5], "bool") as tf.Tensor3D;
    const tgt = tf.tensor2d([last.input], undefined, "int32");
    const tmask = tf.linalg.bandPart(tf.ones([last.input.length, last.input.length]), -1, 0).cast("bool").expandDims(0) as tf.Tensor3D;
    const out = model.generator.forward(model.decode(model.encode(src, mask), mask, tgt, tmask));
    return (out.arraySync() as number[][][])[0].at(-1)!;
  });
  model.train();
  assert.equal(last.next, logprobs.indexOf(Math.max(...logprobs)));
});

test("the architecture diagram labels every box with shapes and keeps boxes apart and inside", () => {
  const {width, height, boxes, frames, labels} = architectureLayout();
  const shape = /\[(B|S|T|L|H|C|K|F|V)(, (B|S|T|L|H|C|K|F|V))*\]/;
  for (const b of boxes) {
    assert.ok(b.lines.slice(1).some((l) => shape.test(l)), `box ${b.id} has no shape: ${b.lines.join(" / ")}`);
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height, `box ${b.id} leaves the drawing`);
  }
  for (const f of frames) assert.ok(f.x >= 0 && f.y >= 0 && f.x + f.w <= width && f.y + f.h <= height, `frame ${f.id} leaves the drawing`);
  for (const a of boxes) {
    for (const b of boxes) {
      if (a === b) continue;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `boxes ${a.id} and ${b.id} overlap`);
    }
  }
  const text = [...boxes.flatMap((b) => b.lines), ...labels.map((l) => l.text)].join("\n");
  for (const s of ["[B, S, C]", "[B, T, C]", "[B, T, V]", "[B, H, T, S]", "[B, S, F]"]) assert.ok(text.includes(s), `no ${s} in the diagram`);
  assert.deepEqual(frames.map((f) => f.label), ["Encoder block, N ×", "Decoder block, N ×"]);
});

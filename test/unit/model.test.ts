// The model's pieces on their own: shapes, masks, shape checks, parameter names and counts, modes.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {attention} from "../../src/model/attention.js";
import {paddingMask, subsequentMask, targetMask} from "../../src/model/masks.js";
import {countParameters, makeModel} from "../../src/model/model.js";
import {mergeHeads, MultiHeadedAttention, splitHeads} from "../../src/model/multi-head-attention.js";
import {positionalEncodingTable} from "../../src/model/positional-encoding.js";
import {Dropout} from "../../src/model/dropout.js";
import {Random} from "../../src/model/random.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the subsequent mask is lower-triangular with the diagonal", () => {
  const mask = subsequentMask(4);
  assert.deepEqual(mask.shape, [1, 4, 4]);
  assert.deepEqual(
    tf.cast(mask, "int32").arraySync(),
    [[[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]]]
  );
  mask.dispose();
});

test("the padding mask hides pad keys; the target mask combines padding and the future", () => {
  const tgt = tf.tensor2d([[1, 4, 0]], undefined, "int32");
  assert.deepEqual(tf.cast(paddingMask(tgt), "int32").arraySync(), [[[1, 1, 0]]]);
  assert.deepEqual(tf.cast(targetMask(tgt), "int32").arraySync(), [[[1, 0, 0], [1, 1, 0], [1, 1, 0]]]);
  tgt.dispose();
});

test("attention rows sum to 1 and hidden keys get no weight", () => {
  tf.tidy(() => {
    const q = tf.randomNormal([2, 3, 4, 8], 0, 1, "float32", 1) as tf.Tensor4D;
    const k = tf.randomNormal([2, 3, 5, 8], 0, 1, "float32", 2) as tf.Tensor4D;
    const v = tf.randomNormal([2, 3, 5, 8], 0, 1, "float32", 3) as tf.Tensor4D;
    const mask = tf.tensor([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], [2, 1, 1, 5], "bool");
    const {out_BHTK, probs_BHTS} = attention(q, k, v, mask);
    assert.deepEqual(out_BHTK.shape, [2, 3, 4, 8]);
    assert.deepEqual(probs_BHTS.shape, [2, 3, 4, 5]);
    const sums = tf.sum(probs_BHTS, -1).dataSync();
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5, `row sums to ${s}`);
    const hidden = tf.slice(probs_BHTS, [0, 0, 0, 3], [1, 3, 4, 2]).dataSync();
    for (const p of hidden) assert.ok(p < 1e-30, `a masked key got probability ${p}`);
  });
});

test("shape checks name the tensor and both shapes before any arithmetic", () => {
  tf.tidy(() => {
    const q = tf.zeros([2, 4, 7, 16]) as tf.Tensor4D;
    const k = tf.zeros([2, 4, 7, 8]) as tf.Tensor4D;
    assert.throws(() => attention(q, k, k), {message: "attention: k_BHSK has shape [2,4,7,8] but q_BHTK has K=16"});
    const mha = new MultiHeadedAttention(4, 32, 0, new Random(1));
    assert.throws(() => mha.forward(tf.zeros([2, 5, 16]) as tf.Tensor3D, tf.zeros([2, 5, 16]) as tf.Tensor3D, tf.zeros([2, 5, 16]) as tf.Tensor3D), {
      message: "MultiHeadedAttention: query_BTC has shape [2,5,16] but [*,*,32] is expected"
    });
    const x = tf.zeros([2, 5, 32]) as tf.Tensor3D;
    assert.throws(() => mha.forward(x, x, x, tf.ones([2, 1, 4], "bool") as tf.Tensor3D), {
      message: "MultiHeadedAttention: mask has shape [2,1,4] but [2,1,5] or [2,5,5] is expected"
    });
    mha.dispose();
    const model = makeModel(11, 11, 1, 16, 32, 2, 0);
    assert.throws(() => model.src_embed.forward(tf.zeros([2, 3]) as tf.Tensor2D), {message: "Embeddings: x_BL must hold int32 token ids, not float32"});
    assert.throws(() => model.generator.forward(tf.zeros([1, 2, 8]) as tf.Tensor3D), {message: "Linear: x has shape [1,2,8] but the layer takes 16 features"});
    model.dispose();
  });
  assert.throws(() => makeModel(11, 11, 2, 30, 64, 4), {message: "makeModel: h=4 must divide d_model=30"});
});

test("splitting and merging heads are inverses", () => {
  tf.tidy(() => {
    const x = tf.randomNormal([2, 5, 12]) as tf.Tensor3D;
    const heads = splitHeads(x, 3);
    assert.deepEqual(heads.shape, [2, 3, 5, 4]);
    assert.equal(tf.max(tf.abs(tf.sub(mergeHeads(heads), x))).dataSync()[0], 0);
  });
});

test("the positional encoding is sin on even channels and cos on odd ones", () => {
  const pe = positionalEncodingTable(50, 8);
  const rows = pe.arraySync();
  assert.equal(rows[0][0], 0);
  assert.equal(rows[0][1], 1);
  assert.ok(Math.abs(rows[7][0] - Math.sin(7)) < 1e-6);
  assert.ok(Math.abs(rows[7][3] - Math.cos(7 / 10000 ** (2 / 8))) < 1e-6);
  pe.dispose();
});

test("parameter names are PyTorch's state_dict names, and the counts match PyTorch's", () => {
  const small = makeModel(11, 11, 2, 32, 64, 4);
  const names = small.namedParameters().map(([n]) => n);
  for (const n of [
    "src_embed.0.lut.weight",
    "encoder.layers.1.self_attn.linears.3.bias",
    "encoder.layers.0.feed_forward.w_1.weight",
    "encoder.layers.0.sublayer.1.norm.a_2",
    "encoder.norm.b_2",
    "decoder.layers.1.src_attn.linears.0.weight",
    "decoder.layers.0.sublayer.2.norm.b_2",
    "generator.proj.weight"
  ]) {
    assert.ok(names.includes(n), `no parameter ${n}`);
  }
  small.dispose();
  // Counted with PyTorch: sum(p.numel() for p in make_model(11, 11).parameters()) from
  // scripts/reference/annotated_transformer.py gives 44157451 (N=6, d_model 512, d_ff 2048, h 8).
  const paper = makeModel(11, 11);
  assert.equal(countParameters(paper), 44157451);
  paper.dispose();
});

test("Random.dropoutMask draws what next() draws: 0 where next() < rate, else the scale", () => {
  const [a, b] = [new Random(42), new Random(42)];
  const mask = new Float32Array(1000);
  a.dropoutMask(mask, 0.3, 2.5);
  assert.deepEqual(Array.from(mask), Array.from({length: 1000}, () => (b.next() < 0.3 ? 0 : 2.5)));
  assert.equal(a.next(), b.next(), "and leaves the stream where next() would");
});

test("Dropout keeps each element with probability 1 - rate, scaled by 1 / (1 - rate)", () => {
  const dropout = new Dropout(0.25, new Random(5));
  tf.tidy(() => {
    const x = tf.fill([200, 50], 3);
    const y = Array.from(dropout.forward(x).dataSync());
    const kept = y.filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 3 / 0.75) < 1e-6), "kept elements are scaled by 1 / (1 - rate)");
    assert.ok(Math.abs(kept.length / y.length - 0.75) < 0.02, `kept ${kept.length} of ${y.length}`);
    assert.notDeepEqual(Array.from(dropout.forward(x).dataSync()), y, "a fresh mask on each call");
    assert.equal(dropout.eval().forward(x), x, "and nothing in eval mode");
  });
});

test("dropout is active in training mode only, and a seed repeats the weights", () => {
  const a = makeModel(11, 11, 1, 16, 32, 2, 0.5, 7);
  const b = makeModel(11, 11, 1, 16, 32, 2, 0.5, 7);
  assert.deepEqual(a.parameters()[0].dataSync(), b.parameters()[0].dataSync());
  tf.tidy(() => {
    const src = tf.tensor2d([[1, 2, 3]], undefined, "int32");
    const mask = paddingMask(src);
    a.eval();
    const e1 = a.encode(src, mask).dataSync();
    const e2 = a.encode(src, mask).dataSync();
    assert.deepEqual(e1, e2);
    a.train();
    const t1 = a.encode(src, mask).dataSync();
    const t2 = a.encode(src, mask).dataSync();
    assert.notDeepEqual(t1, t2);
  });
  a.dispose();
  b.dispose();
});

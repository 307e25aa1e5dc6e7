import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {parseSafetensors, serializeSafetensors} from "../../src/io/safetensors.js";
import {loadModel, loadWeights, readModelConfig, saveWeights} from "../../src/io/weights.js";
import {type EncoderDecoder, makeModel} from "../../src/model/model.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("cpu"));

// Written by scripts/reference/make_fixtures.py (PyTorch): N=2, d_model=32, d_ff=64, h=4, vocab 11/11.
const fixture = (name: string) => new URL(`../../data/fixtures/${name}`, import.meta.url);
const tinyBytes = () => new Uint8Array(readFileSync(fixture("tiny.safetensors")));
const tinyModel = (seed = 0) => makeModel(11, 11, 2, 32, 64, 4, 0.1, seed);

/** The saved weights of a fresh tiny model. */
function tinyWeights(seed: number): Uint8Array {
  const model = tinyModel(seed);
  const bytes = saveWeights(model);
  model.dispose();
  return bytes;
}

/** A copy of every parameter's values, by name. */
function snapshot(model: EncoderDecoder): Map<string, Float32Array> {
  return new Map(model.namedParameters().map(([name, v]) => [name, Float32Array.from(v.dataSync())]));
}

/** Every parameter of `model` equals the tensor of the same name in the file, exactly. */
function assertHoldsFile(model: EncoderDecoder, bytes: Uint8Array): void {
  const {tensors} = parseSafetensors(bytes);
  for (const [name, v] of model.namedParameters()) {
    const t = tensors.get(name);
    assert.ok(t, `the file has ${name}`);
    assert.deepEqual(v.shape, t.shape, name);
    assert.deepEqual(Float32Array.from(v.dataSync()), t.data, name);
  }
}

/** The file is refused with exactly `message`, and the model keeps every value it had. */
function assertRefused(model: EncoderDecoder, bytes: Uint8Array, message: string): void {
  const before = snapshot(model);
  assert.throws(() => loadWeights(model, bytes), (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
  assert.deepEqual(snapshot(model), before, "the refused file changed the model");
}

/** The saved file of `model`, with its tensors and metadata edited. */
function edited(
  bytes: Uint8Array,
  edit: (tensors: Map<string, {shape: number[]; data: Float32Array}>, metadata: Record<string, string>) => void
): Uint8Array {
  const {tensors, metadata} = parseSafetensors(bytes);
  edit(tensors, metadata);
  return serializeSafetensors(tensors, metadata);
}

test("saveWeights writes every parameter under its PyTorch name, and the sizes as metadata", () => {
  const model = tinyModel();
  const {tensors, metadata} = parseSafetensors(saveWeights(model));
  assert.deepEqual([...tensors.keys()], model.namedParameters().map(([name]) => name));
  assert.deepEqual(tensors.get("encoder.layers.0.feed_forward.w_1.weight")!.shape, [64, 32]); // [out, in]
  assert.deepEqual(tensors.get("src_embed.0.lut.weight")!.shape, [11, 32]);
  assert.ok(!tensors.has("src_embed.1.pe") && !tensors.has("tgt_embed.1.pe"));
  assert.deepEqual(metadata, {N: "2", d_model: "32", d_ff: "64", h: "4", src_vocab: "11", tgt_vocab: "11", format: "annotated-transformer"});
  model.dispose();
});

test("saveWeights then loadWeights into a model with another seed gives identical parameters", () => {
  const source = tinyModel(1);
  const target = tinyModel(2);
  const bytes = saveWeights(source);
  assert.notDeepEqual(snapshot(target), snapshot(source));
  const tensorsBefore = tf.memory().numTensors;
  loadWeights(target, bytes);
  assert.equal(tf.memory().numTensors, tensorsBefore, "loadWeights leaked tensors");
  assert.deepEqual(snapshot(target), snapshot(source));
  source.dispose();
  target.dispose();
});

test("loadModel builds a model with the file's sizes and weights", () => {
  const source = makeModel(7, 9, 1, 16, 24, 2, 0.1, 3);
  const model = loadModel(saveWeights(source), 0, 0.2);
  assert.deepEqual(model.config, {...source.config, dropout: 0.2});
  assert.deepEqual(snapshot(model), snapshot(source));
  source.dispose();
  model.dispose();
});

test("readModelConfig reads the sizes from the metadata, with the dropout given (0.1 by default)", () => {
  const sizes = {srcVocab: 11, tgtVocab: 11, N: 2, dModel: 32, dFF: 64, h: 4};
  assert.deepEqual(readModelConfig(tinyBytes()), {...sizes, dropout: 0.1});
  assert.deepEqual(readModelConfig(tinyBytes(), 0), {...sizes, dropout: 0});
});

test("readModelConfig refuses a missing size or one that is not a positive integer", () => {
  const withMetadata = (edit: (m: Record<string, string>) => void) => edited(tinyBytes(), (_, m) => edit(m));
  assert.throws(() => readModelConfig(withMetadata((m) => delete m.d_ff)), {
    message: 'readModelConfig: the file\'s metadata has no "d_ff" (is it an Annotated Transformer checkpoint?)'
  });
  for (const bad of ["0", "-4", "2.5", "abc", "", "1e3", "032"]) {
    assert.throws(() => readModelConfig(withMetadata((m) => (m.h = bad))), {
      message: `readModelConfig: the file's metadata has h=${JSON.stringify(bad)}, not a positive integer`
    });
  }
});

test("the PyTorch fixture loads into makeModel(11, 11, 2, 32, 64, 4) and every parameter equals the file's data", () => {
  const bytes = tinyBytes();
  const model = tinyModel(5);
  loadWeights(model, bytes);
  assertHoldsFile(model, bytes);
  assert.equal(parseSafetensors(bytes).tensors.size, model.namedParameters().length);
  model.dispose();
});

test("saveWeights of the loaded fixture reproduces the PyTorch file byte for byte", () => {
  const bytes = tinyBytes();
  const model = loadModel(bytes);
  assert.deepEqual(saveWeights(model), bytes);
  model.dispose();
});

test("a PyTorch state_dict with the positional buffers (tiny-with-pe) loads too", {skip: !existsSync(fixture("tiny-with-pe.safetensors"))}, () => {
  const bytes = new Uint8Array(readFileSync(fixture("tiny-with-pe.safetensors")));
  assert.ok(parseSafetensors(bytes).tensors.has("src_embed.1.pe"));
  const model = tinyModel(5);
  loadWeights(model, bytes);
  assertHoldsFile(model, tinyBytes());
  model.dispose();
});

test("loadWeights refuses sizes that differ from the model's, and names the size", () => {
  const model = tinyModel();
  const bytes = saveWeights(model);
  assertRefused(model, edited(bytes, (_, m) => (m.d_ff = "128")), "loadWeights: the file has d_ff=128 but the model has d_ff=64");
  assertRefused(model, edited(bytes, (_, m) => delete m.N), 'loadWeights: the file\'s metadata has no "N" (is it an Annotated Transformer checkpoint?)');
  model.dispose();
});

test("loadWeights refuses a missing parameter", () => {
  const model = tinyModel();
  const bytes = edited(saveWeights(model), (t) => t.delete("generator.proj.bias"));
  assertRefused(model, bytes, 'loadWeights: the file has no tensor "generator.proj.bias"');
  model.dispose();
});

test("loadWeights refuses an unexpected tensor, after every good one", () => {
  const model = tinyModel();
  const bytes = edited(saveWeights(model), (t) => t.set("encoder.layers.2.norm.a_2", {shape: [32], data: new Float32Array(32)}));
  assertRefused(model, bytes, 'loadWeights: the file has tensor "encoder.layers.2.norm.a_2", which is not a parameter of the model');
  model.dispose();
});

test("loadWeights accepts positional buffers [1, L, d_model] and refuses other shapes for them", () => {
  const model = tinyModel();
  const other = tinyModel(9);
  const bytes = saveWeights(other);
  const withPe = (shape: number[]) =>
    edited(bytes, (t) => t.set("tgt_embed.1.pe", {shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1))}));
  for (const shape of [[7, 32], [1, 0, 32], [1, 7, 16], [1, 1, 7, 32]]) {
    assertRefused(model, withPe(shape), `loadWeights: tensor "tgt_embed.1.pe" has shape [${shape}] but a positional buffer is [1, max_len, 32]`);
  }
  loadWeights(model, withPe([1, 7, 32]));
  assert.deepEqual(snapshot(model), snapshot(other));
  model.dispose();
  other.dispose();
});

test("loadWeights refuses a shape mismatch and names the tensor and both shapes", () => {
  const model = tinyModel();
  const transposed = edited(saveWeights(model), (t) => {
    t.get("decoder.layers.1.feed_forward.w_2.weight")!.shape = [64, 32];
  });
  assertRefused(model, transposed, 'loadWeights: tensor "decoder.layers.1.feed_forward.w_2.weight" has shape [64,32] but the model\'s is [32,64]');

  // A file whose metadata claims d_ff=128 but whose weights are from a d_ff=64 model.
  const wide = makeModel(11, 11, 2, 32, 128, 4);
  const lying = edited(saveWeights(model), (_, m) => (m.d_ff = "128"));
  assertRefused(wide, lying, 'loadWeights: tensor "encoder.layers.0.feed_forward.w_1.weight" has shape [64,32] but the model\'s is [128,32]');
  model.dispose();
  wide.dispose();
});

test("loadWeights refuses a dtype other than F32", () => {
  const model = tinyModel();
  const bytes = tinyWeights(3);
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf('"generator.proj.bias":{"dtype":"F32"') + '"generator.proj.bias":{"dtype":"F'.length;
  bytes.set(new TextEncoder().encode("16"), at); // same length, so the header length still holds
  assertRefused(model, bytes, 'safetensors: tensor "generator.proj.bias" has dtype F16; only F32 is supported');
  model.dispose();
});

test("loadWeights refuses NaN and infinite values, even in the last tensor", () => {
  const model = tinyModel();
  const bytes = tinyWeights(3);
  const poisoned = (name: string, value: number) => edited(bytes, (t) => (t.get(name)!.data[3] = value));
  assertRefused(model, poisoned("generator.proj.bias", NaN), 'loadWeights: tensor "generator.proj.bias" holds NaN at index 3');
  assertRefused(model, poisoned("decoder.norm.a_2", -Infinity), 'loadWeights: tensor "decoder.norm.a_2" holds -Infinity at index 3');
  model.dispose();
});

test("loadWeights refuses a truncated file", () => {
  const model = tinyModel();
  const bytes = tinyWeights(3);
  const dataLength = bytes.length - 8 - new DataView(bytes.buffer).getUint32(0, true);
  assertRefused(
    model,
    bytes.subarray(0, bytes.length - 1),
    `safetensors: tensor "generator.proj.bias" ends at byte ${dataLength}, past the end of the ${dataLength - 1}-byte data section`
  );
  model.dispose();
});

test("loadModel refuses a bad file without leaking the model it built", () => {
  const bytes = edited(tinyBytes(), (t) => (t.get("decoder.norm.b_2")!.data[0] = Infinity));
  const tensorsBefore = tf.memory().numTensors;
  assert.throws(() => loadModel(bytes), {message: 'loadModel: tensor "decoder.norm.b_2" holds Infinity at index 0'});
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.throws(() => loadModel(edited(tinyBytes(), (_, m) => (m.h = "5"))), {message: "loadModel: __metadata__ says h = 5 but d_model = 32 is not a multiple of it"});
});

test("loadModel checks __metadata__'s sizes against the file's tensors before it builds anything", () => {
  const lying = (edit: (m: Record<string, string>) => void) => edited(tinyBytes(), (_, m) => edit(m));
  const refusedBeforeBuilding = (bytes: Uint8Array, message: string) => {
    const tensorsBefore = tf.memory().numTensors;
    assert.throws(() => loadModel(bytes), {message});
    assert.throws(() => readModelConfig(bytes), {message: message.replace(/^loadModel/, "readModelConfig")});
    assert.equal(tf.memory().numTensors, tensorsBefore, "a refused file allocated tensors");
  };
  // The 185 KB file that made the command line grow past 2.8 GB.
  refusedBeforeBuilding(
    lying((m) => Object.assign(m, {N: "100000", d_model: "4096"})),
    'loadModel: __metadata__ says d_model = 4096 but tensor "src_embed.0.lut.weight" has shape [11,32] (d_model = 32)'
  );
  refusedBeforeBuilding(lying((m) => (m.N = "100000")), "loadModel: __metadata__ says N = 100000 but the file holds tensors for 2 encoder layers");
  refusedBeforeBuilding(
    lying((m) => (m.d_model = "1000000000")),
    'loadModel: __metadata__ says d_model = 1000000000 but tensor "src_embed.0.lut.weight" has shape [11,32] (d_model = 32)'
  );
  refusedBeforeBuilding(lying((m) => (m.tgt_vocab = "12")), 'loadModel: __metadata__ says tgt_vocab = 12 but tensor "tgt_embed.0.lut.weight" has shape [11,32] (V = 11)');
  refusedBeforeBuilding(
    lying((m) => (m.d_ff = "2048")),
    'loadModel: __metadata__ says d_ff = 2048 but tensor "encoder.layers.0.feed_forward.w_1.weight" has shape [64,32] (d_ff = 64)'
  );
  refusedBeforeBuilding(lying((m) => (m.h = "5")), "loadModel: __metadata__ says h = 5 but d_model = 32 is not a multiple of it");
  refusedBeforeBuilding(lying((m) => (m.h = "64")), "loadModel: __metadata__ says h = 64 but d_model = 32 is not a multiple of it");
  refusedBeforeBuilding(lying((m) => (m.d_model = "thirty-two")), 'loadModel: the file\'s metadata has d_model="thirty-two", not a positive integer');
  refusedBeforeBuilding(
    edited(tinyBytes(), (t) => t.delete("decoder.layers.1.src_attn.linears.0.weight")),
    "loadModel: __metadata__'s sizes make 43947 parameters but the file holds 42923"
  );
  refusedBeforeBuilding(
    edited(tinyBytes(), (t) => {
      for (const name of [...t.keys()]) if (name.startsWith("decoder.layers.1.")) t.delete(name);
    }),
    "loadModel: __metadata__ says N = 2 but the file holds tensors for 1 decoder layers"
  );
});

test("loadModel refuses sizes over the stated limits, even when the tensors agree with them", () => {
  const deep = makeModel(3, 3, 65, 2, 2, 1, 0);
  const bytes = saveWeights(deep);
  deep.dispose();
  const tensorsBefore = tf.memory().numTensors;
  assert.throws(() => loadModel(bytes), {message: "loadModel: __metadata__ says N = 65, over the limit of 64"});
  assert.equal(tf.memory().numTensors, tensorsBefore);
});

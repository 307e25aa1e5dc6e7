// "Use my components" and exercise mode: the model and the trainer call the replaceable functions
// they are given (src/training/components.ts); the training worker compiles the reader's edits,
// falls back per function, and trains with them; an exercise blanks a function's body to a TODO
// that still compiles.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, describe, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {compileReaderComponents} from "../../src/editing/carry-forward.js";
import {readerEdits, type ReaderEdits} from "../../src/editing/reader-edits.js";
import {editable, editableNames} from "../../src/editing/catalogue.js";
import {checkAgainstReference, selfCheck} from "../../src/editing/check.js";
import {compileFunction} from "../../src/editing/compile.js";
import {blankBody} from "../../src/editing/exercise.js";
import {editKey, exerciseMode, hashSource, MemoryStore, saveEdit, setExerciseMode} from "../../src/editing/store.js";
import {EncoderDecoder} from "../../src/model/model.js";
import {Random} from "../../src/model/random.js";
import {disposeBatch} from "../../src/training/batch.js";
import {batchFunction, type Components, composeComponents} from "../../src/training/components.js";
import {copyBatch} from "../../src/training/copy-task.js";
import {getPreset} from "../../src/training/presets.js";
import {Trainer} from "../../src/training/train.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {editableRegion, moduleSource} from "../support/library-source.js";

const root = new URL("../../", import.meta.url);
const sources = Object.fromEntries(editableNames.map((n) => editable(n).path).map((path) => [path, moduleSource(path)]));

before(async () => {
  await initNodeBackend("wasm");
});

/** The losses of `steps` copy-tiny training steps from a fixed seed, with the reader's components `reader` (as the training engine builds a run). */
function copyTinyLosses(steps: number, reader: Partial<Components> = {}): number[] {
  const preset = getPreset("copy-tiny");
  const components = composeComponents(reader);
  const model = new EncoderDecoder({...preset.model, srcVocab: 11, tgtVocab: 11}, 7, components);
  const trainer = new Trainer(model, preset.train, components);
  const random = new Random(3);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const batch = copyBatch(random, {vocab: 11, length: 10, batchSize: 8}, batchFunction(components));
    losses.push(trainer.step(batch).loss);
    disposeBatch(batch);
  }
  trainer.dispose();
  model.dispose();
  return losses;
}

describe("components", () => {
  test("a module calls the function it is given, and the library's when given none", () => {
    const x_BLC = tf.randomNormal([1, 3, 8]) as tf.Tensor3D;
    const config = {srcVocab: 11, tgtVocab: 11, N: 1, dModel: 8, dFF: 16, h: 2, dropout: 0};
    const library = new EncoderDecoder(config, 1);
    const replaced = new EncoderDecoder(config, 1, {layerNorm: (x) => tf.zerosLike(x)});
    const before = library.encoder.norm.forward(x_BLC);
    const zeros = replaced.encoder.norm.forward(x_BLC);
    assert.equal(tf.max(tf.abs(zeros)).dataSync()[0], 0);
    const again = new EncoderDecoder(config, 1);
    const same = again.encoder.norm.forward(x_BLC);
    assert.equal(tf.max(tf.abs(tf.sub(same, before))).dataSync()[0], 0);
    tf.dispose([x_BLC, before, zeros, same]);
    for (const m of [library, replaced, again]) m.dispose();
  });

  test("every replaceable function reaches the place the library calls it: a replacement that throws is reached by a training step", () => {
    // makeBatch, subsequentMask, rate, smoothedTargets and every model function run in one step of training.
    for (const name of editableNames) {
      const thrower = () => {
        throw new Error(`reached ${name}`);
      };
      assert.throws(() => copyTinyLosses(1, {[name]: thrower}), {message: `reached ${name}`}, `${name} is not called in a training step`);
    }
  });
});

describe("compileReaderComponents", () => {
  test("the library's own text of every function, compiled as a reader's edit, trains to the same losses", () => {
    const edits: ReaderEdits = Object.fromEntries(editableNames.map((n) => [n, editableRegion(n)]));
    const {components, report} = compileReaderComponents(edits);
    assert.deepEqual(report.filter((r) => !r.used), []);
    assert.ok(report.every((r) => r.used && r.matches && r.maxDiff === 0), JSON.stringify(report));
    assert.deepEqual(Object.keys(components).sort(), [...editableNames].sort());
    const library = copyTinyLosses(4);
    // Exactly the same, except that the library's own layerNorm trains with its gradient written out
    // (layerNormWithGradient) and a reader's copy of it by autograd: the same to float rounding.
    const {layerNorm, ...allButLayerNorm} = components;
    assert.deepEqual(copyTinyLosses(4, allButLayerNorm), library);
    const readers = copyTinyLosses(4, {...allButLayerNorm, layerNorm});
    readers.forEach((loss, i) => assert.ok(Math.abs(loss - library[i]) <= 1e-5, `step ${i + 1}: loss ${loss} vs ${library[i]}`));
  });

  test("an edit that runs but differs is used and reported as different; one that fails falls back with the reason", () => {
    const {components, report} = compileReaderComponents({
      attention: editableRegion("attention").replace("Math.sqrt(dK)", "1"),
      rate: "export function rate(step: number): number {\n  return step +;\n}",
      layerNorm: editableRegion("layerNorm").replace("return tf.tidy", "throw new Error('not yet'); return tf.tidy"),
      subsequentMask: "export function subsequentMask(size: number) {\n  while (true) {}\n}"
    });
    const byName = Object.fromEntries(report.map((r) => [r.name, r]));
    assert.equal(byName.attention.used, true);
    assert.ok(byName.attention.used && !byName.attention.matches && byName.attention.maxDiff > 1e-2);
    assert.ok(!byName.rate.used && /syntax error at line 2/.test(byName.rate.reason), JSON.stringify(byName.rate));
    assert.ok(!byName.layerNorm.used && /not yet/.test(byName.layerNorm.reason), JSON.stringify(byName.layerNorm));
    assert.ok(!byName.subsequentMask.used && /ran too long/.test(byName.subsequentMask.reason), JSON.stringify(byName.subsequentMask));
    assert.deepEqual(Object.keys(components), ["attention"]);
    // The unscaled attention trains, differently from the library's.
    const losses = copyTinyLosses(3, components);
    assert.notDeepEqual(losses, copyTinyLosses(3));
  });
});

describe("readerEdits", () => {
  test("the training page loads the source of every module with an editable function", () => {
    const listed = readFileSync(new URL("src/editing/library-sources.ts", root), "utf8");
    for (const name of editableNames) {
      const {path} = editable(name);
      assert.ok(listed.includes(`"${path}": FileAttachment("../${path.replace(/^src\//, "")}")`), `library-sources.ts does not load ${path} (for ${name})`);
    }
  });


  test("reads the edits made against the current code and lists those made against another version", () => {
    const store = new MemoryStore();
    saveEdit(store, "attention", hashSource(editableRegion("attention")), "// mine");
    store.setItem(editKey("rate", "00000000"), JSON.stringify({code: "// old", savedAt: "2026-01-01T00:00:00Z"}));
    const {edits, stale} = readerEdits(sources, store);
    assert.deepEqual(edits, {attention: "// mine"});
    assert.deepEqual(stale, ["rate"]);
  });
});

describe("pages", () => {
  test("each page's \"Reset this page\" names exactly the editable functions the catalogue puts on it", () => {
    const pages = new Set(editableNames.map((n) => editable(n).page));
    for (const page of pages) {
      const text = readFileSync(new URL(`src/${page}.md`, root), "utf8");
      const m = new RegExp(`pageNotes\\(\\{page: "${page}", cells: (\\[[^\\]]*\\])\\}\\)`).exec(text);
      assert.ok(m, `src/${page}.md has no pageNotes({page: "${page}", cells: [...]})`);
      const expected = editableNames.filter((n) => editable(n).page === page);
      assert.deepEqual(JSON.parse(m[1]).sort(), [...expected].sort(), page);
      for (const name of expected) assert.ok(text.includes(`editableCell(editable("${name}")`), `src/${page}.md has no editable cell for ${name}`);
    }
  });
});

describe("exercise mode", () => {
  test("every function's exercise keeps the signature, compiles, and throws a TODO naming it", () => {
    for (const name of editableNames) {
      const entry = editable(name);
      const blank = blankBody(editableRegion(name), name, entry.hints);
      assert.match(blank, new RegExp(`function ${name}\\b`));
      for (const hint of entry.hints) assert.ok(blank.includes(hint), `${name}: hint missing`);
      assert.ok(!blank.includes("return "), `${name}: the body is not blanked:\n${blank}`);
      const compiled = compileFunction(blank, {scope: entry.scope, name});
      assert.ok(compiled.ok, `${name}: ${JSON.stringify(!compiled.ok && compiled.error)}`);
      const checked = selfCheck(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases, name);
      assert.equal(!checked.ok && (checked.error as Error).message, `TODO: write ${name}`);
    }
  });

  test("the setting is kept in the browser's store and off by default", () => {
    const store = new MemoryStore();
    assert.equal(exerciseMode(store), false);
    setExerciseMode(store, true);
    assert.equal(exerciseMode(store), true);
    setExerciseMode(store, false);
    assert.equal(store.length, 0);
  });
});

describe("Check with numbers and kept tensors", () => {
  test("a function returning a number (rate) is compared as a scalar, and makeBatch's kept tensors do not leak", () => {
    const wrong = compileFunction<typeof import("../../src/training/noam.js").rate>(
      editableRegion("rate").replace("Math.min(s ** -0.5, s * warmup ** -1.5)", "s ** -0.5"),
      {scope: {}, name: "rate"}
    );
    assert.ok(wrong.ok);
    const report = checkAgainstReference(wrong.fn, editable("rate").reference, editable("rate").cases);
    assert.equal(report.pass, false);
    assert.ok(report.maxDiff > 1, `max diff ${report.maxDiff}`);
    const before = tf.memory().numTensors;
    const batch = editable("makeBatch");
    assert.equal(checkAgainstReference(batch.reference, batch.reference, batch.cases).pass, true);
    assert.equal(tf.memory().numTensors, before);
  });
});

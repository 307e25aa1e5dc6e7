// The stacks page's live pieces: the two LayerNorms side by side, and shapes through one layer each.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {compareLayerNorms, layerShapes} from "../../src/lessons/stacks.js";
import {parseNumberList} from "../../src/components/inputs.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("wasm"));

test("the Annotated Transformer's LayerNorm divides by the unbiased std; nn.LayerNorm by the biased one", () => {
  const x = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, biased std 2, unbiased std sqrt(32/7)
  const r = compareLayerNorms(x);
  assert.ok(Math.abs(r.mean - 5) < 1e-6);
  assert.ok(Math.abs(r.stdBiased - 2) < 1e-6);
  assert.ok(Math.abs(r.stdUnbiased - Math.sqrt(32 / 7)) < 1e-6);
  x.forEach((v, i) => {
    assert.ok(Math.abs(r.annotated[i] - (v - 5) / (Math.sqrt(32 / 7) + 1e-6)) < 1e-5, `annotated[${i}]`);
    assert.ok(Math.abs(r.torch[i] - (v - 5) / Math.sqrt(4 + 1e-6)) < 1e-5, `torch[${i}]`);
  });
  // The largest gap is at x = 9: 4/2 − 4/sqrt(32/7).
  assert.ok(Math.abs(r.maxAbsDiff - (2 - 4 / Math.sqrt(32 / 7))) < 1e-5);
  assert.throws(() => compareLayerNorms([1]), /at least 2/);
});

test("an encoder layer and a decoder layer keep their input's shape", () => {
  const rows = layerShapes({dModel: 16, dFF: 32, h: 4, dropout: 0.1}, 4);
  const shape = (name: string) => rows.find((r) => r.name === name)?.shape;
  assert.deepEqual(shape("x_BSC"), [2, 5, 16]);
  assert.deepEqual(shape("srcMask_B1S"), [2, 1, 5]);
  assert.deepEqual(shape("encoder layer output"), [2, 5, 16]);
  assert.deepEqual(shape("tgtMask_BTT"), [2, 4, 4]);
  assert.deepEqual(shape("decoder layer output"), [2, 4, 16]);
});

test("the number-list box reads spaces and commas and skips what is not a number", () => {
  assert.deepEqual(parseNumberList("2 4, 4 ,5\t x 1e1 -3.5"), [2, 4, 4, 5, 10, -3.5]);
  assert.deepEqual(parseNumberList("  "), []);
});

// The training page's dashboard without its DOM (src/components/training/dashboard.ts): what the
// loss chart draws, or says instead, and what the page says of parameters no gradient reaches.
import assert from "node:assert/strict";
import {test} from "node:test";
import {lossChartData, noGradientMessage} from "../../src/components/training/dashboard.js";

test("a run that failed before its first step leaves a chart that says so, not an empty axis; one with steps draws them", () => {
  assert.deepEqual(lossChartData([]), {message: "Start a run to see its loss here."});
  const failed = {label: "copy-tiny (failed at 0)", losses: [], evals: []};
  assert.deepEqual(lossChartData([failed]), {message: "No steps yet: the loss appears here after the first step."});
  const ran = {label: "copy-tiny", losses: [[1, 2.5], [2, 2.25]] as [number, number][], evals: [{step: 2, heldOutLoss: 2.1, exactMatch: 0, numTensors: 0}]};
  assert.deepEqual(lossChartData([failed, ran]), {
    train: [{run: "copy-tiny", step: 1, loss: 2.5}, {run: "copy-tiny", step: 2, loss: 2.25}],
    held: [{run: "copy-tiny", step: 2, loss: 2.1}]
  });
});

test("the parameters without a gradient are counted and the first few named", () => {
  assert.equal(noGradientMessage([]), "");
  assert.equal(noGradientMessage(["encoder.norm.a_2"]), "No gradient reached 1 parameter (encoder.norm.a_2): it stays as initialised, since the model's code does not use them.");
  const names = ["src_embed.0.lut.weight", "encoder.layers.0.self_attn.linears.0.weight", "encoder.layers.0.self_attn.linears.0.bias", "encoder.norm.a_2", "encoder.norm.b_2"];
  assert.equal(noGradientMessage(names), "No gradient reached 5 parameters (src_embed.0.lut.weight, encoder.layers.0.self_attn.linears.0.weight, encoder.layers.0.self_attn.linears.0.bias, … and 2 more): they stay as initialised, since the model's code does not use them.");
});

// The "Encoder and decoder stacks" and "The full model" pages: their key outputs computed in the
// page. (pages.test.ts checks that both load cleanly on a desktop and fit a 375 px phone in dark mode.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";

const suite = useBuiltSite();

describe("the stacks page", () => {
  test("counts 44,157,451 parameters, shows the LayerNorm difference and the layers' shapes", async () => {
    const {page, problems, close} = await suite.open("stacks.html");
    const total = await page.textContent("#parameter-total");
    const tableText = await page.textContent("#parameter-table");
    const maxDifference = await page.textContent("#layernorm-difference .max-difference");
    const layerShapes = await page.textContent("#layer-shapes");
    await close();
    assert.deepEqual(problems, []);
    assert.match(total ?? "", /^44,?157,?451$/);
    assert.match(tableText ?? "", /1,050,624/, "one multi-head attention has 4(512² + 512) parameters");
    const difference = Number(maxDifference);
    assert.ok(difference > 0.01, `the largest LayerNorm difference is ${maxDifference}`);
    assert.match(layerShapes ?? "", /\[2, 5, 512\]/);
    assert.match(layerShapes ?? "", /\[2, 4, 512\]/);
  });
});

describe("the full-model page", () => {
  test("lists every shape down to the log-probabilities and decodes from the start token", async () => {
    const {page, problems, close} = await suite.open("full-model.html");
    const shapes = await page.textContent("#forward-shapes");
    const output = await page.textContent("#untrained-output");
    const xavier = await page.textContent("#xavier-range");
    await close();
    assert.deepEqual(problems, []);
    assert.match(shapes ?? "", /logprobs_BTV\s*\[2, 4, 11\]/);
    assert.match(shapes ?? "", /memory_BSC\s*\[2, 5, 512\]/);
    assert.match(shapes ?? "", /decoder layer 5 output/);
    const ids = JSON.parse(output ?? "null") as unknown;
    assert.ok(Array.isArray(ids) && ids.length === 10, `untrained output is ${output}`);
    assert.equal(ids[0], 1);
    assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 11), `untrained output is ${output}`);
    assert.match(xavier ?? "", /0\.0765/, "the 512×512 bound is sqrt(6/1024) = 0.0765");
  });
});

// The "Encoder and decoder stacks" and "The full model" pages: clean on a desktop and on a 375 px
// phone in dark mode, and their key outputs computed in the page.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Browser} from "playwright-core";
import {launchChromium} from "../support/chromium.js";
import {serveStatic, type StaticSite} from "../support/server.js";
import {assertBuilt, distDir} from "../support/site.js";
import {visit} from "../support/visit.js";

let browser: Browser;
let site: StaticSite;

before(async () => {
  assertBuilt();
  site = await serveStatic(distDir);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

for (const file of ["stacks.html", "full-model.html"]) {
  describe(file, () => {
    test("loads cleanly on a desktop", async () => {
      const {problems, close} = await visit(browser, site.url + file, {viewport: {width: 1280, height: 900}});
      await close();
      assert.deepEqual(problems, []);
    });
    test("fits a 375 px phone screen in dark mode", async () => {
      const {page, problems, close} = await visit(browser, site.url + file, {viewport: {width: 375, height: 812}, colorScheme: "dark"});
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      await close();
      assert.deepEqual(problems, []);
      assert.ok(scrollWidth <= 375, `the page is ${scrollWidth} px wide on a 375 px screen`);
    });
  });
}

describe("the stacks page", () => {
  test("counts 44,157,451 parameters, shows the LayerNorm difference and the layers' shapes", async () => {
    const {page, problems, close} = await visit(browser, site.url + "stacks.html");
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
    const {page, problems, close} = await visit(browser, site.url + "full-model.html");
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

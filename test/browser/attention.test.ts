// The attention page, built and served statically: it shows Q Kᵀ as L×L (and Qᵀ K as C×C), rows of
// weights that sum to 1, and the d_k control moves the unscaled scores' spread while the scaled one
// stays near 1. (pages.test.ts checks that it loads cleanly on a desktop and on a phone.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {settle} from "../support/visit.js";

const suite = useBuiltSite();

/** "[6, 6]" → [6, 6] */
async function shapeOf(page: Page, selector: string): Promise<number[]> {
  const text = (await page.textContent(selector)) ?? "";
  assert.match(text, /^\[\d+(, \d+)*\]$/, `${selector} shows ${JSON.stringify(text)}`);
  return JSON.parse(text);
}

async function numberOf(page: Page, selector: string): Promise<number> {
  const value = Number(await page.textContent(selector));
  assert.ok(Number.isFinite(value), `${selector} is not a number`);
  return value;
}

/** Picks a d_k and waits until the statistics cells show the new numbers. */
async function chooseDk(page: Page, dK: number, previous: string | null): Promise<void> {
  await page.selectOption("#dk-select", String(dK));
  await page.waitForFunction((old) => document.querySelector("#std-unscaled")?.textContent !== old, previous);
  await settle(page);
}

describe("the attention page", () => {
  test("QKᵀ is L×L and QᵀK is C×C; the step table has the shapes of attention", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const qkt = await shapeOf(page, "#shape-qkt");
    const wrong = await shapeOf(page, "#shape-wrong");
    const steps = await page.$$eval("#attention-steps tbody tr", (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? ""))
    );
    const traceDiff = await numberOf(page, "#trace-diff");
    await close();
    assert.deepEqual(problems, []);
    assert.deepEqual(qkt, [6, 6], "Q Kᵀ should be L × L for the 6-token sentence");
    assert.deepEqual(wrong, [8, 8], "Qᵀ K should be C × C with C = 8");
    const shapes = Object.fromEntries(steps.map(([name, shape]) => [name, shape]));
    assert.equal(shapes.q_BHTK, "[2, 2, 6, 4]");
    assert.equal(shapes.kT_BHKS, "[2, 2, 4, 6]");
    assert.equal(shapes.scores_BHTS, "[2, 2, 6, 6]");
    assert.equal(shapes.probs_BHTS, "[2, 2, 6, 6]");
    assert.equal(shapes.out_BHTK, "[2, 2, 6, 4]");
    assert.ok(traceDiff < 1e-5, `the trace differs from attention() by ${traceDiff}`);
  });

  test("every row of the attention heatmap sums to 1.000", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const text = (await page.textContent("#row-sums")) ?? "";
    const heatmapCells = await page.locator("svg [aria-label='cell'] rect").count();
    await close();
    assert.deepEqual(problems, []);
    const sums = text.match(/\d+\.\d{3}/g) ?? [];
    assert.equal(sums.length, 6, `row sums: ${text}`);
    assert.ok(sums.every((s) => s === "1.000"), `row sums: ${text}`);
    assert.equal(heatmapCells, 36, "the heatmap should have L × L = 36 cells");
  });

  test("a larger d_k spreads the unscaled scores; the scaled ones stay near 1", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const seen: {dK: number; unscaled: number; scaled: number}[] = [];
    let previous: string | null = await page.textContent("#std-unscaled");
    for (const dK of [4, 16, 256, 1024]) {
      await chooseDk(page, dK, previous);
      previous = await page.textContent("#std-unscaled");
      seen.push({dK, unscaled: await numberOf(page, "#std-unscaled"), scaled: await numberOf(page, "#std-scaled")});
    }
    problems.push(...(await page.evaluate(() => Array.from(document.querySelectorAll(".observablehq--error"), (e) => `cell error: ${e.textContent}`))));
    await close();
    assert.deepEqual(problems, []);
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i].unscaled > seen[i - 1].unscaled, `std of q·k should grow with d_k: ${JSON.stringify(seen)}`);
    }
    for (const s of seen) assert.ok(s.scaled > 0.5 && s.scaled < 2, `scaled std at d_k=${s.dK}: ${s.scaled}`);
    assert.ok(seen[3].unscaled > 20, `at d_k=1024 the std of q·k should be near 32: ${seen[3].unscaled}`);
  });
});

// The multi-head attention and masking pages, built and served statically, opened in Chromium: their
// key outputs computed in the page, and the heads' grid wrapping on a phone. (pages.test.ts checks
// that both load cleanly on a desktop and fit a 375 px phone in dark mode.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";

const suite = useBuiltSite();

describe("the multi-head attention page", () => {
  test("traces the shapes, draws one map per head, and every row sums to 1", async () => {
    const {page, problems, close} = await suite.open("multi-head-attention.html", {viewport: {width: 1280, height: 900}});
    const shapes = await page.$$eval("#mha-shapes tbody tr", (rows) =>
      Object.fromEntries(rows.map((r) => [r.querySelector("td")?.textContent ?? "", r.querySelectorAll("td")[1]?.textContent ?? ""]))
    );
    const titles = await page.$$eval("#mha-heads figure h2", (hs) => hs.map((h) => h.textContent));
    const headSvgs = await page.locator("#mha-heads figure svg").count();
    const sums = await page.$$eval("#mha-row-sums tbody td", (cells) => cells.map((c) => c.textContent));
    const params = await page.textContent("#mha-param-count");
    const diff = Number(await page.textContent("#mha-forward-diff"));
    const columnsDesktop = await page.$eval("#mha-heads", (g) => getComputedStyle(g).gridTemplateColumns.split(" ").length);
    await page.setViewportSize({width: 375, height: 812});
    // On a phone the grid wraps to fewer columns (the page redraws it for the new width).
    await page.waitForFunction((n) => getComputedStyle(document.querySelector("#mha-heads")!).gridTemplateColumns.split(" ").length < n, columnsDesktop);
    await close();
    assert.deepEqual(problems, []);
    assert.equal(shapes.query_BTC, "[1, 6, 32]");
    assert.equal(shapes.q_BHTK, "[1, 4, 6, 8]");
    assert.equal(shapes.probs_BHTS, "[1, 4, 6, 6]");
    assert.equal(shapes.merged_BTC, "[1, 6, 32]");
    assert.equal(shapes.output_BTC, "[1, 6, 32]");
    assert.deepEqual(titles, ["head 1", "head 2", "head 3", "head 4"]);
    assert.ok(headSvgs >= 4, `only ${headSvgs} heatmaps`);
    assert.equal(sums.length, 4 * 6);
    assert.ok(sums.every((s) => s === "1.000"), `row sums: ${sums.join(" ")}`);
    assert.equal(params, "4,224");
    assert.ok(diff < 1e-6, `the trace differs from forward by ${diff}`);
    assert.ok(columnsDesktop >= 2, `${columnsDesktop} column(s) on a desktop`);
  });
});

describe("the masking page", () => {
  test("shows a lower-triangular subsequent mask and the leak without it", async () => {
    const {page, problems, close} = await suite.open("masking.html", {viewport: {width: 1280, height: 900}});
    const subsequent = await page.$$eval("#subsequent-mask-table tbody tr", (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("td"), (c) => Number(c.textContent)))
    );
    const padding = await page.$$eval("#padding-mask-table tbody td", (cells) => cells.map((c) => Number(c.textContent)));
    const target = await page.$$eval("#target-mask-table tbody tr", (rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("td"), (c) => Number(c.textContent)))
    );
    const hasHeatmap = await page.locator("figure h2", {hasText: "subsequent mask"}).count();
    const without = Number(await page.textContent("#leak-without-mask"));
    const withMask = Number(await page.textContent("#leak-with-mask"));
    const inf = await page.textContent("#masked-row-inf");
    const fill = await page.textContent("#masked-row-fill");
    // Another future position: the slider recomputes both numbers.
    await page.locator("#leak-position").fill("2");
    await page.waitForFunction(() => document.querySelector("#leak-changed-position")?.textContent === "2");
    const without2 = Number(await page.textContent("#leak-without-mask"));
    const withMask2 = Number(await page.textContent("#leak-with-mask"));
    await close();
    assert.deepEqual(problems, []);
    assert.equal(subsequent.length, 5);
    subsequent.forEach((row, t) => row.forEach((v, s) => assert.equal(v, s <= t ? 1 : 0, `subsequent mask at t=${t}, s=${s}`)));
    assert.deepEqual(padding, [1, 1, 1, 0, 0]);
    target.forEach((row, t) => row.forEach((v, s) => assert.equal(v, s <= t && s < 3 ? 1 : 0, `target mask at t=${t}, s=${s}`)));
    assert.ok(hasHeatmap >= 1, "no heatmap titled subsequent mask");
    assert.ok(without > 1e-3, `without the mask the past moved only ${without}`);
    assert.ok(withMask < 1e-6, `with the mask the past moved by ${withMask}`);
    assert.equal(inf, "NaN, NaN, NaN, NaN");
    assert.equal(fill, "0.25, 0.25, 0.25, 0.25");
    assert.ok(without2 > 1e-3 && withMask2 < 1e-6, `position 2: ${without2} / ${withMask2}`);
  });
});

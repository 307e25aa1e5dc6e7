// The embeddings page: loads cleanly on a desktop and on a 375 px phone in dark mode, and shows
// its key outputs: the embedding scale, the relative-offset check, the encoding's chart and heatmap.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Browser, Page} from "playwright-core";
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

/** The numbers of a table row, found by its row label. */
async function rowNumbers(page: Page, tableId: string, label: string): Promise<number[]> {
  const row = page.locator(`#${tableId} tbody tr`).filter({has: page.locator("th", {hasText: label})});
  assert.equal(await row.count(), 1, `no single row "${label}" in #${tableId}`);
  return (await row.locator("td").allTextContents()).map(Number);
}

describe("the embeddings page", () => {
  test("loads cleanly on a desktop and shows its key outputs", async () => {
    const {page, problems, close} = await visit(browser, site.url + "embeddings.html", {viewport: {width: 1280, height: 900}});
    try {
      assert.deepEqual(problems, []);

      // The scaled embedding is within a factor of 3 of the positional encoding; the raw lookup is not.
      const [rawRms] = await rowNumbers(page, "embedding-scale", "raw lookup");
      const [scaledRms] = await rowNumbers(page, "embedding-scale", "√512");
      const [peRms] = await rowNumbers(page, "embedding-scale", "positional encoding");
      for (const v of [rawRms, scaledRms, peRms]) assert.ok(Number.isFinite(v) && v > 0, `not a scale: ${v}`);
      assert.ok(scaledRms / peRms < 3 && peRms / scaledRms < 3, `scaled ${scaledRms} vs encoding ${peRms}`);
      assert.ok(peRms / rawRms > 3, `raw ${rawRms} vs encoding ${peRms}`);

      // R_k PE(pos) = PE(pos + k) to float32 rounding, for k = 3 as the page starts.
      assert.equal(await page.inputValue("#offset-k"), "3");
      const error = Number(await page.textContent("#relative-offset-error"));
      assert.ok(Number.isFinite(error) && error < 1e-4, `relative-offset error ${error}`);

      // The dot product depends only on k: every column of the table is constant to 0.01.
      const dots = await Promise.all(["pos\u00a00", "pos\u00a010", "pos\u00a050", "pos\u00a0200", "Σ\u00a0cos"].map((l) => rowNumbers(page, "offset-dots", l)));
      dots.forEach((row) => row.forEach((v, j) => assert.ok(Math.abs(v - dots[0][j]) <= 0.011, `column ${j}: ${v} vs ${dots[0][j]}`)));
      assert.equal(dots[0][0], 256);

      // The line chart and the heatmap are drawn, each with a title.
      for (const id of ["pe-lines", "pe-heatmap"]) {
        assert.equal(await page.locator(`#${id} svg`).count() > 0, true, `no chart in #${id}`);
        const title = await page.locator(`#${id} figure h2, #${id} svg title, #${id} figure figcaption`).first().textContent();
        assert.match(title ?? "", /Positional encoding/, `#${id} has no title`);
      }
      assert.equal(await page.locator("#pe-lines svg path[stroke]").count() >= 4, true, "fewer than four lines");
      assert.equal(await page.locator('#pe-heatmap svg g[aria-label="raster"] image').count(), 1, "no raster image in the heatmap");

      assert.equal(await page.textContent("#pipeline-out"), "[1, 5, 512]");
    } finally {
      await close();
    }
  });

  test("moving the offset slider recomputes the check", async () => {
    const {page, problems, close} = await visit(browser, site.url + "embeddings.html", {viewport: {width: 1280, height: 900}});
    try {
      const before = await page.locator("#offset-check tbody tr").first().locator("td").allTextContents();
      assert.deepEqual(before.slice(0, 2), ["0", "3"]);
      await page.locator("#offset-k").fill("17");
      // The table's first row now compares pos 0 with pos 17.
      await page.waitForFunction(() => document.querySelector("#offset-check tbody tr td:nth-child(2)")?.textContent === "17", null, {timeout: 10_000});
      const error = Number(await page.textContent("#relative-offset-error"));
      assert.ok(Number.isFinite(error) && error < 1e-4, `relative-offset error ${error} at k = 17`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test("fits a 375 px phone screen in dark mode", async () => {
    const {page, problems, close} = await visit(browser, site.url + "embeddings.html", {
      viewport: {width: 375, height: 812},
      colorScheme: "dark"
    });
    try {
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.deepEqual(problems, []);
      assert.ok(scrollWidth <= 375, `the page is ${scrollWidth} px wide on a 375 px screen`);
      assert.equal(await page.locator("#pe-heatmap svg").count() > 0, true);
    } finally {
      await close();
    }
  });
});

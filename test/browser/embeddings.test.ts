// The embeddings page shows its key outputs: the embedding scale, the relative-offset check, the
// encoding's chart and heatmap (redrawn for a 375 px phone in dark mode). (pages.test.ts checks
// that it loads cleanly on a desktop and fits a phone.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();

/** The numbers of a table row, found by its row label. */
async function rowNumbers(page: Page, tableId: string, label: string): Promise<number[]> {
  const row = page.locator(`#${tableId} tbody tr`).filter({has: page.locator("th", {hasText: label})});
  assert.equal(await row.count(), 1, `no single row "${label}" in #${tableId}`);
  return (await row.locator("td").allTextContents()).map(Number);
}

describe("the embeddings page", () => {
  test("shows its key outputs on a desktop, and the heatmap on a 375 px phone in dark mode", async () => {
    const {page, problems, close} = await suite.open("embeddings.html", {viewport: {width: 1280, height: 900}});
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

      // On a 375 px phone in dark mode the page redraws the heatmap for the narrower column.
      await page.emulateMedia({colorScheme: "dark"});
      await page.setViewportSize({width: 375, height: 812});
      await page.waitForFunction(() => {
        const svgs = Array.from(document.querySelectorAll("#pe-heatmap svg"));
        return svgs.length > 0 && svgs.every((svg) => Number(svg.getAttribute("width")) <= 375);
      });
      await settle(page);
      assert.equal(await page.locator("#pe-heatmap svg").count() > 0, true);
      assert.deepEqual([...problems, ...(await pageErrors(page))], []);
    } finally {
      await close();
    }
  });

  test("moving the offset slider recomputes the check", async () => {
    const {page, problems, close} = await suite.open("embeddings.html", {viewport: {width: 1280, height: 900}});
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
});

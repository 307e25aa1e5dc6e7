// Every editable function on its page of the built site (one page load per page): the cell is there;
// the library's code passes Check with no difference and the page says the output below uses the
// library's version; a deliberate mistake (test/support/wrong-edits.ts), Run, switches that label to
// the reader's version and changes the output wired to the cell; Check then fails with a positive
// largest difference; Reset brings the library's version back. The attention page's cell has its
// own, deeper tests in editable-cell.test.ts.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {editable, editableNames} from "../../src/editing/catalogue.js";
import type {ComponentName} from "../../src/training/components.js";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";
import {applyWrongEdit, wrongEdits} from "../support/wrong-edits.js";
import {editableRegion} from "../support/library-source.js";

const suite = useBuiltSite();

/** What a page computes with a function's cell: the label that names the version, and an output. */
interface Downstream {
  source: string; // selector of the element that says "the library's <name>" or "your edited <name>"
  output: string; // selector of an output computed with the cell's value
}

const pages: {page: string; functions: {name: ComponentName; downstream?: Downstream}[]}[] = [
  {
    page: "embeddings",
    functions: [
      {name: "embed", downstream: {source: "#embed-source", output: "#tiny-embedding-rows"}},
      {name: "positionalEncodingTable", downstream: {source: "#pe-source", output: "#pe-heatmap"}}
    ]
  },
  {page: "attention", functions: [{name: "attention", downstream: {source: "#weights-source", output: "#weights-max"}}]},
  {
    page: "multi-head-attention",
    functions: [
      {name: "splitHeads", downstream: {source: "#heads-source", output: "#mha-forward-diff"}},
      {name: "mergeHeads", downstream: {source: "#heads-source", output: "#mha-forward-diff"}}
    ]
  },
  {page: "masking", functions: [{name: "subsequentMask", downstream: {source: "#mask-source", output: "#subsequent-mask-table"}}]},
  {
    page: "stacks",
    functions: [
      {name: "layerNorm", downstream: {source: "#layernorm-source", output: "#layernorm-difference table"}},
      {name: "sublayerConnection"},
      {name: "feedForward"},
      {name: "encoderLayer"},
      {name: "decoderLayer"}
    ]
  },
  {page: "architecture", functions: [{name: "generator", downstream: {source: "#generator-source", output: "#generator-row-sums"}}]},
  {page: "batches", functions: [{name: "makeBatch", downstream: {source: "#batch-source", output: "#tgt-y-table"}}]},
  {
    page: "loss-and-schedule",
    functions: [
      {name: "smoothedTargets", downstream: {source: "#smoothing-source", output: "#smoothed-targets-table"}},
      {name: "rate", downstream: {source: "#rate-source", output: "#noam-peak"}}
    ]
  }
];


const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? "");
const html = (page: Page, selector: string) => page.$eval(selector, (e) => e.outerHTML);

async function check(page: Page, name: string): Promise<{pass: boolean; maxDiff: number}> {
  await page.click(`#cell-${name}-check`);
  await page.waitForSelector(`#cell-${name}-check-verdict`);
  return {
    pass: (await page.getAttribute(`#cell-${name}-check-verdict`, "data-pass")) === "true",
    maxDiff: Number(await text(page, `#cell-${name}-check-maxdiff`))
  };
}

async function waitForLabel(page: Page, selector: string, wanted: string): Promise<void> {
  await page.waitForFunction(([s, w]) => (document.querySelector(s)?.textContent ?? "").includes(w), [selector, wanted] as const, {timeout: 20_000});
  await settle(page);
}

describe("every editable function on its page", () => {
  test("the list below names every function of the catalogue", () => {
    assert.deepEqual(pages.flatMap((p) => p.functions.map((f) => f.name)).sort(), [...editableNames].sort());
  });
  for (const {page: name, functions} of pages) {
    test(`${name}: ${functions.map((f) => f.name).join(", ")}`, async () => {
      const {page, problems, close} = await suite.open(`${name}.html`);
      try {
        for (const {name: fn, downstream} of functions) {
          assert.equal(editable(fn).page, name, `${fn} belongs on ${editable(fn).page}`);
          assert.equal(await page.locator(`#cell-${fn}`).count(), 1, `${name} has no cell for ${fn}`);
          const library = await check(page, fn);
          assert.deepEqual(library, {pass: true, maxDiff: 0}, `${fn}: the library's code should pass Check`);

          let before = "";
          if (downstream) {
            await settle(page);
            assert.match(await text(page, downstream.source), new RegExp(`the library's ${fn}`));
            before = await html(page, downstream.output);
          }
          const wrong = applyWrongEdit(editableRegion(fn), fn);
          await page.evaluate(([id, code]) => (document.querySelector(id) as HTMLElement & {setCode(s: string): void}).setCode(code), [`#cell-${fn}`, wrong] as const);
          await page.click(`#cell-${fn}-run`);
          await page.waitForSelector(`#cell-${fn}-ok`);
          assert.match(await text(page, `#cell-${fn}-status`), /Your version ran/, `${fn}: ${wrongEdits[fn].what} should run`);
          if (downstream) {
            await waitForLabel(page, downstream.source, `your edited ${fn}`);
            assert.notEqual(await html(page, downstream.output), before, `${fn}: ${downstream.output} should change with ${wrongEdits[fn].what}`);
          }
          const failed = await check(page, fn);
          assert.equal(failed.pass, false, `${fn}: ${wrongEdits[fn].what} should fail Check`);
          assert.ok(failed.maxDiff > 0, `${fn}: largest difference ${failed.maxDiff}`);

          await page.click(`#cell-${fn}-reset`);
          if (downstream) {
            await waitForLabel(page, downstream.source, `the library's ${fn}`);
            assert.equal(await html(page, downstream.output), before, `${fn}: Reset should bring the library's output back`);
          }
        }
        problems.push(...(await pageErrors(page)));
      } finally {
        await close();
      }
      assert.deepEqual(problems, []);
    });
  }
});

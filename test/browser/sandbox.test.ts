// The reader's code cannot freeze the page (src/editing/trial.ts): on the attention page, edits of
// `attention` that are correct but leave an endless loop in a timer, run a catastrophic regular
// expression or allocate a huge array are each stopped in the cell within a few seconds, the page
// keeps answering, its cells keep the library's attention, and a correct edit still runs and
// reaches the cells below.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {editableRegion} from "../support/library-source.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();
const region = editableRegion("attention");
/** The library's attention with `statement` as the first statement inside its tf.tidy. */
const withStatement = (statement: string) => {
  const text = region.replace("return tf.tidy(() => {", `return tf.tidy(() => {\n    ${statement}`);
  assert.notEqual(text, region);
  return text;
};

async function runEdit(page: Page, text: string): Promise<{status: string; tookMs: number}> {
  await page.evaluate((t) => (document.querySelector("#cell-attention") as HTMLElement & {setCode(s: string): void}).setCode(t), text);
  const t0 = Date.now();
  await page.click("#cell-attention-run");
  await page.waitForFunction(() => document.querySelector("#cell-attention-error, #cell-attention-ok") !== null, null, {timeout: 15_000});
  const tookMs = Date.now() - t0;
  return {status: (await page.textContent("#cell-attention-status")) ?? "", tookMs};
}

/** The page answers a trivial evaluation within a second, and again a little later (a timer left behind would have fired by then). */
async function assertResponsive(page: Page): Promise<void> {
  for (const wait of [0, 500]) {
    await page.waitForTimeout(wait);
    const t0 = Date.now();
    assert.equal(await page.evaluate(() => 1), 1);
    assert.ok(Date.now() - t0 < 1000, `the page took ${Date.now() - t0} ms to answer`);
  }
}

const source = (page: Page) => page.textContent("#weights-source");

describe("the reader's code cannot freeze the page", () => {
  test("a timer, a catastrophic regular expression and a huge allocation are stopped; a correct edit still runs", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const cases: [string, string, RegExp][] = [
      ["a timer with an endless loop", "setTimeout(() => { while (true) {} });", /^Error.*setTimeout is not available in an edited function/],
      ["the same timer reached through globalThis", "globalThis.setTimeout(() => { while (true) {} });", /^Stopped.*left a timer or promise/],
      ["a catastrophic regular expression", 'if (/(a+)+$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")) throw new Error("matched");', /^Stopped.*stopped after 2 s/],
      ["a huge allocation", "if (Array.from({length: 3e8}, (_, i) => i).length === 0) throw new Error();", /^Stopped/]
    ];
    for (const [what, statement, expected] of cases) {
      const {status, tookMs} = await runEdit(page, withStatement(statement));
      assert.match(status, expected, what);
      assert.match(status, /The page keeps using the library's code/, what);
      assert.ok(tookMs < 6000, `${what}: the cell answered after ${tookMs} ms`);
      await assertResponsive(page);
      assert.equal(await source(page), "the library's attention", what);
    }
    const {status} = await runEdit(page, region.replace("Math.sqrt(dK)", "1"));
    assert.match(status, /Your version ran on the fixed inputs/);
    await page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    await settle(page);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });
});

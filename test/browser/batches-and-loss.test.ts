// The pages on batches (label shifting, padding, ntokens) and on the loss and the schedule (label
// smoothing, its penalty curve, the Noam rate): their key outputs are right and follow the reader's
// input. (pages.test.ts checks that they load cleanly on a desktop and on a 375 px phone.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {settle} from "../support/visit.js";

const suite = useBuiltSite();

/** The [decoder input, label] pairs of a table whose columns are position, input, ..., label. */
function pairs(page: Page, id: string): Promise<string[][]> {
  return page.evaluate(
    (id) =>
      Array.from(document.querySelectorAll(`#${id} tbody tr`), (tr) => {
        const cells = Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "");
        return [cells[1], cells[cells.length - 1]];
      }),
    id
  );
}

describe("batches: label shifting and ntokens", () => {
  test("the mushrooms table pairs each decoder input with the next gold token", async () => {
    const {page, problems, close} = await suite.open("batches.html");
    const rows = await page.evaluate(() =>
      Array.from(document.querySelectorAll("#mushrooms-table tbody tr"), (tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent))
    );
    await close();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[3]]),
      [
        ["0", "<bos>", "I"],
        ["1", "I", "like"],
        ["2", "like", "eating"],
        ["3", "eating", "mushrooms"],
        ["4", "mushrooms", "<eos>"]
      ]
    );
    assert.equal(rows[0][2], "<bos> + source");
  });

  test("typing a sentence rebuilds the shift table with <bos> and <eos> added", async () => {
    const {page, problems, close} = await suite.open("batches.html");
    const before = await pairs(page, "shift-table");
    await page.fill("#sentence-input", "hello big world");
    await page.waitForFunction(() => document.querySelectorAll("#shift-table tbody tr").length === 4);
    await settle(page);
    const after = await pairs(page, "shift-table");
    await close();
    assert.deepEqual(problems, []);
    assert.equal(before.length, 7); // "the cat sat on the mat": 6 words, 7 positions
    assert.deepEqual(after, [
      ["<bos>", "hello"],
      ["hello", "big"],
      ["big", "world"],
      ["world", "<eos>"]
    ]);
  });

  test("ntokens counts the non-pad labels of the padded batch: 5 + 4 + 2", async () => {
    const {page, problems, close} = await suite.open("batches.html");
    const ntokens = await page.textContent("#ntokens");
    await close();
    assert.deepEqual(problems, []);
    assert.equal(ntokens, "11");
  });
});

describe("loss and schedule", () => {
  test("the smoothed targets are drawn, the penalty curve is finite, the Noam peak follows warmup", async () => {
    const {page, problems, close} = await suite.open("loss-and-schedule.html");
    const heatmapTitle = await page.textContent("#smoothed-targets h2");
    const finite = await page.textContent("#penalty-finite");
    const peakBefore = await page.textContent("#noam-peak");
    await page.selectOption("#noam-warmup", "8000");
    await page.waitForFunction(() => /at step 8000$/.test(document.querySelector("#noam-peak")?.textContent ?? ""));
    const peakAfter = await page.textContent("#noam-peak");
    await page.selectOption("#noam-dmodel", "128");
    await page.waitForFunction(() => /^lrate = 9\.882e-4 at step 8000$/.test(document.querySelector("#noam-peak")?.textContent ?? ""));
    await settle(page);
    await close();
    assert.deepEqual(problems, []);
    assert.equal(heatmapTitle, "smoothed targets");
    assert.equal(finite, "all 99 values finite");
    // (512 · 4000)^-0.5 = 6.988e-4, (512 · 8000)^-0.5 = 4.941e-4, (128 · 8000)^-0.5 = 9.882e-4
    assert.equal(peakBefore, "lrate = 6.988e-4 at step 4000");
    assert.equal(peakAfter, "lrate = 4.941e-4 at step 8000");
  });
});

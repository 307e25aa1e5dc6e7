// The editable attention cell on the attention page, against the built site: an edit that drops
// 1/sqrt(d_k) changes the heatmap downstream and fails Check, survives a reload, and Reset brings
// the library's code back; syntax and runtime errors stay in the cell with their line; an endless
// loop is stopped and the page still responds; an edit made against older code waits for the reader.
//
// Edits go through the cell's test hook, `document.querySelector("#cell-attention").setCode(text)`,
// which replaces the editor's text as one CodeMirror transaction (as typing would); runs go through
// the keyboard (Shift+Enter in the editor) or the Run button.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";
import {editableRegion} from "../support/library-source.js";

const suite = useBuiltSite();
const region = editableRegion("attention");
const unscaled = region.replace("Math.sqrt(dK)", "1");

/** The 1-based line of `region` that contains `text`. */
const lineOf = (text: string) => region.split("\n").findIndex((l) => l.includes(text)) + 1;

async function setCode(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (document.querySelector("#cell-attention") as HTMLElement & {setCode(s: string): void}).setCode(t), text);
}

async function editorText(page: Page): Promise<string> {
  return page.$$eval("#cell-attention .cm-content .cm-line", (lines) => lines.map((l) => l.textContent ?? "").join("\n"));
}

async function weights(page: Page): Promise<{max: string; source: string; fills: string[]}> {
  return {
    max: (await page.textContent("#weights-max")) ?? "",
    source: (await page.textContent("#weights-source")) ?? "",
    fills: await page.$$eval("svg [aria-label='cell'] rect", (rects) => rects.map((r) => r.getAttribute("fill") ?? ""))
  };
}

async function check(page: Page): Promise<{pass: boolean; maxDiff: number; rows: number}> {
  await page.click("#cell-attention-check");
  await page.waitForSelector("#cell-attention-check-verdict");
  const pass = (await page.getAttribute("#cell-attention-check-verdict", "data-pass")) === "true";
  const maxDiff = Number(await page.textContent("#cell-attention-check-maxdiff"));
  const rows = await page.locator("#cell-attention-check-table tbody tr").count();
  return {pass, maxDiff, rows};
}

async function waitForSource(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector("#weights-source")?.textContent === t, text);
  await settle(page);
}

describe("the editable attention cell", () => {
  test("drop 1/sqrt(d_k): the heatmap changes and Check fails; reload keeps it; Reset restores it and Check passes", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    assert.equal(await editorText(page), region, "the editor shows the library's attention region");
    assert.equal(await page.isVisible("#cell-attention-marker"), false);
    const before = await weights(page);
    assert.equal(before.source, "the library's attention");
    assert.equal(before.fills.length, 36);

    await setCode(page, unscaled);
    assert.equal(await page.isVisible("#cell-attention-marker"), true, "the edited marker shows");
    await page.focus("#cell-attention .cm-content");
    await page.keyboard.press("Shift+Enter");
    await waitForSource(page, "your edited attention");
    const after = await weights(page);
    assert.notEqual(after.max, before.max, "the largest weight changes without the scaling");
    assert.notDeepEqual(after.fills, before.fills, "the heatmap's colours change");
    const failed = await check(page);
    assert.equal(failed.pass, false);
    assert.ok(failed.maxDiff > 1e-2, `Check should report a clear difference, got ${failed.maxDiff}`);
    assert.equal(failed.rows, 6, "3 fixed inputs × 2 outputs (out_BHTK, probs_BHTS)");
    assert.match((await page.textContent("#cell-attention-check-table")) ?? "", /probs_BHTS.*\[2, 2, 6, 6\]/);

    await page.reload();
    await settle(page);
    assert.equal(await editorText(page), unscaled, "the edit survives a reload");
    assert.equal(await page.isVisible("#cell-attention-marker"), true);
    await waitForSource(page, "your edited attention"); // it runs again, once its trial in the worker passed
    assert.equal((await weights(page)).source, "your edited attention", "and runs again");
    assert.equal((await weights(page)).max, after.max);

    await page.click("#cell-attention-reset");
    await waitForSource(page, "the library's attention");
    assert.equal(await editorText(page), region);
    assert.equal(await page.isVisible("#cell-attention-marker"), false);
    assert.equal((await weights(page)).max, before.max);
    const passed = await check(page);
    assert.equal(passed.pass, true);
    assert.equal(passed.maxDiff, 0);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("a syntax error shows its line; a runtime (shape) error stays in the cell and the page keeps working", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const before = await weights(page);

    const broken = region.replace("const [B, H, , dK] = q_BHTK.shape;", "const [B, H, , dK] = q_BHTK.shape +;");
    await setCode(page, broken);
    await page.click("#cell-attention-run");
    await page.waitForSelector("#cell-attention-error");
    const line = lineOf("const [B, H, , dK] = q_BHTK.shape;");
    assert.equal(await page.getAttribute("#cell-attention-error", "data-line"), String(line));
    assert.match((await page.textContent("#cell-attention-error")) ?? "", new RegExp(`^Syntax error at line ${line}, column \\d+`));

    const wrongShape = region.replace('expectDim("attention", "k_BHSK", k_BHSK, 3, dK,', 'expectDim("attention", "k_BHSK", k_BHSK, 3, dK + 1,');
    assert.notEqual(wrongShape, region);
    await setCode(page, wrongShape);
    await page.click("#cell-attention-run");
    await page.waitForFunction(() => /^Error/.test(document.querySelector("#cell-attention-error")?.textContent ?? ""));
    const message = (await page.textContent("#cell-attention-error")) ?? "";
    assert.match(message, /k_BHSK has shape \[2,2,6,4\]/, message);
    assert.match(message, /at line \d+, column \d+/, "the runtime error names a line");
    assert.deepEqual(await weights(page), before, "the heatmap keeps the last good attention");

    // The rest of the page still runs: the d_k control still recomputes its statistics.
    const std = await page.textContent("#std-unscaled");
    await page.selectOption("#dk-select", "1024");
    await page.waitForFunction((old) => document.querySelector("#std-unscaled")?.textContent !== old, std);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("a syntax error deep inside tf.tidy(() => { … }) is reported at its own line and column", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const good = "const probs_BHTS = tf.softmax(scores_BHTS) as tf.Tensor4D;";
    const broken = region.replace(good, "const probs_BHTS = tf.softmax(scores_BHTS) as tf.Tensor4D +;");
    assert.notEqual(broken, region);
    await setCode(page, broken);
    await page.click("#cell-attention-run");
    await page.waitForSelector("#cell-attention-error");
    const line = lineOf(good);
    assert.ok(line > lineOf("return tf.tidy(() => {"), "the broken line is inside the tidy");
    const column = region.split("\n")[line - 1].indexOf(";") + 3; // after " +"
    assert.match((await page.textContent("#cell-attention-error")) ?? "", new RegExp(`^Syntax error at line ${line}, column ${column}:`));
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  for (const width of [1280, 375]) {
    test(`at ${width} px, after load and with no click, every line number sits beside its line`, async () => {
      const {page, problems, close} = await suite.open("attention.html", {viewport: {width, height: 900}});
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      // The cell is below the fold: CodeMirror has not measured its lines in view.
      const offsets = await page.$$eval("#cell-attention", ([cell]) => {
        const lines = [...cell.querySelectorAll(".cm-content .cm-line")].map((l) => l.getBoundingClientRect().top);
        const numbers = [...cell.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].filter((g) => /^\d+$/.test(g.textContent ?? "") && g.getBoundingClientRect().height > 0);
        return {lines: lines.length, off: numbers.map((g) => [Number(g.textContent), g.getBoundingClientRect().top - lines[Number(g.textContent) - 1]])};
      });
      assert.equal(offsets.off.length, offsets.lines, "a number for every line");
      const wrong = offsets.off.filter(([, d]) => Math.abs(d) > 1);
      assert.deepEqual(wrong, [], `line numbers off their lines by [number, px]: ${JSON.stringify(wrong.slice(0, 5))}`);
      problems.push(...(await pageErrors(page)));
      await close();
      assert.deepEqual(problems, []);
    });
  }

  test("an endless loop is stopped and the page still responds", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const before = await weights(page);
    const endless = region.replace("return tf.tidy(() => {", "return tf.tidy(() => {\n    while (true) {}");
    assert.notEqual(endless, region);
    await setCode(page, endless);
    await page.click("#cell-attention-run");
    await page.waitForSelector("#cell-attention-error", {timeout: 10_000});
    assert.match((await page.textContent("#cell-attention-error")) ?? "", /^Stopped.*stopped after 2 s/);
    const start = Date.now();
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    assert.ok(Date.now() - start < 1000, "the page answers within a second");
    assert.deepEqual(await weights(page), before);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("Tab leaves the editor; an edit made against older code is offered, not run", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    await page.focus("#cell-attention .cm-content");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "cell-attention-run", "Tab moves on to the Run button");

    await page.evaluate((code) => localStorage.setItem("course-edit:attention@00000000", JSON.stringify({code, savedAt: "2020-01-01T00:00:00.000Z"})), unscaled);
    await page.reload();
    await settle(page);
    assert.equal(await page.isVisible("#cell-attention-stale"), true);
    assert.match((await page.textContent("#cell-attention-stale")) ?? "", /made against an older version of the code/);
    assert.equal((await weights(page)).source, "the library's attention", "the old edit does not run by itself");
    await page.click("#cell-attention-keep");
    await waitForSource(page, "your edited attention");
    assert.equal(await page.isVisible("#cell-attention-stale"), false);
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("course-edit:attention@")));
    assert.equal(keys.length, 1);
    assert.notEqual(keys[0], "course-edit:attention@00000000", "kept under the current version");
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });
});

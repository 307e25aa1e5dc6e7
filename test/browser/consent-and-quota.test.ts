// Nothing run without consent, nothing lost without a word, against the built site: an edit in an
// imported file is shown on its page and does not run (not even its top-level statements) until the
// reader presses Run, and the import summary names it; with the browser's storage full, saving a
// note or a code edit says so at that control and keeps the text in the editor.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {hashSource} from "../../src/editing/store.js";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";
import {editableRegion} from "../support/library-source.js";

const suite = useBuiltSite();
const region = editableRegion("attention");
const hostile = `window.__pwned = 1; document.title = "x";\n${region}`;
const pwned = (page: Page) => page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned);
const editorText = (page: Page) => page.evaluate(() => document.querySelector("#cell-attention .cm-content")?.textContent ?? "");

/** Fills localStorage until it refuses even one more character. */
async function fillStorage(page: Page): Promise<void> {
  await page.evaluate(() => {
    let size = 1 << 20;
    for (let i = 0; size >= 1; i++) {
      try {
        localStorage.setItem(`filler-${i}`, "x".repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
  });
}

describe("imported code waits for the reader; a full storage is reported", () => {
  test("an imported edit of the current code is shown, not run, after a reload, until Run; the summary names it", async () => {
    const {page, problems, close} = await suite.open("index.html");
    const file = JSON.stringify({
      format: "annotated-transformer-ts/edits-and-notes",
      version: 1,
      entries: {[`course-edit:attention@${hashSource(region)}`]: JSON.stringify({code: hostile, savedAt: "2026-01-01T00:00:00.000Z"})}
    });
    await page.setInputFiles("#course-import", {name: "shared.json", mimeType: "application/json", buffer: Buffer.from(file)});
    await page.waitForSelector("#course-data-status[data-ok='true']");
    const summary = (await page.textContent("#course-data-status")) ?? "";
    assert.match(summary, /Imported 1 edit and 0 notes/);
    assert.match(summary, /does not run until you have read it.*Run or Keep.*: attention\./, summary);

    await page.goto(suite.site.url + "attention.html");
    await settle(page);
    await page.reload();
    await settle(page);
    const title = await page.title();
    assert.equal(await pwned(page), undefined, "the imported code did not run");
    assert.notEqual(title, "x");
    assert.equal(await page.isVisible("#cell-attention-stale"), true);
    assert.match((await page.textContent("#cell-attention-stale")) ?? "", /imported from a file and has not run/);
    assert.match(await editorText(page), /window\.__pwned = 1/, "the reader sees the imported code");
    assert.equal(await page.textContent("#weights-source"), "the library's attention");

    await page.click("#cell-attention-run");
    await page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    assert.equal(await pwned(page), 1, "Run runs it");
    assert.equal(await page.title(), "x");
    assert.equal(await page.isVisible("#cell-attention-stale"), false);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("with the storage full, saving a note or a code edit says why at that control and keeps the text", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    await page.click("#note-attention-attention-add");
    await page.fill("#note-attention-attention-text", "first");
    await page.click("#note-attention-attention-save");
    await page.waitForSelector("#note-attention-attention-rendered");
    await fillStorage(page);

    await page.click("#note-attention-attention-edit");
    await page.fill("#note-attention-attention-text", "first, and a much longer second thought");
    await page.click("#note-attention-attention-save");
    await page.waitForSelector("#note-attention-attention-error:not([hidden])");
    assert.match((await page.textContent("#note-attention-attention-error")) ?? "", /^Not saved: this browser's storage for the site is full \(QuotaExceededError.*Your note is still in the editor/);
    assert.equal(await page.inputValue("#note-attention-attention-text"), "first, and a much longer second thought");

    const edited = region.replace("Math.sqrt(dK)", "1");
    await page.evaluate((t) => (document.querySelector("#cell-attention") as HTMLElement & {setCode(s: string): void}).setCode(t), edited);
    await page.waitForSelector("#cell-attention-save-error:not([hidden])");
    assert.match((await page.textContent("#cell-attention-save-error")) ?? "", /^Not saved: this browser's storage for the site is full \(QuotaExceededError.*Your code is still in the editor/);
    assert.match(await editorText(page), /matMul\(q_BHTK, kT_BHKS\), 1\)/, "the edit is still in the editor");
    await page.click("#cell-attention-run");
    await page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });
});

// Notes, export/import and per-page reset, against the built site: a Markdown note renders, a
// hostile one runs nothing, notes survive a reload; an export imported into a fresh browser profile
// restores the note and the edit, which waits for the reader's Keep; a hostile or malformed file is
// refused and changes nothing; Reset this page removes the page's edit and note and brings the
// library's code back.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";
import {editableRegion} from "../support/library-source.js";

const suite = useBuiltSite();
const region = editableRegion("attention");
const unscaled = region.replace("Math.sqrt(dK)", "1");
// The image is a broken data: image (its onerror would fire, and no request is made: a same-site
// path such as src=x is kept by the sanitiser and would be fetched, a 404 here).
const HOSTILE = '<img src="data:image/png;base64,AAAA" onerror="window.__pwned=1">\n\n<script>window.__pwned=2</script>\n\n[x](javascript:window.__pwned=3)';

async function writeNote(page: Page, id: string, text: string): Promise<void> {
  await page.click(`#${id}-add, #${id}-edit`);
  await page.fill(`#${id}-text`, text);
  await page.click(`#${id}-save`);
  await page.waitForSelector(`#${id}-rendered`);
}

async function courseStorage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("course-")).sort().map((k) => [k, localStorage.getItem(k) ?? ""])));
}

async function setCode(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (document.querySelector("#cell-attention") as HTMLElement & {setCode(s: string): void}).setCode(t), text);
}

describe("notes, export/import and per-page reset", () => {
  test("a Markdown note renders, a hostile one runs nothing, both survive a reload, and Delete removes it", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    await writeNote(page, "note-attention-attention", "**Scaling** keeps the softmax *soft*.\n\n- one\n- two");
    assert.equal(await page.textContent("#note-attention-attention-rendered strong"), "Scaling");
    assert.equal(await page.locator("#note-attention-attention-rendered li").count(), 2);

    await writeNote(page, "note-attention-page", HOSTILE);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned), undefined);
    const html = await page.innerHTML("#note-attention-page-rendered");
    assert.doesNotMatch(html, /<script|onerror|javascript:/i, html);
    assert.equal(await page.locator("#page-notes script").count(), 0);

    await page.reload();
    await settle(page);
    assert.equal(await page.textContent("#note-attention-attention-rendered strong"), "Scaling", "the note survives a reload");
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned), undefined, "the hostile note runs nothing after a reload either");

    await page.click("#note-attention-attention-edit");
    assert.equal(await page.inputValue("#note-attention-attention-text"), "**Scaling** keeps the softmax *soft*.\n\n- one\n- two", "editable again");
    await page.fill("#note-attention-attention-text", "# Changed");
    await page.click("#note-attention-attention-save");
    assert.equal(await page.textContent("#note-attention-attention-rendered h1"), "Changed");
    await page.click("#note-attention-page-delete");
    await page.waitForSelector("#note-attention-page-add");
    assert.deepEqual(Object.keys(await courseStorage(page)), ["course-note:attention/attention"]);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("export, then import into a fresh browser profile, restores the edit and the note", async () => {
    const first = await suite.open("attention.html");
    await setCode(first.page, unscaled);
    await first.page.click("#cell-attention-run");
    await first.page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    await writeNote(first.page, "note-attention-attention", "my **own** note");
    await first.page.goto(suite.site.url + "index.html");
    await settle(first.page);
    const downloading = first.page.waitForEvent("download");
    await first.page.click("#course-export");
    const download = await downloading;
    const file = readFileSync((await download.path())!, "utf8");
    const exported = JSON.parse(file) as {format: string; version: number; entries: Record<string, string>};
    assert.equal(exported.format, "annotated-transformer-ts/edits-and-notes");
    assert.equal(Object.keys(exported.entries).length, 2);
    const stored = await courseStorage(first.page);
    first.problems.push(...(await pageErrors(first.page)));
    await first.close();
    assert.deepEqual(first.problems, []);

    const second = await suite.open("index.html"); // a new context: a fresh profile
    assert.deepEqual(await courseStorage(second.page), {});
    await second.page.setInputFiles("#course-import", {name: "export.json", mimeType: "application/json", buffer: Buffer.from(file)});
    await second.page.waitForSelector("#course-data-status[data-ok='true']");
    assert.match((await second.page.textContent("#course-data-status")) ?? "", /Imported 1 edit and 1 note.*: attention\./);
    const imported = await courseStorage(second.page);
    assert.deepEqual(Object.keys(imported), Object.keys(stored));
    for (const [key, value] of Object.entries(stored)) {
      // An edit comes back marked as imported: it waits for the reader's Run or Keep.
      assert.deepEqual(JSON.parse(imported[key]), key.startsWith("course-edit:") ? {...JSON.parse(value), imported: true} : JSON.parse(value));
    }
    await second.page.goto(suite.site.url + "attention.html");
    await settle(second.page);
    assert.equal(await second.page.textContent("#weights-source"), "the library's attention", "the imported edit waits for the reader");
    assert.equal(await second.page.isVisible("#cell-attention-stale"), true);
    await second.page.click("#cell-attention-keep");
    await second.page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    assert.equal(await second.page.isVisible("#cell-attention-marker"), true);
    assert.equal(await second.page.textContent("#note-attention-attention-rendered strong"), "own");
    second.problems.push(...(await pageErrors(second.page)));
    await second.close();
    assert.deepEqual(second.problems, []);
  });

  test("a hostile or malformed file is refused with a message and changes nothing", async () => {
    const {page, problems, close} = await suite.open("index.html");
    await page.evaluate(() => localStorage.setItem("course-note:masking/page", JSON.stringify({v: 1, text: "mine", savedAt: ""})));
    const before = await courseStorage(page);
    const good = {format: "annotated-transformer-ts/edits-and-notes", version: 1, entries: {"course-note:attention/page": JSON.stringify({v: 1, text: "ok"})}};
    const files = [
      "{not json",
      JSON.stringify({...good, format: "other"}),
      JSON.stringify({...good, entries: {...good.entries, "evil:script": "<script>window.__pwned=4</script>"}}),
      JSON.stringify({...good, entries: {...good.entries, "course-note:masking/page": {v: 1, text: "not a string"}}})
    ];
    for (const [i, text] of files.entries()) {
      await page.setInputFiles("#course-import", {name: `bad${i}.json`, mimeType: "application/json", buffer: Buffer.from(text)});
      await page.waitForFunction(() => /nothing changed/.test(document.querySelector("#course-data-status")?.textContent ?? ""));
      assert.equal(await page.getAttribute("#course-data-status", "data-ok"), "false");
      assert.deepEqual(await courseStorage(page), before, `file ${i} changes nothing`);
      await page.evaluate(() => {
        const s = document.querySelector("#course-data-status")!;
        s.textContent = "";
        s.removeAttribute("data-ok");
      });
    }
    assert.equal(await page.evaluate(() => (window as unknown as {__pwned?: number}).__pwned), undefined);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });

  test("Reset this page asks first, then removes the page's edit and note and brings the library's code back", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    await page.evaluate(() => localStorage.setItem("course-note:masking/page", JSON.stringify({v: 1, text: "other page", savedAt: ""})));
    await setCode(page, unscaled);
    await page.click("#cell-attention-run");
    await page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    await writeNote(page, "note-attention-page", "page note");
    await page.click("#page-reset");
    assert.equal(await page.isVisible("#page-reset-ask"), true);
    await page.click("#page-reset-cancel");
    assert.equal(await page.isVisible("#page-reset-ask"), false);
    assert.equal(Object.keys(await courseStorage(page)).length, 3, "Cancel keeps everything");
    await page.click("#page-reset");
    await Promise.all([page.waitForEvent("load"), page.click("#page-reset-confirm")]);
    await settle(page);
    assert.deepEqual(Object.keys(await courseStorage(page)), ["course-note:masking/page"], "only the other page's note is left");
    assert.equal(await page.textContent("#weights-source"), "the library's attention");
    assert.equal(await page.isVisible("#cell-attention-marker"), false);
    assert.equal(await page.isVisible("#note-attention-page-add"), true);
    problems.push(...(await pageErrors(page)));
    await close();
    assert.deepEqual(problems, []);
  });
});

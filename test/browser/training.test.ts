// The training page in headless Chromium (wasm, in a Web Worker): copy-tiny learns to copy; Pause
// holds the step and Resume continues from it; a saved model survives a reload (test/browser/model-store.test.ts has the store); a weights file that
// does not fit is refused by name and the model keeps decoding; an invalid custom configuration is
// refused; the page is clean at desktop width and on a 375 px phone in dark mode.
import assert from "node:assert/strict";
import {readFile} from "node:fs/promises";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const step = async (page: Page) => Number((await text(page, "#train-step")).split(" / ")[0]);
const startEnabled = (page: Page) => page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 30_000});

/** The same safetensors file with one tensor's shape swapped, so that it no longer fits the model. */
function breakShape(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  const changed = header.replace(from, to);
  assert.notEqual(changed, header, `no ${from} in the header`);
  assert.equal(changed.length, header.length);
  const out = bytes.slice();
  out.set(new TextEncoder().encode(changed), 8);
  return out;
}

test("training page: refuse a bad config, train copy-tiny with pause and resume, save, reload, load, refuse a bad file", async () => {
  const {page, problems, close} = await suite.open("training.html", {viewport: {width: 1280, height: 900}, acceptDownloads: true});
  try {
    await startEnabled(page);
    // The page is cross-origin isolated (its service worker), so wasm may use threads: half the cores.
    assert.match(await text(page, "#train-backend-status"), /training runs on wasm, \d+ threads?, in a Web Worker/);

    // An invalid custom configuration: messages, Start disabled, and even a forced click starts nothing.
    await page.check("#train-preset-custom");
    await page.fill("#custom-h", "3");
    assert.match(await text(page, "#train-config-problems"), /h = 3 must divide d_model = 32/);
    assert.equal(await page.isDisabled("#train-start"), true);
    await page.evaluate(() => (document.querySelector("#train-start") as HTMLButtonElement).click());
    await page.waitForTimeout(500);
    assert.equal(await text(page, "#train-state"), "idle");
    assert.equal(await text(page, "#train-step"), "–");

    // copy-tiny, paused and resumed on the way.
    await page.check("#train-preset-copy-tiny");
    await startEnabled(page);
    await page.click("#train-start");
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 30, null, {timeout: 30_000});
    await page.click("#train-pause");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "paused");
    const paused = await step(page);
    await page.waitForTimeout(1000);
    assert.equal(await step(page), paused, "the step counter moved while paused");
    assert.equal(await page.isDisabled("#train-pause"), true);
    await page.click("#train-resume");
    await page.waitForFunction((p) => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) > p, paused);
    const resumed = await step(page);
    assert.ok(resumed > paused && resumed < paused + 60, `resumed at step ${resumed} after pausing at ${paused}`);
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "finished", null, {timeout: 90_000});
    assert.equal(await text(page, "#train-step"), "400 / 400");
    const exact = parseFloat(await text(page, "#train-exact"));
    assert.ok(exact >= 95, `exact match ${exact}%`);
    assert.equal(await text(page, "#train-error"), "");
    // A finished run is kept in the browser without asking, among the recent runs, and the Results page offers it.
    await page.waitForFunction(() => /Kept in this browser among the last 3 runs/.test(document.querySelector("#model-status")?.textContent ?? ""));
    const results = await page.context().newPage();
    await results.goto(page.url().replace("training.html", "results.html"));
    await settle(results);
    await results.waitForFunction(() => /copy-tiny: N=1, d_model 32/.test(document.querySelector("#results-model-choice")?.textContent ?? ""));
    await results.selectOption("#results-model-choice", {index: 1});
    await results.waitForFunction(() => /N = 1, d_model = 32, h = 4, V = 11/.test(document.querySelector("#results-model")?.textContent ?? ""));
    await results.close();

    // Decode, save in the browser and download.
    await page.waitForFunction(() => document.querySelector("#try-greedy")?.textContent === "1 3 5 7 9 2 4 6 8 10");
    assert.equal(await page.locator("#try-steps tbody tr").count(), 9);
    await page.waitForFunction(() => document.querySelectorAll("#train-maps-decoder-source figure svg").length === 4); // drawn a map per task
    await page.fill("#try-src", "1 9 9 4 4 2 7 7 3 1");
    await page.waitForFunction(() => document.querySelector("#try-greedy")?.textContent !== "1 3 5 7 9 2 4 6 8 10");
    const before = await text(page, "#try-greedy");
    await page.click("#model-save");
    await page.waitForFunction(() => /Saved in this browser as “copy-tiny”/.test(document.querySelector("#model-status")?.textContent ?? ""));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#model-download")]);
    const bytes = new Uint8Array(await readFile((await download.path())!));

    // Reload: no model until the saved one is loaded, then the same output.
    await page.reload();
    await settle(page);
    await startEnabled(page);
    assert.equal(await text(page, "#try-greedy"), "–");
    await page.click("#model-load-saved");
    await page.waitForFunction(() => /Loaded/.test(document.querySelector("#model-status")?.textContent ?? ""));
    await page.fill("#try-src", "1 9 9 4 4 2 7 7 3 1");
    await page.waitForFunction((b) => document.querySelector("#try-greedy")?.textContent === b, before);

    // A file whose generator weight has the wrong shape: refused by name, the model keeps decoding.
    const bad = breakShape(bytes, '"generator.proj.weight":{"dtype":"F32","shape":[11,32]', '"generator.proj.weight":{"dtype":"F32","shape":[32,11]');
    await page.setInputFiles("#model-file", {name: "wrong.safetensors", mimeType: "application/octet-stream", buffer: Buffer.from(bad)});
    await page.waitForFunction(() => (document.querySelector("#model-error")?.textContent ?? "") !== "");
    assert.match(await text(page, "#model-error"), /tensor "generator\.proj\.weight" has shape \[32,11\] but the model's is \[11,32\]/);
    await page.fill("#try-src", "1 3 5 7 9 2 4 6 8 10");
    await page.waitForFunction(() => document.querySelector("#try-greedy")?.textContent === "1 3 5 7 9 2 4 6 8 10");
    await page.fill("#try-src", "1 9 9 4 4 2 7 7 3 1");
    await page.waitForFunction((b) => document.querySelector("#try-greedy")?.textContent === b, before);

    problems.push(...(await pageErrors(page)));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("training page controls: no empty outputs before a model, Reset asks first, a bad input or file clears what it replaced, exact match is charted, the estimate follows the run", async () => {
  const {page, problems, close} = await suite.open("training.html", {viewport: {width: 1280, height: 900}, acceptDownloads: true});
  try {
    await startEnabled(page);
    // Before any run: no headings over empty outputs.
    assert.equal(await page.isVisible("#try-outputs"), false);
    const headings = page.locator("#try-model h3", {hasText: /Beam search|Greedy decoding|Attention, every layer/});
    assert.equal(await headings.count(), 3);
    assert.equal(await headings.filter({visible: true}).count(), 0);
    await page.waitForFunction(() => /^Estimated time on this device: about .* of wall time for 400 steps and 20 held-out evaluations/.test(document.querySelector("#train-estimate")?.textContent ?? ""), null, {timeout: 60_000});

    // Reset during a run asks in the page; Cancel keeps the run, Yes forgets it and its numbers.
    await page.click("#train-start");
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 20, null, {timeout: 30_000});
    assert.match(await text(page, "#train-estimate"), /^This run: .* so far, about .* left, .* in all \(estimated before the start: .*\)\.$/);
    assert.notEqual(await text(page, "#train-wall"), "–");
    await page.click("#train-reset");
    assert.equal(await page.isVisible("#train-reset-ask"), true);
    assert.match(await text(page, "#train-reset-ask"), /discards the run in progress/);
    await page.click("#train-reset-cancel");
    assert.equal(await page.isVisible("#train-reset-ask"), false);
    assert.match(await text(page, "#train-state"), /running|finished/);
    await page.click("#train-reset");
    await page.click("#train-reset-confirm");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "idle");
    assert.equal(await text(page, "#train-step"), "–", "no stale progress after Reset");
    assert.equal(await page.evaluate(() => (document.querySelector("#train-progress") as HTMLProgressElement).value), 0);

    // A short run, stopped: the chart has exact match beside the loss.
    await startEnabled(page);
    await page.click("#train-start");
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 60, null, {timeout: 30_000});
    await page.click("#train-stop");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "stopped");
    await page.waitForFunction(() => /Exact match on the held-out set/.test(document.querySelector("#train-chart")?.textContent ?? ""));
    assert.equal(await page.locator("#train-chart > figure").count(), 2, "a loss chart and an exact-match chart");

    // Try the model: the label and the error agree; a bad input clears the outputs.
    await page.waitForFunction(() => !(document.querySelector("#try-outputs") as HTMLElement).hidden);
    assert.match(await text(page, "label[for=try-src]"), /each between 0 and 10/);
    await page.fill("#try-src", "1 3 x");
    await page.waitForFunction(() => /between 0 and 10/.test(document.querySelector("#try-error")?.textContent ?? ""));
    assert.equal(await text(page, "#try-greedy"), "–");
    assert.equal(await page.isVisible("#try-outputs"), false);
    assert.equal(await page.locator("#try-beams tr, #try-steps tr, #train-attention svg").count(), 0);
    await page.fill("#try-src", "1 3 5 7 9 2 4 6 8 10");
    await page.waitForFunction(() => !(document.querySelector("#try-outputs") as HTMLElement).hidden && document.querySelectorAll("#try-beams tr").length > 0);

    // A file that fails to load clears the last "Downloaded … bytes".
    await Promise.all([page.waitForEvent("download"), page.click("#model-download")]);
    await page.waitForFunction(() => /Downloaded/.test(document.querySelector("#model-status")?.textContent ?? ""));
    await page.setInputFiles("#model-file", {name: "junk.safetensors", mimeType: "application/octet-stream", buffer: Buffer.from("not a safetensors file")});
    await page.waitForFunction(() => (document.querySelector("#model-error")?.textContent ?? "") !== "");
    assert.equal(await text(page, "#model-status"), "");

    // Reset with a model and no run still asks (it forgets the model).
    await page.click("#train-reset");
    assert.match(await text(page, "#train-reset-ask"), /forgets the model/);
    await page.click("#train-reset-confirm");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "idle");
    assert.equal(await page.isVisible("#try-outputs"), false);

    problems.push(...(await pageErrors(page)));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("training page fits a 375 px phone in dark mode, while training", async () => {
  const {page, problems, close} = await suite.open("training.html", {viewport: {width: 375, height: 812}, colorScheme: "dark"});
  try {
    await startEnabled(page);
    await page.click("#train-start");
    await page.waitForFunction(() => document.querySelectorAll("#train-chart svg").length > 0 && document.querySelectorAll("#train-maps-encoder-self svg").length > 0, null, {timeout: 30_000});
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 40, null, {timeout: 30_000});
    await page.click("#train-stop");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "stopped");
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    problems.push(...(await pageErrors(page)));
    assert.deepEqual(problems, []);
    assert.ok(scrollWidth <= 375, `the page is ${scrollWidth} px wide on a 375 px screen`);
  } finally {
    await close();
  }
});

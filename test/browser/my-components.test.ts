// The reader's code carried forward and exercise mode, against the built site: an attention edited
// on the Attention page trains on the Training page ("Use my components"), an edit that fails falls
// back to the library's with the reason; the home page's exercise mode blanks the attention cell to
// a TODO, the page keeps the library's code until the reader's runs, and Reset shows the original.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {editableNames} from "../../src/editing/catalogue.js";
import {editKey, hashSource} from "../../src/editing/store.js";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";
import {editableRegion} from "../support/library-source.js";

const suite = useBuiltSite();
const attentionRegion = editableRegion("attention");
const layerNormRegion = editableRegion("layerNorm");
const decoderLayerRegion = editableRegion("decoderLayer");

/** The training worker has started (its modules are loaded: leaving earlier would abort their requests). */
const workerReady = (page: Page) => page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 30_000});

async function goTo(page: Page, file: string): Promise<void> {
  await page.goto(new URL(file, page.url()).href);
  await settle(page);
}

async function setCode(page: Page, cell: string, text: string): Promise<void> {
  await page.evaluate(([id, t]) => (document.querySelector(`#cell-${id}`) as HTMLElement & {setCode(s: string): void}).setCode(t), [cell, text]);
}

async function editorText(page: Page, cell: string): Promise<string> {
  return page.$$eval(`#cell-${cell} .cm-content .cm-line`, (lines) => lines.map((l) => l.textContent ?? "").join("\n"));
}

describe("use my components", () => {
  test("an edited attention trains on the training page; an edit that fails falls back to the library's, with the reason", async () => {
    const {page, problems, close} = await suite.open("training.html");
    await workerReady(page);
    assert.equal(await page.isDisabled("#train-my-components"), true, "nothing edited yet: the box cannot be ticked");
    assert.match((await page.textContent("#train-my-components-summary")) ?? "", /You have not edited any function yet/);

    await goTo(page, "attention.html");
    await setCode(page, "attention", attentionRegion.replace("Math.sqrt(dK)", "1"));
    await page.click("#cell-attention-run");
    await page.waitForFunction(() => document.querySelector("#weights-source")?.textContent === "your edited attention");
    // A layer norm that does not run, stored as the editor would store it (its page's cell is not needed).
    const broken = layerNormRegion.replace("return tf.tidy", "throw new Error('not finished'); return tf.tidy");
    await page.evaluate(([key, code]) => localStorage.setItem(key, JSON.stringify({code, savedAt: new Date().toISOString()})), [editKey("layerNorm", hashSource(layerNormRegion)), broken]);

    await goTo(page, "training.html");
    const summary = (await page.textContent("#train-my-components-summary")) ?? "";
    assert.equal(summary, `Yours: attention, layerNorm. The other ${editableNames.length - 2} functions are the library's.`);
    await page.check("#train-my-components");
    await workerReady(page);
    await page.click("#train-start");
    await page.waitForSelector("#train-components-report:not([hidden])");
    const report = (await page.textContent("#train-components-report")) ?? "";
    assert.match(report, /This run uses your attention \(differs from the library's by up to \d\.\de[-+]\d+\); everything else is the library's\./);
    assert.match(report, /Your layerNorm could not be used, so the run uses the library's: it fails on the fixed inputs at line \d+: not finished\./);
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 20, null, {timeout: 60_000});
    await page.click("#train-stop");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "stopped");
    assert.deepEqual(await pageErrors(page), []);
    assert.deepEqual(problems, []);
    await close();
  });
});

describe("use my components: the Stacks page's experiment", () => {
  test("a decoderLayer whose source attention reads the decoder trains; the page names the parameters no gradient reaches; the chart draws the steps", async () => {
    const {page, problems, close} = await suite.open("stacks.html");
    // The Stacks page's experiment, stored as its editor stores it.
    const experiment = decoderLayerRegion.replace("layer.src_attn.forward(x, m, m, srcMask_B1S)", "layer.src_attn.forward(x, x, x, null)");
    assert.notEqual(experiment, decoderLayerRegion);
    assert.match((await page.textContent("main")) ?? "", /layer\.src_attn\.forward\(x, x, x, null\)/, "the page suggests this edit");
    await page.evaluate(([key, code]) => localStorage.setItem(key, JSON.stringify({code, savedAt: new Date().toISOString()})), [editKey("decoderLayer", hashSource(decoderLayerRegion)), experiment]);

    await goTo(page, "training.html");
    await workerReady(page);
    assert.equal((await page.textContent("#train-my-components-summary")) ?? "", `Yours: decoderLayer. The other ${editableNames.length - 1} functions are the library's.`);
    await page.check("#train-my-components");
    await workerReady(page);
    await page.click("#train-start");
    await page.waitForSelector("#train-components-report:not([hidden])");
    assert.match((await page.textContent("#train-components-report")) ?? "", /This run uses your decoderLayer/);
    await page.waitForFunction(() => /No gradient reached/.test(document.querySelector("#train-no-gradient")?.textContent ?? ""), null, {timeout: 60_000});
    assert.match((await page.textContent("#train-no-gradient")) ?? "", /^No gradient reached \d+ parameters \(.*encoder\.layers\.0\..*\): they stay as initialised/);
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 20, null, {timeout: 60_000});
    assert.equal((await page.textContent("#train-error")) ?? "", "");
    await page.click("#train-stop");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "stopped");
    await page.waitForFunction(() => document.querySelectorAll("#train-chart svg").length > 0);
    // The axes' tick labels (the svg's text, not the chart's inline styles) read as numbers.
    const ticks = await page.$$eval("#train-chart svg text", (texts) => texts.map((t) => t.textContent ?? "").join(" "));
    assert.doesNotMatch(ticks, /00000/);
    assert.deepEqual(await pageErrors(page), []);
    assert.deepEqual(problems, []);
    await close();
  });
});

describe("exercise mode", () => {
  test("?exercise=on on a lesson page's own address turns exercise mode on there, and ?exercise=off ends it", async () => {
    const {page, problems, close} = await suite.open("masking.html?exercise=on");
    assert.equal(await page.textContent("#cell-subsequentMask-marker"), "exercise");
    assert.match(await editorText(page, "subsequentMask"), /TODO: write subsequentMask/);
    await goTo(page, "index.html");
    assert.equal(await page.isChecked("#exercise-mode"), true, "the lesson's link set the course's setting");
    await goTo(page, "masking.html?exercise=off");
    assert.doesNotMatch(await editorText(page, "subsequentMask"), /TODO/);
    assert.deepEqual(problems, []);
    await close();
  });
  test("?exercise=on blanks the attention cell to a TODO; the page keeps the library's code; Reset shows it; ?exercise=off ends it", async () => {
    const {page, problems, close} = await suite.open("index.html?exercise=on");
    assert.equal(await page.isChecked("#exercise-mode"), true);

    await goTo(page, "attention.html");
    const blank = await editorText(page, "attention");
    assert.match(blank, /export function attention\(/);
    assert.match(blank, /TODO: write attention/);
    assert.doesNotMatch(blank, /Math\.sqrt/);
    assert.equal(await page.textContent("#cell-attention-marker"), "exercise");
    assert.equal(await page.textContent("#weights-source"), "the library's attention");
    await page.click("#cell-attention-run");
    await page.waitForSelector("#cell-attention-error");
    assert.match((await page.textContent("#cell-attention-error")) ?? "", /TODO: write attention/);
    assert.equal(await page.textContent("#weights-source"), "the library's attention");

    await page.click("#cell-attention-reset");
    assert.equal(await editorText(page, "attention"), attentionRegion);
    await page.reload();
    await settle(page);
    assert.match(await editorText(page, "attention"), /TODO: write attention/, "an untouched exercise starts blank again");

    await goTo(page, "index.html?exercise=off");
    assert.equal(await page.isChecked("#exercise-mode"), false);
    await goTo(page, "attention.html");
    assert.equal(await editorText(page, "attention"), attentionRegion);
    await page.click("#cell-attention-blank");
    assert.match(await editorText(page, "attention"), /TODO: write attention/, "Blank it works outside exercise mode too");
    assert.deepEqual(await pageErrors(page), []);
    assert.deepEqual(problems, []);
    await close();
  });
});

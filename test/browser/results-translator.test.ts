// The Results page's translator: with the shipped model before the reader has trained anything, it
// translates a typed German sentence and draws every attention map (3 kinds × N layers × h heads)
// with the subwords as labels; a .safetensors file chosen from disk is used, and a file that is not
// a translation model is refused with a message naming it; a translation model kept in the browser
// is shown by default. The provisional shipped model translates badly, so its English is not asserted.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();
const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const KINDS = ["tr-maps-encoder-self", "tr-maps-decoder-self", "tr-maps-decoder-source"];

/** N and h as the page states them, and the maps drawn per kind, with their titles. */
async function mapCounts(page: Page) {
  const [, N, h] = /N = (\d+), d_model = \d+, h = (\d+)/.exec(await text(page, "#tr-model")) ?? [];
  const counts = await Promise.all(KINDS.map((id) => page.locator(`#${id} figure svg`).count()));
  return {N: Number(N), h: Number(h), counts};
}

test("the shipped translator translates typed German and shows every layer's and head's attention with subwords", async () => {
  const {page, problems, close} = await suite.open("results.html");
  try {
    assert.equal(await text(page, "#tr-model-source"), "the course's shipped translate-tiny");
    assert.match(await text(page, "#tr-model"), /N = 2, d_model = 128, h = 4, V = 1000/);
    assert.match(await text(page, "#tr-model-bleu"), /^\d+\.\d$/);
    assert.notEqual(await text(page, "#tr-output"), "");

    await page.fill("#tr-src", "Der Mann hat den Hund gesehen.");
    await page.waitForFunction(() => document.querySelector("#tr-source-tokens li:nth-child(2)")?.textContent === "Der▁");
    await settle(page);
    const english = await text(page, "#tr-output");
    assert.ok(english.length > 0, "an English translation");
    const source = await page.locator("#tr-source-tokens li").allTextContents();
    assert.equal(source[0], "<s>");
    assert.equal(source.at(-1), "</s>");
    assert.ok(source.includes("gesehen▁"), source.join(" "));

    const {N, h, counts} = await mapCounts(page);
    assert.deepEqual(counts, [N * h, N * h, N * h], "3 kinds × N layers × h heads");
    const titles = await page.locator("#tr-maps-decoder-source figure h2").allTextContents();
    assert.equal(titles.at(-1), `layer ${N}, head ${h}`);
    // The source attention's columns are the source subwords, its rows the translation's subwords.
    const ticks = await page.locator("#tr-maps-decoder-source figure").first().locator("svg [aria-label='x-axis tick label'] text").allTextContents();
    assert.deepEqual(ticks, source);

    // Beam search: the hypotheses with their scores, best first.
    await page.check("#tr-decoding-mode input[value='beam']");
    await page.waitForSelector("#tr-beams");
    await settle(page);
    const rows = await page.locator("#tr-beams tbody tr").count();
    assert.ok(rows >= 1 && rows <= 4, `${rows} hypotheses`);
    const scores = (await page.locator("#tr-beams tbody tr td:nth-child(4)").allTextContents()).map(Number);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));

    // <unk> is marked; empty input says so instead of failing.
    await page.fill("#tr-src", "Ich esse gern ☃.");
    await page.waitForSelector("#tr-source-tokens li.unk");
    assert.match(await text(page, "#tr-warning"), /☃.*became <unk>|became <unk>: “☃▁”/);
    await page.fill("#tr-src", "   ");
    await page.waitForSelector("#tr-error");
    assert.match(await text(page, "#tr-error"), /type a German sentence/);

    // Each reordering example states what the last layer's source attention shows.
    for (const i of [1, 2]) assert.match(await text(page, `#tr-reordering-${i} .tr-reordering-text`), /last layer/);
    assert.match(await text(page, "#tr-results-table"), /27\.3.*28\.4/s);
    assert.deepEqual(problems, []);
    assert.deepEqual(await pageErrors(page), []);
  } finally {
    await close();
  }
});

test("a .safetensors file from disk is used; a copy-task file is refused, naming it", async () => {
  const {page, problems, close} = await suite.open("results.html");
  try {
    const shipped = readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url));
    await page.setInputFiles("#tr-model-file", {name: "my-translator.safetensors", mimeType: "application/octet-stream", buffer: shipped});
    await page.waitForFunction(() => document.querySelector("#tr-model-source")?.textContent === "the file my-translator.safetensors");
    await settle(page);
    assert.notEqual(await text(page, "#tr-output"), "");
    const {N, h, counts} = await mapCounts(page);
    assert.deepEqual(counts, [N * h, N * h, N * h]);

    const copy = readFileSync(new URL("../../data/weights/copy-small.safetensors", import.meta.url));
    await page.setInputFiles("#tr-model-file", {name: "copy.safetensors", mimeType: "application/octet-stream", buffer: copy});
    await page.waitForSelector("#tr-model-error");
    assert.match(await text(page, "#tr-model-error"), /“copy\.safetensors” is not a translation model.*tokenizer.*Showing the course's shipped translate-tiny instead/s);
    assert.equal(await text(page, "#tr-model-source"), "the course's shipped translate-tiny");
    await settle(page);
    assert.notEqual(await text(page, "#tr-output"), "");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a translation model kept in the browser is shown by default", async () => {
  const {page, problems, close} = await suite.open("results.html");
  try {
    const href = await page.evaluate(async () => {
      const html = await (await fetch("results.html")).text();
      const path = /\.\/(_import\/io\/browser-store\.[0-9a-f]+\.js)/.exec(html)?.[1];
      if (!path) throw new Error("results.html does not import the browser store");
      return new URL(path, location.href).href;
    });
    const bytes = Array.from(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url)));
    const copy = Array.from(readFileSync(new URL("../../data/weights/copy-small.safetensors", import.meta.url)));
    // A string, not a function: the test runner's compiler would add helpers the page does not have.
    await page.evaluate(`(async () => {
      const store = await import(${JSON.stringify(href)});
      await store.saveNamedModel("my translator", {bytes: new Uint8Array(${JSON.stringify(bytes)}), info: {savedAt: "2026-01-02T03:04:05.000Z", description: "translate-tiny, 10 steps", task: "translation"}});
      await store.saveNamedModel("a copier", {bytes: new Uint8Array(${JSON.stringify(copy)}), info: {savedAt: "2026-02-01T00:00:00.000Z", description: "copy-tiny"}});
    })()`);
    await page.reload();
    await settle(page);
    assert.equal(await text(page, "#tr-model-source"), "your saved model “my translator” (translate-tiny, 10 steps), saved 2026-01-02 03:04");
    const options = await page.$$eval("#tr-model-choice option", (o) => o.map((x) => x.textContent ?? ""));
    assert.equal(options.length, 2, `the copy model is not listed: ${options.join(" | ")}`);
    assert.notEqual(await text(page, "#tr-output"), "");
    await page.selectOption("#tr-model-choice", "shipped");
    await page.waitForFunction(() => document.querySelector("#tr-model-source")?.textContent === "the course's shipped translate-tiny");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

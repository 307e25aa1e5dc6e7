// The Additional components page: the parameter counts it shows for translate-tiny with and without
// shared embeddings are the ones a formula gives from the sizes; the beam search on a typed sentence
// lists kept and pruned hypotheses step by step and returns English ranked by the length-penalised
// score; checkpoint averaging says what to do with no stored model, and with two stored copies of
// the shipped model scores them and their average alike.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();
const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const count = (s: string) => Number(s.replace(/,/g, ""));

/** Parameters of the encoder-decoder, counted by hand: N encoder and decoder layers, their final norms, the embeddings and the generator. */
function parameters({N, C, F, V, shared}: {N: number; C: number; F: number; V: number; shared: boolean}): number {
  const attention = 4 * (C * C + C);
  const feedForward = C * F + F + F * C + C;
  const norm = 2 * C;
  const encoderLayer = attention + feedForward + 2 * norm;
  const decoderLayer = 2 * attention + feedForward + 3 * norm;
  const tables = (shared ? 1 : 3) * V * C + V; // the generator's bias is its own
  return N * (encoderLayer + decoderLayer) + 2 * norm + tables;
}

test("shared embeddings: the counts shown are the formula's; beam search lists its steps on a typed sentence", async () => {
  const {page, problems, close} = await suite.open("additional-components.html");
  try {
    const sizes = {N: 2, C: 128, F: 256, V: 1000}; // translate-tiny (docs/translation.md)
    const rows = await page.locator("#sharing-table tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")));
    assert.equal(count(rows[0][1]), parameters({...sizes, shared: false}));
    assert.equal(count(rows[1][1]), parameters({...sizes, shared: true}));
    assert.equal(count(rows[1][1]), 792_040, "the shipped translate-tiny's count (docs/translation.md)");
    assert.deepEqual([rows[0].slice(2), rows[1].slice(2)], [["no", "no"], ["yes", "yes"]]);
    assert.equal(count(await text(page, "#sharing-saved")), 2 * sizes.V * sizes.C);

    assert.equal(await text(page, "#beam-model-source"), "the course's shipped translate-tiny");
    await page.fill("#beam-src", "Der Mann hat den Hund gesehen.");
    await page.waitForFunction(() => document.querySelector("#beam-source-tokens li:nth-child(2)")?.textContent === "Der▁");
    await settle(page);
    const first = page.locator("#beam-steps tbody").first();
    assert.equal(await first.locator("tr.beam-kept").count(), 3, "the first step fills a beam of 3");
    assert.equal(await first.locator("tr.beam-pruned").count(), 3, "and prunes the next 3");
    assert.ok((await page.locator("#beam-steps tr.beam-finished").count()) >= 1, "some hypothesis finishes with </s>");
    assert.equal(await text(page, "#beam-best"), "The man saw the dog.");

    // The ranking: score = log-probability / ((5 + |Y|) / 6)^α, best first.
    const ranked = await page.locator("#beam-result tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "")));
    assert.ok(ranked.length >= 1 && ranked.length <= 3);
    for (const [, , length, logprob, , score] of ranked) assert.ok(Math.abs(Number(logprob) / ((5 + Number(length)) / 6) ** 0.6 - Number(score)) < 2e-3);
    const scores = ranked.map((r) => Number(r[5]));
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));

    // Averaging: nothing kept, so a message and no button.
    assert.match(await text(page, "#avg-message"), /keeps no translation model yet.*Save in this browser/s);
    assert.equal(await page.locator("#avg-run").count(), 0);
    assert.deepEqual(problems, []);
    assert.deepEqual(await pageErrors(page), []);
  } finally {
    await close();
  }
});

test("checkpoint averaging of two stored copies of one model: the average scores what each does", async () => {
  const {page, problems, close} = await suite.open("additional-components.html");
  try {
    const href = await page.evaluate(async () => {
      const html = await (await fetch("additional-components.html")).text();
      const path = /\.\/(_import\/io\/browser-store\.[0-9a-f]+\.js)/.exec(html)?.[1];
      if (!path) throw new Error("the page does not import the browser store");
      return new URL(path, location.href).href;
    });
    const bytes = Array.from(readFileSync(new URL("../../data/weights/translate-tiny.safetensors", import.meta.url)));
    // A string, not a function: the test runner's compiler would add helpers the page does not have.
    await page.evaluate(`(async () => {
      const store = await import(${JSON.stringify(href)});
      const bytes = new Uint8Array(${JSON.stringify(bytes)});
      await store.saveNamedModel("step 1000", {bytes, info: {savedAt: "2026-01-02T03:04:05.000Z", description: "translate-tiny, 1000 steps", task: "translation"}});
      await store.saveNamedModel("step 2000", {bytes, info: {savedAt: "2026-01-02T04:04:05.000Z", description: "translate-tiny, 2000 steps", task: "translation"}});
    })()`);
    await page.reload();
    await settle(page);
    assert.match(await text(page, "#avg-message"), /keeps 2 translation models that can be averaged/);
    assert.match(await text(page, "#avg-list li:first-child"), /step 2000/, "newest first");
    await page.click("#avg-run");
    await page.waitForSelector("#avg-table", {timeout: 60_000});
    const bleu = await page.locator("#avg-table tbody tr td:last-child").allTextContents();
    assert.equal(bleu.length, 3);
    assert.ok(Number(bleu[0]) > 50, `the shipped model's held-out BLEU ${bleu[0]}`);
    assert.deepEqual([bleu[1], bleu[2]], [bleu[0], bleu[0]], "identical checkpoints average to the same model");
    assert.match(await text(page, "#avg-verdict"), /the same/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

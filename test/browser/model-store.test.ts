// The models kept in the browser (src/io/browser-store.ts, IndexedDB: there is none in Node, so its
// tests run in the page, on the built module): named saved models are never replaced without
// asking, finished runs are kept apart (the last RECENT_RUNS, the oldest replaced first), and the
// single slot of the store's first version becomes a saved model. On the pages: a saved model
// survives a finished ablation run, and Results lists both and shows the one chosen.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();
const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();

/** The built browser-store module's address, as the Results page imports it. */
async function storeModule(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const html = await (await fetch("results.html")).text();
    const path = /\.\/(_import\/io\/browser-store\.[0-9a-f]+\.js)/.exec(html)?.[1];
    if (!path) throw new Error("results.html does not import the browser store");
    return new URL(path, location.href).href;
  });
}

describe("the model store (in the browser)", () => {
  test("the old single slot becomes a saved model; a saved name is never replaced without asking; recent runs stay apart, the oldest replaced first", async () => {
    const {page, problems, close} = await suite.open("index.html");
    const href = await storeModule(page);
    // A string, not a function: the test runner's compiler would add helpers the page does not have.
    const out = (await page.evaluate(`(async () => {
      // The store's first version: one object store, the reader's model under "my-model".
      await new Promise((resolve, reject) => {
        const request = indexedDB.open("annotated-transformer", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("models").put({bytes: new Uint8Array([1, 2, 3]), info: {savedAt: "2025-01-01T00:00:00.000Z", description: "copy-tiny: 100.0% exact match"}}, "my-model");
        request.onsuccess = () => (request.result.close(), resolve());
        request.onerror = () => reject(request.error);
      });
      const store = await import(${JSON.stringify(href)});
      const model = (byte, savedAt, description) => ({bytes: new Uint8Array([byte]), info: {savedAt, description}});
      const names = async () => (await store.listStoredModels()).map((e) => e.kind + ":" + e.name);
      const migrated = await names();
      const migratedBytes = Array.from((await store.loadStoredModel(store.savedKey(store.MIGRATED_NAME))).bytes);
      const first = await store.saveNamedModel("best", model(10, "2025-02-01T00:00:00.000Z", "best run"));
      const again = await store.saveNamedModel("best", model(11, "2025-02-02T00:00:00.000Z", "an ablation"));
      const keptAfterRefusal = Array.from((await store.loadStoredModel(store.savedKey("best"))).bytes);
      const replaced = await store.saveNamedModel("best", model(12, "2025-02-03T00:00:00.000Z", "better run"), {replace: true});
      const bestAfterReplace = Array.from((await store.loadStoredModel(store.savedKey("best"))).bytes);
      for (let i = 1; i <= store.RECENT_RUNS + 1; i++) await store.keepRecentRun(model(100 + i, "2025-03-0" + i + "T00:00:00.000Z", "run " + i));
      const listed = await names();
      const unused = store.unusedName("best", await store.listStoredModels());
      return {migrated, migratedBytes, first, again, keptAfterRefusal, replaced, bestAfterReplace, listed, unused, recentRuns: store.RECENT_RUNS};
    })()`)) as {migrated: string[]; migratedBytes: number[]; first: string; again: string; keptAfterRefusal: number[]; replaced: string; bestAfterReplace: number[]; listed: string[]; unused: string; recentRuns: number};
    assert.deepEqual(out.migrated, ["saved:my model"], "the old slot is a saved model now, and nothing else was made of it");
    assert.deepEqual(out.migratedBytes, [1, 2, 3]);
    assert.equal(out.first, "saved");
    assert.equal(out.again, "exists", "a taken name is refused without replace");
    assert.deepEqual(out.keptAfterRefusal, [10]);
    assert.equal(out.replaced, "saved");
    assert.deepEqual(out.bestAfterReplace, [12]);
    assert.equal(out.recentRuns, 3);
    assert.deepEqual(out.listed, ["saved:best", "saved:my model", "recent:run 4", "recent:run 3", "recent:run 2"], "saved models by name, then the last 3 runs, newest first; run 1 went first");
    assert.equal(out.unused, "best 2");
    assert.deepEqual(await pageErrors(page), []);
    assert.deepEqual(problems, []);
    await close();
  });
});

describe("saved models and recent runs on the pages", () => {
  test("a saved model survives a finished ablation run; saving under a taken name asks first; Results lists them all and shows the one chosen", async () => {
    const {page, problems, close} = await suite.open("training.html", {viewport: {width: 1280, height: 900}});
    try {
      const startEnabled = () => page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 30_000});
      const finish = () => page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "finished", null, {timeout: 180_000});
      await startEnabled();
      await page.check("#train-preset-copy-tiny");
      await startEnabled();
      await page.click("#train-start");
      await finish();
      await page.waitForFunction(() => /Kept in this browser among the last 3 runs: copy-tiny:/.test(document.querySelector("#model-status")?.textContent ?? ""));
      assert.equal(await page.inputValue("#model-name"), "copy-tiny", "the name proposed is the run's");
      await page.click("#model-save");
      await page.waitForFunction(() => /Saved in this browser as “copy-tiny”/.test(document.querySelector("#model-status")?.textContent ?? ""));
      const saved = /: (copy-tiny: .*exact match)\./.exec(await text(page, "#model-status"))![1];

      // An ablation run finishes: it is kept among the recent runs, and the saved model stays.
      await page.check("#ablation-noPositional");
      await startEnabled();
      await page.click("#train-start");
      await finish();
      await page.waitForFunction(() => /Kept in this browser among the last 3 runs: copy-tiny − no positional encoding/.test(document.querySelector("#model-status")?.textContent ?? ""));
      assert.equal(await page.inputValue("#model-name"), "copy-tiny − no positional encoding");
      // Saving it as "copy-tiny" asks first; Cancel keeps the saved one.
      await page.fill("#model-name", "copy-tiny");
      await page.click("#model-save");
      await page.waitForSelector("#model-confirm:not([hidden])");
      assert.match(await text(page, "#model-confirm"), /A saved model is already named “copy-tiny”\. Replace it\?/);
      await page.click("#model-cancel");
      assert.equal(await page.isHidden("#model-confirm"), true);
      const kept = await page.$$eval("#model-stored option", (options) => options.map((o) => o.textContent ?? ""));
      assert.equal(kept.length, 3);
      assert.match(kept[0], /^saved: copy-tiny \(/);
      assert.match(kept[1], /^recent run: copy-tiny − no positional encoding: N=1/);
      assert.match(kept[2], /^recent run: copy-tiny: N=1/);

      const results = await page.context().newPage();
      await results.goto(page.url().replace("training.html", "results.html"));
      await settle(results);
      const options = await results.$$eval("#results-model-choice option", (o) => o.map((x) => x.textContent ?? ""));
      assert.equal(options.length, 4);
      assert.equal(options[0], "the course's copy-small");
      assert.match(options[1], /^your saved model “copy-tiny”/);
      assert.match(options[2], /^your recent run copy-tiny − no positional encoding/);
      assert.match(options[3], /^your recent run copy-tiny: /);
      // The saved model is shown first, the one trained before the ablation.
      assert.equal(await text(results, "#results-model-source"), `${options[1]}`);
      assert.ok(options[1].includes(saved), `the saved model's description (${saved}) is the first run's`);
      assert.match(await text(results, "#results-model"), /N = 1, d_model = 32, h = 4, V = 11/);
      assert.equal(await text(results, "#results-greedy"), "1 3 5 7 9 2 4 6 8 10");
      // The ablation is shown only when chosen, and says so.
      await results.selectOption("#results-model-choice", {index: 2});
      await results.waitForFunction((o) => document.querySelector("#results-model-source")?.textContent === o, options[2]);
      await results.selectOption("#results-model-choice", {index: 0});
      await results.waitForFunction(() => document.querySelector("#results-model-source")?.textContent === "the course's copy-small");
      assert.match(await text(results, "#results-model"), /N = 2, d_model = 64, h = 4, V = 11/);
      problems.push(...(await pageErrors(results)));
      await results.close();
      problems.push(...(await pageErrors(page)));
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

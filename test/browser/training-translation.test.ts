// The training page trains a German→English translator in headless Chromium (wasm, in a Web
// Worker), through its own controls: translate-tiny on the generated corpus, 300 steps with one
// held-out BLEU evaluation at the end, which must reach BLEU_THRESHOLD. On the way: Pause holds
// the step and Resume continues; the dashboard shows BLEU, its chart and sample translations; the
// finished run is kept in the browser as a translator (the Results page's copy-task list leaves it
// out); the Try panel translates what one types with the model just trained. A second test, with no
// training run, checks the shared-embeddings checkbox and its parameter count for each preset.
import assert from "node:assert/strict";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageErrors, settle} from "../support/visit.js";

const suite = useBuiltSite();

/** translate-tiny reaches about 35 after 300 steps in Node (seed 1): well above, so that a run that learns nothing, or too slowly, fails. */
const BLEU_THRESHOLD = 20;
const STEPS = 300;

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? "").trim();
const step = async (page: Page) => Number((await text(page, "#train-step")).split(" / ")[0]);

test(`training page: translate-tiny on the generated corpus reaches held-out BLEU ${BLEU_THRESHOLD} in ${STEPS} steps`, async (t) => {
  const {page, problems, close} = await suite.open("training.html", {viewport: {width: 1280, height: 900}});
  try {
    await page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 30_000});
    await page.check("#train-preset-translate-tiny");
    assert.match(await text(page, "#train-corpus"), /^This run trains on the generated corpus: 20,000 training pairs, 1,000 held out \(BLEU translates the first 100 of them\)/);
    assert.equal(await page.inputValue("#train-steps"), "3000");
    assert.equal(await page.inputValue("#train-eval-every"), "200");
    await page.fill("#train-steps", "0");
    assert.match(await text(page, "#train-config-problems"), /steps must be a positive integer, not 0/);
    assert.equal(await page.isDisabled("#train-start"), true);
    await page.fill("#train-steps", String(STEPS));
    await page.fill("#train-eval-every", String(STEPS));
    await page.waitForFunction(
      (steps) => new RegExp(`^Estimated time on this device: about .* for ${steps} steps and 1 held-out evaluation \\(timed just now`).test(document.querySelector("#train-estimate")?.textContent ?? ""),
      STEPS,
      {timeout: 120_000}
    );
    const started = Date.now();
    await page.click("#train-start");
    await page.waitForFunction(() => Number(document.querySelector("#train-step")?.textContent?.split(" / ")[0]) >= 10, null, {timeout: 60_000});
    await page.click("#train-pause");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "paused");
    const paused = await step(page);
    await page.waitForTimeout(1000);
    assert.equal(await step(page), paused, "the step counter moved while paused");
    await page.click("#train-resume");
    await page.waitForFunction(() => document.querySelector("#train-state")?.textContent === "finished", null, {timeout: 600_000});
    assert.equal(await text(page, "#train-step"), `${STEPS} / ${STEPS}`);
    assert.equal(await text(page, "#train-error"), "");
    const bleu = Number(await text(page, "#train-bleu"));
    t.diagnostic(`held-out BLEU ${bleu} after ${STEPS} steps, ${Math.round((Date.now() - started) / 1000)} s from Start; ${await text(page, "#train-ms")} ms a step`);
    assert.ok(bleu >= BLEU_THRESHOLD, `held-out BLEU ${bleu} after ${STEPS} steps, below ${BLEU_THRESHOLD}`);
    assert.equal(await page.isVisible("#train-exact"), false, "a translator has no exact match");
    await page.waitForFunction(() => /BLEU on held-out pairs/.test(document.querySelector("#train-chart")?.textContent ?? ""));
    assert.equal(await page.locator("#train-chart > figure").count(), 2, "a loss chart and a BLEU chart");
    assert.equal(await page.locator("#train-samples tbody tr").count(), 3);
    assert.match(await text(page, "#train-samples"), new RegExp(`at step ${STEPS}`));

    // Kept among the recent runs as a translator; the Results page's copy-task models leave it out.
    await page.waitForFunction(() => /Kept in this browser among the last 3 runs: translate-tiny: N=2, d_model 128, h 4, V 1000, 300 steps, held-out BLEU/.test(document.querySelector("#model-status")?.textContent ?? ""));
    const results = await page.context().newPage();
    await results.goto(page.url().replace("training.html", "results.html"));
    await settle(results);
    assert.doesNotMatch(await text(results, "#results-model-choice"), /translate-tiny/);
    await results.close();

    // Try the model: German in, English out.
    await page.waitForFunction(() => !(document.querySelector("#try-translate") as HTMLElement).hidden && !["", "–"].includes(document.querySelector("#try-translation")?.textContent ?? ""));
    assert.equal(await page.isVisible("#try-src"), false, "the copy task's ids box is hidden for a translator");
    assert.match(await text(page, "#try-pieces"), /^The model saw \d+ tokens: <s> · .* · <\/s>/);
    await page.fill("#try-de", "Der Hund schläft.");
    await page.selectOption("#try-beam", "4");
    await page.waitForFunction(() => /Der|Hund|schläft/.test(document.querySelector("#try-pieces")?.textContent ?? "") && document.querySelector("#try-translate-error")?.textContent === "");
    t.diagnostic(`"Der Hund schläft." → "${await text(page, "#try-translation")}"`);

    problems.push(...(await pageErrors(page)));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("training page: each translation preset sets the shared-embeddings checkbox to its own, and the parameter count follows it", async () => {
  const {page, problems, close} = await suite.open("training.html", {viewport: {width: 1280, height: 900}});
  try {
    await page.check("#train-preset-translate-tiny");
    assert.equal(await page.isChecked("#train-shared-embeddings"), true, "translate-tiny shares by default");
    assert.match(await page.textContent("#train-translation") ?? "", /Share one embedding matrix \(source, target and generator\)/);
    // By formula at V = 1,000 (test/unit/parameters-lesson.test.ts checks it against the real models).
    assert.equal(await text(page, "#train-parameters"), "792,040 parameters (1,048,040 with three separate matrices)");
    await page.uncheck("#train-shared-embeddings");
    assert.equal(await text(page, "#train-parameters"), "1,048,040 parameters (792,040 with one shared matrix)");
    await page.check("#train-preset-translate-paper");
    assert.equal(await page.isChecked("#train-shared-embeddings"), false, "translate-paper keeps separate matrices by default");
    assert.equal(await text(page, "#train-parameters"), "56,436,544 parameters (48,244,544 with one shared matrix)");
    await page.check("#train-preset-translate-tiny");
    assert.equal(await page.isChecked("#train-shared-embeddings"), true, "choosing a preset again restores its default");
    problems.push(...(await pageErrors(page)));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

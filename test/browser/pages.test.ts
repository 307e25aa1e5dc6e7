// Every page in the config, built and served statically under a subpath, opened in Chromium at
// desktop and phone width: no console error, no uncaught exception, no cell error, no KaTeX error,
// no request to another origin, no horizontal scrolling on a phone. The other browser test files
// check their pages' own outputs and leave these checks to this one.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageFile, pagePaths} from "../support/site.js";

const suite = useBuiltSite();

describe("every page", () => {
  for (const path of pagePaths()) {
    test(`${path} loads cleanly on a desktop`, async () => {
      const {problems, close} = await suite.open(pageFile(path), {viewport: {width: 1280, height: 900}});
      await close();
      assert.deepEqual(problems, []);
    });
    test(`${path} fits a 375 px phone screen in dark mode`, async () => {
      const {page, problems, close} = await suite.open(pageFile(path), {
        viewport: {width: 375, height: 812},
        colorScheme: "dark"
      });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      await close();
      assert.deepEqual(problems, []);
      assert.ok(scrollWidth <= 375, `the page is ${scrollWidth} px wide on a 375 px screen`);
    });
  }
});

describe("the home page", () => {
  test("renders its formulas and computes on the wasm backend", async () => {
    const {page, problems, close} = await suite.open("index.html");
    const backend = await page.textContent("#backend-name");
    const softmax = await page.textContent("#softmax-result");
    const displays = await page.locator(".math-display .katex-display").count();
    const inline = await page.locator("p .katex").count();
    await close();
    assert.deepEqual(problems, []);
    assert.equal(backend, "wasm");
    assert.equal(softmax, "0.0900, 0.2447, 0.6652");
    assert.ok(displays >= 1, "no display formula rendered");
    assert.ok(inline >= 1, "no inline formula rendered");
  });
});

describe("libraries loaded on first use", () => {
  test("a page loads the editor's compiler and the notes' renderer only when an edit runs or a note is shown", async () => {
    const {page, problems, close} = await suite.open("attention.html");
    const loaded = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /\/_node\/(sucrase|acorn|katex|marked|dompurify)@/.test(n)).map((n) => n.replace(/^.*\/_node\/([^@]+)@.*$/, "$1")));
    const atLoad = await loaded();
    await page.click("#note-attention-attention-add");
    await page.fill("#note-attention-attention-text", "A note with maths: \\(d_k\\).");
    await page.click("#note-attention-attention-save");
    await page.waitForSelector("#note-attention-attention-rendered .katex");
    const afterNote = await loaded();
    await close();
    assert.deepEqual(problems, []);
    assert.deepEqual(atLoad, [], "nothing of the compiler or the notes' renderer at load");
    assert.deepEqual([...afterNote].sort(), ["dompurify", "katex", "marked"]);
  });

  test("the Tokens page, whose cells edit only text functions, loads none of the model's layers and no tfjs until a check runs, and CodeMirror as one module", async () => {
    const {page, problems, close} = await suite.open("tokens.html");
    const loaded = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    const names = await loaded();
    const editors = await page.locator(".cm-editor").count();
    await page.click("#cell-learnBpe-check");
    await page.waitForSelector("#cell-learnBpe-check-verdict");
    const verdict = await page.textContent("#cell-learnBpe-check-verdict");
    const afterCheck = await loaded();
    await close();
    assert.deepEqual(problems, []);
    assert.equal(editors, 2, "the learnBpe and encodeWord editors");
    // model/random.ts, the seeded generator that batching by length shuffles with, is the one model module it needs
    assert.deepEqual(names.filter((n) => /\/_import\/model\/(?!random\.)|\/_import\/tfjs\/|tfjs-backend|\/_node\/(@tensorflow|@codemirror|@lezer|codemirror)/.test(n)), []);
    assert.equal(verdict, "pass");
    assert.ok(afterCheck.some((n) => /\/_node\/@tensorflow\/tfjs-core@/.test(n)), "Check loaded the checks, with tfjs-core");
    assert.equal(names.filter((n) => /\/_import\/vendor\/codemirror\.[0-9a-f]+\.js$/.test(n)).length, 1);
  });
});

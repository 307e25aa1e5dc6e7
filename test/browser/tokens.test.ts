// The tokenization page and the Batches page's real label-shift example, on the built site: both
// load cleanly at 1280 px and at 375 px in dark mode with no horizontal scroll; a gzip'd
// Multi30k-style pair and a TSV file, written here from the generated corpus and loaded through
// the page's own file control, give the right pair counts and become the corpus in use (kept
// across a reload until forgotten); a mismatched pair is refused with both line counts while the
// corpus already loaded stays in use; the learn-bpe and encode-bpe cells pass their checks with
// the library's code and fail them with a wrong edit.
import assert from "node:assert/strict";
import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {generateCorpus} from "../../src/corpus/index.js";
import {useBuiltSite} from "../support/browser-suite.js";
import {editableRegion} from "../support/library-source.js";
import {pageErrors, settle} from "../support/visit.js";
import {applyWrongEdit, wrongEdits} from "../support/wrong-edits.js";

const suite = useBuiltSite();
const text = (page: Page, selector: string) => page.$eval(selector, (e) => e.textContent ?? "");

for (const file of ["tokens.html", "batches.html"]) {
  describe(file, () => {
    test("loads cleanly on a desktop", async () => {
      const {page, problems, close} = await suite.open(file, {viewport: {width: 1280, height: 900}});
      if (file === "tokens.html") console.log(`# ${await text(page, "#bpe-time")} ${await text(page, "#vocab-figures")}`);
      await close();
      assert.deepEqual(problems, []);
    });
    test("fits a 375 px phone screen in dark mode", async () => {
      const {page, problems, close} = await suite.open(file, {viewport: {width: 375, height: 812}, colorScheme: "dark"});
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      await close();
      assert.deepEqual(problems, []);
      assert.ok(scrollWidth <= 375, `the page is ${scrollWidth} px wide on a 375 px screen`);
    });
  });
}

describe("reading a corpus from files on the tokenization page", () => {
  const dir = mkdtempSync(join(tmpdir(), "corpus-files-"));
  const {train} = generateCorpus({seed: 7, pairs: 300, validPairs: 0, testPairs: 0});
  const lines = (xs: string[]) => xs.join("\n") + "\n";
  const path = (name: string) => join(dir, name);
  writeFileSync(path("train.de.gz"), gzipSync(lines(train.map((p) => p.de))));
  writeFileSync(path("train.en.gz"), gzipSync(lines(train.map((p) => p.en))));
  writeFileSync(path("deu.txt"), lines(train.slice(0, 120).map((p) => `${p.en}\t${p.de}\tCC-BY 2.0 (France) Attribution: tatoeba.org`)));
  writeFileSync(path("val.de"), lines(train.slice(0, 50).map((p) => p.de)));
  writeFileSync(path("val.en"), lines(train.slice(0, 49).map((p) => p.en)));

  async function choose(page: Page, names: string[]): Promise<void> {
    await page.setInputFiles("#corpus-files", names.map(path));
  }
  const inUse = (page: Page) => text(page, "#corpus-in-use");

  test("a gzip'd Multi30k pair and a TSV file give their pair counts; a mismatched pair is refused and the corpus in use stays", async () => {
    const {page, problems, close} = await suite.open("tokens.html");
    try {
      assert.match(await inUse(page), /the generated corpus's training split: 20,000 pairs/);

      await choose(page, ["train.de.gz", "train.en.gz"]);
      await page.waitForFunction(() => /train\.de\.gz \+ train\.en\.gz: 300 pairs/.test(document.querySelector("#corpus-in-use")?.textContent ?? ""), null, {timeout: 30_000});
      await settle(page);
      assert.match(await text(page, "#bpe-time"), / on 300 pairs /);

      await choose(page, ["val.de", "val.en"]);
      await page.waitForSelector("#corpus-error:not([hidden])");
      const error = await text(page, "#corpus-error");
      assert.match(error, /val\.de has 50 lines but val\.en has 49/);
      assert.match(await inUse(page), /train\.de\.gz \+ train\.en\.gz: 300 pairs/);
      assert.match(await text(page, "#corpus-status"), /train\.de\.gz \+ train\.en\.gz, 300 pairs/);
      assert.match(await text(page, "#bpe-time"), / on 300 pairs /);

      await page.reload();
      await page.waitForFunction(() => /300 pairs/.test(document.querySelector("#corpus-in-use")?.textContent ?? ""), null, {timeout: 30_000});
      assert.match(await text(page, "#corpus-status"), /kept in this browser/);

      await choose(page, ["deu.txt"]);
      await page.waitForFunction(() => /deu\.txt \(columns 2 → 1\): 120 pairs/.test(document.querySelector("#corpus-in-use")?.textContent ?? ""), null, {timeout: 30_000});
      await settle(page);

      await page.click("#corpus-forget");
      await page.waitForFunction(() => /generated corpus's training split: 20,000 pairs/.test(document.querySelector("#corpus-in-use")?.textContent ?? ""), null, {timeout: 60_000});
      await settle(page, 120_000);
      problems.push(...(await pageErrors(page)));
    } finally {
      await close();
    }
    assert.deepEqual(problems, []);
  });
});

describe("the BPE cells on the tokenization page", () => {
  const cells = [
    {name: "learnBpe", source: "#learn-bpe-source", output: "#learn-bpe-demo"},
    {name: "encodeWord", source: "#encode-word-source", output: "#encode-word-demo"}
  ] as const;

  test("learnBpe and encodeWord pass Check with the library's code and fail it with a wrong edit", async () => {
    const {page, problems, close} = await suite.open("tokens.html");
    try {
      for (const {name, source, output} of cells) {
        const verdict = async () => {
          await page.click(`#cell-${name}-check`);
          await page.waitForSelector(`#cell-${name}-check-verdict`);
          return {pass: await page.getAttribute(`#cell-${name}-check-verdict`, "data-pass"), maxDiff: Number(await text(page, `#cell-${name}-check-maxdiff`))};
        };
        assert.deepEqual(await verdict(), {pass: "true", maxDiff: 0}, name);
        assert.match(await text(page, source), new RegExp(`the library's ${name}`));
        const before = await page.$eval(output, (e) => e.outerHTML);

        const wrong = applyWrongEdit(editableRegion(name), name);
        await page.evaluate(([id, code]) => (document.querySelector(id) as HTMLElement & {setCode(s: string): void}).setCode(code), [`#cell-${name}`, wrong] as const);
        await page.click(`#cell-${name}-run`);
        await page.waitForSelector(`#cell-${name}-ok`);
        await page.waitForFunction(([s, w]) => (document.querySelector(s)?.textContent ?? "").includes(w), [source, `your edited ${name}`] as const, {timeout: 20_000});
        await settle(page);
        assert.notEqual(await page.$eval(output, (e) => e.outerHTML), before, `${name}: ${wrongEdits[name].what} should change ${output}`);
        const failed = await verdict();
        assert.equal(failed.pass, "false", `${name}: ${wrongEdits[name].what} should fail Check`);
        assert.ok(failed.maxDiff > 0);
        assert.match(await text(page, `#cell-${name}-check-table`), /item \d+: yours is/);

        await page.click(`#cell-${name}-reset`);
        await page.waitForFunction(([s, w]) => (document.querySelector(s)?.textContent ?? "").includes(w), [source, `the library's ${name}`] as const, {timeout: 20_000});
        await settle(page);
        assert.equal(await page.$eval(output, (e) => e.outerHTML), before, `${name}: Reset should bring the library's output back`);
      }
      problems.push(...(await pageErrors(page)));
    } finally {
      await close();
    }
    assert.deepEqual(problems, []);
  });
});

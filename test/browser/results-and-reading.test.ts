// The results page decodes with the shipped model and draws every attention map; the reading list
// links out.
import assert from "node:assert/strict";
import {test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";
import {settle} from "../support/visit.js";

const suite = useBuiltSite();

test("the results page copies with the shipped model and shows every layer's and head's attention", async () => {
  const {page, problems, close} = await suite.open("results.html");
  try {
    assert.match((await page.textContent("#results-model")) ?? "", /N = 2, d_model = 64, h = 4, V = 11/);
    assert.equal(await page.textContent("#results-greedy"), "1 3 5 7 9 2 4 6 8 10");
    for (const id of ["maps-encoder-self", "maps-decoder-self", "maps-decoder-source"]) {
      const titles = await page.locator(`#${id} figure h2`).allTextContents();
      assert.equal(titles.length, 8, `${id}: ${titles.join(", ")}`);
      assert.equal(titles[7], "layer 2, head 4");
      assert.equal(await page.locator(`#${id} figure svg`).count(), 8);
    }

    await page.fill("#results-src", "1 9 8 7 6 5 4 3 2 1");
    await page.waitForFunction(() => document.querySelector("#results-greedy")?.textContent === "1 9 8 7 6 5 4 3 2 1");
    await page.fill("#results-src", "1 2 x");
    await settle(page);
    await page.waitForSelector("#results-error");
    assert.match((await page.textContent("#results-error")) ?? "", /"x" is not a token id between 0 and 10/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("further reading links to every source it names, off-site", async () => {
  const {page, problems, close} = await suite.open("further-reading.html");
  const links = await page.locator("main a[href^='https://']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  await close();
  assert.deepEqual(problems, []);
  assert.ok(links.length >= 13, `${links.length} links`);
  for (const host of ["arxiv.org", "nlp.seas.harvard.edu", "jalammar.github.io", "bbycroft.net", "goyalpramod.github.io", "www.youtube.com"]) {
    assert.ok(links.some((l) => new URL(l).host === host), `no link to ${host}`);
  }
});

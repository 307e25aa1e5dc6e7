// The home page (architecture diagram, notation table) and the "Model architecture" page (shapes of
// a live pass through a small model, the generator's distributions, auto-regressive decoding).
// (pages.test.ts checks that both load cleanly on a desktop and fit a 375 px phone in dark mode.)
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";

const suite = useBuiltSite();

describe("the home page", () => {
  test("draws the architecture as an accessible SVG with shapes, and fits it on a phone", async () => {
    const {page, problems, close} = await suite.open("index.html", {viewport: {width: 375, height: 812}, colorScheme: "dark"});
    const diagram = page.locator('svg[role="img"]').filter({hasText: "[B, S, C]"});
    const count = await diagram.count();
    const label = await diagram.first().getAttribute("aria-label");
    const text = (await diagram.first().textContent()) ?? "";
    const box = await diagram.first().boundingBox();
    // In dark mode the box text must be light: its computed fill is the page's (light) text colour.
    const fills = await diagram.first().evaluate((svg) => {
      const t = svg.querySelector("g[data-box] text")!;
      return {text: getComputedStyle(t).fill, body: getComputedStyle(document.body).color};
    });
    await close();
    assert.deepEqual(problems, []);
    assert.equal(count, 1, "no svg[role=img] with [B, S, C]");
    assert.ok(label && label.length > 10, "the diagram has no aria-label");
    for (const s of ["[B, S, C]", "[B, T, C]", "[B, T, V]", "[B, S]", "[B, T]", "Encoder block, N ×", "Decoder block, N ×"]) {
      assert.ok(text.includes(s), `the diagram lacks ${s}`);
    }
    assert.ok(box && box.width <= 375 && box.x >= 0, `the diagram is ${box?.width} px wide at x=${box?.x}`);
    assert.equal(fills.text, fills.body, "the diagram's text does not follow the theme's text colour");
  });

  test("the notation table has a row for every letter", async () => {
    const {page, problems, close} = await suite.open("index.html");
    const letters = await page.$$eval("#notation table tbody tr", (rows) => (rows as HTMLTableRowElement[]).map((r) => r.cells[0].textContent?.trim()));
    const n = await page.$$eval("#notation table tbody tr", (rows) => (rows as HTMLTableRowElement[]).find((r) => r.cells[0].textContent?.trim() === "N")?.textContent ?? "");
    await close();
    assert.deepEqual(problems, []);
    assert.deepEqual([...letters].sort(), ["B", "C", "F", "H", "K", "L", "N", "S", "T", "V"]);
    assert.match(n, /blocks/);
  });
});

describe("the architecture page", () => {
  test("lists every shape of a pass through makeModel(11, 11, 2, 32, 64, 4)", async () => {
    const {page, problems, close} = await suite.open("architecture.html");
    const rows = await page.$$eval("#architecture-shapes table tbody tr", (trs) =>
      (trs as HTMLTableRowElement[]).filter((tr) => tr.cells.length === 3).map((tr) => Array.from(tr.cells, (c) => c.textContent?.trim() ?? ""))
    );
    const sums = (await page.textContent("#generator-row-sums")) ?? "";
    const steps = await page.$$eval("#autoregressive-steps table tbody tr", (trs) => (trs as HTMLTableRowElement[]).map((tr) => Array.from(tr.cells, (c) => c.textContent?.trim() ?? "")));
    const source = await page.locator("figure.source figcaption").allTextContents();
    const editableCells = await page.locator("figure.editable-cell").evaluateAll((figures) => figures.map((f) => f.id));
    await close();
    assert.deepEqual(problems, []);
    const shapes = Object.fromEntries(rows.map(([name, letters, sizes]) => [name, `${letters} = ${sizes}`]));
    assert.deepEqual(shapes, {
      src_BS: "[B, S] = [1, 5]",
      srcMask_B1S: "[B, 1, S] = [1, 1, 5]",
      embedded_BSC: "[B, S, C] = [1, 5, 32]",
      memory_BSC: "[B, S, C] = [1, 5, 32]",
      tgt_BT: "[B, T] = [1, 3]",
      tgtMask_BTT: "[B, T, T] = [1, 3, 3]",
      out_BTC: "[B, T, C] = [1, 3, 32]",
      logprobs_BTV: "[B, T, V] = [1, 3, 11]"
    });
    const values = sums.split(",").map((s) => s.trim());
    assert.equal(values.length, 3, `row sums: ${sums}`);
    for (const v of values) assert.equal(v, "1.000");
    // Each step reads the previous step's input plus the token it picked; ids are in 0..10.
    assert.ok(steps.length >= 3, "too few decoding steps");
    steps.forEach(([step, reads, picks], i) => {
      assert.equal(step, String(i + 1));
      const ids = JSON.parse(reads) as number[];
      assert.equal(ids.length, i + 1);
      assert.equal(ids[0], 1, "decoding starts from the start token 1");
      if (i > 0) assert.deepEqual(ids, [...JSON.parse(steps[i - 1][1]), Number(steps[i - 1][2])]);
      assert.ok(Number.isInteger(Number(picks)) && Number(picks) >= 0 && Number(picks) < 11);
    });
    assert.deepEqual(source, ["src/model/model.ts (encoder-decoder)", "src/model/generator.ts (class)"]);
    assert.deepEqual(editableCells, ["cell-generator"], "the generator function is shown as an editable cell");
  });
});

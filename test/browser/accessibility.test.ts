// Accessibility, measured: axe-core (self-hosted from node_modules, injected into the page so no
// request leaves the origin) on every page of the config in light and dark mode finds no serious
// or critical violation; a Tab walk reaches every control of four pages with editors, sliders and
// buttons (the editable cells' and the training page's among them); every heatmap and mask map is
// an image (role="img") whose text alternative carries its numbers.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageFile, pagePaths} from "../support/site.js";

const suite = useBuiltSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: {target: string[]}[];
}

/**
 * The fonts loaded, then two frames and an idle moment: a box that a cell's late output, or a
 * KaTeX font arriving after the cells settled, made scroll sideways becomes a focusable region in
 * the page's resize observer, which runs with the next frame (scripts/page-head.js), so right after
 * the last cell settles a fast-loading page may not have run it yet.
 */
async function observersRan(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(resolve, {timeout: 2000}))))));
}

async function seriousViolations(page: Page): Promise<string[]> {
  await observersRan(page);
  await page.addScriptTag({content: axeSource});
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as {axe: {run(context: Document, options: object): Promise<{violations: AxeViolation[]}>}}).axe;
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({target: n.target}))}));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(", ")}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ""}`);
}

/** The training page's panels appear once its worker is up, after the cells have settled: wait for them. */
async function panelsReady(page: Page, file: string): Promise<void> {
  if (file === "training.html") await page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 30_000});
}

describe("axe-core finds no serious or critical violation", () => {
  for (const path of pagePaths()) {
    for (const colorScheme of ["light", "dark"] as const) {
      test(`${path} in ${colorScheme} mode`, async () => {
        const {page, close} = await suite.open(pageFile(path), {viewport: {width: 1280, height: 900}, colorScheme});
        await panelsReady(page, pageFile(path));
        const violations = await seriousViolations(page);
        await close();
        assert.deepEqual(violations, []);
      });
    }
  }
});

describe("every control is reachable by keyboard", () => {
  for (const file of ["masking.html", "background.html", "attention.html", "training.html"]) {
    test(`Tab reaches every button, input and editor of ${file}`, async () => {
      const {page, problems, close} = await suite.open(file, {viewport: {width: 1280, height: 900}});
      await panelsReady(page, file);
      await page.evaluate("globalThis.__name = (f) => f");
      const controls: string[] = await page.evaluate(() => {
        const main = document.querySelector("#observablehq-main")!;
        const all = main.querySelectorAll<HTMLElement>("button, input, select, textarea, [contenteditable='true']");
        return Array.from(all)
          .filter((e) => e.offsetParent !== null && !(e as HTMLButtonElement).disabled && e.getAttribute("tabindex") !== "-1")
          .map((e, i) => {
            // A radio group is one Tab stop (arrow keys move within it): any of its buttons counts.
            const radio = e instanceof HTMLInputElement && e.type === "radio" && e.name;
            const key = radio ? `radio-${e.name}` : `control-${i}`;
            e.dataset.tabWalk = key;
            return key;
          })
          .filter((key, i, keys) => keys.indexOf(key) === i);
      });
      assert.ok(controls.length >= 3, `only ${controls.length} controls on ${file}`);
      const reached = new Set<string>();
      await page.focus("body");
      for (let i = 0; i < 4 * controls.length + 60 && reached.size < controls.length; i++) {
        await page.keyboard.press("Tab");
        const key = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-tab-walk]")?.dataset.tabWalk ?? null);
        if (key) reached.add(key);
      }
      const missed = await page.evaluate((keys) => keys.map((k) => document.querySelector(`[data-tab-walk="${k}"]`)!).map((e) => `${e.tagName.toLowerCase()}#${e.id || "?"} "${e.textContent?.trim().slice(0, 30) ?? ""}"`), controls.filter((k) => !reached.has(k)));
      await close();
      assert.deepEqual(problems, []);
      assert.deepEqual(missed, [], "controls that Tab never reached");
    });
  }
});

describe("heatmaps and mask maps have a text alternative", () => {
  for (const file of ["attention.html", "masking.html"]) {
    test(`every heatmap of ${file} is labelled with its numbers`, async () => {
      const {page, close} = await suite.open(file, {viewport: {width: 1280, height: 900}});
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#observablehq-main svg"))
          .filter((svg) => svg.querySelector('g[aria-label="cell"]'))
          .filter((svg) => svg.getAttribute("role") !== "img" || !/\d/.test(svg.getAttribute("aria-label") ?? ""))
          .map((svg) => svg.closest("figure")?.querySelector("h2")?.textContent ?? svg.outerHTML.slice(0, 80))
      );
      const count = await page.locator('#observablehq-main svg:has(g[aria-label="cell"])').count();
      await close();
      assert.ok(count >= 1, `no heatmap on ${file}`);
      assert.deepEqual(unlabelled, []);
    });
  }
});

describe("a box that scrolls sideways becomes a focusable region without forcing a layout", () => {
  // The page's script (scripts/page-head.js) reads a box's sizes after the browser's own layout,
  // not inside the task that changed the page: the training dashboard changes it several times a
  // second, and a forced layout of the whole page in each of those tasks made them long.
  test("a wide box added to attention.html: no size read in the adding task, a named Tab stop after the next frame", async () => {
    const {page, problems, close} = await suite.open("attention.html", {viewport: {width: 375, height: 800}});
    await page.evaluate("globalThis.__name = (f) => f");
    const readsInTask = await page.evaluate(async () => {
      let reads = 0;
      for (const property of ["scrollWidth", "clientWidth", "scrollHeight", "clientHeight"]) {
        const getter = Object.getOwnPropertyDescriptor(Element.prototype, property)!.get!;
        Object.defineProperty(Element.prototype, property, {configurable: true, get(this: Element) {
          reads++;
          return getter.call(this);
        }});
      }
      const box = document.createElement("div");
      box.className = "scroll-cue";
      box.id = "wide-test-box";
      box.dataset.scrollName = "A wide test box";
      const table = document.createElement("table");
      table.innerHTML = `<tr><td style="white-space: nowrap">${"a wide cell ".repeat(80)}</td></tr>`;
      box.append(table);
      document.querySelector("#observablehq-main")!.append(box);
      document.querySelector("#observablehq-main h1")!.append(" "); // a text change too
      await Promise.resolve(); // the mutation observer's callbacks have run
      return reads;
    });
    await page.waitForFunction(() => document.querySelector("#wide-test-box")?.getAttribute("tabindex") === "0", null, {timeout: 5_000});
    const region = await page.evaluate(() => {
      const box = document.querySelector("#wide-test-box")!;
      return {role: box.getAttribute("role"), label: box.getAttribute("aria-label")};
    });
    await close();
    assert.deepEqual(problems, []);
    assert.equal(readsInTask, 0, "sizes read inside the task that changed the page (a forced layout)");
    assert.deepEqual(region, {role: "region", label: "A wide test box"});
  });
});

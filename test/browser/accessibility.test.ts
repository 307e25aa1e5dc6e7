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

async function seriousViolations(page: Page): Promise<string[]> {
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

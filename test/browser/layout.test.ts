// Every page of the config at 375 px (dark) and 1280 px: no table, display equation, source block
// or editor is cut off, and no blank gap sits above the previous/next footer. Whatever is wider
// than the box it sits in must be inside a horizontal scroll container that shows it scrolls (the
// `scroll-cue` class of src/style.css: a shadow at the hidden edge and a visible scrollbar); and no
// table puts one number of a shape on each line.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {useBuiltSite} from "../support/browser-suite.js";
import {pageFile, pagePaths} from "../support/site.js";

const suite = useBuiltSite();

/** One line per element that is wider than its box without a visible way to scroll to the rest. */
async function clipped(page: Page): Promise<string[]> {
  // tsx names the helpers below with esbuild's __name, which the page does not have.
  await page.evaluate("globalThis.__name = (f) => f");
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (e: Element) => {
      const id = e.id || e.closest("[id]")?.id || "";
      const heading = [...document.querySelectorAll("h2, h3")].filter((h) => h.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      return `${e.tagName.toLowerCase()}${e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : ""}${id ? ` in #${id}` : ""} under "${heading?.textContent?.trim() ?? "top"}"`;
    };
    const targets = document.querySelectorAll("#observablehq-main table, #observablehq-main .katex-display, #observablehq-main figure.source pre, #observablehq-main .cm-scroller");
    for (const e of targets) {
      const box = e as HTMLElement;
      if (box.offsetParent === null) continue; // hidden (a closed <details>, an inactive panel)
      // The element itself or the nearest ancestor that cuts off or scrolls what overflows it.
      let scroller: HTMLElement | null = box;
      while (scroller && !["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      const width = Math.max(box.scrollWidth, box.getBoundingClientRect().width);
      if (!scroller || scroller === document.documentElement || scroller === document.body) {
        if (box.getBoundingClientRect().right > document.documentElement.clientWidth + 1) problems.push(`${describe(e)} runs off the page`);
        continue;
      }
      const overflows = scroller === box ? box.scrollWidth > box.clientWidth + 1 : width > scroller.clientWidth + 1;
      if (!overflows) continue;
      const style = getComputedStyle(scroller);
      const scrolls = style.overflowX === "auto" || style.overflowX === "scroll";
      if (!scrolls) problems.push(`${describe(e)} is cut off (${Math.round(width)} px in ${scroller.clientWidth} px, overflow-x: ${style.overflowX})`);
      // CodeMirror builds the editor's scroller; src/style.css gives .cm-scroller the same visible scrollbar.
      else if (!scroller.matches(".scroll-cue, .cm-scroller")) problems.push(`${describe(e)} scrolls with no cue (${Math.round(width)} px in ${scroller.clientWidth} px)`);
    }
    // A shape such as [1, 5, 32] broken over lines.
    for (const cell of document.querySelectorAll("#observablehq-main td, #observablehq-main th")) {
      const text = cell.textContent ?? "";
      if (!/^\[[\d, ]+\]$/.test(text.trim()) || (cell as HTMLElement).offsetParent === null) continue;
      const range = document.createRange();
      range.selectNodeContents(cell);
      const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      if (lines.size > 1) problems.push(`the shape ${text.trim()} wraps onto ${lines.size} lines (${describe(cell)})`);
    }
    // The previous/next footer follows the page's last content after a section gap, not a screenful of blank.
    const main = document.querySelector("#observablehq-main");
    const footer = document.querySelector("#observablehq-footer");
    if (main && footer) {
      const gap = footer.getBoundingClientRect().top - main.getBoundingClientRect().bottom;
      if (gap > 64) problems.push(`${Math.round(gap)} px of blank page before the previous/next footer`);
    }
    return problems;
  });
}

for (const [label, options] of [
  ["a 375 px phone in dark mode", {viewport: {width: 375, height: 812}, colorScheme: "dark" as const}],
  ["a 1280 px desktop", {viewport: {width: 1280, height: 900}}]
] as const) {
  describe(`on ${label}`, () => {
    for (const path of pagePaths()) {
      test(`${path}: no table, equation, source block or editor cut off without a scroll cue, no gap above the footer`, async () => {
        const {page, close} = await suite.open(pageFile(path), options);
        const problems = await clipped(page);
        await close();
        assert.deepEqual(problems, []);
      });
    }
  });
}

// The code a page shows is the idea and nothing else: every region a page displays (a sourceBlock in
// a page, or an editable cell's region from the catalogue) is read from its module, and none may
// reach for the machinery that lives below the model: the registry of replacements, kernels, the
// fast ops of src/tfjs, tidy helpers, caches, or the switches of the ablations.
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {test} from "node:test";
import {sourceRegion} from "../../src/editing/region.js";
import {allEditableNames, editable} from "../../src/editing/catalogue.js";
import {moduleSource} from "../support/library-source.js";

const root = new URL("../../", import.meta.url);

/** What a displayed region must not mention, with the reason a reader would be puzzled by it. */
const machinery: [RegExp, string][] = [
  [/\bimplementation\(/, "a lookup of a replaced function"],
  [/overrides/, "the registry of replaced functions"],
  [/Kernel|kernels|runKernel/, "a kernel"],
  [/\.\.\/tfjs/, "a module of src/tfjs"],
  [/\btidyValue\b/, "a tidy helper"],
  [/new Map\b(?!<string, number>)|\bcache\b/i, "a cache"], // a Map from strings to counts is a tally (BPE's pairs), not a cache
  [/\bwithGradient\b/, "a written-out gradient"],
  [/\bscaleScores\b/, "an ablation's switch"],
  [/\benabled\b/, "an ablation's switch"]
];

/** Every region the pages display: [module path, region name or undefined for the whole module, where it is shown]. */
function displayedRegions(): [string, string | undefined, string][] {
  const shown: [string, string | undefined, string][] = [];
  const pages = readdirSync(new URL("src/", root)).filter((f) => f.endsWith(".md"));
  for (const page of pages) {
    const text = readFileSync(new URL(`src/${page}`, root), "utf8");
    for (const m of text.matchAll(/sourceBlock\([^;]*?,\s*"(src\/[^"]+)"(?:,\s*"([^"]+)")?\)/g)) shown.push([m[1], m[2], `src/${page}`]);
  }
  for (const name of allEditableNames) {
    const {path, region, page} = editable(name);
    shown.push([path, region, `src/${page}.md (the editable cell of ${name})`]);
  }
  return shown;
}

/** The machinery that `text` mentions, one line each. */
function machineryIn(text: string): string[] {
  return machinery.flatMap(([pattern, what]) => {
    const line = text.split("\n").find((l) => pattern.test(l));
    return line === undefined ? [] : [`${what}: ${line.trim()}`];
  });
}

test("the pages display at least the regions of every editable function and the modules' classes", () => {
  const shown = displayedRegions();
  assert.ok(shown.length >= allEditableNames.length + 15, `only ${shown.length} displayed regions found: is the sourceBlock pattern still right?`);
  assert.ok(shown.some(([path, region]) => path === "src/model/layer-norm.ts" && region === "class"));
});

test("every displayed region holds its idea only: no registry, kernel, fast op, tidy helper, cache or ablation switch", () => {
  const problems: string[] = [];
  for (const [path, region, where] of displayedRegions()) {
    const text = sourceRegion(moduleSource(path), region);
    for (const found of machineryIn(text)) problems.push(`${path} (${region ?? "whole module"}), shown on ${where}: ${found}`);
  }
  assert.deepEqual(problems, []);
});

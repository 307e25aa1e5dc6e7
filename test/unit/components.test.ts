import assert from "node:assert/strict";
import {test} from "node:test";
import {sourceRegion} from "../../src/editing/region.js";

const source = `import x from "y";
// #region attention
export function attention() {
  return 1;
}
// #endregion attention
const rest = 2;`;

test("sourceRegion cuts a marked region, or the whole file without markers", () => {
  assert.equal(sourceRegion(source, "attention"), "export function attention() {\n  return 1;\n}");
  assert.doesNotMatch(sourceRegion(source), /#region|#endregion/);
  assert.match(sourceRegion(source), /^import x from "y";\nexport function attention/);
  assert.throws(() => sourceRegion(source, "nope"), /no region "nope"/);
});

test("a heatmap's text alternative names where each row peaks", async () => {
  const {heatmapSummary} = await import("../../src/components/heatmap.js");
  const text = heatmapSummary([[0.1, 0.9], [0.7, 0.3]], {title: "head 1", x: "key", y: "query", xTicks: ["a", "b"]});
  assert.equal(text, "head 1: a 2 × 2 heatmap, rows query, columns key. 0: largest at b (0.90); 1: largest at a (0.70).");
});

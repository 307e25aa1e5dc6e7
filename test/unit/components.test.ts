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

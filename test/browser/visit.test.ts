// The page checks themselves must be able to fail: a page that misbehaves in every way we look for
// has each fault reported.
import assert from "node:assert/strict";
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";

let dir = "";

// Serves a temporary folder holding one broken page instead of the built site.
const suite = useBuiltSite(async () => {
  dir = await mkdtemp(join(tmpdir(), "visit-"));
  await writeFile(
    join(dir, "bad.html"),
    `<!doctype html><body>
      <div class="observablehq--error">RuntimeError: boom</div>
      <span class="katex-error" title="ParseError: bad formula">\\frac{</span>
      <img src="http://127.0.0.2:9/elsewhere.png">
      <script>console.error("something broke"); setTimeout(() => { throw new Error("uncaught!"); });</script>
    </body>`
  );
  return dir;
});
after(async () => {
  if (dir) await rm(dir, {recursive: true, force: true});
});

test("a broken page has every fault reported", async () => {
  const {page, problems, close} = await suite.open("bad.html");
  await page.waitForTimeout(200);
  await close();
  const text = problems.join("\n");
  assert.match(text, /cell error: RuntimeError: boom/);
  assert.match(text, /KaTeX error: ParseError: bad formula/);
  assert.match(text, /request to another origin: http:\/\/127\.0\.0\.2:9\/elsewhere\.png/);
  assert.match(text, /console error: something broke/);
  assert.match(text, /uncaught exception: uncaught!/);
});

// The built site on the plainest static host: a server whose MIME table knows only html, js, css,
// wasm and json. The training page's service worker must still be served as JavaScript, so the
// page becomes cross-origin isolated after its one reload; and the build copies the service
// worker to the site's root unchanged.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {useBuiltSite} from "../support/browser-suite.js";
import {distDir, repoRoot} from "../support/site.js";

const suite = useBuiltSite(undefined, {types: "minimal"});

test("the build puts src/isolation-sw.js at the root of dist/, byte for byte", () => {
  assert.deepEqual(readFileSync(join(distDir, "isolation-sw.js")), readFileSync(join(repoRoot, "src", "isolation-sw.js")));
});

test("behind a minimal MIME table the service worker is served as JavaScript and the training page becomes cross-origin isolated", async () => {
  const response = await fetch(suite.site.url + "isolation-sw.js");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/javascript/);
  const {page, close} = await suite.open("training.html", {timeoutMs: 90_000});
  try {
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), suite.site.url + "isolation-sw.js");
  } finally {
    await close();
  }
});

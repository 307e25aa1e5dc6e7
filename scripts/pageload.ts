// Cold page loads of the built site: for every page of the config, a fresh browser context (empty
// cache) opens it, and the script prints how long after navigation every cell had its value (no
// `observablehq-loading` placeholder left) and how many bytes came over the wire, raw and gzip'd.
// The training page's time includes its one reload under the isolation service worker.
// Usage: npm run build && npm run pageload [-- /page ...]
import {gzipSync} from "node:zlib";
import {launchChromium} from "../test/support/chromium.js";
import {serveStatic} from "../test/support/server.js";
import {assertBuilt, distDir, isolatedPages, pageFile, pagePaths} from "../test/support/site.js";
import {settle} from "../test/support/visit.js";

const only = process.argv.slice(2);
assertBuilt();
const site = await serveStatic(distDir);
const browser = await launchChromium();
const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`.padStart(9);
try {
  console.log(`${"page".padEnd(22)} ${"ready".padStart(7)} ${"requests".padStart(8)} ${"raw".padStart(9)} ${"gzip".padStart(9)}`);
  for (const path of pagePaths().filter((p) => only.length === 0 || only.includes(p))) {
    const file = pageFile(path);
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    const page = await context.newPage();
    const bodies: Promise<Buffer | null>[] = [];
    page.on("response", (response) => bodies.push(response.body().catch(() => null)));
    const start = Date.now();
    await page.goto(site.url + file, {waitUntil: "load"});
    if (isolatedPages.includes(file)) await page.waitForFunction(() => crossOriginIsolated, null, {timeout: 60_000});
    await settle(page);
    const ready = Date.now() - start;
    const received = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
    const raw = received.reduce((sum, b) => sum + b.length, 0);
    const gzip = received.reduce((sum, b) => sum + gzipSync(b).length, 0);
    console.log(`${path.padEnd(22)} ${`${(ready / 1000).toFixed(2)} s`.padStart(7)} ${String(received.length).padStart(8)} ${kB(raw)} ${kB(gzip)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}

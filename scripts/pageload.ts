// Cold page loads of the built site: for every page of the config, a fresh browser context (empty
// cache) opens it, and the script prints how long after navigation every cell had its value (no
// `observablehq-loading` placeholder left) and how many bytes came over the wire, raw and gzip'd.
// The training page's time includes its one reload under the isolation service worker.
// With --runs N every page is loaded N times (each cold) and the median is printed, with the range:
// on a shared 2-core machine one load can be off by half a second.
// Usage: npm run build && npm run pageload [-- [--runs N] /page ...]
import {gzipSync} from "node:zlib";
import {launchChromium} from "../test/support/chromium.js";
import {serveStatic} from "../test/support/server.js";
import {assertBuilt, distDir, isolatedPages, pageFile, pagePaths} from "../test/support/site.js";
import {settle} from "../test/support/visit.js";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt < 0 ? 1 : Number(args[runsAt + 1]);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`pageload: --runs takes a whole number above 0, not ${args[runsAt + 1]}`);
const only = runsAt < 0 ? args : args.filter((_, i) => i !== runsAt && i !== runsAt + 1);
assertBuilt();
const site = await serveStatic(distDir);
const browser = await launchChromium();
const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`.padStart(9);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

interface Load {
  ready: number; // ms from navigation until every cell has its value
  requests: number;
  raw: number; // bytes received
  gzip: number; // the same, each gzip'd
}

/** One cold load of a page, in a fresh browser context (empty cache). */
async function load(path: string): Promise<Load> {
  const file = pageFile(path);
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    const bodies: Promise<Buffer | null>[] = [];
    page.on("response", (response) => bodies.push(response.body().catch(() => null)));
    const start = Date.now();
    await page.goto(site.url + file, {waitUntil: "load"});
    if (isolatedPages.includes(file)) await page.waitForFunction(() => crossOriginIsolated, null, {timeout: 60_000});
    await settle(page);
    const ready = Date.now() - start;
    const received = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
    return {
      ready,
      requests: received.length,
      raw: received.reduce((sum, b) => sum + b.length, 0),
      gzip: received.reduce((sum, b) => sum + gzipSync(b).length, 0)
    };
  } finally {
    await context.close();
  }
}
try {
  console.log(`${"page".padEnd(22)} ${"ready".padStart(7)} ${"requests".padStart(8)} ${"raw".padStart(9)} ${"gzip".padStart(9)}`);
  for (const path of pagePaths().filter((p) => only.length === 0 || only.includes(p))) {
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) loads.push(await load(path));
    const times = loads.map((l) => l.ready).sort((a, b) => a - b);
    const median = times[Math.floor((times.length - 1) / 2)];
    const {requests, raw, gzip} = loads[0];
    const range = runs > 1 ? `  (${seconds(times[0])}-${seconds(times.at(-1)!)} over ${runs} loads)` : "";
    console.log(`${path.padEnd(22)} ${`${seconds(median)} s`.padStart(7)} ${String(requests).padStart(8)} ${kB(raw)} ${kB(gzip)}${range}`);
  }
} finally {
  await browser.close();
  await site.close();
}

// Cold page loads of the built site: for every page of the config, a fresh browser context (empty
// cache) opens it, and the script prints how long after navigation every cell had its value (no
// `observablehq-loading` placeholder left) and how many bytes came over the wire, raw and gzip'd.
// The training page's time includes its one reload under the isolation service worker.
// With --runs N every page is loaded N times (each cold) and the median is printed, with the range:
// on a shared 2-core machine one load can be off by half a second.
// With --against DIR (another build, e.g. of an earlier commit, copied aside) the loads alternate
// between DIR and dist/, and each page's line gives both medians and their ratio: the machine's
// speed drifts by a quarter from one hour to the next, so compare builds only within one run.
// Usage: npm run build && npm run pageload [-- [--runs N] [--against DIR] /page ...]
import {existsSync} from "node:fs";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {launchChromium} from "../test/support/chromium.js";
import {serveStatic} from "../test/support/server.js";
import {assertBuilt, distDir, isolatedPages, pageFile, pagePaths} from "../test/support/site.js";
import {settle} from "../test/support/visit.js";

const args = process.argv.slice(2);
/** The value after a flag, and the arguments without the two. */
function option(flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined) throw new Error(`pageload: ${flag} needs a value`);
  args.splice(at, 2);
  return value;
}
const runsArg = option("--runs");
const runs = runsArg === undefined ? 1 : Number(runsArg);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`pageload: --runs takes a whole number above 0, not ${runsArg}`);
const against = option("--against");
if (against !== undefined && !existsSync(join(against, "index.html"))) throw new Error(`pageload: --against ${against} is not a built site (it has no index.html)`);
const only = args;
assertBuilt();
const site = await serveStatic(distDir);
const other = against === undefined ? undefined : await serveStatic(against);
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
async function load(path: string, url = site.url): Promise<Load> {
  const file = pageFile(path);
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    const bodies: Promise<Buffer | null>[] = [];
    page.on("response", (response) => bodies.push(response.body().catch(() => null)));
    const start = Date.now();
    await page.goto(url + file, {waitUntil: "load"});
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
/** The median ready time and the range of some loads. */
function summary(loads: Load[]): {median: number; range: string} {
  const times = loads.map((l) => l.ready).sort((a, b) => a - b);
  const range = loads.length > 1 ? `(${seconds(times[0])}-${seconds(times.at(-1)!)} over ${loads.length} loads)` : "";
  return {median: times[Math.floor((times.length - 1) / 2)], range};
}
try {
  const againstColumn = other === undefined ? "" : ` ${"against".padStart(7)} ${"ratio".padStart(6)}`;
  console.log(`${"page".padEnd(22)} ${"ready".padStart(7)}${againstColumn} ${"requests".padStart(8)} ${"raw".padStart(9)} ${"gzip".padStart(9)}`);
  for (const path of pagePaths().filter((p) => only.length === 0 || only.includes(p))) {
    const loads: Load[] = [];
    const otherLoads: Load[] = [];
    for (let run = 0; run < runs; run++) {
      // Alternating which build goes first, so that neither always loads on a warmer machine.
      if (other !== undefined && run % 2 === 1) otherLoads.push(await load(path, other.url));
      loads.push(await load(path));
      if (other !== undefined && run % 2 === 0) otherLoads.push(await load(path, other.url));
    }
    const ours = summary(loads);
    const {requests, raw, gzip} = loads[0];
    let compared = "";
    if (other !== undefined) {
      const theirs = summary(otherLoads);
      compared = ` ${`${seconds(theirs.median)} s`.padStart(7)} ${(ours.median / theirs.median).toFixed(2).padStart(6)}`;
    }
    console.log(`${path.padEnd(22)} ${`${seconds(ours.median)} s`.padStart(7)}${compared} ${String(requests).padStart(8)} ${kB(raw)} ${kB(gzip)}  ${ours.range}`.trimEnd());
  }
} finally {
  await browser.close();
  await site.close();
  await other?.close();
}

// `npm run dev` (Framework's preview server): it still hot-reloads with the editable cells on the page:
// a change to a page's Markdown shows in the open page without a reload, and a change to a library
// module reaches its editable cell. The test edits src/attention.md and src/model/attention.ts and
// puts both back afterwards, whatever happens. And the training page, whose service worker the
// preview server does not serve, trains single-threaded without an error.
import assert from "node:assert/strict";
import {spawn, type ChildProcess} from "node:child_process";
import {readFileSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {join} from "node:path";
import {after, before, test} from "node:test";
import type {Browser} from "playwright-core";
import {launchChromium} from "../support/chromium.js";
import {repoRoot} from "../support/site.js";

const pagePath = join(repoRoot, "src", "attention.md");
const modulePath = join(repoRoot, "src", "model", "attention.ts");
const pageText = readFileSync(pagePath, "utf8");
const moduleText = readFileSync(modulePath, "utf8");

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let url = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const {port} = probe.address() as {port: number};
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

before(async () => {
  const port = await freePort();
  server = spawn(join(repoRoot, "node_modules", ".bin", "observable"), ["preview", "--port", String(port), "--no-open"], {
    cwd: repoRoot,
    env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"},
    stdio: ["ignore", "pipe", "pipe"]
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the preview server did not start:\n${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}/`);
      }
    };
    server!.stdout!.on("data", read);
    server!.stderr!.on("data", read);
    server!.on("exit", (code) => reject(new Error(`the preview server exited (${code}):\n${out}`)));
  });
  browser = await launchChromium();
});

after(async () => {
  writeFileSync(pagePath, pageText);
  writeFileSync(modulePath, moduleText);
  await browser?.close();
  server?.kill();
});

test("under npm run dev, editing the page or the module updates the open attention page and its editable cell", async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${url}attention.html`);
  await page.waitForSelector("#cell-attention .cm-content", {timeout: 60_000});
  await page.evaluate(() => ((window as unknown as {sameDocument: boolean}).sameDocument = true));
  try {
    writeFileSync(pagePath, pageText.replace("Attention lets every token", "Hot-reloaded: attention lets every token"));
    await page.waitForFunction(() => document.body.textContent?.includes("Hot-reloaded: attention"), null, {timeout: 30_000});
    assert.equal(await page.evaluate(() => (window as unknown as {sameDocument?: boolean}).sameDocument), true, "the page was reloaded, not updated");
    assert.equal(await page.locator("#cell-attention .cm-content").count(), 1);
  } finally {
    writeFileSync(pagePath, pageText);
  }
  try {
    writeFileSync(modulePath, moduleText.replace(" * q_BHTK: queries", " * (hot-reloaded) q_BHTK: queries"));
    await page.waitForFunction(() => document.querySelector("#cell-attention .cm-content")?.textContent?.includes("(hot-reloaded)"), null, {timeout: 30_000});
  } finally {
    writeFileSync(modulePath, moduleText);
  }
  assert.deepEqual(errors, []);
});

test("under npm run dev, the training page starts its worker without errors and says why it trains on one thread", async () => {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${url}training.html`);
  await page.waitForFunction(() => (document.querySelector("#train-start") as HTMLButtonElement | null)?.disabled === false, null, {timeout: 60_000});
  assert.match((await page.textContent("#train-backend-status")) ?? "", /npm run dev does not serve the service worker/);
  assert.deepEqual(errors, []);
});

// Opens a page of the built site and collects everything a reader should never see: console
// errors, uncaught exceptions, failed or off-origin requests, cells that show an error, and
// formulas that KaTeX could not render.
import type {Browser, BrowserContextOptions, Page} from "playwright-core";

export interface Visit {
  page: Page;
  /** Every problem seen so far, one line each; empty on a healthy page. */
  problems: string[];
  close(): Promise<void>;
}

export interface VisitOptions extends BrowserContextOptions {
  timeoutMs?: number;
  /**
   * Wait until the page is cross-origin isolated before settling: on a first visit the training page
   * registers its service worker and reloads once (src/tfjs/isolation.ts), as it does for a reader.
   */
  isolated?: boolean;
}

export async function visit(browser: Browser, url: string, options: VisitOptions = {}): Promise<Visit> {
  const {timeoutMs = 60_000, isolated = false, ...contextOptions} = options;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const origin = new URL(url).origin;
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    problems.push(`console error: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("request", (request) => {
    const target = request.url();
    if (/^(data|blob|about):/.test(target)) return;
    if (new URL(target).origin !== origin) problems.push(`request to another origin: ${target}`);
  });
  // An isolated page reloads itself once under its service worker, aborting what its first load
  // still had in flight: those aborts are not failures.
  let isolatedNow = !isolated;
  page.on("requestfailed", (request) => {
    if (!isolatedNow && request.failure()?.errorText === "net::ERR_ABORTED") return;
    if (new URL(request.url()).origin === origin) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, {waitUntil: "load", timeout: timeoutMs});
  if (isolated) await page.waitForFunction(() => crossOriginIsolated, null, {timeout: timeoutMs});
  isolatedNow = true;
  await settle(page, timeoutMs);
  problems.push(...(await pageErrors(page)));
  return {page, problems, close: () => context.close()};
}

/** Waits until every cell of a Framework page has produced its value (or its error). */
export async function settle(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, null, {timeout: timeoutMs});
}

/** Errors visible in the page: cells that threw and formulas that did not render. */
export function pageErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...Array.from(document.querySelectorAll(".observablehq--error"), (e) => `cell error: ${e.textContent?.trim()}`),
    ...Array.from(document.querySelectorAll(".katex-error"), (e) => `KaTeX error: ${e.getAttribute("title") ?? e.textContent}`)
  ]);
}

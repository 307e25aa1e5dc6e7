// The set-up every browser test file shares: before its tests, serve the built site (dist/) under a
// subpath and launch Chromium; after them, close both. Call it once, at the top level of a test file:
//
//   const suite = useBuiltSite();
//   test("…", async () => {
//     const {page, problems, close} = await suite.open("attention.html");
//     …
//   });
import {after, before} from "node:test";
import type {Browser} from "playwright-core";
import {launchChromium} from "./chromium.js";
import {serveStatic, type ServeOptions, type StaticSite} from "./server.js";
import {assertBuilt, distDir, isolatedPages} from "./site.js";
import {visit, type Visit, type VisitOptions} from "./visit.js";


export interface BrowserSuite {
  /** The Chromium the file's tests share (set once the `before` hook has run). */
  readonly browser: Browser;
  /** The static server (set once the `before` hook has run); its url ends in "/". */
  readonly site: StaticSite;
  /**
   * Opens a file of the served folder, e.g. "attention.html", in a fresh browser context; for an
   * isolated page (the training page), once it has reloaded under its service worker.
   */
  open(file: string, options?: VisitOptions): Promise<Visit>;
}

/**
 * Registers node:test `before`/`after` hooks that serve a folder and launch Chromium, then close
 * both. The folder is dist/ (which must be built) unless `folder` gives another: it is called in the
 * `before` hook and may create the folder it returns. `serve` chooses the server's MIME table. (Node 20 starts a file's top-level `before`
 * hooks without waiting for the previous one, so another hook cannot be relied on to create it.)
 */
export function useBuiltSite(folder?: () => string | Promise<string>, serve: ServeOptions = {}): BrowserSuite {
  let browser: Browser | undefined;
  let site: StaticSite | undefined;
  before(async () => {
    let dir = await folder?.();
    if (dir === undefined) {
      assertBuilt();
      dir = distDir;
    }
    site = await serveStatic(dir, undefined, serve);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the browser suite's ${name} is used before its before() hook ran`);
    return value;
  };
  return {
    get browser() {
      return ready(browser, "browser");
    },
    get site() {
      return ready(site, "site");
    },
    open(file, options) {
      return visit(ready(browser, "browser"), ready(site, "site").url + file, {isolated: isolatedPages.includes(file), ...options});
    }
  };
}

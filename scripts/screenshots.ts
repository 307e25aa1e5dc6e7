// Screenshots of every built page at desktop and phone width, light and dark, for a person to look at.
// Usage: npm run build && npm run screenshots [-- /page ...]   → test-results/screenshots/*.png
import {mkdir} from "node:fs/promises";
import {join} from "node:path";
import {launchChromium} from "../test/support/chromium.js";
import {serveStatic} from "../test/support/server.js";
import {assertBuilt, distDir, pageFile, pagePaths, repoRoot} from "../test/support/site.js";
import {visit} from "../test/support/visit.js";

const out = join(repoRoot, "test-results", "screenshots");
const only = process.argv.slice(2);
assertBuilt();
await mkdir(out, {recursive: true});
const site = await serveStatic(distDir);
const browser = await launchChromium();
try {
  for (const path of pagePaths().filter((p) => only.length === 0 || only.includes(p))) {
    for (const [label, width] of [["desktop", 1280], ["phone", 375]] as const) {
      for (const colorScheme of ["light", "dark"] as const) {
        // The training page reloads once to become cross-origin isolated: wait for that, or the shot is blank.
        const {page, problems, close} = await visit(browser, site.url + pageFile(path), {viewport: {width, height: 900}, colorScheme, isolated: path === "/training"});
        // Its panels appear once the training worker has started.
        if (path === "/training") await page.waitForFunction(() => /training runs on/.test(document.querySelector("#train-backend-status")?.textContent ?? ""), null, {timeout: 60_000});
        const file = join(out, `${path.slice(1).replace(/\//g, "_")}-${label}-${colorScheme}.png`);
        await page.screenshot({path: file, fullPage: true});
        await close();
        console.log(`${file}${problems.length ? `  PROBLEMS: ${problems.join("; ")}` : ""}`);
      }
    }
  }
} finally {
  await browser.close();
  await site.close();
}

// Finds and launches a real Chromium for the browser tests. Playwright cannot download its own
// browsers here, so we drive Debian's (apt-get install -y chromium) or the one CHROME_PATH names.
import {existsSync} from "node:fs";
import {chromium, type Browser} from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, but there is no file there.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      "The browser tests need Chromium and found none. On Debian or Ubuntu: `sudo apt-get install -y chromium`; " +
        `elsewhere, install Chromium or Chrome and set CHROME_PATH to its binary. Looked in: ${CANDIDATES.join(", ")}.`
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage"
    ]
  });
}

// The course's pages, as the config lists them, and where the built site lives.
import {existsSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import config from "../../observablehq.config.js";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const distDir = join(repoRoot, "dist");

interface PageEntry {
  name: string;
  path: string;
}
type Entry = PageEntry | {name: string; pages: Entry[]};

/** Every page path in the config's reading order, e.g. ["/index", "/attention"]. */
export function pagePaths(): string[] {
  const walk = (entries: readonly Entry[]): string[] => entries.flatMap((e) => ("pages" in e ? walk(e.pages) : [e.path]));
  return walk(config.pages as Entry[]);
}

/** The pages that make themselves cross-origin isolated (for wasm threads), reloading once on a first visit. */
export const isolatedPages: readonly string[] = ["training.html"];

/** The built file of a page path: "/index" → "index.html" (the site's links end in .html). */
export function pageFile(path: string): string {
  return `${path.replace(/^\//, "")}.html`;
}

export function assertBuilt(): void {
  if (!existsSync(join(distDir, "index.html"))) {
    throw new Error("dist/ has no built site: run `npm run build` first (`npm test` does it for you).");
  }
}

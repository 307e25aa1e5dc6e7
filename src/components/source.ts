// Shows the library's own source on a page, so the code a reader sees is the code that runs.
// A module can mark a region for a page with `// #region name` ... `// #endregion name`
// (src/editing/region.ts cuts it out).
import {sourceRegion} from "../editing/region.js";

/** A code block titled with the module's path, e.g. sourceBlock(text, "src/model/attention.ts"). */
export function sourceBlock(source: string, path: string, region?: string): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "source";
  const caption = document.createElement("figcaption");
  caption.textContent = region ? `${path} (${region})` : path;
  const pre = document.createElement("pre");
  pre.className = "scroll-cue";
  const code = document.createElement("code");
  code.className = "language-ts";
  code.textContent = sourceRegion(source, region);
  pre.append(code);
  figure.append(caption, pre);
  return figure;
}

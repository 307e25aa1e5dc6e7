// Shows the library's own source on a page, so the code a reader sees is the code that runs.
// A module can mark a region for a page with `// #region name` ... `// #endregion name`.

/** The text of region `name` of a module's source, or the whole source without region markers. */
export function sourceRegion(source: string, name?: string): string {
  const lines = source.split("\n");
  if (name === undefined) return lines.filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l)).join("\n").trim();
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`);
  if (start < 0 || end < 0) throw new Error(`sourceRegion: no region "${name}" in the source`);
  return lines.slice(start + 1, end).join("\n").trim();
}

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

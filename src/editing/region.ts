// A module marks a region for a page with `// #region name` ... `// #endregion name`: the text a
// page shows, an editable cell edits, and a stored edit is versioned against.

/** The text of region `name` of a module's source, or the whole source without region markers. */
export function sourceRegion(source: string, name?: string): string {
  const lines = source.split("\n");
  if (name === undefined) return lines.filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l)).join("\n").trim();
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`);
  if (start < 0 || end < 0) throw new Error(`sourceRegion: no region "${name}" in the source`);
  return lines.slice(start + 1, end).join("\n").trim();
}

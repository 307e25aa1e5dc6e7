// The names a module imports as values: the names an edited region of it may use without defining.

/** Value imports of a module's source (`import type` and `type X` specifiers are left out). */
export function valueImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/^\s*import\s+(?!type\s)([\s\S]*?)\s+from\s+["'][^"']+["']/gm)) {
    const clause = m[1].trim();
    const namespace = /^\*\s+as\s+([\w$]+)$/.exec(clause);
    if (namespace) {
      names.push(namespace[1]);
      continue;
    }
    const braces = /\{([\s\S]*)\}/.exec(clause);
    const before = braces ? clause.slice(0, braces.index).replace(/,\s*$/, "").trim() : clause;
    if (before && /^[\w$]+$/.test(before)) names.push(before); // a default import
    for (const spec of braces?.[1].split(",") ?? []) {
      const s = spec.trim();
      if (!s || /^type\s/.test(s)) continue;
      const as = /\bas\s+([\w$]+)$/.exec(s);
      names.push(as ? as[1] : s);
    }
  }
  return names;
}

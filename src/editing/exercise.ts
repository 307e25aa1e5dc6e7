// Exercise mode: a function's body blanked to a TODO with hints, for a reader to write it.
// The signature (and the doc comment above it) stays, so the types and the contract are given.

/**
 * `region` (a module region defining function `name`) with the function's body replaced by the
 * hints as comments and a `throw` that says what to write.
 */
export function blankBody(region: string, name: string, hints: readonly string[]): string {
  const header = new RegExp(`\\bfunction\\s+${name}\\b`).exec(region);
  if (!header) throw new Error(`blankBody: the region does not define function ${name}`);
  const close = region.lastIndexOf("}");
  const open = matchingOpen(region, close);
  if (open < header.index) throw new Error(`blankBody: could not find the body of ${name}`);
  const todo = [
    `  // TODO: write ${name}.`,
    ...hints.map((h) => `  // - ${h}`),
    `  throw new Error(${JSON.stringify(`TODO: write ${name}`)});`
  ];
  return `${region.slice(0, open + 1)}\n${todo.join("\n")}\n}${region.slice(close + 1)}`;
}

/** The index of the `{` that the `}` at `close` closes (braces in strings and comments are rare in the library and not special-cased). */
function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (text[i] === "}") depth++;
    else if (text[i] === "{" && --depth === 0) return i;
  }
  return -1;
}

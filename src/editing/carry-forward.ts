// "Use my components", the training worker's side: the page sends the text of the reader's edits
// (src/editing/reader-edits.ts); the worker compiles and checks each one
// (`compileReaderComponents`) and installs those that run (src/model/overrides.ts); a function
// whose edit does not compile or run on its fixed inputs falls back to the library's, with the reason.
import {installOverrides, type Replaceable, type ReplaceableName} from "../model/overrides.js";
import {editable, editableNames} from "./catalogue.js";
import {checkAgainstReference, selfCheck} from "./check.js";
import {compileFunction, errorPosition} from "./compile.js";
import type {ReaderEdits} from "./reader-edits.js";

/** What became of one edited function in the worker. */
export type ComponentReport =
  | {name: ReplaceableName; used: true; matches: boolean; maxDiff: number} // matches: same outputs as the library's on the fixed inputs
  | {name: ReplaceableName; used: false; reason: string};

/** Compiles and checks each edit; the ones that run become the overrides, the others are reported with the reason. */
export function compileReaderComponents(edits: ReaderEdits, timeLimitMs = 2000): {overrides: Partial<Replaceable>; report: ComponentReport[]} {
  const overrides: Record<string, unknown> = {};
  const report: ComponentReport[] = [];
  for (const name of editableNames) {
    const code = edits[name];
    if (code === undefined) continue;
    const entry = editable(name);
    const sourceURL = `${name}-edited.ts`;
    const compiled = compileFunction<(...args: never[]) => unknown>(code, {scope: entry.scope, name, timeLimitMs, sourceURL});
    if (!compiled.ok) {
      const {line, message} = compiled.error;
      report.push({name, used: false, reason: `syntax error${line ? ` at line ${line}` : ""}: ${message}`});
      continue;
    }
    const checked = selfCheck(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases, name);
    if (!checked.ok) {
      const line = errorPosition(checked.error, sourceURL)?.line;
      report.push({name, used: false, reason: `it fails on the fixed inputs${line ? ` at line ${line}` : ""}: ${(checked.error as Error).message}`});
      continue;
    }
    const check = checkAgainstReference(compiled.fn, entry.reference as (...args: never[]) => unknown, entry.cases);
    overrides[name] = compiled.fn;
    report.push({name, used: true, matches: check.pass, maxDiff: check.maxDiff});
  }
  return {overrides: overrides as Partial<Replaceable>, report};
}

/** Installs the reader's components that run (and none other); returns what became of each. */
export function useReaderComponents(edits: ReaderEdits): ComponentReport[] {
  const {overrides, report} = compileReaderComponents(edits);
  installOverrides(overrides);
  return report;
}

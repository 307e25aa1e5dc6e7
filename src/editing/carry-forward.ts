// "Use my components", the training worker's side: the page sends the text of the reader's edits
// (src/editing/reader-edits.ts); the worker compiles and checks each one
// (`compileReaderComponents`) and builds that run's model and trainer with those that run
// (src/training/components.ts); a function whose edit does not compile or run on its fixed inputs
// falls back to the library's, with the reason.
import type {ComponentName, Components} from "../training/components.js";
import {editable, editableNames} from "./catalogue.js";
import {checkAgainstReference, selfCheck} from "./check.js";
import {compileFunction, errorPosition} from "./compile.js";
import type {ReaderEdits} from "./reader-edits.js";

/** What became of one edited function in the worker. */
export type ComponentReport =
  | {name: ComponentName; used: true; matches: boolean; maxDiff: number} // matches: same outputs as the library's on the fixed inputs
  | {name: ComponentName; used: false; reason: string};

/** Compiles and checks each edit: the ones that run are the components to train with, the others are reported with the reason. */
export function compileReaderComponents(edits: ReaderEdits, timeLimitMs = 2000): {components: Partial<Components>; report: ComponentReport[]} {
  const components: Record<string, unknown> = {};
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
    components[name] = compiled.fn;
    report.push({name, used: true, matches: check.pass, maxDiff: check.maxDiff});
  }
  return {components: components as Partial<Components>, report};
}

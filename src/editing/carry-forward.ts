// "Use my components": the training page builds and trains the model with the reader's edited
// functions. The page reads the edits stored for the current version of each function
// (`readerEdits`) and sends their text to the training worker, which compiles and checks each one
// (`compileReaderComponents`) and installs those that run (src/model/overrides.ts); a function
// whose edit does not compile or run on its fixed inputs falls back to the library's, with the reason.
import {sourceRegion} from "../components/source.js";
import {installOverrides, type Replaceable, type ReplaceableName} from "../model/overrides.js";
import {editable, editableNames} from "./catalogue.js";
import {checkAgainstReference, selfCheck} from "./check.js";
import {compileFunction, errorPosition} from "./compile.js";
import {hashSource, loadEdit, type KeyValueStore} from "./store.js";

export type ReaderEdits = Partial<Record<ReplaceableName, string>>;

export interface StoredEdits {
  edits: ReaderEdits; // edits made against the current code, by function
  stale: ReplaceableName[]; // edits made against an older version of the code: not used until kept on their page
}

/** The reader's edits of every editable function; `sources` holds each module's text by path. */
export function readerEdits(sources: Record<string, string>, store: KeyValueStore): StoredEdits {
  const edits: ReaderEdits = {};
  const stale: ReplaceableName[] = [];
  for (const name of editableNames) {
    const {path, region} = editable(name);
    const source = sources[path];
    if (source === undefined) throw new Error(`readerEdits: no source for ${path}`);
    const version = hashSource(sourceRegion(source, region));
    const saved = loadEdit(store, name, version);
    if (saved.state === "current") edits[name] = saved.edit.code;
    else if (saved.state === "stale") stale.push(name);
  }
  return {edits, stale};
}

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
    const error = selfCheck(compiled.fn, entry.cases);
    if (error !== undefined) {
      const line = errorPosition(error, sourceURL)?.line;
      report.push({name, used: false, reason: `it fails on the fixed inputs${line ? ` at line ${line}` : ""}: ${(error as Error)?.message ?? String(error)}`});
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

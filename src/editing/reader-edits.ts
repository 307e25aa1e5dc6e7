// "Use my components", the training page's side: the reader's edits stored against the current code
// of each editable function, whose text the page sends to the training worker
// (src/editing/carry-forward.ts compiles them there). Kept apart so that the page does not load the
// compiler it never runs.
import type {ComponentName} from "../training/components.js";
import {editable, editableNames} from "./catalogue.js";
import {sourceRegion} from "./region.js";
import {hashSource, loadEdit, type KeyValueStore} from "./store.js";

export type ReaderEdits = Partial<Record<ComponentName, string>>;

export interface StoredEdits {
  edits: ReaderEdits; // edits made against the current code, by function
  stale: ComponentName[]; // edits made against an older version of the code: not used until kept on their page
  review: ComponentName[]; // edits imported from a file: not used until run or kept on their page
}

/** The reader's edits of every editable function; `sources` holds each module's text by path. */
export function readerEdits(sources: Record<string, string>, store: KeyValueStore): StoredEdits {
  const edits: ReaderEdits = {};
  const stale: ComponentName[] = [];
  const review: ComponentName[] = [];
  for (const name of editableNames) {
    const {path, region} = editable(name);
    const source = sources[path];
    if (source === undefined) throw new Error(`readerEdits: no source for ${path}`);
    const version = hashSource(sourceRegion(source, region));
    const saved = loadEdit(store, name, version);
    if (saved.state === "current") edits[name] = saved.edit.code;
    else if (saved.state === "stale") stale.push(name);
    else if (saved.state === "imported") review.push(name);
  }
  return {edits, stale, review};
}

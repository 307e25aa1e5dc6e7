// The library's own text, as the pages show it: a module's source, and the region of an editable
// function (src/editing/catalogue.ts), read from the repository.
import {readFileSync} from "node:fs";
import {sourceRegion} from "../../src/editing/region.js";
import {editable, type EditableName} from "../../src/editing/catalogue.js";

/** A module's text by its path from the repository root, e.g. "src/model/attention.ts". */
export function moduleSource(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
}

/** The region the editable function `name` is shown and edited in. */
export function editableRegion(name: EditableName): string {
  const {path, region} = editable(name);
  return sourceRegion(moduleSource(path), region);
}

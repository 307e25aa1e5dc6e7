// The home page's "Your edits and notes": Export writes every stored edit and note of the course as
// one JSON file; Import reads such a file back, all or nothing (src/editing/store.ts checks it). An
// imported edit waits on its page for the reader's Run or Keep, and the summary names each one.
import {exportBundle, importBundle, type KeyValueStore} from "../editing/store.js";
import {browserStore} from "../editing/store.js";
import {el} from "./dom.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** An imported edit's code runs only once the reader has read it and pressed Run or Keep on its page. */
const reviewNote = (names: string[]) =>
  names.length ? ` Imported code does not run until you have read it: ${names.length === 1 ? "this edit waits" : "these edits wait"} for you to press Run or Keep on ${names.length === 1 ? "its page" : "their pages"}: ${names.join(", ")}.` : "";

/** Export button, Import file control and a status line. Ids: course-export, course-import, course-data-status. */
export function courseDataControls(storage?: KeyValueStore): HTMLElement {
  const store = storage ?? browserStore();
  const status = el("p", {id: "course-data-status"});
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const exportButton = el("button", {type: "button", id: "course-export"}, "Export my edits and notes");
  exportButton.addEventListener("click", () => {
    const bundle = exportBundle(store);
    const blob = new Blob([JSON.stringify(bundle, null, 2)], {type: "application/json"});
    const url = URL.createObjectURL(blob);
    const a = el("a", {href: url, download: `course-edits-and-notes-${bundle.exportedAt.slice(0, 10)}.json`});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const n = Object.keys(bundle.entries).length;
    status.textContent = `Exported ${n} ${n === 1 ? "entry" : "entries"} (edits and notes).`;
  });
  const input = el("input", {type: "file", id: "course-import", accept: "application/json,.json"});
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    const result = importBundle(store, await file.text());
    input.value = "";
    status.textContent = result.ok
      ? `Imported ${plural(result.edits, "edit")} and ${plural(result.notes, "note")}; they show on their pages.${reviewNote(result.review)}`
      : `This file was not imported, and nothing changed: ${result.error}.`;
    status.dataset.ok = String(result.ok);
  });
  const label = el("label", {htmlFor: "course-import"}, "Import a file: ");
  return el("div", {id: "course-data"}, el("p", {}, exportButton), el("p", {}, label, input), status);
}

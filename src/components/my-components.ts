// "Use my components" on the training page: a checkbox that trains the model with the functions the
// reader edited on the course pages, the list of which ones are theirs, and, once a run starts,
// what the worker made of each (used, and whether it matches the library's; or fell back, and why).
import type {ComponentReport} from "../editing/carry-forward.js";
import type {ReaderEdits, StoredEdits} from "../editing/reader-edits.js";
import {editable, editableNames} from "../editing/catalogue.js";
import type {ComponentName} from "../training/components.js";
import {el} from "./dom.js";

export interface MyComponents {
  element: HTMLElement;
  /** The edits to train with, read afresh (undefined: the box is not ticked, or nothing is edited). */
  selected(): ReaderEdits | undefined;
  /** Shows what the worker did with them. */
  showReport(report: ComponentReport[]): void;
}

const link = (name: ComponentName) => {
  const {page, title} = editable(name);
  return el("a", {href: `./${page}.html`, title: `${title}: edit it on its page`}, el("code", {}, name));
};

/** The items, each shown by `show`, separated by commas. */
function list<T>(items: T[], show: (item: T) => (Node | string)[]): (Node | string)[] {
  return items.flatMap((item, i) => [...(i ? [", "] : []), ...show(item)]);
}

/** `read` returns the reader's stored edits (src/editing/reader-edits.ts). */
export function myComponentsBox(read: () => StoredEdits): MyComponents {
  const checkbox = el("input", {type: "checkbox", id: "train-my-components"});
  const summary = el("p", {id: "train-my-components-summary", className: "tp-note"});
  const report = el("p", {id: "train-components-report", className: "tp-note", hidden: true});
  const element = el(
    "fieldset",
    {id: "train-my-components-box"},
    el("legend", {textContent: "Your code"}),
    el("label", {}, checkbox, " Use my components: build the model with the functions I edited on the course pages"),
    summary,
    report
  );

  let stored: StoredEdits = {edits: {}, stale: [], review: []};
  const refresh = () => {
    stored = read();
    const mine = editableNames.filter((n) => stored.edits[n] !== undefined);
    checkbox.disabled = mine.length === 0;
    if (mine.length === 0) checkbox.checked = false;
    const parts: (Node | string)[] = mine.length
      ? ["Yours: ", ...list(mine, (n) => [link(n)]), `. The other ${editableNames.length - mine.length} functions are the library's.`]
      : ["You have not edited any function yet. Each component's page has its code in an editor (", link("attention"), " on the Attention page, for one); edit and run it there, then come back."];
    if (stored.stale.length) parts.push(" Edited against an older version of the code, so not used until you keep the edit on its page: ", ...list(stored.stale, (n) => [link(n)]), ".");
    if (stored.review.length) parts.push(" Imported from a file and not yet run, so not used until you run or keep the edit on its page: ", ...list(stored.review, (n) => [link(n)]), ".");
    summary.replaceChildren(...parts);
  };
  refresh();
  // The reader may edit a function in another tab and come back.
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && refresh());

  return {
    element,
    selected() {
      refresh();
      return checkbox.checked && Object.keys(stored.edits).length ? stored.edits : undefined;
    },
    showReport(items) {
      report.hidden = items.length === 0;
      const used = items.filter((r): r is Extract<ComponentReport, {used: true}> => r.used);
      const fell = items.filter((r): r is Extract<ComponentReport, {used: false}> => !r.used);
      const parts: (Node | string)[] = [];
      if (used.length) {
        parts.push(
          "This run uses your ",
          ...list(used, (r) => [link(r.name), ` (${r.matches ? "same outputs as the library's" : `differs from the library's by up to ${Number.isFinite(r.maxDiff) ? r.maxDiff.toExponential(1) : "a shape"}`})`]),
          "; everything else is the library's."
        );
      }
      for (const r of fell) parts.push(" Your ", link(r.name), ` could not be used, so the run uses the library's: ${r.reason}.`);
      report.replaceChildren(...parts);
    }
  };
}

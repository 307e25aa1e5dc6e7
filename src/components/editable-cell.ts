// A library function the reader can edit and rerun in the page. The cell shows the function's
// region of its module's source in a CodeMirror editor; Run (or Shift+Enter) compiles the edit in
// the browser and, if it runs on the cell's fixed inputs, makes it the cell's value, so that the
// cells downstream rerun with it:
//
//   const myAttention = view(editableCell(editable("attention"), await FileAttachment("./model/attention.ts").text()));
//
// What the function may use, its fixed inputs and its exercise hints come from its catalogue entry
// (src/editing/catalogue.ts; its scope must hold every name the module imports as a value: checked).
// Edits persist in localStorage per cell and version of the reference text (src/editing/store.ts).
// In exercise mode (src/editing/store.ts, set on the home page) a cell the reader has not edited
// starts with the body blanked to a TODO with hints; "Blank it" does the same for one cell.
// What the cell does lives in src/editing/cell-controller.ts; this file only renders it.
//
// Test hook: the returned element's `setCode(text)` replaces the editor's text as one edit
// (undoable, saved, exactly as typing it would be); it does not run it.
import {basicSetup, EditorView, HighlightStyle, javascript, keymap, Prec, syntaxHighlighting, tags} from "../vendor/codemirror.js";
import type {EditableFunction, EditableName, Editables} from "../editing/catalogue.js";
import {CellController, shapeText, type CellStatus, type CheckOutcome} from "../editing/cell-controller.js";
import type {CheckReport} from "../editing/check.js";
import {browserStore, type KeyValueStore} from "../editing/store.js";
import {browserTrial} from "../editing/trial.js";
import {el} from "./dom.js";
import {exerciseModeFromAddress} from "./exercise-toggle.js";

export interface EditableCellOptions {
  timeLimitMs?: number; // a call of the reader's code that runs longer is stopped (2 s)
  storage?: KeyValueStore; // localStorage by default
}

export type EditableCell<F> = HTMLElement & {readonly value: F; setCode(text: string): void};

/** Framework's theme colours for code, so the editor reads well in light and dark mode. */
const highlight = HighlightStyle.define([
  {tag: [tags.keyword, tags.modifier, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword], color: "var(--syntax-keyword)"},
  {tag: [tags.string, tags.regexp], color: "var(--syntax-string)"},
  {tag: [tags.number, tags.bool, tags.null], color: "var(--syntax-constant)"},
  {tag: [tags.comment, tags.lineComment, tags.blockComment, tags.docComment], color: "var(--syntax-comment)", fontStyle: "italic"},
  {tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.function(tags.variableName))], color: "var(--syntax-entity)"},
  {tag: [tags.typeName, tags.className], color: "var(--syntax-entity-tag)"},
  {tag: [tags.variableName, tags.propertyName], color: "var(--syntax-variable)"}
]);

const theme = EditorView.theme({
  "&": {color: "var(--theme-foreground)"},
  ".cm-content": {caretColor: "var(--theme-foreground)", paddingTop: "0", paddingBottom: "0"}, // see .cm-gutterElement below
  ".cm-gutters": {background: "var(--theme-background-alt)", color: "var(--theme-foreground-faint)", border: "none"},
  ".cm-activeLine, .cm-activeLineGutter": {background: "color-mix(in srgb, var(--theme-foreground-focus) 8%, transparent)"},
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {background: "color-mix(in srgb, var(--theme-foreground-focus) 30%, transparent) !important"},
  ".cm-matchingBracket": {outline: "1px solid var(--theme-foreground-focus)", background: "transparent"},
  // The line numbers stay beside their lines before CodeMirror has measured the lines, which it
  // does only once the cell is in view (a cell below the fold, or in a screenshot, had "29" beside
  // line 22): a number is one line high, as its code line is (the editor never wraps; the hidden
  // element that sizes the gutter's width keeps its 0 height), and the space above the first line
  // is the scroller's padding, shared by numbers and code, not the content's, which CodeMirror
  // would have to measure to offset the numbers by.
  ".cm-gutterElement:not([style*='visibility'])": {height: "auto !important"},
  ".cm-scroller": {paddingTop: "4px", paddingBottom: "4px"}
});

const formatDiff = (d: number) => (Number.isFinite(d) ? d.toExponential(2) : String(d));

const NOTICE = {
  stale: {text: "This edit was made against an older version of the code. ", keep: "Keep my edit and run it", discard: "Reset to the current code"},
  imported: {text: "This edit was imported from a file and has not run: read it, then run it or go back to the library's code. ", keep: "Keep this edit and run it", discard: "Reset to the library's code"}
};

/** The editable cell of `entry`'s function; `source` is the whole text of its module. Element ids start with `cell-<name>`. */
export function editableCell<K extends EditableName>(entry: EditableFunction<K>, source: string, options: EditableCellOptions = {}): EditableCell<Editables[K]> {
  const {name, path, region} = entry;
  const cellId = `cell-${name}`;
  const store = options.storage ?? browserStore();
  exerciseModeFromAddress(store); // ?exercise=on|off in the address sets the mode the controller reads
  const cell = new CellController(entry, source, {
    store,
    trial: browserTrial(),
    timeLimitMs: options.timeLimitMs,
    onChange: () => render(),
    onValue: () => root.dispatchEvent(new Event("input", {bubbles: true}))
  });

  const marker = el("span", {className: "edited-marker", id: `${cellId}-marker`, hidden: true}, "edited");
  const caption = el("figcaption", {}, el("span", {}, `${path} (${region}): editable`), marker);
  const host = el("div", {className: "cell-editor"});
  const saveError = el("p", {className: "error cell-save-error", id: `${cellId}-save-error`, hidden: true});
  saveError.setAttribute("role", "alert");
  const runButton = el("button", {type: "button", id: `${cellId}-run`, title: "Run (Shift+Enter)"}, "Run");
  const checkButton = el("button", {type: "button", id: `${cellId}-check`}, "Check my code");
  const resetButton = el("button", {type: "button", id: `${cellId}-reset`, title: "Back to the library's code"}, "Reset");
  const blankButton = el("button", {type: "button", id: `${cellId}-blank`, title: "Replace the body with a TODO and hints, to write it yourself"}, "Blank it (exercise)");
  const hint = el("span", {className: "hint"}, "Shift+Enter runs · Tab leaves the editor");
  const toolbar = el("div", {className: "cell-toolbar"}, runButton, checkButton, resetButton, blankButton, hint);
  const status = el("div", {className: "cell-status", id: `${cellId}-status`});
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const checkOut = el("div", {className: "cell-check", id: `${cellId}-check-result`});
  const keepButton = el("button", {type: "button", id: `${cellId}-keep`});
  const discardButton = el("button", {type: "button", id: `${cellId}-discard`});
  const noticeText = el("span");
  const notice = el("div", {className: "stale-notice", id: `${cellId}-stale`, hidden: true}, noticeText, keepButton, " ", discardButton);
  const root = el("figure", {className: "editable-cell", id: cellId}, caption, notice, host, saveError, toolbar, status, checkOut) as unknown as EditableCell<Editables[K]>;
  Object.defineProperty(root, "value", {get: () => cell.state.value});

  const view = new EditorView({
    doc: cell.state.text,
    parent: host,
    extensions: [
      Prec.highest(keymap.of([{key: "Shift-Enter", run: () => (cell.run(), true)}])),
      basicSetup, // line numbers, undo history, bracket matching and closing, search; Tab is left to the browser
      javascript({typescript: true}),
      syntaxHighlighting(highlight),
      theme,
      EditorView.contentAttributes.of({"aria-label": `Editable source of ${name} (${path})`}),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) cell.edit(update.state.doc.toString());
      })
    ]
  });

  let shownStatus: CellStatus | null = null;
  let shownCheck: CheckOutcome | null = null;
  function render(): void {
    const {text, marker: mark, pending, status: nextStatus, check, saveError: saveProblem} = cell.state;
    if (view.state.doc.toString() !== text) view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
    marker.hidden = mark === null;
    marker.textContent = mark ?? "edited";
    notice.hidden = pending === null;
    if (pending) {
      noticeText.textContent = NOTICE[pending].text;
      keepButton.textContent = NOTICE[pending].keep;
      discardButton.textContent = NOTICE[pending].discard;
    }
    saveError.hidden = saveProblem === null;
    saveError.textContent = saveProblem ?? "";
    if (nextStatus !== shownStatus) status.replaceChildren(...statusView((shownStatus = nextStatus)));
    if (check !== shownCheck) checkOut.replaceChildren(...checkView((shownCheck = check)));
  }

  function statusView(s: CellStatus | null): HTMLElement[] {
    if (s === null) return [];
    if (s.kind === "ok") return [el("p", {id: `${cellId}-ok`}, s.text)];
    if (s.kind === "running") return [el("p", {id: `${cellId}-running`}, "Trying your version in a separate worker…")];
    if (s.kind === "exercise") return [el("p", {id: `${cellId}-exercise-note`}, "Exercise: write the body (the comments are hints), then Run and Check my code. Until yours runs, the page uses the library's code; Reset shows it.")];
    const where = s.line ? ` at line ${s.line}${s.column ? `, column ${s.column}` : ""}` : "";
    const p = el("p", {className: "error", id: `${cellId}-error`}, `${s.label}${where}: ${s.message}`);
    if (s.line) p.dataset.line = String(s.line);
    return [p, el("p", {}, s.keeps === "library" ? "The page keeps using the library's code." : "The page keeps using your last version that ran.")];
  }

  function checkView(c: CheckOutcome | null): HTMLElement[] {
    if (c === null) return [];
    if (c.kind === "no-run") return [el("p", {className: "fail", id: `${cellId}-check-verdict`}, "fail: your version does not run (see above)")];
    return reportView(c.report);
  }

  function reportView(report: CheckReport): HTMLElement[] {
    const verdict = el("p", {id: `${cellId}-check-verdict`, className: report.pass ? "pass" : "fail"}, report.pass ? "pass" : "fail");
    verdict.dataset.pass = String(report.pass);
    const diff = el("code", {id: `${cellId}-check-maxdiff`}, formatDiff(report.maxDiff));
    const summary = el("p", {}, "Largest absolute difference from the library's code: ", diff, report.pass ? " (within 1e-5)." : ".");
    const table = el("table", {id: `${cellId}-check-table`});
    table.append(el("thead", {}, el("tr", {}, ...["inputs", "output", "your shape", "reference shape", "largest |difference|"].map((h) => el("th", {}, h)))));
    const body = el("tbody");
    for (const c of report.cases) {
      if (c.error) body.append(el("tr", {}, el("td", {}, c.label), el("td", {colSpan: 4, className: "error"}, `threw: ${c.error}`)));
      for (const o of c.outputs) {
        body.append(el("tr", {}, el("td", {}, c.label), el("td", {}, el("code", {}, o.name || "output")), el("td", {}, shapeText(o.shape)), el("td", {}, shapeText(o.referenceShape)), el("td", {}, o.difference ?? formatDiff(o.maxDiff))));
      }
    }
    table.append(body);
    return [el("p", {}, verdict), summary, table];
  }

  runButton.addEventListener("click", () => cell.run());
  checkButton.addEventListener("click", () => cell.check());
  resetButton.addEventListener("click", () => cell.reset());
  blankButton.addEventListener("click", () => cell.blankIt());
  keepButton.addEventListener("click", () => cell.keep());
  discardButton.addEventListener("click", () => cell.reset());
  root.setCode = (text: string) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});

  cell.start();
  return root;
}

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
//
// Test hook: the returned element's `setCode(text)` replaces the editor's text as one edit
// (undoable, saved, exactly as typing it would be); it does not run it.
import {javascript} from "@codemirror/lang-javascript";
import {HighlightStyle, syntaxHighlighting} from "@codemirror/language";
import {Prec} from "@codemirror/state";
import {EditorView, keymap} from "@codemirror/view";
import {tags} from "@lezer/highlight";
import * as tf from "@tensorflow/tfjs";
import {basicSetup} from "codemirror";
import {checkAgainstReference, disposeCases, disposeOutputs, namedTensors, selfCheck, type CheckReport} from "../editing/check.js";
import {compileFunction, errorPosition, TimeLimitError} from "../editing/compile.js";
import {valueImports} from "../editing/imports.js";
import type {EditableFunction} from "../editing/catalogue.js";
import {blankBody} from "../editing/exercise.js";
import {browserStore, clearEdit, exerciseMode, hashSource, loadEdit, saveEdit, type KeyValueStore} from "../editing/store.js";
import type {Replaceable, ReplaceableName} from "../model/overrides.js";
import {sourceRegion} from "./source.js";
import {el} from "./dom.js";

export interface EditableCellOptions {
  timeLimitMs?: number; // a call of the reader's code that runs longer is stopped (2 s)
  storage?: KeyValueStore; // localStorage by default
}

export type EditableCell<F> = HTMLElement & {readonly value: F; setCode(text: string): void};

const STYLE_ID = "editable-cell-style";
const STYLE = `
.editable-cell { margin: 1rem 0; max-width: 100%; }
.editable-cell figcaption { font: 12px var(--sans-serif); color: var(--theme-foreground-muted); display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
.editable-cell .edited-marker { font-weight: 600; color: var(--theme-background); background: var(--theme-foreground-focus); border-radius: 3px; padding: 0 0.4em; }
.editable-cell .cm-editor { max-width: 100%; border: 1px solid var(--theme-foreground-faintest); border-radius: 4px; background: var(--theme-background-alt); font-size: 13px; }
.editable-cell .cm-editor.cm-focused { outline: 2px solid var(--theme-foreground-focus); outline-offset: 1px; }
.editable-cell .cm-scroller { overflow: auto; max-height: 32rem; font-family: var(--monospace); }
.editable-cell .cell-toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 0.5rem; font: 13px var(--sans-serif); }
.editable-cell .cell-toolbar .hint { color: var(--theme-foreground-muted); }
.editable-cell button { font: 13px var(--sans-serif); padding: 0.2rem 0.7rem; }
.editable-cell .cell-status, .editable-cell .cell-check { font: 13px var(--sans-serif); margin-top: 0.4rem; overflow-x: auto; max-width: 100%; }
.editable-cell .cell-status:empty, .editable-cell .cell-check:empty { display: none; }
.editable-cell .error { color: var(--theme-red); white-space: pre-wrap; }
.editable-cell .pass { color: var(--theme-green); font-weight: 600; }
.editable-cell .fail { color: var(--theme-red); font-weight: 600; }
.editable-cell .stale-notice { font: 13px var(--sans-serif); border-left: 3px solid var(--theme-yellow); padding: 0.3rem 0.6rem; margin-bottom: 0.4rem; }
.editable-cell table { font-size: 12px; }
`;

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
  ".cm-content": {caretColor: "var(--theme-foreground)"},
  ".cm-gutters": {background: "var(--theme-background-alt)", color: "var(--theme-foreground-faint)", border: "none"},
  ".cm-activeLine, .cm-activeLineGutter": {background: "color-mix(in srgb, var(--theme-foreground-focus) 8%, transparent)"},
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {background: "color-mix(in srgb, var(--theme-foreground-focus) 30%, transparent) !important"},
  ".cm-matchingBracket": {outline: "1px solid var(--theme-foreground-focus)", background: "transparent"}
});



const shapeText = (shape: number[] | null) => (shape ? `[${shape.join(", ")}]` : "missing");
const formatDiff = (d: number) => (Number.isFinite(d) ? d.toExponential(2) : String(d));

/** The editable cell of `entry`'s function; `source` is the whole text of its module. Element ids start with `cell-<name>`. */
export function editableCell<K extends ReplaceableName>(entry: EditableFunction<K>, source: string, options: EditableCellOptions = {}): EditableCell<Replaceable[K]> {
  type F = Replaceable[K];
  const {name, path, region, reference, scope, cases, hints} = entry;
  const id = name;
  const {timeLimitMs = 2000} = options;
  const store = options.storage ?? browserStore();
  const missing = valueImports(source).filter((n) => !(n in scope));
  if (missing.length) throw new Error(`editableCell ${id}: scope lacks ${missing.join(", ")}, which ${path} imports`);
  const original = sourceRegion(source, region);
  const blank = blankBody(original, name, hints);
  const exercise = exerciseMode(store);
  const version = hashSource(original);
  const sourceURL = `${path.split("/").pop()?.replace(/\.ts$/, "")}-${region}-edited.ts`;
  const cellId = `cell-${id}`;

  if (!document.getElementById(STYLE_ID)) document.head.append(el("style", {id: STYLE_ID, textContent: STYLE}));

  const marker = el("span", {className: "edited-marker", id: `${cellId}-marker`, hidden: true}, "edited");
  const caption = el("figcaption", {}, el("span", {}, `${path} (${region}): editable`), marker);
  const host = el("div", {className: "cell-editor"});
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
  const keepButton = el("button", {type: "button", id: `${cellId}-keep`}, "Keep my edit and run it");
  const discardButton = el("button", {type: "button", id: `${cellId}-discard`}, "Reset to the current code");
  const stale = el(
    "div",
    {className: "stale-notice", id: `${cellId}-stale`, hidden: true},
    "This edit was made against an older version of the code. ",
    keepButton,
    " ",
    discardButton
  );
  const root = el("figure", {className: "editable-cell", id: cellId}, caption, stale, host, toolbar, status, checkOut) as unknown as EditableCell<F>;

  let value: F = reference;
  let stalePending = false;
  Object.defineProperty(root, "value", {get: () => value});
  const publish = (next: F) => {
    if (next === value) return;
    value = next;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };

  const code = () => view.state.doc.toString();
  /** Not an edit: the library's code, or, in exercise mode, the untouched exercise. */
  const unedited = (text: string) => text === original || (exercise && text === blank);
  const persist = () => {
    const text = code();
    marker.hidden = text === original;
    marker.textContent = text === blank ? "exercise" : "edited";
    if (stalePending) return; // an edit made against another version waits for Keep or Reset
    if (unedited(text)) clearEdit(store, id);
    else saveEdit(store, id, version, text);
  };

  const showError = (kind: string, message: string, pos?: {line?: number; column?: number}) => {
    const where = pos?.line ? ` at line ${pos.line}${pos.column ? `, column ${pos.column}` : ""}` : "";
    const p = el("p", {className: "error", id: `${cellId}-error`}, `${kind}${where}: ${message}`);
    if (pos?.line) p.dataset.line = String(pos.line);
    const keep = el("p", {}, value === reference ? "The page keeps using the library's code." : "The page keeps using your last version that ran.");
    status.replaceChildren(p, keep);
  };

  /** Compiles and self-checks the editor's text; on success it becomes the cell's value. */
  const run = (): F | undefined => {
    if (stalePending) keepStale(); // running an old edit is keeping it
    checkOut.replaceChildren();
    const text = code();
    if (text === original) {
      publish(reference);
      status.replaceChildren(el("p", {id: `${cellId}-ok`}, "This is the library's code; the page runs it."));
      return reference;
    }
    const compiled = compileFunction<F>(text, {scope, name, timeLimitMs, sourceURL});
    if (!compiled.ok) {
      showError("Syntax error", compiled.error.message, compiled.error);
      return undefined;
    }
    const checked = selfCheck(compiled.fn, reference as (...args: never[]) => unknown, cases, name);
    if (!checked.ok) {
      const {error} = checked;
      const message = (error as Error).message;
      showError(error instanceof TimeLimitError ? "Stopped" : "Error", message, errorPosition(error, sourceURL));
      return undefined;
    }
    publish(compiled.fn);
    const shapes = tryShapes(compiled.fn);
    status.replaceChildren(el("p", {id: `${cellId}-ok`}, `Your version ran on the fixed inputs${shapes ? ` (${shapes})` : ""}; the cells below now use it.`));
    return compiled.fn;
  };

  /** The output shapes of the first case, e.g. "out_BHTK [2, 2, 6, 4], probs_BHTS [2, 2, 6, 6]". */
  const tryShapes = (fn: F): string | undefined => {
    const all = cases();
    try {
      return tf.tidy(() => {
        const out = (fn as unknown as (...a: unknown[]) => unknown)(...all[0].args);
        const text = [...namedTensors(out)].map(([n, t]) => `${n || "output"} ${t.rank ? shapeText(t.shape) : "(a number)"}`).join(", ");
        disposeOutputs(out);
        return text;
      });
    } catch {
      return undefined;
    } finally {
      disposeCases(all);
    }
  };

  const check = () => {
    const fn = run();
    if (!fn) {
      checkOut.replaceChildren(el("p", {className: "fail", id: `${cellId}-check-verdict`}, "fail: your version does not run (see above)"));
      return;
    }
    renderReport(checkAgainstReference(fn, reference, cases));
  };

  const renderReport = (report: CheckReport) => {
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
        body.append(el("tr", {}, el("td", {}, c.label), el("td", {}, el("code", {}, o.name || "output")), el("td", {}, shapeText(o.shape)), el("td", {}, shapeText(o.referenceShape)), el("td", {}, formatDiff(o.maxDiff))));
      }
    }
    table.append(body);
    checkOut.replaceChildren(el("p", {}, verdict), summary, table);
  };

  const reset = () => {
    stalePending = false;
    stale.hidden = true;
    clearEdit(store, id);
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: original}});
    publish(reference);
    checkOut.replaceChildren();
    status.replaceChildren(el("p", {id: `${cellId}-ok`}, "Back to the library's code."));
  };

  const view = new EditorView({
    doc: original,
    parent: host,
    extensions: [
      Prec.highest(keymap.of([{key: "Shift-Enter", run: () => (run(), true)}])),
      basicSetup, // line numbers, undo history, bracket matching and closing, search; Tab is left to the browser
      javascript({typescript: true}),
      syntaxHighlighting(highlight),
      theme,
      EditorView.contentAttributes.of({"aria-label": `Editable source of ${name} (${path})`}),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) persist();
      })
    ]
  });

  const blankIt = () => {
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: blank}});
    checkOut.replaceChildren();
    status.replaceChildren(el("p", {id: `${cellId}-exercise-note`}, "Exercise: write the body (the comments are hints), then Run and Check my code. Until yours runs, the page uses the library's code; Reset shows it."));
  };
  runButton.addEventListener("click", () => run());
  blankButton.addEventListener("click", blankIt);
  checkButton.addEventListener("click", check);
  resetButton.addEventListener("click", reset);
  const keepStale = () => {
    stalePending = false;
    stale.hidden = true;
    persist();
  };
  keepButton.addEventListener("click", () => run());
  discardButton.addEventListener("click", reset);
  root.setCode = (text: string) => view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});

  // A stored edit: the current version's runs at once; another version's waits for the reader.
  const saved = loadEdit(store, id, version);
  if (saved.state === "current") {
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: saved.edit.code}});
    run();
  } else if (saved.state === "stale") {
    stalePending = true;
    stale.hidden = false;
    view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: saved.edit.code}});
  } else if (exercise) {
    blankIt();
  }
  return root;
}

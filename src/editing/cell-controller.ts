// What an editable cell does, without its DOM: the reader's text, the cell's value (the library's
// function, or the reader's last version that ran), Run, Check, Reset, exercise mode, and the
// stored edit (src/editing/store.ts). src/components/editable-cell.ts renders it in an editor.
//
// A stored edit of the current code runs when the cell starts. One that waits for the reader
// (`pending`) is shown and not run: an edit made against an older version of the code ("stale"),
// or one imported from a file ("imported"), whose code the reader has not seen. Run or Keep runs it
// and stores it as the reader's own; Reset drops it. While an edit waits, typing stores nothing.
//
// Run and Check are asynchronous: an edit is first tried in a worker that can be stopped
// (src/editing/trial.ts), and compiled on the page only if the trial finished in time. While it is tried the
// status is "running"; a later Run, Reset or Blank supersedes a trial still under way. The compiler
// (src/editing/compile.ts, with sucrase and acorn) is loaded by the first edit that runs, so a page
// whose cells keep the library's code never loads it; the checks (src/editing/check.ts, with tfjs)
// by the first Run or Check, so a page whose cells edit plain functions loads no tfjs until then.
import type {EditableFunction, EditableName, Editables} from "./catalogue.js";
import type {CheckReport} from "./check.js";
import {blankBody} from "./exercise.js";
import {valueImports} from "./imports.js";
import {sourceRegion} from "./region.js";
import {clearEdit, exerciseMode, hashSource, loadEdit, notSavedMessage, saveEdit, type KeyValueStore} from "./store.js";
import type {Trial} from "./trial.js";

/** The line under the editor: what the last Run (or Reset, or Blank) did. */
export type CellStatus =
  | {kind: "ok"; text: string}
  | {kind: "exercise"}
  | {kind: "running"} // the edit is being tried in the trial worker
  | {kind: "error"; label: "Syntax error" | "Error" | "Stopped"; message: string; line?: number; column?: number; keeps: "library" | "yours"};

/** The result of Check: the reader's version did not run, or how it compares with the library's. */
export type CheckOutcome = {kind: "no-run"} | {kind: "report"; report: CheckReport};

export interface CellState<F> {
  text: string; // the editor's text
  value: F; // what the page's cells use
  marker: "edited" | "exercise" | null; // null: the library's code
  pending: "stale" | "imported" | null; // a stored edit that waits for Run or Keep
  status: CellStatus | null;
  check: CheckOutcome | null;
  saveError: string | null; // why the last edit could not be stored (null: stored, or nothing to store)
}

export interface CellControllerOptions {
  store: KeyValueStore;
  trial: Trial; // tries an edit before it runs here (browserTrial() on a page)
  timeLimitMs?: number; // a call of the reader's code that runs longer is stopped (2 s)
  onChange?: () => void; // after any change of the state
  onValue?: () => void; // after the value changed
}

export class CellController<K extends EditableName> {
  readonly original: string; // the library's text of the region
  readonly blank: string; // the exercise: the body blanked to a TODO with hints
  readonly version: string; // the stored edit's version: a hash of `original`
  readonly sourceURL: string; // names the edited code in stack traces
  readonly state: CellState<Editables[K]>;
  private readonly exercise: boolean;
  private readonly store: KeyValueStore;
  private readonly trial: Trial;
  private generation = 0; // counts Run, Reset and Blank: a trial's answer only counts if nothing came after it
  private readonly timeLimitMs: number;
  private readonly onChange: () => void;
  private readonly onValue: () => void;

  /** `source`: the whole text of the entry's module, whose value imports its scope must hold (checked). */
  constructor(
    readonly entry: EditableFunction<K>,
    source: string,
    options: CellControllerOptions
  ) {
    const {name, path, region, scope, hints, reference} = entry;
    const missing = valueImports(source).filter((n) => !(n in scope));
    if (missing.length) throw new Error(`editableCell ${name}: scope lacks ${missing.join(", ")}, which ${path} imports`);
    this.original = sourceRegion(source, region);
    this.blank = blankBody(this.original, name, hints);
    this.version = hashSource(this.original);
    this.sourceURL = `${path.split("/").pop()?.replace(/\.ts$/, "")}-${region}-edited.ts`;
    this.store = options.store;
    this.trial = options.trial;
    this.exercise = exerciseMode(options.store);
    this.timeLimitMs = options.timeLimitMs ?? 2000;
    this.onChange = options.onChange ?? (() => {});
    this.onValue = options.onValue ?? (() => {});
    this.state = {text: this.original, value: reference, marker: null, pending: null, status: null, check: null, saveError: null};
  }

  /** Loads the stored edit: this version's runs at once; one that waits for the reader is only shown. */
  async start(): Promise<void> {
    const saved = loadEdit(this.store, this.entry.name, this.version);
    if (saved.state === "current") {
      this.show(saved.edit.code);
      await this.run();
      return;
    } else if (saved.state === "stale" || saved.state === "imported") {
      this.state.pending = saved.state;
      this.show(saved.edit.code);
    } else if (this.exercise) {
      this.blankIt();
    }
    this.onChange();
  }

  /** The reader changed the text: it is stored (unless an edit waits for review). */
  edit(text: string): void {
    if (text === this.state.text) return;
    this.show(text);
    this.persist();
    this.onChange();
  }

  /** Compiles and self-checks the text; on success it becomes the cell's value. Running a waiting edit keeps it. */
  async run(): Promise<Editables[K] | undefined> {
    const ran = await this.runQuietly();
    if (ran === "superseded") return undefined;
    this.onChange();
    return ran;
  }

  /** Keeps the waiting edit as the reader's own, and runs it. */
  async keep(): Promise<void> {
    await this.run();
  }

  /** Runs the text, then compares it with the library's function on the fixed inputs. */
  async check(): Promise<void> {
    const fn = await this.runQuietly();
    if (fn === "superseded") return;
    const {reference, cases} = this.entry;
    const generation = this.generation;
    const {checkAgainstReference} = await import("./check.js");
    if (generation !== this.generation) return; // a Run, Reset or Blank came while the checks loaded
    this.state.check = fn ? {kind: "report", report: checkAgainstReference(fn, reference, cases)} : {kind: "no-run"};
    this.onChange();
  }

  /** Back to the library's code; the stored edit is forgotten. */
  reset(): void {
    this.generation++;
    this.state.pending = null;
    clearEdit(this.store, this.entry.name);
    this.show(this.original);
    this.state.saveError = null;
    this.publish(this.entry.reference);
    this.state.check = null;
    this.state.status = {kind: "ok", text: "Back to the library's code."};
    this.onChange();
  }

  /** The exercise: the body blanked to a TODO with hints. */
  blankIt(): void {
    this.generation++;
    this.show(this.blank);
    this.persist();
    this.state.check = null;
    this.state.status = {kind: "exercise"};
    this.onChange();
  }

  /** The function that now runs, undefined if the edit failed, "superseded" if a later action came while it was tried. */
  private async runQuietly(): Promise<Editables[K] | undefined | "superseded"> {
    type F = Editables[K];
    const {name, scope, cases, reference} = this.entry;
    const generation = ++this.generation;
    if (this.state.pending) {
      this.state.pending = null; // running a waiting edit is keeping it
      this.persist();
    }
    this.state.check = null;
    const text = this.state.text;
    if (text === this.original) {
      this.publish(reference);
      this.state.status = {kind: "ok", text: "This is the library's code; the page runs it."};
      return reference;
    }
    this.state.status = {kind: "running"};
    this.onChange();
    const verdict = await this.trial({name, text, timeLimitMs: this.timeLimitMs, sourceURL: this.sourceURL});
    if (generation !== this.generation) return "superseded";
    if (!verdict.ok && verdict.label === "Stopped") {
      this.fail(verdict.label, verdict.message, verdict);
      return undefined;
    }
    // It finished in the worker: what it does here is what counts (it may use the page's globals,
    // `window` or `document`, which a worker lacks), so it is compiled and checked here again.
    const [{compileFunction, errorPosition, TimeLimitError}, {outputShapes, selfCheck}] = await Promise.all([import("./compile.js"), import("./check.js")]);
    if (generation !== this.generation) return "superseded";
    const compiled = compileFunction<F>(text, {scope, name, timeLimitMs: this.timeLimitMs, sourceURL: this.sourceURL});
    if (!compiled.ok) {
      this.fail("Syntax error", compiled.error.message, compiled.error);
      return undefined;
    }
    const checked = selfCheck(compiled.fn, reference as (...args: never[]) => unknown, cases, name);
    if (!checked.ok) {
      const {error} = checked;
      const message = (error as Error)?.message ?? String(error);
      this.fail(error instanceof TimeLimitError ? "Stopped" : "Error", message, errorPosition(error, this.sourceURL));
      return undefined;
    }
    this.publish(compiled.fn);
    const outputs = outputShapes(compiled.fn as (...args: never[]) => unknown, cases);
    const shapes = outputs?.map(({name, shape}) => `${name || "output"} ${shape.length ? shapeText(shape) : "(a number)"}`).join(", ");
    this.state.status = {kind: "ok", text: `Your version ran on the fixed inputs${shapes ? ` (${shapes})` : ""}; the cells below now use it.`};
    return compiled.fn;
  }

  private fail(label: "Syntax error" | "Error" | "Stopped", message: string, pos?: {line?: number; column?: number}): void {
    const keeps = this.state.value === this.entry.reference ? "library" : "yours";
    this.state.status = {kind: "error", label, message, line: pos?.line, column: pos?.column, keeps};
  }

  private show(text: string): void {
    this.state.text = text;
    this.state.marker = text === this.original ? null : text === this.blank ? "exercise" : "edited";
  }

  /** Not an edit: the library's code, or, in exercise mode, the untouched exercise. */
  private unedited(text: string): boolean {
    return text === this.original || (this.exercise && text === this.blank);
  }

  private persist(): void {
    if (this.state.pending) return; // an edit that waits for Keep or Reset is not overwritten
    const {text} = this.state;
    try {
      if (this.unedited(text)) clearEdit(this.store, this.entry.name);
      else saveEdit(this.store, this.entry.name, this.version, text);
      this.state.saveError = null;
    } catch (error) {
      this.state.saveError = notSavedMessage(error, "code");
    }
  }

  private publish(next: Editables[K]): void {
    if (next === this.state.value) return;
    this.state.value = next;
    this.onValue();
  }
}

export const shapeText = (shape: number[] | null) => (shape ? `[${shape.join(", ")}]` : "missing");

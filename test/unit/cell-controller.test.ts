// The editable cell without its DOM (src/editing/cell-controller.ts): Run, Check, Reset and the
// stored edit; an edit of another version or from an imported file is shown and never run until
// the reader runs or keeps it; a store that refuses a write (full) is reported, with the text kept.
// Also the notes' Save on a full store (src/components/notes.ts, over jsdom).
import assert from "node:assert/strict";
import {afterEach, before, describe, test} from "node:test";
import {CellController} from "../../src/editing/cell-controller.js";
import {editable, editableNames} from "../../src/editing/catalogue.js";
import {BUNDLE_FORMAT, BUNDLE_VERSION, editKey, hashSource, importBundle, loadEdit, loadNote, MemoryStore, saveEdit, type KeyValueStore} from "../../src/editing/store.js";
import {readerEdits} from "../../src/editing/reader-edits.js";
import {inThreadTrial} from "../../src/editing/judge.js";
import {attention} from "../../src/model/attention.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {editableRegion, moduleSource} from "../support/library-source.js";

before(async () => {
  await initNodeBackend();
});

const entry = editable("attention");
const source = moduleSource(entry.path);
const region = editableRegion("attention");
const version = hashSource(region);
const unscaled = region.replace("Math.sqrt(dK)", "1");
/** An edit whose top-level statement runs when it is compiled: it must not run before the reader says so. */
const hostile = `globalThis.__pwned = 1;\n${region}`;
const pwned = () => (globalThis as {__pwned?: number}).__pwned;

/** A cell on `store`, started, with the count of its value changes. */
async function cell(store: KeyValueStore) {
  let published = 0;
  const c = new CellController(entry, source, {store, trial: inThreadTrial, onValue: () => published++});
  await c.start();
  return {c, published: () => published};
}

/** A store whose writes are refused as a full browser storage refuses them. */
class FullStore extends MemoryStore {
  full = true;
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException("Setting the value of '" + key + "' exceeded the quota.", "QuotaExceededError");
    super.setItem(key, value);
  }
}

const bundle = (code: string) => JSON.stringify({format: BUNDLE_FORMAT, version: BUNDLE_VERSION, entries: {[editKey("attention", version)]: JSON.stringify({code, savedAt: "2026-01-01T00:00:00Z"})}});

afterEach(() => {
  delete (globalThis as {__pwned?: number}).__pwned;
});

describe("CellController", () => {
  test("starts with the library's code; Run of an edit publishes it and stores it; Reset goes back and forgets it", async () => {
    const store = new MemoryStore();
    const {c, published} = await cell(store);
    assert.equal(c.state.text, region);
    assert.equal(c.state.value, attention);
    assert.equal(c.state.marker, null);
    c.edit(unscaled);
    assert.equal(c.state.marker, "edited");
    assert.equal(loadEdit(store, "attention", version).state, "current", "an edit is stored as it is typed");
    assert.equal(c.state.value, attention, "typing does not run it");
    const fn = await c.run();
    assert.ok(fn && fn !== attention);
    assert.equal(c.state.value, fn);
    assert.equal(published(), 1);
    assert.equal(c.state.status?.kind, "ok");
    c.reset();
    assert.equal(c.state.text, region);
    assert.equal(c.state.value, attention);
    assert.equal(published(), 2);
    assert.equal(loadEdit(store, "attention", version).state, "none");
  });

  test("a stored edit of the current code runs when the cell starts", async () => {
    const store = new MemoryStore();
    saveEdit(store, "attention", version, unscaled);
    const {c} = await cell(store);
    assert.equal(c.state.text, unscaled);
    assert.notEqual(c.state.value, attention);
    assert.equal(c.state.pending, null);
  });

  test("Check reports a wrong edit as failing with its largest difference, and a syntax error as not running", async () => {
    const {c} = await cell(new MemoryStore());
    c.edit(unscaled);
    await c.check();
    assert.equal(c.state.check?.kind, "report");
    assert.ok(c.state.check?.kind === "report" && !c.state.check.report.pass && c.state.check.report.maxDiff > 1e-3);
    const ran = c.state.value;
    c.edit("export function attention( {");
    await c.check();
    assert.deepEqual(c.state.check, {kind: "no-run"});
    assert.equal(c.state.status?.kind === "error" && c.state.status.label, "Syntax error");
    assert.equal(c.state.status?.kind === "error" && c.state.status.keeps, "yours");
    assert.equal(c.state.value, ran, "the page keeps the last version that ran");
  });

  test("an edit made against another version waits: shown, not run, not overwritten by typing; Keep runs and stores it", async () => {
    const store = new MemoryStore();
    store.setItem(editKey("attention", "00000000"), JSON.stringify({code: unscaled, savedAt: "2026-01-01T00:00:00Z"}));
    const {c} = await cell(store);
    assert.equal(c.state.pending, "stale");
    assert.equal(c.state.text, unscaled);
    assert.equal(c.state.value, attention);
    c.edit(`${unscaled}\n// more`);
    assert.equal(store.getItem(editKey("attention", version)), null, "nothing is stored while the edit waits");
    await c.keep();
    assert.equal(c.state.pending, null);
    assert.notEqual(c.state.value, attention);
    assert.equal(loadEdit(store, "attention", version).state, "current");
    assert.equal(store.getItem(editKey("attention", "00000000")), null, "the old version's edit goes once the new one is stored");
  });

  test("an imported edit of the current code is not compiled when the cell starts, only once the reader runs it", async () => {
    const store = new MemoryStore();
    const result = importBundle(store, bundle(hostile));
    assert.ok(result.ok);
    assert.deepEqual(result.review, ["attention"]);
    assert.equal(loadEdit(store, "attention", version).state, "imported");
    const sources = Object.fromEntries(editableNames.map((n) => [editable(n).path, moduleSource(editable(n).path)]));
    const stored = readerEdits(sources, store);
    assert.deepEqual(stored.edits, {}, "Use my components does not send it to the worker either");
    assert.deepEqual(stored.review, ["attention"]);

    const {c} = await cell(store);
    assert.equal(pwned(), undefined, "its top-level code did not run");
    assert.equal(c.state.pending, "imported");
    assert.equal(c.state.text, hostile, "the reader sees the imported code");
    assert.equal(c.state.value, attention);

    const again = (await cell(store)).c;
    assert.equal(pwned(), undefined, "nor on a second visit");
    await again.run();
    assert.equal(pwned(), 1, "Run compiles it");
    assert.equal(again.state.pending, null);
    assert.equal(loadEdit(store, "attention", version).state, "current", "once run, it is the reader's own edit");
  });

  test("an imported file cannot mark its own edit as reviewed", async () => {
    const store = new MemoryStore();
    const text = JSON.stringify({format: BUNDLE_FORMAT, version: BUNDLE_VERSION, entries: {[editKey("attention", version)]: JSON.stringify({code: hostile, imported: false})}});
    assert.ok(importBundle(store, text).ok);
    await cell(store);
    assert.equal(pwned(), undefined);
  });

  test("a store that is full: the edit is not saved, the reason is given, the text stays; the next save that works clears it", async () => {
    const store = new FullStore();
    const {c} = await cell(store);
    c.edit(unscaled);
    assert.equal(c.state.text, unscaled);
    assert.match(c.state.saveError ?? "", /^Not saved: this browser's storage for the site is full \(QuotaExceededError: .*exceeded the quota\.\)\. Your code is still in the editor; export your work or delete notes to make room/);
    assert.equal(store.length, 0);
    assert.ok(await c.run(), "a refused save does not stop Run");
    store.full = false;
    c.edit(`${unscaled}\n`);
    assert.equal(c.state.saveError, null);
    assert.equal(loadEdit(store, "attention", version).state, "current");
  });

  test("keeping a stale edit on a full store keeps the old copy rather than losing both", async () => {
    const store = new FullStore();
    store.full = false;
    store.setItem(editKey("attention", "00000000"), JSON.stringify({code: unscaled, savedAt: "2026-01-01T00:00:00Z"}));
    store.full = true;
    const {c} = await cell(store);
    await c.keep();
    assert.match(c.state.saveError ?? "", /storage for the site is full/);
    assert.equal(loadEdit(store, "attention", version).state, "stale", "the edit is still stored, under its old version");
  });
});

describe("notes on a full store", () => {
  test("Save note says why it failed at the note, and the editor keeps the text", async () => {
    const jsdomName = "jsdom";
    const {JSDOM} = (await import(jsdomName)) as {JSDOM: new (html: string) => {window: Window & typeof globalThis}};
    const {window} = new JSDOM("<!doctype html><body></body>");
    const g = globalThis as {document?: Document};
    g.document = window.document;
    try {
      const {noteArea} = await import("../../src/components/notes.js");
      const store = new FullStore();
      const note = noteArea({page: "attention", slot: "attention", storage: store});
      window.document.body.append(note);
      (note.querySelector("#note-attention-attention-add") as HTMLButtonElement).click();
      const area = note.querySelector("#note-attention-attention-text") as HTMLTextAreaElement;
      area.value = "my note";
      (note.querySelector("#note-attention-attention-save") as HTMLButtonElement).click();
      const error = note.querySelector("#note-attention-attention-error") as HTMLElement;
      assert.equal(error.hidden, false);
      assert.match(error.textContent ?? "", /^Not saved: this browser's storage for the site is full \(QuotaExceededError.*Your note is still in the editor/);
      assert.equal((note.querySelector("#note-attention-attention-text") as HTMLTextAreaElement).value, "my note");
      assert.equal(loadNote(store, "attention", "attention"), undefined);
    } finally {
      delete g.document;
    }
  });
});

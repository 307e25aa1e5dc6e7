// Keeps a reader's edits in the browser (localStorage), one entry per cell and version of the
// reference code: the key is `course-edit:<cell id>@<version>`, where the version is a hash of the
// reference text. When the library's code changes, an edit made against the old text is found under
// an old version and is offered, never run silently. An edit imported from a file is stored with
// `"imported": true` and is offered the same way until the reader runs it or keeps it: code from a
// file never runs unseen.

/** The part of the Storage interface this module uses (a Map-backed fake stands in for it in tests). */
export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** FNV-1a, 32 bits, as 8 hex digits: a version stamp for a text (not a security hash). */
export function hashSource(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

const PREFIX = "course-edit:";

export function editKey(cellId: string, version: string): string {
  return `${PREFIX}${cellId}@${version}`;
}

export interface StoredEdit {
  code: string;
  version: string;
  savedAt: string; // ISO date
  imported: boolean; // from an imported file, and not yet run or kept by the reader
}

/** current: the reader's own edit of this version; stale: an edit of another version; imported: this version's, from a file, not yet reviewed. */
export type LoadedEdit = {state: "none"} | {state: "current" | "stale" | "imported"; edit: StoredEdit};

function parse(raw: string | null, version: string): StoredEdit | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredEdit>;
    if (typeof value?.code !== "string") return undefined;
    return {code: value.code, version, savedAt: typeof value.savedAt === "string" ? value.savedAt : "", imported: value.imported === true};
  } catch {
    return undefined;
  }
}

/** Keys of every stored edit of this cell, of any version. */
function keysOf(store: KeyValueStore, cellId: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(`${PREFIX}${cellId}@`)) keys.push(key);
  }
  return keys;
}

/** The cell's edit for this version of the reference, else the newest one made against another version. */
export function loadEdit(store: KeyValueStore, cellId: string, version: string): LoadedEdit {
  const current = parse(store.getItem(editKey(cellId, version)), version);
  if (current) return {state: current.imported ? "imported" : "current", edit: current};
  const stale = keysOf(store, cellId)
    .map((key) => parse(store.getItem(key), key.slice(key.lastIndexOf("@") + 1)))
    .filter((e): e is StoredEdit => e !== undefined)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return stale.length ? {state: "stale", edit: stale[0]} : {state: "none"};
}

/**
 * Stores the cell's edit under this version (as the reader's own) and then drops the cell's edits of
 * other versions; when the store refuses the write (full), it throws and nothing is dropped.
 */
export function saveEdit(store: KeyValueStore, cellId: string, version: string, code: string, now = new Date()): void {
  store.setItem(editKey(cellId, version), JSON.stringify({code, savedAt: now.toISOString()}));
  for (const key of keysOf(store, cellId)) if (key !== editKey(cellId, version)) store.removeItem(key);
}

/** Whether a store's refusal is the browser's storage quota (DOMException QuotaExceededError, or Firefox's older name). */
export function isQuotaError(error: unknown): boolean {
  const name = (error as {name?: unknown} | null)?.name;
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED";
}

/** What to tell the reader when saving `what` ("note", "code") failed with `error`; the text stays in its editor. */
export function notSavedMessage(error: unknown, what: string): string {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return isQuotaError(error)
    ? `Not saved: this browser's storage for the site is full (${detail}). Your ${what} is still in the editor; export your work or delete notes to make room, then save again.`
    : `Not saved: the browser refused to store it (${detail}). Your ${what} is still in the editor.`;
}

/** Forgets every stored edit of the cell. */
export function clearEdit(store: KeyValueStore, cellId: string): void {
  for (const key of keysOf(store, cellId)) store.removeItem(key);
}

let memoryFallback: MemoryStore | undefined;

/** The browser's localStorage or, where storage is refused (private mode, policy), one in-memory store for this tab. */
export function browserStore(): KeyValueStore {
  try {
    const s = window.localStorage;
    s.getItem("course-edit:probe");
    return s;
  } catch {
    return (memoryFallback ??= new MemoryStore());
  }
}

/** A KeyValueStore kept in memory, for tests and for browsers where localStorage is refused. */
export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, String(value));
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------
// Notes, and the whole course's stored data as one file (export and import).
//
// A reader's note is kept under `course-note:<page>/<slot>` (slot: the editable cell's id, or
// "page" for the note at the end of a page) as `{"v": 1, "text": <Markdown>, "savedAt": <ISO>}`.

const NOTE_PREFIX = "course-note:";
export const NOTE_VERSION = 1;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function noteKey(page: string, slot: string): string {
  if (!NAME.test(page) || !NAME.test(slot)) throw new Error(`noteKey: bad page or slot ${JSON.stringify([page, slot])}`);
  return `${NOTE_PREFIX}${page}/${slot}`;
}

export interface StoredNote {
  text: string;
  savedAt: string;
}

export function loadNote(store: KeyValueStore, page: string, slot: string): StoredNote | undefined {
  const raw = store.getItem(noteKey(page, slot));
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as {v?: unknown; text?: unknown; savedAt?: unknown};
    if (value?.v !== NOTE_VERSION || typeof value.text !== "string") return undefined;
    return {text: value.text, savedAt: typeof value.savedAt === "string" ? value.savedAt : ""};
  } catch {
    return undefined;
  }
}

export function saveNote(store: KeyValueStore, page: string, slot: string, text: string, now = new Date()): void {
  store.setItem(noteKey(page, slot), JSON.stringify({v: NOTE_VERSION, text, savedAt: now.toISOString()}));
}

export function deleteNote(store: KeyValueStore, page: string, slot: string): void {
  store.removeItem(noteKey(page, slot));
}

/** Every key of the store that belongs to the course (edits and notes), sorted. */
export function courseKeys(store: KeyValueStore): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key !== null && (key.startsWith(PREFIX) || key.startsWith(NOTE_PREFIX))) keys.push(key);
  }
  return keys.sort();
}

/** Removes a page's notes and the stored edits of its editable cells; returns how many entries went. */
export function clearPage(store: KeyValueStore, page: string, cellIds: readonly string[]): number {
  const gone = courseKeys(store).filter((key) => key.startsWith(`${NOTE_PREFIX}${page}/`) || cellIds.some((id) => key.startsWith(`${PREFIX}${id}@`)));
  for (const key of gone) store.removeItem(key);
  return gone.length;
}

export const BUNDLE_FORMAT = "annotated-transformer-ts/edits-and-notes";
export const BUNDLE_VERSION = 1;
/** Limits on an imported file: its size, its number of entries, and the size of one entry. */
export const BUNDLE_LIMITS = {fileChars: 4_000_000, entries: 1000, valueChars: 200_000};

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  exportedAt: string;
  entries: Record<string, string>;
}

/** The file an export writes: every course entry of the store, under its key, as stored. */
export function exportBundle(store: KeyValueStore, now = new Date()): Bundle {
  const entries: Record<string, string> = {};
  for (const key of courseKeys(store)) entries[key] = store.getItem(key) ?? "";
  return {format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: now.toISOString(), entries};
}

const EDIT_KEY = /^course-edit:[A-Za-z0-9_-]{1,64}@[0-9a-f]{8}$/;
const NOTE_KEY = /^course-note:[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/;

/** review: the cells (function names) whose imported edits wait for the reader's Run or Keep, sorted. */
export type ParsedBundle = {ok: true; entries: [string, string][]; edits: number; notes: number; review: string[]} | {ok: false; error: string};

/**
 * Checks an imported file strictly: JSON, an object with this format and version, and entries whose
 * keys are course edit or note keys and whose values are strings (of bounded size) holding a stored
 * edit or note. Anything else refuses the whole file. Every edit comes out marked `imported`, so
 * that it waits for the reader's review before it runs.
 */
export function parseBundle(text: string): ParsedBundle {
  const fail = (error: string): ParsedBundle => ({ok: false, error});
  if (text.length > BUNDLE_LIMITS.fileChars) return fail(`the file is larger than ${BUNDLE_LIMITS.fileChars / 1e6} MB`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail("the file is not JSON");
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return fail("the file is not a JSON object");
  const obj = data as Record<string, unknown>;
  const extra = Object.keys(obj).filter((k) => !["format", "version", "exportedAt", "entries"].includes(k));
  if (obj.format !== BUNDLE_FORMAT) return fail(`the file is not a course export (format should be "${BUNDLE_FORMAT}")`);
  if (obj.version !== BUNDLE_VERSION) return fail(`the file has version ${JSON.stringify(obj.version)}; this site reads version ${BUNDLE_VERSION}`);
  if (extra.length) return fail(`the file has unknown fields: ${extra.slice(0, 3).join(", ")}`);
  if (obj.exportedAt !== undefined && typeof obj.exportedAt !== "string") return fail("exportedAt is not a string");
  const raw = obj.entries;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail("entries is not an object");
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > BUNDLE_LIMITS.entries) return fail(`the file has more than ${BUNDLE_LIMITS.entries} entries`);
  let edits = 0;
  let notes = 0;
  const review = new Set<string>();
  const out: [string, string][] = [];
  for (const [key, value] of entries) {
    const isEdit = EDIT_KEY.test(key);
    const isNote = NOTE_KEY.test(key);
    if (!isEdit && !isNote) return fail(`unknown entry ${JSON.stringify(key.slice(0, 80))}`);
    if (typeof value !== "string") return fail(`entry ${key} is not a string`);
    if (value.length > BUNDLE_LIMITS.valueChars) return fail(`entry ${key} is longer than ${BUNDLE_LIMITS.valueChars} characters`);
    let inner: unknown;
    try {
      inner = JSON.parse(value);
    } catch {
      return fail(`entry ${key} is not a stored edit or note`);
    }
    const v = inner as Record<string, unknown> | null;
    const valid = isEdit
      ? !!v && typeof v === "object" && typeof v.code === "string" && (v.savedAt === undefined || typeof v.savedAt === "string")
      : !!v && typeof v === "object" && v.v === NOTE_VERSION && typeof v.text === "string" && (v.savedAt === undefined || typeof v.savedAt === "string");
    if (!valid) return fail(`entry ${key} is not a stored ${isEdit ? "edit" : "note"}`);
    if (isEdit) {
      edits++;
      review.add(key.slice(PREFIX.length, key.lastIndexOf("@")));
      out.push([key, JSON.stringify({...v, imported: true})]);
    } else {
      notes++;
      out.push([key, value]);
    }
  }
  return {ok: true, entries: out, edits, notes, review: [...review].sort()};
}

/**
 * Imports a file into the store, all or nothing: a file that fails parseBundle changes nothing, and
 * if the store refuses a write (quota), the entries written so far are put back as they were.
 * Entries with the same key are replaced; other stored entries stay.
 */
export function importBundle(store: KeyValueStore, text: string): ParsedBundle {
  const parsed = parseBundle(text);
  if (!parsed.ok) return parsed;
  const previous = parsed.entries.map(([key]) => [key, store.getItem(key)] as const);
  try {
    for (const [key, value] of parsed.entries) store.setItem(key, value);
  } catch (e) {
    for (const [key, value] of previous) {
      if (value === null) store.removeItem(key);
      else store.setItem(key, value);
    }
    return {ok: false, error: `the browser refused to store it (${(e as Error).message ?? e})`};
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// Exercise mode (a teacher's setting, for this browser): every editable function that the reader
// has not edited starts with its body blanked to a TODO. Not part of the exported file.

const EXERCISE_KEY = "course-setting:exercise";

export function exerciseMode(store: KeyValueStore): boolean {
  return store.getItem(EXERCISE_KEY) === "on";
}

export function setExerciseMode(store: KeyValueStore, on: boolean): void {
  if (on) store.setItem(EXERCISE_KEY, "on");
  else store.removeItem(EXERCISE_KEY);
}

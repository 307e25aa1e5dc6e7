// Keeps a reader's edits in the browser (localStorage), one entry per cell and version of the
// reference code: the key is `course-edit:<cell id>@<version>`, where the version is a hash of the
// reference text. When the library's code changes, an edit made against the old text is found under
// an old version and is offered, never run silently.

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
}

export type LoadedEdit = {state: "none"} | {state: "current"; edit: StoredEdit} | {state: "stale"; edit: StoredEdit};

function parse(raw: string | null, version: string): StoredEdit | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<StoredEdit>;
    if (typeof value?.code !== "string") return undefined;
    return {code: value.code, version, savedAt: typeof value.savedAt === "string" ? value.savedAt : ""};
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
  if (current) return {state: "current", edit: current};
  const stale = keysOf(store, cellId)
    .map((key) => parse(store.getItem(key), key.slice(key.lastIndexOf("@") + 1)))
    .filter((e): e is StoredEdit => e !== undefined)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return stale.length ? {state: "stale", edit: stale[0]} : {state: "none"};
}

/** Stores the cell's edit under this version and drops the cell's edits of other versions. */
export function saveEdit(store: KeyValueStore, cellId: string, version: string, code: string, now = new Date()): void {
  for (const key of keysOf(store, cellId)) if (key !== editKey(cellId, version)) store.removeItem(key);
  store.setItem(editKey(cellId, version), JSON.stringify({code, savedAt: now.toISOString()}));
}

/** Forgets every stored edit of the cell. */
export function clearEdit(store: KeyValueStore, cellId: string): void {
  for (const key of keysOf(store, cellId)) store.removeItem(key);
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

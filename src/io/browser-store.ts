// Models kept in the reader's browser (IndexedDB), so a trained model survives a page reload and
// other pages (the results) can use it. Two kinds, kept apart: models the reader saved under a name
// (never replaced unless the reader says so), and the last few finished runs, kept without asking
// (the oldest goes first). Each model's bytes (safetensors) and its little description live in two
// stores, so that listing the models reads no weights.
const DB_NAME = "annotated-transformer";
const MODELS = "models"; // key -> StoredModel (bytes and info)
const INFOS = "infos"; // key -> StoredModelInfo, the same keys

/** How many finished runs are kept; a newer one replaces the oldest. */
export const RECENT_RUNS = 3;

/** The single slot an earlier version of the site kept the reader's model in; opening the store moves it to a saved model named MIGRATED_NAME. */
const OLD_SLOT = "my-model";
export const MIGRATED_NAME = "my model";

export interface StoredModelInfo {
  savedAt: string; // ISO date
  description: string; // e.g. "copy-tiny: N=1, d_model 32, h 4, 400 steps, 100.0% exact match"
  /** What the model does: absent in what earlier versions stored, which kept copy-task models only. */
  task?: ModelTask;
}

export type ModelTask = "copy" | "translation";

/** The task of a stored model (a model stored before models had a task is a copy-task model). */
export const taskOf = (info: StoredModelInfo): ModelTask => info.task ?? "copy";

export interface StoredModel {
  bytes: Uint8Array;
  info: StoredModelInfo;
}

export type StoredKind = "saved" | "recent";

/** A model in the store, without its bytes. name: the reader's for a saved model, the run's description for a recent run. */
export interface StoredEntry {
  key: string;
  kind: StoredKind;
  name: string;
  info: StoredModelInfo;
}

const SAVED = "saved:";
const RECENT = "recent:";
export const savedKey = (name: string) => SAVED + name;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 2);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) db.createObjectStore(MODELS);
      const infos = db.createObjectStore(INFOS);
      // Version 1 kept one model under OLD_SLOT, which every finished run replaced: it becomes a saved model.
      const models = request.transaction!.objectStore(MODELS);
      const old = models.get(OLD_SLOT);
      old.onsuccess = () => {
        const value = old.result as StoredModel | undefined;
        if (!value || !(value.bytes instanceof Uint8Array)) return;
        models.put(value, savedKey(MIGRATED_NAME));
        infos.put(value.info, savedKey(MIGRATED_NAME));
        models.delete(OLD_SLOT);
      };
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB: cannot open the model store"));
    request.onblocked = () => reject(new Error("IndexedDB: the model store is open in an older version of this site in another tab; close it and try again"));
  });
}

/** Runs `f` in one transaction over both stores; resolves with its result once the transaction has committed. */
async function transact<T>(mode: IDBTransactionMode, f: (models: IDBObjectStore, infos: IDBObjectStore, done: (value: T) => void) => void): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction([MODELS, INFOS], mode);
      let result: T;
      f(tx.objectStore(MODELS), tx.objectStore(INFOS), (value) => (result = value));
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB: the request failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB: the request was aborted (is the browser's storage full?)"));
    });
  } finally {
    db.close();
  }
}

function entry(key: string, info: StoredModelInfo): StoredEntry {
  const kind: StoredKind = key.startsWith(SAVED) ? "saved" : "recent";
  return {key, kind, name: kind === "saved" ? key.slice(SAVED.length) : info.description, info};
}

/** Every stored model: the saved ones by name, then the recent runs, newest first. */
export function listStoredModels(): Promise<StoredEntry[]> {
  return transact<StoredEntry[]>("readonly", (_, infos, done) => {
    const keys = infos.getAllKeys();
    const values = infos.getAll();
    values.onsuccess = () => {
      const all = (keys.result as string[]).map((key, i) => entry(key, values.result[i] as StoredModelInfo));
      const saved = all.filter((e) => e.kind === "saved").sort((a, b) => a.name.localeCompare(b.name));
      const recent = all.filter((e) => e.kind === "recent").sort((a, b) => (a.key < b.key ? 1 : -1));
      done([...saved, ...recent]);
    };
  });
}

/**
 * Saves `model` under `name`. A saved model of that name is replaced only with `replace`; otherwise
 * nothing changes and the answer is "exists".
 */
export function saveNamedModel(name: string, model: StoredModel, {replace = false} = {}): Promise<"saved" | "exists"> {
  if (name.trim() === "") return Promise.reject(new Error("a saved model needs a name"));
  const key = savedKey(name.trim());
  return transact<"saved" | "exists">("readwrite", (models, infos, done) => {
    const existing = infos.getKey(key);
    existing.onsuccess = () => {
      if (existing.result !== undefined && !replace) return done("exists");
      models.put(model, key);
      infos.put(model.info, key);
      done("saved");
    };
  });
}

/** Keeps a finished run among the recent runs (never a saved model), dropping the oldest beyond RECENT_RUNS. Returns its key. */
export function keepRecentRun(model: StoredModel): Promise<string> {
  return transact<string>("readwrite", (models, infos, done) => {
    const range = IDBKeyRange.bound(RECENT, RECENT + "\uffff");
    const keys = infos.getAllKeys(range);
    keys.onsuccess = () => {
      const older = (keys.result as string[]).sort();
      // The date orders the keys; a counter keeps two runs finished in the same millisecond apart.
      let key = `${RECENT}${model.info.savedAt}`;
      for (let n = 2; older.includes(key); n++) key = `${RECENT}${model.info.savedAt} ${n}`;
      models.put(model, key);
      infos.put(model.info, key);
      for (const old of older.slice(0, Math.max(0, older.length + 1 - RECENT_RUNS))) {
        models.delete(old);
        infos.delete(old);
      }
      done(key);
    };
  });
}

export function loadStoredModel(key: string): Promise<StoredModel | null> {
  return transact<StoredModel | null>("readonly", (models, _, done) => {
    const request = models.get(key);
    request.onsuccess = () => {
      const value = request.result as StoredModel | undefined;
      done(value && value.bytes instanceof Uint8Array ? value : null);
    };
  });
}

export function deleteStoredModel(key: string): Promise<void> {
  return transact<void>("readwrite", (models, infos, done) => {
    models.delete(key);
    infos.delete(key);
    done();
  });
}

/** `base`, or `base 2`, `base 3`, ...: the first that no saved model has. */
export function unusedName(base: string, entries: readonly StoredEntry[]): string {
  const taken = new Set(entries.filter((e) => e.kind === "saved").map((e) => e.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
  return name;
}

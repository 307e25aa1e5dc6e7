// Models kept in the reader's browser (IndexedDB), so a trained model survives a page reload and
// other pages (the results) can use it. Values are safetensors bytes plus a little description.
const DB_NAME = "annotated-transformer";
const STORE = "models";

/** The key under which the training page keeps the reader's latest model. */
export const MY_MODEL = "my-model";

export interface StoredModelInfo {
  savedAt: string; // ISO date
  description: string; // e.g. "copy-tiny, 400 steps, 100% exact match"
}

export interface StoredModel {
  bytes: Uint8Array;
  info: StoredModelInfo;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB: cannot open the model store"));
  });
}

async function run<T>(mode: IDBTransactionMode, f: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = f(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error("IndexedDB: the request failed"));
    });
  } finally {
    db.close();
  }
}

export function saveStoredModel(key: string, model: StoredModel): Promise<unknown> {
  return run("readwrite", (store) => store.put(model, key));
}

export async function loadStoredModel(key: string): Promise<StoredModel | null> {
  const value = (await run("readonly", (store) => store.get(key))) as StoredModel | undefined;
  return value && value.bytes instanceof Uint8Array ? value : null;
}

export function deleteStoredModel(key: string): Promise<unknown> {
  return run("readwrite", (store) => store.delete(key));
}

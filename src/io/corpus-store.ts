// A corpus the reader loaded from files, kept in their browser (IndexedDB) so that the tokenization
// page uses it again on the next visit, until they forget it. Nothing leaves the browser.
import type {SentencePair} from "./corpus-files.js";

const DB_NAME = "annotated-transformer-corpora";
const STORE = "corpora";
/** The key of the corpus the tokenization page uses. */
export const MY_CORPUS = "my-corpus";

export interface StoredCorpus {
  pairs: SentencePair[];
  /** The files it was read from, for a caption. */
  source: string;
  savedAt: string; // ISO date
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB: cannot open the corpus store"));
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

export function saveCorpus(key: string, corpus: StoredCorpus): Promise<unknown> {
  return run("readwrite", (store) => store.put(corpus, key));
}

/** The stored corpus, or null when there is none (or what is stored is not a corpus). */
export async function loadCorpus(key: string): Promise<StoredCorpus | null> {
  const value = (await run("readonly", (store) => store.get(key))) as StoredCorpus | undefined;
  return value && Array.isArray(value.pairs) && typeof value.source === "string" ? value : null;
}

export function forgetCorpus(key: string): Promise<unknown> {
  return run("readwrite", (store) => store.delete(key));
}

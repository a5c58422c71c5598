// IndexedDB without localforage, for the form page's start: it reads the member's draft from
// where it is kept (idb-store.ts writes it, in the layout localforage gives the collection page's
// store, store.ts), before the drafts store's code has loaded. Also the small helpers every
// storage user needs, so that loading them does not load localforage.
//
// localforage's IndexedDB layout: database `DATABASE`, one object store per localforage store
// name (`drafts`, `collections`), values stored as structured clones under their string keys
// (Blobs aside, which the site never stores). What is read here is untrusted, as everywhere.

/** The IndexedDB database every store of the site lives in (localforage's `name`). */
export const DATABASE = 'phieu-chi-bo';

/** Why storage is not persistent, in a word the UI can translate. */
export type StorageProblem = 'unavailable' | 'blocked' | 'quota' | 'error';

/** Classifies an error thrown by IndexedDB or localforage. */
export function classifyStorageError(error: unknown): StorageProblem {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = String((error as { message?: string } | null)?.message ?? error);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return 'quota';
  if (name === 'SecurityError' || name === 'InvalidStateError' || /denied|security|blocked/i.test(message))
    return 'blocked';
  if (/no available storage|not supported|indexeddb/i.test(message)) return 'unavailable';
  return 'error';
}

/** Asks the browser to keep the site's data (not evict it); true when granted. */
export async function requestPersistence(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}

/** One object store of the site's database, opened straight (see the top of this file). */
export interface RawStore {
  /** The value under a key (a structured clone, untrusted), undefined when there is none. */
  get(key: string): Promise<unknown>;
  /**
   * Writes a value now, without waiting for the result: for the last write of a page being
   * hidden or closed before the drafts store is open. False when the connection is gone.
   */
  putNow(key: string, value: unknown): boolean;
  /** Closes the connection (it also closes itself when another page upgrades the database). */
  close(): void;
}

/**
 * Opens an object store of the site's database for the start-up read. Resolves `undefined` when
 * nothing was ever stored there (no database yet, or no such store): nothing is created then,
 * the drafts store (idb-store.ts) creates both on its first write. Rejects when the browser refuses IndexedDB (no
 * IndexedDB at all, storage blocked), with the browser's error.
 */
export function openRawStore(storeName: string): Promise<RawStore | undefined> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('No IndexedDB: not supported'));
      return;
    }
    let fresh = false;
    const request = indexedDB.open(DATABASE);
    // A database that does not exist yet: leave it to the first write, which creates it with its stores.
    request.onupgradeneeded = () => {
      fresh = true;
      request.transaction?.abort();
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (fresh) resolve(undefined);
      else reject(request.error ?? new Error('IndexedDB open failed'));
    };
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(storeName)) {
        db.close();
        resolve(undefined);
        return;
      }
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        db.close();
      };
      db.onversionchange = close;
      db.onclose = () => (open = false);
      resolve({
        get: (key) =>
          new Promise((done, fail) => {
            if (!open) {
              done(undefined);
              return;
            }
            try {
              const req = db.transaction(storeName, 'readonly').objectStore(storeName).get(key);
              req.onsuccess = () => done(req.result);
              req.onerror = () => fail(req.error ?? new Error('IndexedDB read failed'));
            } catch (error) {
              fail(error instanceof Error ? error : new Error(String(error)));
            }
          }),
        putNow(key, value) {
          if (!open) return false;
          try {
            const tx = db.transaction(storeName, 'readwrite');
            tx.objectStore(storeName).put(value, key);
            // Commit now rather than at the end of the task: the page may be going away.
            if (typeof tx.commit === 'function') tx.commit();
            return true;
          } catch {
            return false;
          }
        },
        close,
      });
    };
  });
}

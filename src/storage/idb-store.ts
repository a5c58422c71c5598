// A key-value store straight on IndexedDB, in the layout localforage uses (idb.ts): the drafts
// store, so that the form page writes a member's answers without loading localforage on the
// member's first tap (about 8 KiB of script to fetch and compile, then three probe transactions,
// while the tap waits to be painted). Database and object stores are created as localforage
// creates them, so either can open what the other wrote; the collection page keeps localforage.
import { classifyStorageError, DATABASE } from './idb.ts';
import { createMemoryStore, type KeyValueStore, type OpenedStore } from './store.ts';

/** The extra object store localforage creates with a new database (it probes Blob support there). */
const BLOB_SUPPORT_STORE = 'local-forage-detect-blob-support';

/**
 * Opens the site's database, creating `storeName` (and localforage's blob-support store) in an
 * upgrade when asked for a version, or when the database does not exist yet (version 1).
 */
function openDatabase(storeName: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(DATABASE) : indexedDB.open(DATABASE, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName);
      if (!db.objectStoreNames.contains(BLOB_SUPPORT_STORE)) db.createObjectStore(BLOB_SUPPORT_STORE);
    };
    request.onerror = (event) => {
      event.preventDefault();
      reject(request.error ?? new Error('IndexedDB open failed'));
    };
    request.onsuccess = () => resolve(request.result);
  });
}

/**
 * A connection whose database holds `storeName`. A database made by another page without it
 * (the collection page's) is upgraded to the next version, as localforage does; when another tab
 * upgraded it meanwhile (VersionError), the open is tried again with the newer version.
 */
async function connect(storeName: string): Promise<IDBDatabase> {
  for (let attempt = 0; ; attempt += 1) {
    const db = await openDatabase(storeName);
    if (db.objectStoreNames.contains(storeName)) return db;
    const next = db.version + 1;
    db.close();
    try {
      return await openDatabase(storeName, next);
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'VersionError' || attempt >= 2) throw error;
    }
  }
}

/** A store with one more operation than {@link KeyValueStore}: a probe, for {@link openIdbStore}. */
interface IdbStore extends KeyValueStore {
  /** Writes, reads back and removes a value in one transaction; resolves with what was read. */
  probe(key: string, value: unknown): Promise<unknown>;
}

/**
 * The object store `storeName` of the site's database. The connection opens on first use, closes
 * itself when another page upgrades the database (so that page is not blocked) and opens again
 * on the next operation. Operations resolve once their transaction has committed and reject with
 * the browser's error (a full disk is a `QuotaExceededError`), so callers can say why.
 */
export function createIdbStore(storeName: string): IdbStore {
  let connection: Promise<IDBDatabase> | undefined;
  /** The connection once open, for a write issued at once (setNow). */
  let current: IDBDatabase | undefined;
  const database = (): Promise<IDBDatabase> => {
    if (connection) return connection;
    const opening = connect(storeName).then(
      (db) => {
        const forget = () => {
          if (current === db) current = undefined;
          if (connection === opening) connection = undefined;
        };
        current = db;
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget;
        return db;
      },
      (error: unknown) => {
        if (connection === opening) connection = undefined;
        throw error;
      },
    );
    connection = opening;
    return opening;
  };

  /** Runs requests in one transaction; resolves with the result of the request `use` returns. */
  async function run<T>(
    mode: IDBTransactionMode,
    use: (store: IDBObjectStore) => IDBRequest<T> | undefined,
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const db = await database();
      let tx: IDBTransaction;
      try {
        tx = db.transaction(storeName, mode);
      } catch (error) {
        // Closed under us (another page upgraded the database): open again, once.
        if (attempt === 0 && (error as { name?: string } | null)?.name === 'InvalidStateError') {
          if (connection) connection = undefined;
          continue;
        }
        throw error;
      }
      return new Promise<T>((resolve, reject) => {
        const request = use(tx.objectStore(storeName));
        const fail = () => reject(tx.error ?? request?.error ?? new Error('IndexedDB transaction failed'));
        tx.oncomplete = () => resolve(request?.result as T);
        tx.onabort = fail;
        tx.onerror = fail;
      });
    }
  }

  return {
    kind: 'indexeddb',
    get: (key) => run('readonly', (store) => store.get(key)),
    set: async (key, value) => void (await run('readwrite', (store) => store.put(value, key))),
    remove: async (key) => void (await run('readwrite', (store) => store.delete(key))),
    keys: async (prefix = '') =>
      (await run('readonly', (store) => store.getAllKeys())).filter(
        (k): k is string => typeof k === 'string' && k.startsWith(prefix),
      ),
    setNow(key, value) {
      if (!current) return false;
      try {
        const tx = current.transaction(storeName, 'readwrite');
        tx.objectStore(storeName).put(value, key);
        if (typeof tx.commit === 'function') tx.commit();
        return true;
      } catch {
        return false;
      }
    },
    probe: (key, value) =>
      run('readwrite', (store) => {
        store.put(value, key);
        const back = store.get(key);
        store.delete(key);
        return back;
      }),
  };
}

/**
 * Opens the object store `storeName` straight on IndexedDB and proves it works with a write and a
 * read (one transaction); if anything fails (no IndexedDB, private mode, blocked, quota), falls
 * back to memory and says why, as `openStore` (store.ts) does with localforage.
 */
export function openIdbStore(storeName: string): Promise<OpenedStore> {
  let p = opened.get(storeName);
  if (!p) {
    p = openUncached(storeName);
    opened.set(storeName, p);
  }
  return p;
}

const opened = new Map<string, Promise<OpenedStore>>();

async function openUncached(storeName: string): Promise<OpenedStore> {
  try {
    if (typeof indexedDB === 'undefined') return { store: createMemoryStore(), problem: 'unavailable' };
    const store = createIdbStore(storeName);
    const back = await store.probe(`__probe__${Math.random().toString(36).slice(2)}`, 1);
    if (back !== 1) return { store: createMemoryStore(), problem: 'error' };
    return { store };
  } catch (error) {
    return { store: createMemoryStore(), problem: classifyStorageError(error) };
  }
}

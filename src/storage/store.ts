// The site's key-value stores: IndexedDB through localforage (the collection page's store),
// memory when the browser refuses. The drafts store opens without localforage (idb-store.ts).
// Everything read back is untrusted: callers check it before use. (idb.ts reads the same
// database without localforage, for the form page's start.)
import type localforageType from 'localforage';
import { classifyStorageError, DATABASE, type StorageProblem } from './idb.ts';

export { classifyStorageError, requestPersistence, type StorageProblem } from './idb.ts';

/** A small key-value store. Values are structured-clonable data. */
export interface KeyValueStore {
  /** Where data lives: `indexeddb` survives reloads; `memory` lasts as long as the page. */
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Keys, optionally only those starting with a prefix. */
  keys(prefix?: string): Promise<string[]>;
  /**
   * Writes a value now, committed without waiting for the end of the task (a page being hidden or
   * closed may not live to run the next one). False when it cannot be issued at once (no open
   * connection yet): the caller then writes with `set`.
   */
  setNow?(key: string, value: unknown): boolean;
}

/** A store in memory: for tests and as the fallback when the browser refuses storage. */
export function createMemoryStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    kind: 'memory',
    get: async (key) => structuredClone(map.get(key)),
    set: async (key, value) => void map.set(key, structuredClone(value)),
    setNow: (key, value) => (map.set(key, structuredClone(value)), true),
    remove: async (key) => void map.delete(key),
    keys: async (prefix = '') => [...map.keys()].filter((k) => k.startsWith(prefix)),
  };
}

function wrap(lf: typeof localforageType): KeyValueStore {
  return {
    kind: 'indexeddb',
    get: (key) => lf.getItem(key),
    set: async (key, value) => void (await lf.setItem(key, value)),
    remove: (key) => lf.removeItem(key),
    keys: async (prefix = '') => (await lf.keys()).filter((k) => k.startsWith(prefix)),
  };
}

/** The result of opening storage: a working store, and the problem when it had to fall back to memory. */
export interface OpenedStore {
  store: KeyValueStore;
  problem?: StorageProblem;
}

const opened = new Map<string, Promise<OpenedStore>>();

/**
 * Opens the IndexedDB store `name` and proves it works with a write and a read; if anything
 * fails (private mode, blocked, quota), falls back to memory and says why.
 */
export function openStore(name: string): Promise<OpenedStore> {
  let p = opened.get(name);
  if (!p) {
    p = openUncached(name);
    opened.set(name, p);
  }
  return p;
}

async function openUncached(name: string): Promise<OpenedStore> {
  try {
    if (typeof indexedDB === 'undefined') return { store: createMemoryStore(), problem: 'unavailable' };
    const { default: localforage } = await import('localforage');
    const lf = localforage.createInstance({ name: DATABASE, storeName: name, driver: localforage.INDEXEDDB });
    await lf.ready();
    const probe = `__probe__${Math.random().toString(36).slice(2)}`;
    await lf.setItem(probe, 1);
    const back = await lf.getItem(probe);
    await lf.removeItem(probe);
    if (back !== 1) return { store: createMemoryStore(), problem: 'error' };
    return { store: wrap(lf) };
  } catch (error) {
    return { store: createMemoryStore(), problem: classifyStorageError(error) };
  }
}

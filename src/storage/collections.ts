// Collections kept on this device (IndexedDB store `collections`, through store.ts). What is read
// back is untrusted: records pass a schema here, and every response inside is read again by core
// `readBundle` in the island (one restore path, the same as importing a file or a backup).
import * as z from 'zod/mini';
// Pure schemas of the collection backup; to move into src/core with it (see backup.ts).
import { CollectionKeySchema, RosterSchema, type CollectionKey, type Roster } from '../core/backup.ts';
import { openStore, type KeyValueStore, type StorageProblem } from './store.ts';

/** The version of stored collection records this app writes. */
export const COLLECTION_STORE_VERSION = 1;

/** A collection as stored: its key, roster and the raw response files. */
export const StoredCollectionSchema = z.strictObject({
  storeVersion: z.literal(COLLECTION_STORE_VERSION),
  key: CollectionKeySchema,
  cellName: z.optional(z.string().check(z.maxLength(200))),
  roster: RosterSchema,
  /** Response files as written by core; read again by `readBundle` on load. */
  responses: z.array(z.unknown()),
  /** Last change, ms since 1970 (device clock). */
  updatedAt: z.number(),
});
/** A stored collection. */
export type StoredCollection = z.infer<typeof StoredCollectionSchema>;

/** What a list of collections shows, without loading their files. */
export const CollectionMetaSchema = z.strictObject({
  storeVersion: z.literal(COLLECTION_STORE_VERSION),
  key: CollectionKeySchema,
  cellName: z.optional(z.string().check(z.maxLength(200))),
  /** Responses kept. */
  count: z.int().check(z.gte(0)),
  updatedAt: z.number(),
});
/** A collection's summary line. */
export type CollectionMeta = z.infer<typeof CollectionMetaSchema>;

/** Reports imported by an upper level for one instrument and period, with the scope it merges as. */
export const StoredMergeSchema = z.strictObject({
  storeVersion: z.literal(COLLECTION_STORE_VERSION),
  instrumentId: z.string().check(z.maxLength(64)),
  instrumentVersion: z.string().check(z.maxLength(32)),
  period: z.string().check(z.maxLength(16)),
  scopeCode: z.string().check(z.maxLength(64)),
  scopeName: z.string().check(z.maxLength(200)),
  /** Report files as written by core; read again by `readBundle` on load. */
  reports: z.array(z.unknown()),
  updatedAt: z.number(),
});
/** A stored merge. */
export type StoredMerge = z.infer<typeof StoredMergeSchema>;

/** The store key of a collection (one per cell, instrument version and period). */
export function collectionStoreId(key: CollectionKey): string {
  return `${key.instrumentId}@${key.instrumentVersion}|${key.period}|${key.cell}`;
}

const DATA = 'collection:';
const META = 'meta:';
const MERGE = 'merge:';
const LAST = 'last';

/** Collections on a key-value store. */
export interface CollectionStore {
  readonly kind: KeyValueStore['kind'];
  /** Every collection's summary, newest first (records that fail the schema are skipped). */
  list(): Promise<CollectionMeta[]>;
  /** One collection, or undefined when absent or not valid. */
  load(key: CollectionKey): Promise<StoredCollection | undefined>;
  /** Saves a collection (its files and its summary line). */
  save(
    record: { key: CollectionKey; cellName?: string | undefined; roster: Roster; responses: readonly unknown[] },
    now: number,
  ): Promise<void>;
  /** Removes a collection. */
  remove(key: CollectionKey): Promise<void>;
  /** The collection opened last, if any. */
  lastOpened(): Promise<CollectionKey | undefined>;
  setLastOpened(key: CollectionKey | undefined): Promise<void>;
  /** The upper level's imported reports for an instrument version and period. */
  loadMerge(instrumentId: string, instrumentVersion: string, period: string): Promise<StoredMerge | undefined>;
  /** The most recently saved merge, if any. */
  lastMerge(): Promise<StoredMerge | undefined>;
  /** Every saved merge, newest first. */
  listMerges(): Promise<StoredMerge[]>;
  saveMerge(merge: Omit<StoredMerge, 'storeVersion' | 'updatedAt'>, now: number): Promise<void>;
  removeMerge(instrumentId: string, instrumentVersion: string, period: string): Promise<void>;
}

/** Collections over any key-value store (IndexedDB in the app, memory in tests). */
export function createCollectionStore(store: KeyValueStore): CollectionStore {
  const mergeId = (id: string, v: string, p: string): string => `${MERGE}${id}@${v}|${p}`;
  return {
    kind: store.kind,
    async list() {
      const keys = await store.keys(META);
      const out: CollectionMeta[] = [];
      for (const k of keys) {
        const parsed = CollectionMetaSchema.safeParse(await store.get(k));
        if (parsed.success) out.push(parsed.data);
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async load(key) {
      const parsed = StoredCollectionSchema.safeParse(await store.get(DATA + collectionStoreId(key)));
      if (!parsed.success) return undefined;
      return collectionStoreId(parsed.data.key) === collectionStoreId(key) ? parsed.data : undefined;
    },
    async save({ key, cellName, roster, responses }, now) {
      const id = collectionStoreId(key);
      const record: StoredCollection = {
        storeVersion: COLLECTION_STORE_VERSION,
        key,
        roster,
        responses: [...responses],
        updatedAt: now,
      };
      const meta: CollectionMeta = {
        storeVersion: COLLECTION_STORE_VERSION,
        key,
        count: responses.length,
        updatedAt: now,
      };
      if (cellName) record.cellName = meta.cellName = cellName;
      await store.set(DATA + id, record);
      await store.set(META + id, meta);
    },
    async remove(key) {
      const id = collectionStoreId(key);
      await store.remove(DATA + id);
      await store.remove(META + id);
    },
    async lastOpened() {
      const parsed = CollectionKeySchema.safeParse(await store.get(LAST));
      return parsed.success ? parsed.data : undefined;
    },
    async setLastOpened(key) {
      if (key) await store.set(LAST, key);
      else await store.remove(LAST);
    },
    async loadMerge(id, v, p) {
      const parsed = StoredMergeSchema.safeParse(await store.get(mergeId(id, v, p)));
      return parsed.success ? parsed.data : undefined;
    },
    async lastMerge() {
      return (await this.listMerges())[0];
    },
    async listMerges() {
      const out: StoredMerge[] = [];
      for (const k of await store.keys(MERGE)) {
        const parsed = StoredMergeSchema.safeParse(await store.get(k));
        if (parsed.success) out.push(parsed.data);
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async saveMerge(merge, now) {
      await store.set(mergeId(merge.instrumentId, merge.instrumentVersion, merge.period), {
        ...merge,
        reports: [...merge.reports],
        storeVersion: COLLECTION_STORE_VERSION,
        updatedAt: now,
      } satisfies StoredMerge);
    },
    async removeMerge(id, v, p) {
      await store.remove(mergeId(id, v, p));
    },
  };
}

/** Opens the device's collection store (falls back to memory, and says why, when storage is refused). */
export async function openCollections(): Promise<{ collections: CollectionStore; problem?: StorageProblem }> {
  const { store, problem } = await openStore('collections');
  return problem
    ? { collections: createCollectionStore(store), problem }
    : { collections: createCollectionStore(store) };
}

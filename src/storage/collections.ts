// Collections kept on this device (IndexedDB store `collections`, through store.ts). What is read
// back is untrusted: records pass a schema here, and every response inside is read again by core
// `readBundle` in the island (one restore path, the same as importing a file or a backup).
//
// Layout. Version 1 kept a collection in one record, `collection:<id>`, responses inside: saving
// 46,437 responses cloned ~60 MB in one go, on the page's main thread, however few had changed.
// Version 2 (written now) keeps a head there (key, cell name, roster, how many parts) and the
// responses in parts of {@link COLLECTION_PART_SIZE}, `part:<id>#<n>`, each its own record: a save
// rewrites only the parts whose responses changed (compared by digest with what this page last
// wrote or read), and a long import can write its full parts as it goes (`checkpoint`). Parts are
// written before the head, so a save cut short leaves the previous head and parts that still hold
// valid responses. Both layouts are read; nothing is migrated until the collection is next saved.
import * as z from 'zod/mini';
// Pure schemas of the collection backup; to move into src/core with it (see backup.ts).
import {
  CollectionKeySchema,
  DecisionsSchema,
  hasDecisions,
  RosterSchema,
  type CollectionKey,
  type Decisions,
  type Roster,
} from '../core/backup.ts';
import { openStore, type KeyValueStore, type StorageProblem } from './store.ts';

/** The version of stored summary lines and merges (and of collection records of the first layout). */
export const COLLECTION_STORE_VERSION = 1;
/** The version of collection records in parts: a head and its parts. */
export const COLLECTION_PARTS_VERSION = 2;
/** Responses per part (about 1.3 MB of a survey's files). */
export const COLLECTION_PART_SIZE = 1000;
/** More parts than this is not a collection this app wrote (46,437 responses take 47). */
const MAX_PARTS = 100_000;

/** A collection as version 1 stored it: its key, roster and the raw response files, in one record. */
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
/** A stored collection (first layout). */
export type StoredCollection = z.infer<typeof StoredCollectionSchema>;

/** A collection's head (layout 2): what the first layout kept but the responses, which are in parts. */
export const StoredHeadSchema = z.strictObject({
  storeVersion: z.literal(COLLECTION_PARTS_VERSION),
  key: CollectionKeySchema,
  cellName: z.optional(z.string().check(z.maxLength(200))),
  roster: RosterSchema,
  /** The secretary's decisions on named sheets (conflicts settled, levels decided), when any. */
  decisions: z.optional(DecisionsSchema),
  /** Parts `part:<id>#0` … `#parts-1`, read in that order. */
  parts: z.int().check(z.gte(0), z.lte(MAX_PARTS)),
  /** Responses in all parts, as saved. */
  count: z.int().check(z.gte(0)),
  /** Which save wrote it: another tab's save means this page's idea of the parts is stale. */
  saveId: z.string().check(z.maxLength(64)),
  updatedAt: z.number(),
});
/** A collection's head. */
export type StoredHead = z.infer<typeof StoredHeadSchema>;

/** Some of a collection's responses (layout 2), naming the collection and place they belong to. */
export const StoredPartSchema = z.strictObject({
  storeVersion: z.literal(COLLECTION_PARTS_VERSION),
  /** The collection's store id ({@link collectionStoreId}). */
  collection: z.string().check(z.maxLength(400)),
  index: z.int().check(z.gte(0), z.lt(MAX_PARTS)),
  /** Response files as written by core; read again by `readBundle` on load. */
  responses: z.array(z.unknown()),
});
/** A part of a collection's responses. */
export type StoredPart = z.infer<typeof StoredPartSchema>;

/** A collection as loaded, whichever layout it was stored in. */
export interface LoadedCollection {
  key: CollectionKey;
  cellName?: string;
  roster: Roster;
  decisions?: Decisions;
  /** Response files as stored, in order; untrusted (read again by `readBundle`). */
  responses: unknown[];
  updatedAt: number;
}

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
const PART = 'part:';
const META = 'meta:';
const MERGE = 'merge:';
const LAST = 'last';

/** Collections on a key-value store. */
export interface CollectionStore {
  readonly kind: KeyValueStore['kind'];
  /** Every collection's summary, newest first (records that fail the schema are skipped). */
  list(): Promise<CollectionMeta[]>;
  /** One collection, or undefined when absent or not valid (its head or any of its parts). */
  load(key: CollectionKey): Promise<LoadedCollection | undefined>;
  /** Saves a collection (its head, the parts that changed and its summary line). */
  save(record: CollectionRecord, now: number): Promise<void>;
  /**
   * Writes ahead the parts a save would write, those full of responses (the rest wait for the
   * save): for a long import, so that the save at its end has little left to write. The head is
   * left as it is, so what loads is still the last save: a part it names that was rewritten holds
   * responses of the collection in memory, which only ever adds responses or replaces one by a
   * newer send in its place (if the page is closed before the save, those load with the rest).
   */
  checkpoint(record: CollectionRecord): Promise<void>;
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

/** What a save is given: the collection's key, name, roster and response files (in order). */
export interface CollectionRecord {
  key: CollectionKey;
  cellName?: string | undefined;
  roster: Roster;
  decisions?: Decisions | undefined;
  responses: readonly unknown[];
}

/** The digests of a part's responses (an absent or odd digest never matches: the part is written). */
function digestsOf(responses: readonly unknown[]): unknown[] {
  return responses.map((r) => {
    const d = (r as { digest?: unknown } | null)?.digest;
    return typeof d === 'string' ? d : {};
  });
}

function sameDigests(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || typeof a[i] !== 'string') return false;
  return true;
}

const partKey = (id: string, index: number): string => `${PART}${id}#${index}`;

/**
 * What this page knows is stored of a collection: the save id of its head ('' when there is none,
 * {@link UNKNOWN} when it is of the first layout or not valid) and the digests of each part it
 * wrote or read. Good only while the head is still that one (another tab may save too).
 */
interface Written {
  saveId: string;
  parts: unknown[][];
}
const UNKNOWN = '?';

/**
 * Collections over any key-value store (IndexedDB in the app, memory in tests). `partSize` is for
 * tests (parts of any size are read).
 */
export function createCollectionStore(
  store: KeyValueStore,
  { partSize = COLLECTION_PART_SIZE }: { partSize?: number } = {},
): CollectionStore {
  const mergeId = (id: string, v: string, p: string): string => `${MERGE}${id}@${v}|${p}`;
  const written = new Map<string, Written>();
  /** Loads, saves and removals run one at a time, so `written` always matches the store. */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The save id of the head stored now ('' none, UNKNOWN first layout or not valid). */
  async function storedSaveId(id: string): Promise<string> {
    const raw = await store.get(DATA + id);
    if (raw === undefined || raw === null) return '';
    const head = StoredHeadSchema.safeParse(raw);
    return head.success ? head.data.saveId : UNKNOWN;
  }

  /** Writes the parts of responses[0, upTo) that differ from those known stored; returns their digests. */
  async function writeParts(id: string, responses: readonly unknown[], upTo: number, known: Written) {
    const parts: unknown[][] = [];
    for (let index = 0; index * partSize < upTo; index++) {
      const slice = responses.slice(index * partSize, Math.min(upTo, (index + 1) * partSize));
      const digests = digestsOf(slice);
      parts.push(digests);
      if (sameDigests(known.parts[index], digests)) continue;
      await store.set(partKey(id, index), {
        storeVersion: COLLECTION_PARTS_VERSION,
        collection: id,
        index,
        responses: slice,
      } satisfies StoredPart);
      known.parts[index] = digests;
    }
    return parts;
  }

  async function save({ key, cellName, roster, decisions, responses }: CollectionRecord, now: number): Promise<void> {
    const id = collectionStoreId(key);
    let known = written.get(id);
    // Saved by another tab since (or never known): every part is written again.
    if (!known || (await storedSaveId(id)) !== known.saveId) known = { saveId: UNKNOWN, parts: [] };
    written.delete(id);
    const parts = await writeParts(id, responses, responses.length, known);
    const saveId = `${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const head: StoredHead = {
      storeVersion: COLLECTION_PARTS_VERSION,
      key,
      roster,
      parts: parts.length,
      count: responses.length,
      saveId,
      updatedAt: now,
    };
    const meta: CollectionMeta = {
      storeVersion: COLLECTION_STORE_VERSION,
      key,
      count: responses.length,
      updatedAt: now,
    };
    if (cellName) head.cellName = meta.cellName = cellName;
    if (decisions && hasDecisions(decisions)) head.decisions = decisions;
    // The head last: until it is written, the previous head (and its parts) is what loads.
    await store.set(DATA + id, head);
    await store.set(META + id, meta);
    written.set(id, { saveId, parts });
    // Parts past the end (a checkpoint or a save cut short, another part size): never read, removed.
    for (const k of await store.keys(`${PART}${id}#`))
      if (!(Number(k.slice(k.lastIndexOf('#') + 1)) < parts.length)) await store.remove(k);
  }

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
    load(key) {
      return serially(async () => {
        const id = collectionStoreId(key);
        const raw = await store.get(DATA + id);
        written.set(id, { saveId: raw === undefined || raw === null ? '' : UNKNOWN, parts: [] });
        const loaded = (head: StoredHead | StoredCollection, responses: unknown[]): LoadedCollection | undefined => {
          if (collectionStoreId(head.key) !== id) return undefined;
          const out: LoadedCollection = { key: head.key, roster: head.roster, responses, updatedAt: head.updatedAt };
          if (head.cellName !== undefined) out.cellName = head.cellName;
          if ('decisions' in head && head.decisions) out.decisions = head.decisions;
          return out;
        };
        const v1 = StoredCollectionSchema.safeParse(raw);
        if (v1.success) return loaded(v1.data, v1.data.responses);
        const head = StoredHeadSchema.safeParse(raw);
        if (!head.success || collectionStoreId(head.data.key) !== id) return undefined;
        const responses: unknown[] = [];
        const parts: unknown[][] = [];
        for (let index = 0; index < head.data.parts; index++) {
          const part = StoredPartSchema.safeParse(await store.get(partKey(id, index)));
          // A part missing or not this collection's: the collection is not valid (as a broken record).
          if (!part.success || part.data.collection !== id || part.data.index !== index) return undefined;
          for (const r of part.data.responses) responses.push(r);
          parts.push(digestsOf(part.data.responses));
        }
        written.set(id, { saveId: head.data.saveId, parts });
        return loaded(head.data, responses);
      });
    },
    save(record, now) {
      return serially(() => save(record, now));
    },
    checkpoint(record) {
      return serially(async () => {
        const id = collectionStoreId(record.key);
        const known = written.get(id) ?? { saveId: UNKNOWN, parts: [] };
        written.set(id, known);
        const upTo = Math.floor(record.responses.length / partSize) * partSize;
        await writeParts(id, record.responses, upTo, known);
      });
    },
    remove(key) {
      return serially(async () => {
        const id = collectionStoreId(key);
        written.delete(id);
        await store.remove(DATA + id);
        await store.remove(META + id);
        for (const k of await store.keys(`${PART}${id}#`)) await store.remove(k);
      });
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

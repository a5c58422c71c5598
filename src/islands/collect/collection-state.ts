// Collection state: the device's store of collections, the one open collection (cell + instrument
// version + period), its roster fields, and saving. The open collection lives in a ref (imports
// change it in place, between renders); `bump` redraws.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InstrumentCatalog } from '../../core/index.ts';
import {
  collectionStoreId,
  openCollections,
  type CollectionMeta,
  type CollectionRecord,
  type CollectionStore,
} from '../../storage/collections.ts';
import type { StorageProblem } from '../../storage/store.ts';
import { hasDecisions, type CollectionKey, type Decisions, type Roster } from '../../core/backup.ts';
import {
  addResponse,
  collectionId,
  createCollection,
  isSameKey,
  normalizeKey,
  type Collection,
} from '../../core/cell-collection.ts';
import { readStored } from '../../core/import.ts';
import type { Tr } from '../../i18n/translator.ts';

/** Stored responses read again per slice when a collection opens. */
const RESTORE_SLICE = 200;

/** What the store keeps of a collection. */
export function recordOf(c: Collection): CollectionRecord {
  return {
    key: c.key,
    cellName: c.cellName,
    roster: c.roster,
    decisions: c.decisions,
    // Every sheet kept, those set aside and those in a conflict too: the secretary may change her mind.
    responses: c.responses.all().map((r) => r.bundle),
  };
}

/** Extra facts a backup or the open form brings to a collection. */
export interface CollectionExtra {
  roster?: Roster;
  cellName?: string;
  decisions?: Decisions;
}

export type CollectionState = ReturnType<typeof useCollectionState>;

export function useCollectionState({ catalog, tr }: { catalog: InstrumentCatalog; tr: Tr }) {
  const [store, setStore] = useState<CollectionStore | undefined>();
  const [problem, setProblem] = useState<StorageProblem | undefined>();
  const [metas, setMetas] = useState<CollectionMeta[]>([]);
  const col = useRef<Collection | undefined>(undefined);
  const [rev, setRev] = useState(0);
  const bump = (): void => setRev((r) => r + 1);
  const [saved, setSaved] = useState<'yes' | 'no' | 'saving'>('yes');
  // While answers are only in memory (not saved yet, or storage refused them), leaving the page
  // asks first: the browser's own prompt, beside the page's "not saved: download a backup".
  useEffect(() => {
    if (saved === 'yes') return;
    const ask = (e: BeforeUnloadEvent): void => e.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [saved]);
  const [rosterText, setRosterText] = useState('');
  const [rosterCount, setRosterCount] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Imports run queued, after renders: they store through this ref.
  const storeRef = useRef<CollectionStore | undefined>(undefined);
  /** Resolves once storage is open (IndexedDB, or memory when refused); imports wait for it. */
  const storeReady = useRef<{ promise: Promise<CollectionStore>; resolve: (s: CollectionStore) => void } | undefined>(
    undefined,
  );
  if (!storeReady.current) {
    let resolve: (s: CollectionStore) => void = () => undefined;
    const promise = new Promise<CollectionStore>((r) => (resolve = r));
    storeReady.current = { promise, resolve };
  }
  /** The open collection changed since it was last saved. */
  const dirty = useRef(false);
  /** Keys of the open collection stored under another spelling of its cell code, removed at the next save. */
  const absorbed = useRef<CollectionKey[]>([]);
  /** Collections whose stored copy could not be read: never saved over (see persist). */
  const unreadable = useRef(new Set<string>());

  /** Opens storage and the collection opened last; returns the store (the caller then marks it ready). */
  async function start(): Promise<CollectionStore> {
    const { collections, problem: p } = await openCollections();
    storeRef.current = collections;
    setStore(collections);
    setProblem(p);
    setMetas(await collections.list());
    const last = await collections.lastOpened();
    if (last) await openCollection(collections, last);
    return collections;
  }

  /** Opens (or creates) a collection; the stored one is read again through readBundle. */
  async function openCollection(s: CollectionStore, given: CollectionKey, extra?: CollectionExtra): Promise<void> {
    const key = normalizeKey(given);
    if (col.current && isSameKey(col.current.key, key)) {
      mergeExtra(col.current, extra);
      return;
    }
    if (col.current && dirty.current) await persist(s);
    // One cell is one collection: those stored under another spelling of its code (`cb-0001`,
    // before codes were normalised) are read in with it and removed once it is saved.
    const id = collectionId(key);
    let variants: CollectionKey[] = [];
    let loaded: NonNullable<Awaited<ReturnType<CollectionStore['load']>>>[] = [];
    try {
      const found = (await s.list())
        .map((m) => m.key)
        .filter((k) => collectionId(k) === id && collectionStoreId(k) !== collectionStoreId(key));
      loaded = [await s.load(key), ...(await Promise.all(found.map((k) => s.load(k))))].filter((l) => l !== undefined);
      variants = found;
    } catch {
      // Storage failed to read: the collection opens in memory and is never saved over the
      // stored copy (the page says "not saved: download a backup"); the import goes on.
      unreadable.current.add(id);
      setSaved('no');
    }
    const roster = loaded.find((l) => l.roster.names.length > 0 || l.roster.count)?.roster ?? { names: [] };
    const c = createCollection(
      key,
      roster,
      loaded.find((l) => l.cellName)?.cellName,
      loaded.find((l) => l.decisions)?.decisions ?? {},
    );
    // Large collections are read again in slices, letting the page paint in between.
    const source = tr('collect.source.stored.label');
    for (const stored of loaded)
      for (let i = 0; i < stored.responses.length; i += RESTORE_SLICE) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
        for (const o of readStored(stored.responses.slice(i, i + RESTORE_SLICE), catalog, source))
          if (o.kind === 'response')
            addResponse(c, { bundle: o.bundle, score: o.score, warnings: o.warnings, source: o.source });
      }
    absorbed.current = variants;
    if (variants.length > 0) dirty.current = true;
    mergeExtra(c, extra);
    col.current = c;
    setRosterText(c.roster.names.join('\n'));
    setRosterCount(c.roster.count ? String(c.roster.count) : '');
    setConfirmDelete(false);
    try {
      await s.setLastOpened(key);
    } catch {
      // Which collection opens next time is a convenience: a full storage must not stop an import.
    }
    bump();
    if (variants.length > 0) await persist(s);
  }

  function mergeExtra(c: Collection, extra?: CollectionExtra): void {
    if (!extra) return;
    dirty.current = true;
    if (extra.cellName && !c.cellName) c.cellName = extra.cellName;
    const r = extra.roster;
    if (r && c.roster.names.length === 0 && r.names.length > 0) c.roster = { ...c.roster, names: r.names };
    if (r?.count && !c.roster.count) c.roster = { ...c.roster, count: r.count };
    if (extra.decisions && !hasDecisions(c.decisions)) c.decisions = extra.decisions;
    setRosterText(c.roster.names.join('\n'));
    setRosterCount(c.roster.count ? String(c.roster.count) : '');
  }

  /**
   * Saves the open collection; false when it could not be (storage refused the write, or the stored
   * copy could not be read, so writing would replace answers this page never loaded). The answers
   * stay in memory and the page says "not saved: download a backup".
   */
  async function persist(s: CollectionStore | undefined = storeRef.current): Promise<boolean> {
    const c = col.current;
    if (!s || !c) return true;
    if (unreadable.current.has(collectionId(c.key))) {
      setSaved('no');
      return false;
    }
    setSaved('saving');
    dirty.current = false;
    try {
      await s.save(recordOf(c), Date.now());
    } catch {
      dirty.current = true;
      setSaved('no');
      return false;
    }
    setSaved('yes');
    try {
      // Spellings of this collection's cell code read in at opening are now saved under it.
      for (const k of absorbed.current.splice(0)) await s.remove(k);
      setMetas(await s.list());
    } catch {
      // The collection itself is saved; the old spellings and the list wait for the next save.
    }
    return true;
  }

  async function closeCollection(): Promise<void> {
    col.current = undefined;
    await store?.setLastOpened(undefined);
    bump();
  }

  async function deleteCollection(): Promise<void> {
    const c = col.current;
    if (!c || !store) return;
    await store.remove(c.key);
    setMetas(await store.list());
    await closeCollection();
  }

  /** Records a decision on the open collection (settling a conflict, a decided level) and saves it. */
  async function decide(change: (d: Decisions) => Decisions): Promise<void> {
    const c = col.current;
    if (!c) return;
    c.decisions = change(c.decisions);
    dirty.current = true;
    bump();
    await persist();
  }

  return {
    store,
    storeRef,
    decide,
    storeReady,
    problem,
    metas,
    col,
    rev,
    bump,
    saved,
    dirty,
    rosterText,
    setRosterText,
    rosterCount,
    setRosterCount,
    confirmDelete,
    setConfirmDelete,
    start,
    openCollection,
    persist,
    closeCollection,
    deleteCollection,
  };
}

// Drafts on the device: one per instrument + cell + period (core `draftKey`), kept in the
// `drafts` store (IndexedDB straight, idb-store.ts, in localforage's layout; memory when the
// browser refuses). Everything read back is checked
// as core `readDraft` does (draft-lite.ts, which loads core's schema only for what its plain check
// does not accept): stored data is untrusted input.
import type { Draft } from '../core/draft.ts';
import {
  CONTEXT_PREFIX,
  DRAFT_PREFIX,
  draftKey,
  readLastContext,
  readStoredDraft,
  type LastContext,
} from './draft-lite.ts';
import { openIdbStore } from './idb-store.ts';
import type { KeyValueStore, StorageProblem } from './store.ts';

export { DRAFT_PREFIX, type LastContext } from './draft-lite.ts';

/** A draft with the key it is stored under. */
export interface StoredDraft {
  key: string;
  draft: Draft;
}

/** The drafts of this device. */
export interface DraftStore {
  /** `indexeddb` survives reloads; `memory` lasts as long as the page. */
  readonly kind: KeyValueStore['kind'];
  /** Why the store fell back to memory, when it did. */
  readonly problem: StorageProblem | undefined;
  /** The draft under a key, or undefined when there is none or it is not a usable draft. */
  load(key: string): Promise<Draft | undefined>;
  /** Stores a draft under its own key (instrument, cell, period). Returns the key. */
  save(draft: Draft): Promise<string>;
  /**
   * Stores a draft with a write issued and committed now, for a page being hidden or closed;
   * false when that cannot be done at once (then `save`).
   */
  saveNow(draft: Draft): boolean;
  /** Removes one draft; others are untouched. */
  remove(key: string): Promise<void>;
  /** Every usable draft, most recently changed first. Unreadable entries are skipped. */
  list(): Promise<StoredDraft[]>;
  /** The context last used with an instrument. */
  loadContext(instrumentId: string): Promise<LastContext | undefined>;
  /** Remembers the context last used with an instrument. */
  saveContext(instrumentId: string, context: LastContext): Promise<void>;
}

/** The key a draft is stored under. */
export function keyOfDraft(draft: Pick<Draft, 'instrument' | 'cell' | 'period'>): string {
  return draftKey(draft.instrument.id, draft.cell, draft.period);
}

/** Draft storage over any key-value store (IndexedDB in the app, memory in tests). */
export function createDraftStore(store: KeyValueStore, problem?: StorageProblem): DraftStore {
  const load = async (key: string): Promise<Draft | undefined> => readStoredDraft(await store.get(key));
  return {
    kind: store.kind,
    problem,
    load,
    async save(draft) {
      const key = keyOfDraft(draft);
      await store.set(key, draft);
      return key;
    },
    saveNow: (draft) => store.setNow?.(keyOfDraft(draft), draft) ?? false,
    remove: (key) => store.remove(key),
    async list() {
      const keys = await store.keys(DRAFT_PREFIX);
      const found = await Promise.all(keys.map(async (key) => ({ key, draft: await load(key) })));
      return found
        .filter((f): f is StoredDraft => f.draft !== undefined)
        .sort((a, b) => b.draft.updatedAt - a.draft.updatedAt);
    },
    loadContext: async (instrumentId) => readLastContext(await store.get(CONTEXT_PREFIX + instrumentId)),
    saveContext: (instrumentId, context) =>
      store.set(CONTEXT_PREFIX + instrumentId, {
        cell: context.cell,
        period: context.period,
        ...(context.name ? { name: context.name } : {}),
        ...(context.post ? { post: context.post } : {}),
      }),
  };
}

/** Opens the device's drafts (IndexedDB store `drafts`, memory when refused, with the reason). */
export async function openDrafts(): Promise<DraftStore> {
  const { store, problem } = await openIdbStore('drafts');
  return createDraftStore(store, problem);
}

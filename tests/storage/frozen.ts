// Frozen stores (tests/fixtures/stored/<layout>, made once, never regenerated) loaded into a store
// in memory, as the app's storage modules see them; and the catalog of the real instruments the
// files inside them are read with.
import { readFileSync } from 'node:fs';
import { createCatalog } from '../../src/core/index.ts';
import { createMemoryStore, type KeyValueStore } from '../../src/storage/store.ts';
import { allInstrumentVersions } from '../builders.ts';

/** The real instruments, as the app's readers find them. */
export const catalog = createCatalog(allInstrumentVersions());

/** A frozen store of one layout (`v1`, `v2`), e.g. `frozenStore('v1', 'drafts-store.json')`. */
export async function frozenStore(layout: 'v1' | 'v2', file: string): Promise<KeyValueStore> {
  const store = createMemoryStore();
  const url = new URL(`../fixtures/stored/${layout}/${file}`, import.meta.url);
  const entries = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  for (const [k, v] of Object.entries(entries)) await store.set(k, v);
  return store;
}

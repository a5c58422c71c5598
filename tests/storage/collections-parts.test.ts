// Collections stored in parts (src/storage/collections.ts, layout 2): a save writes only the parts
// whose responses changed, a checkpoint writes full parts ahead without touching what loads, a
// collection of the first layout still opens and is rewritten in parts on its next save, and what
// is read back stays untrusted (a part missing, misplaced or of another shape: not loaded).
import { describe, expect, it } from 'vitest';
import { writeResponseBundle, type ResponseBundle } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import type { CollectionKey } from '../../src/core/backup.ts';
import {
  COLLECTION_STORE_VERSION,
  createCollectionStore,
  type CollectionRecord,
  type StoredCollection,
} from '../../src/storage/collections.ts';
import { createMemoryStore, type KeyValueStore } from '../../src/storage/store.ts';
import { realInstruments } from '../builders.ts';

const survey = realInstruments().find((i) => i.kind === 'meeting-survey')!;
const key: CollectionKey = {
  cell: 'CB-0001',
  instrumentId: survey.id,
  instrumentVersion: survey.version,
  period: '2026-Q4',
};
const id = `${survey.id}@${survey.version}|2026-Q4|CB-0001`;
const sends: ResponseBundle[] = [
  ...generateResponses(survey, { count: 9, seed: 'parts', cells: 1, period: '2026-Q4' }),
].map((r) =>
  writeResponseBundle({ instrument: survey, response: { ...r, cell: 'CB-0001' }, app: 't', createdAt: '2026-12-01' }),
);
/** A newer send of the i-th response. */
const newer = (i: number): ResponseBundle => {
  const r = sends[i]!.payload.response;
  return writeResponseBundle({
    instrument: survey,
    response: { ...r, revision: r.revision + 1 },
    app: 't',
    createdAt: '2026-12-02',
  });
};
const record = (responses: unknown[]): CollectionRecord => ({
  key,
  cellName: 'Chi bộ 1',
  roster: { names: [], count: 9 },
  responses,
});

/** A memory store that records the keys written and removed. */
function spied(): { raw: KeyValueStore; store: KeyValueStore; sets: string[]; removes: string[] } {
  const raw = createMemoryStore();
  const sets: string[] = [];
  const removes: string[] = [];
  const store: KeyValueStore = {
    ...raw,
    set: async (k, v) => (sets.push(k), raw.set(k, v)),
    remove: async (k) => (removes.push(k), raw.remove(k)),
  };
  return { raw, store, sets, removes };
}
const part = (i: number): string => `part:${id}#${i}`;
const head = `collection:${id}`;

describe('collections stored in parts', () => {
  it('saves in parts, head last, and loads exactly what was saved', async () => {
    const { raw, store, sets } = spied();
    const collections = createCollectionStore(store, { partSize: 4 });
    await collections.save(record(sends), 10);
    expect(sets).toEqual([part(0), part(1), part(2), head, `meta:${id}`]);
    expect(await raw.get(head)).toMatchObject({ storeVersion: 2, parts: 3, count: 9, cellName: 'Chi bộ 1' });
    expect(await raw.get(part(2))).toEqual({ storeVersion: 2, collection: id, index: 2, responses: [sends[8]] });
    const back = await createCollectionStore(raw, { partSize: 4 }).load(key);
    expect(back).toEqual({
      key,
      cellName: 'Chi bộ 1',
      roster: { names: [], count: 9 },
      responses: sends,
      updatedAt: 10,
    });
    expect(await collections.list()).toEqual([
      { storeVersion: COLLECTION_STORE_VERSION, key, cellName: 'Chi bộ 1', count: 9, updatedAt: 10 },
    ]);
  });

  it('rewrites only the parts whose responses changed', async () => {
    const { raw, store, sets } = spied();
    const collections = createCollectionStore(store, { partSize: 4 });
    await collections.save(record(sends.slice(0, 6)), 1);
    sets.length = 0;
    // The sixth replaced by a newer send (part 1), and three more (parts 1 and 2).
    const next = [...sends.slice(0, 5), newer(5), ...sends.slice(6)];
    await collections.save(record(next), 2);
    expect(sets).toEqual([part(1), part(2), head, `meta:${id}`]);
    sets.length = 0;
    await collections.save(record(next), 3);
    expect(sets).toEqual([head, `meta:${id}`]);
    // The same after a reload: what was read is what is compared.
    const reloaded = createCollectionStore(store, { partSize: 4 });
    expect((await reloaded.load(key))?.responses).toEqual(next);
    sets.length = 0;
    await reloaded.save(record([newer(0), ...next.slice(1)]), 4);
    expect(sets).toEqual([part(0), head, `meta:${id}`]);
    expect((await createCollectionStore(raw).load(key))?.responses).toEqual([newer(0), ...next.slice(1)]);
  });

  it('writes every part again when another tab saved since', async () => {
    const { store, sets } = spied();
    const here = createCollectionStore(store, { partSize: 4 });
    const there = createCollectionStore(store, { partSize: 4 });
    await here.save(record(sends), 1);
    await there.load(key);
    await there.save(record([newer(0), ...sends.slice(1)]), 2);
    sets.length = 0;
    await here.save(record(sends), 3);
    expect(sets).toEqual([part(0), part(1), part(2), head, `meta:${id}`]);
    expect((await there.load(key))?.responses).toEqual(sends);
  });

  it('checkpoints write full parts ahead, leave what loads alone, and spare the save', async () => {
    const { raw, store, sets } = spied();
    const collections = createCollectionStore(store, { partSize: 4 });
    await collections.load(key); // nothing stored yet
    await collections.checkpoint(record(sends.slice(0, 3)));
    expect(sets).toEqual([]);
    await collections.checkpoint(record(sends.slice(0, 7)));
    expect(sets).toEqual([part(0)]);
    // Until saved, nothing loads (a page closed now leaves no collection, as before).
    expect(await createCollectionStore(raw).load(key)).toBeUndefined();
    expect(await collections.list()).toEqual([]);
    sets.length = 0;
    await collections.save(record(sends), 5);
    expect(sets).toEqual([part(1), part(2), head, `meta:${id}`]);
    expect((await createCollectionStore(raw).load(key))?.responses).toEqual(sends);
  });

  it('a checkpoint over a saved collection: what loads holds every response saved (or a newer send)', async () => {
    const { raw, store } = spied();
    const collections = createCollectionStore(store, { partSize: 4 });
    await collections.save(record(sends.slice(0, 5)), 1);
    const next = [newer(0), ...sends.slice(1)];
    await collections.checkpoint(record(next));
    // Closed before the save: the head still names 2 parts, which now hold the newer send of the
    // first response and, the second part filled, three responses more: nothing saved is lost.
    const back = await createCollectionStore(raw, { partSize: 4 }).load(key);
    expect(back?.responses).toEqual([newer(0), ...sends.slice(1, 8)]);
    expect(await raw.get(head)).toMatchObject({ parts: 2, count: 5 });
    // The save then removes the part written ahead past its end, had it fewer parts.
    await collections.save(record(sends.slice(0, 2)), 2);
    expect((await raw.keys('part:')).sort()).toEqual([part(0)]);
  });

  it('opens a collection of the first layout and rewrites it in parts on its next save', async () => {
    const { raw, store } = spied();
    const v1: StoredCollection = {
      storeVersion: 1,
      key,
      cellName: 'Chi bộ 1',
      roster: { names: [], count: 9 },
      responses: sends,
      updatedAt: 7,
    };
    await raw.set(head, v1);
    const collections = createCollectionStore(store, { partSize: 4 });
    const loaded = await collections.load(key);
    expect(loaded).toEqual({
      key,
      cellName: 'Chi bộ 1',
      roster: { names: [], count: 9 },
      responses: sends,
      updatedAt: 7,
    });
    await collections.save(record(loaded!.responses), 8);
    expect(await raw.get(head)).toMatchObject({ storeVersion: 2, parts: 3, count: 9 });
    expect((await createCollectionStore(raw).load(key))?.responses).toEqual(sends);
  });

  it('removes a collection with its parts', async () => {
    const { raw, store } = spied();
    const collections = createCollectionStore(store, { partSize: 4 });
    await collections.save(record(sends), 1);
    await collections.checkpoint(record([...sends, ...sends.slice(0, 4).map((_, i) => newer(i))]));
    await collections.remove(key);
    expect(await raw.keys()).toEqual([]);
  });

  it('treats parts as untrusted: missing, misplaced, of another collection or shape: not loaded', async () => {
    const { raw, store } = spied();
    await createCollectionStore(store, { partSize: 4 }).save(record(sends), 1);
    const good = await raw.get(part(1));
    const cases: [string, unknown][] = [
      [part(1), undefined],
      [part(1), { ...(good as object), index: 2 }],
      [part(1), { ...(good as object), collection: `${id}x` }],
      [part(1), { ...(good as object), responses: 'nope' }],
      [part(1), { ...(good as object), extra: 1 }],
      [part(1), { ...(good as object), storeVersion: 3 }],
      [head, { ...((await raw.get(head)) as object), parts: 1e9 }],
      [head, { ...((await raw.get(head)) as object), parts: 4 }],
      [head, { ...((await raw.get(head)) as object), key: { ...key, cell: 'CB-0002' } }],
      [head, { ...((await raw.get(head)) as object), responses: [] }],
    ];
    for (const [k, bad] of cases) {
      const before = await raw.get(k);
      if (bad === undefined) await raw.remove(k);
      else await raw.set(k, bad);
      expect(await createCollectionStore(raw).load(key)).toBeUndefined();
      await raw.set(k, before);
      expect((await createCollectionStore(raw).load(key))?.responses).toEqual(sends);
    }
  });
});

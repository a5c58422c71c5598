// What the site keeps in IndexedDB since collections are stored in parts (layout 2) still opens: a
// frozen store (tests/fixtures/stored/v2, made once by make-v2.ts, never regenerated) is loaded
// through the same storage module and core readers the app uses, and gives the values it was
// frozen with. (tests/storage/stored-v1.test.ts does the same for the first layout.)
import { describe, expect, it } from 'vitest';
import { readStored } from '../../src/core/index.ts';
import { createCollectionStore } from '../../src/storage/collections.ts';
import type { KeyValueStore } from '../../src/storage/store.ts';
import { catalog, frozenStore } from './frozen.ts';

describe('a collection stored in parts (layout 2)', () => {
  it('opens, its parts in order, and its files read again and score as when they were frozen', async () => {
    const collections = createCollectionStore(await frozenStore('v2', 'collections-store.json'));
    const key = await collections.lastOpened();
    expect(key).toEqual({
      cell: 'CB-08',
      instrumentId: 'khao-sat-sinh-hoat',
      instrumentVersion: '2025.1',
      period: '2026-Q4',
    });
    expect(await collections.list()).toEqual([
      { storeVersion: 1, key, cellName: 'Chi bộ 8', count: 5, updatedAt: 1_781_000_100_000 },
    ]);
    const record = await collections.load(key!);
    expect(record?.roster).toEqual({ names: [], count: 6 });
    expect(record?.cellName).toBe('Chi bộ 8');
    expect(record?.updatedAt).toBe(1_781_000_100_000);
    const outcomes = readStored(record!.responses, catalog, 'stored');
    expect(outcomes.map((o) => (o.kind === 'response' ? o.bundle.payload.response.id : o.kind))).toEqual([
      'frozen-parts-0000',
      'frozen-parts-0001',
      'frozen-parts-0002',
      'frozen-parts-0003',
      'frozen-parts-0004',
    ]);
    expect(outcomes.map((o) => (o.kind === 'response' ? o.bundle.payload.response.revision : 0))).toEqual([
      2, 1, 1, 1, 1,
    ]);
    expect(outcomes.map((o) => (o.kind === 'response' ? o.score.scaled : NaN))).toEqual(FROZEN_TOTALS);
  });

  it('saves again in this layout: nothing rewritten when nothing changed; parts of another size replaced', async () => {
    const raw = await frozenStore('v2', 'collections-store.json');
    const key = (await createCollectionStore(raw).lastOpened())!;
    const record = (await createCollectionStore(raw).load(key))!;
    const parts = (await raw.keys('part:')).sort();
    expect(parts).toHaveLength(3);
    const written: string[] = [];
    const spy: KeyValueStore = { ...raw, set: async (k, v) => (written.push(k), raw.set(k, v)) };
    const same = { key, cellName: record.cellName, roster: record.roster, responses: record.responses };

    const sameSize = createCollectionStore(spy, { partSize: 2 });
    await sameSize.load(key);
    await sameSize.save(same, 1_781_000_200_000);
    expect(written.filter((k) => k.startsWith('part:'))).toEqual([]);
    expect((await raw.keys('part:')).sort()).toEqual(parts);

    // The site's own part size: one part now, the two left over removed.
    written.length = 0;
    const site = createCollectionStore(spy);
    await site.load(key);
    await site.save(same, 1_781_000_300_000);
    expect(written.filter((k) => k.startsWith('part:'))).toEqual([parts[0]]);
    expect(await raw.keys('part:')).toEqual([parts[0]]);
    expect((await createCollectionStore(raw).load(key))?.responses).toEqual(record.responses);
  });
});

/** The scaled totals the five frozen responses scored when frozen (2026-11-29). */
const FROZEN_TOTALS = [45.5, 71.75, 45.5, 10, 100];

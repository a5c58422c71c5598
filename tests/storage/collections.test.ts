import { describe, expect, it } from 'vitest';
import { createCatalog, serializeBundle, writeResponseBundle, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { writeCollectionBackup, type CollectionKey } from '../../src/core/backup.ts';
import { addResponse, checkRoster, createCollection, parseRosterText } from '../../src/core/cell-collection.ts';
import { readInput, readStored } from '../../src/core/import.ts';
import { createCollectionStore, type StoredCollection } from '../../src/storage/collections.ts';
import { createMemoryStore } from '../../src/storage/store.ts';
import { realInstruments } from '../builders.ts';

const instruments = realInstruments();
const named = instruments.find((i) => i.anonymity === 'named' && i.kind === 'self-assessment')!;
const catalog = createCatalog(instruments);
const key: CollectionKey = {
  cell: 'CB-0001',
  instrumentId: named.id,
  instrumentVersion: named.version,
  period: '2026-Q4',
};
const members: Response[] = [...generateResponses(named, { count: 5, seed: 'store', cells: 1, period: '2026-Q4' })];
const bundles = members.map((r) =>
  writeResponseBundle({ instrument: named, response: r, app: 'test', createdAt: '2026-12-01T08:00:00+07:00' }),
);

describe('the collection store', () => {
  it('saves a collection and reads it back, with a summary line in the list', async () => {
    const store = createCollectionStore(createMemoryStore());
    await store.save({ key, cellName: 'Chi bộ 1', roster: { names: ['A', 'B'] }, responses: bundles }, 1000);
    const back = await store.load(key);
    expect(back?.responses).toHaveLength(5);
    expect(back?.roster.names).toEqual(['A', 'B']);
    expect(await store.list()).toEqual([{ storeVersion: 1, key, cellName: 'Chi bộ 1', count: 5, updatedAt: 1000 }]);
  });

  it('lists the newest first and forgets a removed collection', async () => {
    const store = createCollectionStore(createMemoryStore());
    const other = { ...key, period: '2026-Q3' };
    await store.save({ key: other, roster: { names: [] }, responses: [] }, 1);
    await store.save({ key, roster: { names: [] }, responses: [] }, 2);
    expect((await store.list()).map((m) => m.key.period)).toEqual(['2026-Q4', '2026-Q3']);
    await store.remove(key);
    expect(await store.load(key)).toBeUndefined();
    expect((await store.list()).map((m) => m.key.period)).toEqual(['2026-Q3']);
  });

  it('treats stored data as untrusted: a record that fails the schema is not loaded', async () => {
    const raw = createMemoryStore();
    const store = createCollectionStore(raw);
    await store.save({ key, roster: { names: [] }, responses: [] }, 1);
    const id = (await raw.keys('collection:'))[0]!;
    const bad = { ...((await raw.get(id)) as StoredCollection), roster: { names: [42] } };
    await raw.set(id, bad);
    expect(await store.load(key)).toBeUndefined();
    await raw.set(id, { ...bad, roster: { names: [] }, key: { ...key, cell: 'CB-9999' } });
    expect(await store.load(key)).toBeUndefined();
  });

  it('remembers the last collection opened, and forgets it', async () => {
    const store = createCollectionStore(createMemoryStore());
    expect(await store.lastOpened()).toBeUndefined();
    await store.setLastOpened(key);
    expect(await store.lastOpened()).toEqual(key);
    await store.setLastOpened(undefined);
    expect(await store.lastOpened()).toBeUndefined();
  });

  it('keeps the upper level’s reports per instrument and period', async () => {
    const store = createCollectionStore(createMemoryStore());
    const merge = {
      instrumentId: named.id,
      instrumentVersion: named.version,
      period: '2026-Q4',
      scopeCode: 'DU-1',
      scopeName: 'Đảng ủy',
      reports: [{ x: 1 }],
    };
    await store.saveMerge(merge, 5);
    await store.saveMerge({ ...merge, period: '2026-Q3' }, 4);
    expect((await store.lastMerge())?.period).toBe('2026-Q4');
    expect((await store.listMerges()).map((m) => m.period)).toEqual(['2026-Q4', '2026-Q3']);
    await store.removeMerge(named.id, named.version, '2026-Q4');
    expect(await store.loadMerge(named.id, named.version, '2026-Q4')).toBeUndefined();
  });
});

describe('the restore path', () => {
  it('reads stored files again through readBundle and rebuilds the same collection', async () => {
    const store = createCollectionStore(createMemoryStore());
    await store.save({ key, roster: { names: [] }, responses: bundles }, 1);
    const back = await store.load(key);
    const c = createCollection(key);
    for (const o of readStored(back!.responses, catalog, 'stored'))
      if (o.kind === 'response') addResponse(c, { ...o, source: o.source });
    expect(c.responses.size).toBe(5);
  });

  it('drops a stored file that was tampered with, and keeps the others', () => {
    const edited = { ...bundles[0]!, cell: 'CB-0002' };
    const outcomes = readStored([edited, ...bundles.slice(1)], catalog, 'stored');
    expect(outcomes.map((o) => o.kind)).toEqual(['error', 'response', 'response', 'response', 'response']);
  });

  it('restores a backup file: its header, then each response read again', () => {
    const backup = writeCollectionBackup({
      key,
      cellName: '<b>x</b>',
      roster: { names: ['A'] },
      responses: bundles,
      app: 't',
      createdAt: '2026-12-01T00:00:00Z',
    });
    const bytes = new TextEncoder().encode(JSON.stringify(backup));
    const outcomes = readInput({ name: 'sao-luu.json', bytes }, catalog);
    expect(outcomes[0]).toMatchObject({ kind: 'backup', count: 5, cellName: '<b>x</b>', key });
    expect(outcomes.slice(1).every((o) => o.kind === 'response')).toBe(true);
  });

  it('refuses a backup from a newer version in plain words', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ format: 'phieu-chi-bo-collection', formatVersion: 9 }));
    const [o] = readInput({ name: 'b.json', bytes }, catalog);
    expect(o).toMatchObject({ kind: 'error', code: 'backup-invalid' });
    expect(o?.kind === 'error' && o.message.vi).toMatch(/phiên bản mới hơn/);
  });

  it('reads a text file of pasted codes like pasted text', () => {
    const text = serializeBundle(bundles[0]!);
    const [o] = readInput({ name: 'a.json', bytes: new TextEncoder().encode(text) }, catalog);
    expect(o?.kind).toBe('response');
  });
});

describe('roster and CSV helpers', () => {
  it('matches names ignoring case and spaces, then diacritics when unambiguous', () => {
    const roster = parseRosterText('1. Nguyễn Văn An\n- Trần Thị Bình\n\nLê Đức Cường\n');
    expect(roster).toEqual(['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Đức Cường']);
    const r = checkRoster(roster, ['  NGUYỄN  văn an', 'Le Duc Cuong', 'Người Lạ', 'nguyễn văn an']);
    expect(r.answered).toEqual(['Nguyễn Văn An', 'Lê Đức Cường']);
    expect(r.missing).toEqual(['Trần Thị Bình']);
    expect(r.unknown).toEqual(['Người Lạ']);
    expect(r.repeated).toEqual(['nguyễn văn an']);
  });
});

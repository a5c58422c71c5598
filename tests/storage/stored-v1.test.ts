// What version 1 of the site left in IndexedDB still opens: frozen stores (tests/fixtures/stored/v1,
// made once by make-v1.ts, never regenerated) are loaded through the same storage modules and
// core readers the app uses, and give the values they were frozen with.
import { describe, expect, it } from 'vitest';
import { readStored, scoreResponse } from '../../src/core/index.ts';
import { createCollectionStore } from '../../src/storage/collections.ts';
import { createDraftStore } from '../../src/storage/drafts.ts';
import { catalog, frozenStore } from './frozen.ts';

describe('drafts stored by version 1', () => {
  it('list and load with their answers, revision and sent state', async () => {
    const drafts = createDraftStore(await frozenStore('v1', 'drafts-store.json'));
    const listed = await drafts.list();
    expect(listed.map((d) => d.draft.responseId).sort()).toEqual(['frozen-draft-0001', 'frozen-draft-0002']);
    const sent = await drafts.load('draft|tu-danh-gia-dang-vien|CB-07|2026-Q3');
    expect(sent).toMatchObject({
      revision: 2,
      changedSinceSent: true,
      sentAt: 1_780_000_200_000,
      respondent: { name: 'Lê Thị Hoa', post: 'Đảng viên' },
      answers: { 'tasks-assigned': 10, 'tasks-on-time': 10, 'tasks-late': 0, 'tasks-exceeded': 2 },
    });
    expect(await drafts.loadContext('tu-danh-gia-dang-vien')).toEqual({ cell: 'CB-07', period: '2026-Q3' });
  });
});

describe('a collection stored by version 1', () => {
  it('opens, and its files read again and score as when they were frozen', async () => {
    const collections = createCollectionStore(await frozenStore('v1', 'collections-store.json'));
    const key = await collections.lastOpened();
    expect(key).toEqual({
      cell: 'CB-07',
      instrumentId: 'khao-sat-sinh-hoat',
      instrumentVersion: '2025.1',
      period: '2026-Q3',
    });
    const record = await collections.load(key!);
    expect(record?.roster).toEqual({ names: [], count: 5 });
    expect(record?.cellName).toBe('Chi bộ 7');
    const outcomes = readStored(record!.responses, catalog, 'stored');
    expect(outcomes.map((o) => o.kind)).toEqual(['response', 'response', 'response']);
    const totals = outcomes.map((o) =>
      o.kind === 'response'
        ? scoreResponse(catalog.versions(o.bundle.instrument.id)[0]!, o.bundle.payload.response.answers).scaled
        : NaN,
    );
    expect(totals).toEqual(FROZEN_TOTALS);
  });
});

/** The totals the three frozen responses scored when frozen (2026-11-22). */
const FROZEN_TOTALS = [100, 71.75, 43.5];

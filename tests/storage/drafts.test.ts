import { describe, expect, it } from 'vitest';
import { draftKey, type Draft } from '../../src/core/draft.ts';
import { readDraft } from '../../src/core/draft-schema.ts';
import {
  anotherMember,
  changeDraft,
  createDraft,
  createResponseId,
  markDraftSent,
  STALE_AFTER_MS,
  hasUnsentChanges,
  isStaleDraft,
} from '../../src/core/draft.ts';
import { createDraftStore, keyOfDraft } from '../../src/storage/drafts.ts';
import { createMemoryStore } from '../../src/storage/store.ts';

const survey = { id: 'khao-sat-sinh-hoat', version: '2025.1', anonymity: 'anonymous' as const };
const selfAssessment = { id: 'tu-danh-gia-dang-vien', version: '2025.1', anonymity: 'named' as const };
const T0 = Date.UTC(2026, 10, 20, 8);

function draft(over: Partial<Draft> = {}, period = '2026-Q4', cell = 'CB-05'): Draft {
  return { ...createDraft(survey, { cell, period }, 'resp-0000001', T0), ...over };
}

function seq(): (n: number) => Uint8Array {
  let i = 0;
  return (n) => Uint8Array.from({ length: n }, () => i++);
}

describe('draft store over a memory store', () => {
  it('saves a draft under its instrument, cell and period and reads it back through the core schema', async () => {
    const store = createDraftStore(createMemoryStore());
    const d = draft({ answers: { duration: 'tat-ca', 'thematic-held': true } });
    const key = await store.save(d);
    expect(key).toBe(draftKey('khao-sat-sinh-hoat', 'CB-05', '2026-Q4'));
    expect(await store.load(key)).toEqual(d);
  });

  it('writes a draft at once for a page going away, under the key save uses', async () => {
    const store = createDraftStore(createMemoryStore());
    const d = draft({ answers: { duration: 'phan-lon' } });
    expect(store.saveNow(d)).toBe(true);
    expect(await store.load(keyOfDraft(d))).toEqual(d);
  });

  it('says when it cannot write at once, so the caller saves the usual way', () => {
    const withoutNow = createMemoryStore();
    delete withoutNow.setNow;
    expect(createDraftStore(withoutNow).saveNow(draft())).toBe(false);
  });

  it('keeps two quarters of the same cell apart', async () => {
    const store = createDraftStore(createMemoryStore());
    await store.save(draft({ answers: { duration: 'tat-ca' } }, '2026-Q3'));
    await store.save(draft({ answers: { duration: 'mot-vai' } }, '2026-Q4'));
    expect((await store.load(draftKey(survey.id, 'CB-05', '2026-Q3')))?.answers).toEqual({ duration: 'tat-ca' });
    expect((await store.load(draftKey(survey.id, 'CB-05', '2026-Q4')))?.answers).toEqual({ duration: 'mot-vai' });
    expect(await store.list()).toHaveLength(2);
  });

  it('lists drafts newest first and skips entries that are not drafts', async () => {
    const memory = createMemoryStore();
    const store = createDraftStore(memory);
    await store.save(draft({ updatedAt: T0 }, '2026-Q3'));
    await store.save(draft({ updatedAt: T0 + 1000 }, '2026-Q4'));
    await memory.set('draft|broken', { storeVersion: 1, answers: 'nope' });
    await memory.set('draft|future', { ...draft(), storeVersion: 99 });
    const list = await store.list();
    expect(list.map((d) => d.draft.period)).toEqual(['2026-Q4', '2026-Q3']);
  });

  it('removes one draft without touching the others', async () => {
    const store = createDraftStore(createMemoryStore());
    const a = await store.save(draft({}, '2026-Q3'));
    const b = await store.save(draft({}, '2026-Q4'));
    await store.remove(a);
    expect(await store.load(a)).toBeUndefined();
    expect(await store.load(b)).toBeDefined();
  });

  it('rejects a stored value with an answer that no answer can be', async () => {
    const memory = createMemoryStore();
    const store = createDraftStore(memory);
    const key = keyOfDraft(draft());
    await memory.set(key, { ...draft(), answers: { duration: { evil: true } } });
    expect(await store.load(key)).toBeUndefined();
  });

  it('remembers the context last used with an instrument', async () => {
    const store = createDraftStore(createMemoryStore());
    expect(await store.loadContext(survey.id)).toBeUndefined();
    await store.saveContext(survey.id, { cell: 'CB-05', period: '2026-Q4' });
    expect(await store.loadContext(survey.id)).toEqual({ cell: 'CB-05', period: '2026-Q4' });
  });

  it('says when it fell back to memory', () => {
    const store = createDraftStore(createMemoryStore(), 'blocked');
    expect(store.kind).toBe('memory');
    expect(store.problem).toBe('blocked');
  });
});

describe('draft rules', () => {
  it('creates a fresh draft at revision 1, never sent, readable by core', () => {
    const d = createDraft(survey, { cell: ' CB-05 ', period: '2026-Q4' }, 'resp-0000001', T0);
    expect(d).toMatchObject({ cell: 'CB-05', period: '2026-Q4', revision: 1, answers: {} });
    expect(d.sentAt).toBeUndefined();
    expect(readDraft(d)).toEqual(d);
  });

  it('keeps a name only on named instruments', () => {
    const respondent = { name: 'Nguyễn Văn A' };
    expect(
      createDraft(survey, { cell: 'A', period: '2026-Q4', respondent }, 'resp-0000001', T0).respondent,
    ).toBeUndefined();
    expect(
      createDraft(selfAssessment, { cell: 'A', period: '2026-Q4', respondent }, 'resp-0000001', T0).respondent,
    ).toEqual(respondent);
  });

  it('does not raise the revision before the first send', () => {
    const d = changeDraft(changeDraft(draft(), { answers: { duration: 'tat-ca' } }, T0 + 1), { answers: {} }, T0 + 2);
    expect(d.revision).toBe(1);
    expect(d.updatedAt).toBe(T0 + 2);
  });

  it('carries the same revision in two exports without a change in between', () => {
    const sent = markDraftSent(draft({ answers: { duration: 'tat-ca' } }), T0 + 10);
    const again = markDraftSent(sent, T0 + 20);
    expect(again.revision).toBe(1);
    expect(again.sentAt).toBe(T0 + 20);
    expect(hasUnsentChanges(again)).toBe(false);
  });

  it('raises the revision once, on the first change after a send', () => {
    const sent = markDraftSent(draft({ answers: { duration: 'tat-ca' } }), T0 + 10);
    const changed = changeDraft(sent, { answers: { duration: 'mot-vai' } }, T0 + 20);
    expect(changed.revision).toBe(2);
    expect(changed.changedSinceSent).toBe(true);
    expect(hasUnsentChanges(changed)).toBe(true);
    const changedAgain = changeDraft(changed, { answers: { duration: 'phan-lon' } }, T0 + 30);
    expect(changedAgain.revision).toBe(2);
    const resent = markDraftSent(changedAgain, T0 + 40);
    expect(resent.revision).toBe(2);
    expect(changeDraft(resent, { answers: {} }, T0 + 50).revision).toBe(3);
  });

  it("makes a sent named sheet a new one when its name becomes another member's", () => {
    const an = { name: 'Nguyễn Văn An', post: 'Đảng viên' };
    const sentByAn = markDraftSent(
      createDraft(selfAssessment, { cell: 'CB-05', period: '2026', respondent: an }, 'resp-0000001', T0),
      T0 + 10,
    );
    // Binh writes her name over An's sheet on the phone handed round: her send must not replace his.
    const binh = changeDraft(
      sentByAn,
      { answers: { q1: true }, respondent: { name: 'Trần Thị Bình' } },
      T0 + 20,
      'resp-0000002',
    );
    expect(binh).toMatchObject({ responseId: 'resp-0000002', revision: 1, respondent: { name: 'Trần Thị Bình' } });
    expect(binh.sentAt).toBeUndefined();
    expect(binh.changedSinceSent).toBeUndefined();
    expect(readDraft(binh)).toEqual(binh);
    // Her later changes are her own sheet's, at revision 1 until she sends it.
    const binhAgain = changeDraft(binh, { respondent: { name: 'Trần Thị Bình Minh' } }, T0 + 30, 'resp-0000003');
    expect(binhAgain).toMatchObject({ responseId: 'resp-0000002', revision: 1 });
    // An changing his answers, his post, or the spelling of his name keeps his sheet (its next revision).
    for (const respondent of [an, { name: 'Nguyễn Văn An' }, { name: ' nguyen  van an. ' }]) {
      const mine = changeDraft(sentByAn, { answers: { q1: false }, respondent }, T0 + 20, 'resp-0000002');
      expect(mine).toMatchObject({ responseId: 'resp-0000001', revision: 2, changedSinceSent: true });
    }
    // A sheet never sent keeps its id whatever the name: nothing of it is at the secretary's yet.
    const unsent = changeDraft(
      createDraft(selfAssessment, { cell: 'CB-05', period: '2026', respondent: an }, 'resp-0000001', T0),
      { respondent: { name: 'Trần Thị Bình' } },
      T0 + 20,
      'resp-0000002',
    );
    expect(unsent.responseId).toBe('resp-0000001');
    // Without a fresh id to give, the change is the sheet's next revision, as before.
    expect(changeDraft(sentByAn, { respondent: { name: 'Trần Thị Bình' } }, T0 + 20).responseId).toBe('resp-0000001');
  });

  it("tells another member's name from a respelling of the same one", () => {
    expect(anotherMember({ name: 'Nguyễn Văn An' }, { name: 'NGUYEN VAN AN' })).toBe(false);
    expect(anotherMember({ name: 'Đỗ Thị Hà' }, { name: 'Do Thi Ha' })).toBe(false);
    expect(anotherMember({ name: 'Nguyễn Văn An' }, { name: 'Nguyễn Văn Anh' })).toBe(true);
    expect(anotherMember({ name: 'Nguyễn Văn An' }, { name: '' })).toBe(true);
    expect(anotherMember({ name: 'Nguyễn Văn An' }, undefined)).toBe(true);
    expect(anotherMember(undefined, { name: 'Trần Thị Bình' })).toBe(true);
    // Names with no Latin letter are compared as typed (trimmed), never all taken as one.
    expect(anotherMember({ name: 'Иван' }, { name: 'Пётр' })).toBe(true);
    expect(anotherMember({ name: ' Иван ' }, { name: 'Иван' })).toBe(false);
  });

  it('flags a draft left unsent for more than five days, and only then', () => {
    const d = draft({ answers: { duration: 'tat-ca' }, updatedAt: T0 });
    expect(isStaleDraft(d, T0 + STALE_AFTER_MS)).toBe(false);
    expect(isStaleDraft(d, T0 + STALE_AFTER_MS + 1)).toBe(true);
    expect(isStaleDraft(markDraftSent(d, T0), T0 + 10 * STALE_AFTER_MS)).toBe(false);
    expect(isStaleDraft(draft({ answers: {} }), T0 + 10 * STALE_AFTER_MS)).toBe(false);
  });

  it('makes response ids the core accepts', () => {
    const id = createResponseId(seq());
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(readDraft({ ...draft(), responseId: id })?.responseId).toBe(id);
  });
});

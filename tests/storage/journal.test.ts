// The journal (src/storage/journal.ts): the last change of a draft, written to localStorage as the
// page goes away, taken at the next start when it is newer than the stored draft.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDraft, type Draft } from '../../src/core/draft.ts';
import { newerDraft, parseJournal } from '../../src/storage/journal-read.ts';
import { clearJournal, journalText, writeJournal } from '../../src/storage/journal.ts';

/** What the form does at start: the entry's text, read and checked. */
const readJournal = async (key: string) => {
  const text = journalText(key);
  return text === null ? undefined : parseJournal(text);
};

const survey = { id: 'khao-sat-sinh-hoat', version: '2026.1', anonymity: 'anonymous' as const };
const T0 = Date.UTC(2026, 11, 3, 8);
const KEY = 'draft|khao-sat-sinh-hoat|CB-05|2026-Q4';

function draft(over: Partial<Draft> = {}): Draft {
  return { ...createDraft(survey, { cell: 'CB-05', period: '2026-Q4' }, 'resp-0000001', T0), ...over };
}

/** localStorage as browsers have it, with a quota of `room` characters. */
function fakeStorage(room = Infinity): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > room) throw new DOMException('full', 'QuotaExceededError');
      map.set(k, String(v));
    },
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

const g = globalThis as { localStorage?: Storage };
let saved: Storage | undefined;
beforeEach(() => {
  saved = g.localStorage;
  g.localStorage = fakeStorage();
});
afterEach(() => {
  if (saved === undefined) delete g.localStorage;
  else g.localStorage = saved;
});

describe('draft journal', () => {
  it('gives back the draft written as the page went away, checked like a stored draft', async () => {
    const d = draft({ answers: { duration: 'tat-ca' }, updatedAt: T0 + 5 });
    expect(journalText(KEY)).toBeNull();
    expect(writeJournal(KEY, d)).toBe(true);
    expect(journalText(KEY)).not.toBeNull();
    expect(await readJournal(KEY)).toEqual(d);
  });

  it('forgets an entry once IndexedDB holds the draft', async () => {
    writeJournal(KEY, draft());
    clearJournal(KEY);
    expect(await readJournal(KEY)).toBeUndefined();
  });

  it('refuses an entry that is not a draft (edited by hand, or broken)', async () => {
    localStorage.setItem(`phieu-chi-bo|journal|${KEY}`, '{"answers": "nope"');
    expect(await readJournal(KEY)).toBeUndefined();
    localStorage.setItem(`phieu-chi-bo|journal|${KEY}`, JSON.stringify({ ...draft(), answers: { x: { evil: 1 } } }));
    expect(await readJournal(KEY)).toBeUndefined();
  });

  it('says when localStorage is full or missing, so nothing is assumed written', () => {
    g.localStorage = fakeStorage(10);
    expect(writeJournal(KEY, draft())).toBe(false);
    delete g.localStorage;
    expect(writeJournal(KEY, draft())).toBe(false);
  });

  it('opens the newer of the stored draft and the journal', () => {
    const stored = draft({ updatedAt: T0 + 10 });
    const older = draft({ updatedAt: T0 + 5 });
    const newer = draft({ updatedAt: T0 + 20 });
    expect(newerDraft(stored, newer)).toBe(newer);
    expect(newerDraft(stored, older)).toBe(stored);
    expect(newerDraft(undefined, older)).toBe(older);
    expect(newerDraft(stored, undefined)).toBe(stored);
  });
});

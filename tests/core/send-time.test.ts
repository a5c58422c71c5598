import { describe, expect, it } from 'vitest';
import {
  compareInstants,
  createCatalog,
  createResponseSet,
  instantOf,
  isLaterThanTomorrow,
  isNewerSend,
  readBundle,
  scoreResponse,
  serializeBundle,
  writeResponseBundle,
  type CollectedResponse,
} from '../../src/core/index.ts';
import { viewMembers } from '../../src/core/members.ts';
import { instrument, responseFor, selfAssessment } from '../builders.ts';

const survey = instrument();
const named = selfAssessment();
const NOW = Date.UTC(2026, 11, 3, 9, 30); // 2026-12-03 09:30 UTC

function sent(createdAt: string, id = 'thiet-bi-1', revision = 1, q1 = 'a'): CollectedResponse {
  const response = responseFor(named, { q1 }, { id, revision, respondent: { name: 'Nguyễn Văn An' } });
  const bundle = writeResponseBundle({ instrument: named, response, app: 'test', createdAt });
  return { bundle, score: scoreResponse(named, response.answers) };
}

describe('instantOf', () => {
  it.each([
    ['2026-12-03', Date.UTC(2026, 11, 3)],
    ['2026-12-03T10:00:00+07:00', Date.UTC(2026, 11, 3, 3)],
    ['2026-12-03T05:00:00+00:00', Date.UTC(2026, 11, 3, 5)],
    ['2026-12-03T05:00:00Z', Date.UTC(2026, 11, 3, 5)],
    ['2026-12-02T22:30:00-05:30', Date.UTC(2026, 11, 3, 4)],
    ['2026-12-03T05:00:00.123456Z', Date.UTC(2026, 11, 3, 5, 0, 0, 123)],
    ['2026-12-03T05:00Z', Date.UTC(2026, 11, 3, 5)],
  ])('reads %s as the instant it names, offset taken away', (text, ms) => {
    expect(instantOf(text)).toBe(ms);
  });

  it('gives nothing for text that is no ISO date', () => {
    expect(instantOf('hôm qua')).toBeUndefined();
    expect(instantOf('2026-12-03 10:00')).toBeUndefined();
  });
});

describe('ordering sends by instant, not by text', () => {
  it('10:00+07:00 is earlier than 05:00+00:00 on the same day, in both orders', () => {
    expect(compareInstants('2026-12-03T10:00:00+07:00', '2026-12-03T05:00:00+00:00')).toBeLessThan(0);
    expect(compareInstants('2026-12-03T05:00:00+00:00', '2026-12-03T10:00:00+07:00')).toBeGreaterThan(0);
  });

  it('keeps the send made later in time from two devices, whichever comes first', () => {
    const hanoi = sent('2026-12-03T10:00:00+07:00', 'thiet-bi-1', 1, 'a'); // 03:00 UTC
    const london = sent('2026-12-03T05:00:00+00:00', 'thiet-bi-2', 1, 'c'); // 05:00 UTC
    expect(isNewerSend(london.bundle, hanoi.bundle)).toBe(true);
    expect(isNewerSend(hanoi.bundle, london.bundle)).toBe(false);
    // Two sheets of one member: both kept, the later send counted until the secretary settles it.
    for (const order of [
      [hanoi, london],
      [london, hanoi],
    ]) {
      const set = createResponseSet();
      order.forEach((f) => set.add(f));
      expect(set.size).toBe(2);
      const view = viewMembers(set.values(), ['Nguyễn Văn An']);
      expect(view.counted.map((c) => c.bundle.payload.response.id)).toEqual(['thiet-bi-2']);
      expect(view.conflicts).toHaveLength(1);
    }
  });

  it('orders sends of one sheet by revision first, whatever their times say', () => {
    const later = sent('2026-12-01T08:00:00+07:00', 'thiet-bi-1', 3);
    const earlierButStampedLater = sent('2026-12-03T08:00:00+07:00', 'thiet-bi-1', 2, 'c');
    expect(isNewerSend(later.bundle, earlierButStampedLater.bundle)).toBe(true);
  });

  it('the same instant written with two offsets falls back to the revision, then a fixed order', () => {
    const a = sent('2026-12-03T10:00:00+07:00', 'thiet-bi-1', 1, 'a');
    const b = sent('2026-12-03T03:00:00Z', 'thiet-bi-2', 2, 'c');
    expect(isNewerSend(b.bundle, a.bundle)).toBe(true);
    expect(isNewerSend(a.bundle, b.bundle)).toBe(false);
  });
});

describe('times later than tomorrow', () => {
  it.each([
    ['2026-12-03T09:00:00+07:00', false],
    ['2026-12-04T23:59:59Z', false], // tomorrow, to its last second
    ['2026-12-05T06:00:00+07:00', false], // 2026-12-04 23:00 UTC
    ['2026-12-04', false],
    ['2026-12-05T00:00:00Z', true],
    ['2026-12-05', true],
    ['2099-01-01T00:00:00+07:00', true],
  ])('%s: refused %s', (createdAt, refused) => {
    expect(isLaterThanTomorrow(createdAt, NOW)).toBe(refused);
  });

  it('a file dated 2099 is refused by the reader, with the reason and the date, when a clock is given', () => {
    const response = responseFor(survey, { q1: 'a' });
    const text = serializeBundle(
      writeResponseBundle({ instrument: survey, response, app: 'test', createdAt: '2099-05-01' }),
    );
    const catalog = createCatalog([survey]);
    const r = readBundle(text, { catalog, now: NOW });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('future-time');
    expect(r.error.path).toBe('createdAt');
    expect(r.error.message.vi).toContain('2099-05-01');
    expect(r.error.message.en).toContain('later than tomorrow');
    // Core has no clock: without one the date is not judged.
    expect(readBundle(text, { catalog }).ok).toBe(true);
  });
});

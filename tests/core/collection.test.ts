import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createResponseSet,
  normalizeName,
  reportOfResponses,
  scoreResponse,
  summarizeUnits,
  writeResponseBundle,
  type CollectedResponse,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { instrument, responseFor, selfAssessment } from '../builders.ts';

const survey = instrument();
const named = selfAssessment();

function collected(ins: Instrument, response: Response, createdAt = '2026-03-01T08:00:00+07:00'): CollectedResponse {
  const bundle = writeResponseBundle({ instrument: ins, response, app: 'test', createdAt });
  return { bundle, score: scoreResponse(ins, response.answers) };
}

describe('a set of collected responses', () => {
  it('adds a new response and keeps it', () => {
    const set = createResponseSet();
    expect(set.add(collected(survey, responseFor(survey, { q1: 'a' }))).outcome).toBe('added');
    expect(set.size).toBe(1);
  });

  it('treats the same file twice as a no-op', () => {
    const set = createResponseSet();
    const file = collected(survey, responseFor(survey, { q1: 'a' }));
    set.add(file);
    expect(set.add(file).outcome).toBe('same-file');
    expect(set.size).toBe(1);
  });

  it('replaces a response with a later revision of the same response id, and ignores an older one after it', () => {
    const set = createResponseSet();
    const first = collected(survey, responseFor(survey, { q1: 'c' }, { id: 'phieu-0009', revision: 1 }));
    const second = collected(survey, responseFor(survey, { q1: 'a' }, { id: 'phieu-0009', revision: 2 }));
    set.add(first);
    const result = set.add(second);
    expect(result.outcome).toBe('replaced');
    expect(result.previous?.bundle.digest).toBe(first.bundle.digest);
    expect(set.add(first).outcome).toBe('older');
    expect(set.values().map((c) => c.bundle.payload.response.answers.q1)).toEqual(['a']);
  });

  it('keeps two sheets of one named member from two devices (identity settles them, not the set)', () => {
    const set = createResponseSet();
    const phone = collected(
      named,
      responseFor(named, { q1: 'c' }, { id: 'thiet-bi-1', respondent: { name: 'Nguyễn Văn An' } }),
      '2026-03-01T08:00:00+07:00',
    );
    const laptop = collected(
      named,
      responseFor(named, { q1: 'a' }, { id: 'thiet-bi-2', respondent: { name: '  nguyễn  văn an ' } }),
      '2026-03-02T08:00:00+07:00',
    );
    set.add(laptop);
    expect(set.add(phone).outcome).toBe('added');
    expect(set.size).toBe(2);
  });

  it('keeps two anonymous responses with different ids even when their answers are equal', () => {
    const set = createResponseSet();
    set.add(collected(survey, responseFor(survey, { q1: 'a' }, { id: 'phieu-000a' })));
    set.add(collected(survey, responseFor(survey, { q1: 'a' }, { id: 'phieu-000b' })));
    expect(set.size).toBe(2);
  });

  it('keeps the same responses whatever order the files come in (and whatever is repeated)', () => {
    const files = [
      collected(survey, responseFor(survey, { q1: 'c' }, { id: 'phieu-0001', revision: 1 })),
      collected(survey, responseFor(survey, { q1: 'b' }, { id: 'phieu-0001', revision: 2 })),
      collected(survey, responseFor(survey, { q1: 'a' }, { id: 'phieu-0001', revision: 3 })),
      collected(survey, responseFor(survey, { q1: 'b' }, { id: 'phieu-0002', revision: 1 })),
      collected(survey, responseFor(survey, { q1: 'c' }, { id: 'phieu-0003', revision: 1 })),
    ];
    const kept = (order: CollectedResponse[]) => {
      const set = createResponseSet();
      order.forEach((f) => set.add(f));
      return set
        .values()
        .map((c) => c.bundle.digest)
        .sort();
    };
    const expected = kept(files);
    expect(expected).toHaveLength(3);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: files.length - 1 }), { minLength: files.length, maxLength: 15 }),
        (picks) => {
          const order = [
            ...fc.sample(fc.shuffledSubarray(files, { minLength: files.length }), 1)[0]!,
            ...picks.map((i) => files[i]!),
          ];
          expect(kept(order)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('normalizeName', () => {
  it.each([
    ['  Nguyễn   Văn An ', 'nguyễn văn an'],
    ['NGUYỄN VĂN AN', 'nguyễn văn an'],
    // The same name typed with combining accents (NFD) matches the precomposed form.
    ['Nguye\u0302\u0303n Va\u0306n An', 'nguyễn văn an'],
  ])('%j → %j', (input, expected) => expect(normalizeName(input)).toBe(expected));
});

describe('reportOfResponses', () => {
  it('makes one unit per cell, adds empty units for rostered cells with no answer, and skips other periods', () => {
    const open = instrument({ minRespondents: 1 });
    const files = [
      collected(open, responseFor(open, { q1: 'a' }, { id: 'phieu-0001', cell: 'CB-01' })),
      collected(open, responseFor(open, { q1: 'b' }, { id: 'phieu-0002', cell: 'CB-01' })),
      collected(open, responseFor(open, { q1: 'c' }, { id: 'phieu-0003', cell: 'CB-02' })),
      collected(open, responseFor(open, { q1: 'a' }, { id: 'phieu-0004', cell: 'CB-02', period: '2026-Q2' })),
    ];
    const report = reportOfResponses(open, '2026-Q1', { code: 'DU-01', name: 'Đảng ủy thử' }, files, {
      'CB-01': 5,
      'CB-03': 4,
    });
    expect(report.units.map((u) => [u.cell, u.responses, u.expected])).toEqual([
      ['CB-01', 2, 5],
      ['CB-02', 1, undefined],
      ['CB-03', 0, 4],
    ]);
    expect(report.units[0]?.total.sum).toBe(150);
    expect(report.scopeName).toBe('Đảng ủy thử');
  });

  it('makes one unit of a cell whose sheets and roster spell its code differently, under its normalized code', () => {
    const open = instrument({ minRespondents: 1 });
    const files = [
      collected(open, responseFor(open, { q1: 'a' }, { id: 'phieu-0001', cell: 'Khu phố 3' })),
      collected(open, responseFor(open, { q1: 'b' }, { id: 'phieu-0002', cell: 'KHU PHỐ 3' })),
      collected(open, responseFor(open, { q1: 'c' }, { id: 'phieu-0003', cell: 'khu  phố 3 ' })),
    ];
    const report = reportOfResponses(open, '2026-Q1', { code: 'DU-01' }, files, { 'khu phố 3': 5 });
    expect(report.units.map((u) => [u.cell, u.responses, u.expected])).toEqual([['KHU PHỐ 3', 3, 5]]);
  });

  it('keeps only the counts of an anonymous cell below the minimum, and leaves it out of the means', () => {
    const files = [
      collected(survey, responseFor(survey, { q1: 'a' }, { id: 'phieu-0001', cell: 'CB-01' })),
      collected(survey, responseFor(survey, { q1: 'b' }, { id: 'phieu-0002', cell: 'CB-01' })),
      collected(survey, responseFor(survey, { q1: 'c' }, { id: 'phieu-0003', cell: 'CB-02' })),
      collected(survey, responseFor(survey, { q1: 'c' }, { id: 'phieu-0004', cell: 'CB-02' })),
      collected(survey, responseFor(survey, { q1: 'b' }, { id: 'phieu-0005', cell: 'CB-02' })),
    ];
    const report = reportOfResponses(survey, '2026-Q1', { code: 'DU-01' }, files);
    const [small, big] = report.units;
    expect(small).toMatchObject({
      cell: 'CB-01',
      responses: 2,
      suppressed: true,
      total: { sum: 0, sumSq: 0 },
      items: {},
      levels: {},
    });
    expect(big?.suppressed).toBeUndefined();
    const summary = summarizeUnits(survey, report.units);
    // 50 / 3, shown rounded down to hundredths (the mean is banded as the exact fraction).
    expect([summary.responses, summary.scored, summary.mean]).toEqual([5, 3, 16.66]);
  });
});

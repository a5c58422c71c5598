// The year from monthly sheets as the source has it (sheets.md A.3, Form A-2): a Tốt year needs
// every meeting at Khá or better and at least 7 Tốt; a Khá year every meeting at Trung bình or
// better. The rest was not seen: missing months are named, not guessed, and what a complete year
// that meets no seen rule gets is a local setting, said to be one.
import { describe, expect, it } from 'vitest';
import {
  InstrumentSchema,
  createCatalog,
  yearInstrumentOf,
  yearOfMonths,
  yearOfQuarters,
  type PeriodLevel,
} from '../../src/core/index.ts';
import { instrument, rawInstrument, selfAssessment } from '../builders.ts';

const rules = {
  rules: [
    { level: 'tot', allAtLeast: 'kha', count: 7, countLevel: 'tot' },
    { level: 'kha', allAtLeast: 'trung-binh' },
  ],
  months: 12,
};
const sheet = instrument({ kind: 'meeting-sheet', periods: ['month'], anonymity: 'named', yearFromMonths: rules });
const withLocal = instrument({
  kind: 'meeting-sheet',
  periods: ['month'],
  anonymity: 'named',
  yearFromMonths: { ...rules, otherwise: 'trung-binh' },
});

/** Months 01, 02, … of 2026 with these levels in order. */
const months = (counts: Record<string, number>): PeriodLevel[] =>
  Object.entries(counts)
    .flatMap(([l, n]) => Array<string>(n).fill(l))
    .map((level, i) => ({ period: `2026-${String(i + 1).padStart(2, '0')}`, level }));

describe('yearOfMonths', () => {
  it.each<[string, PeriodLevel[], string]>([
    ['12 Tốt', months({ tot: 12 }), 'tot'],
    ['7 Tốt, 5 Khá', months({ tot: 7, kha: 5 }), 'tot'],
    ['5 Khá first, then 7 Tốt (order does not matter)', months({ kha: 5, tot: 7 }), 'tot'],
    ['6 Tốt, 6 Khá', months({ tot: 6, kha: 6 }), 'kha'],
    ['11 Tốt, 1 Trung bình', months({ tot: 11, 'trung-binh': 1 }), 'kha'],
    ['12 Trung bình', months({ 'trung-binh': 12 }), 'kha'],
  ])('%s → %s by the source rule', (_n, entries, level) => {
    const y = yearOfMonths(sheet, '2026', entries)!;
    expect(y.outcome).toMatchObject({ kind: 'level', level, by: 'rule' });
    expect(y.missing).toEqual([]);
  });

  it('a year with missing months names them and gives no level (not an invented Trung bình)', () => {
    const entries = months({ tot: 12 }).filter((m) => m.period !== '2026-03' && m.period !== '2026-11');
    const y = yearOfMonths(withLocal, '2026', entries)!;
    expect(y.outcome).toEqual({ kind: 'missing', missing: ['2026-03', '2026-11'] });
    expect(y.reason.vi).toBe('Chưa xếp loại năm 2026: có 10/12 tháng, thiếu tháng 03, 11.');
    expect(y.reason.en).toBe('No year result for 2026 yet: 10 of 12 months in, missing 03, 11.');
  });

  it('no months at all: every month is missing', () => {
    expect(yearOfMonths(sheet, '2026', [])!.missing).toHaveLength(12);
  });

  it('a complete year meeting no seen rule has no level by default, and says the source is silent', () => {
    const y = yearOfMonths(sheet, '2026', months({ tot: 11, kem: 1 }))!;
    expect(y.outcome).toEqual({ kind: 'no-rule' });
    expect(y.reason.vi).toContain('nguồn không nêu');
  });

  it('with a local `otherwise`, that level is given and labelled a local choice', () => {
    const y = yearOfMonths(withLocal, '2026', months({ tot: 11, kem: 1 }))!;
    expect(y.outcome).toEqual({ kind: 'level', level: 'trung-binh', by: 'local' });
    expect(y.reason.vi).toContain('quy ước của đơn vị');
    expect(y.reason.en).toContain('local setting');
  });

  it('ignores other years, and counts a month sent twice once, at its lower level', () => {
    const entries = [
      ...months({ tot: 12 }),
      { period: '2026-05', level: 'trung-binh' },
      { period: '2025-12', level: 'kem' },
      { period: '2027-01', level: 'kem' },
    ];
    const y = yearOfMonths(sheet, '2026', entries)!;
    expect(y.repeated).toEqual(['2026-05']);
    expect(y.present.find((p) => p.period === '2026-05')?.level).toBe('trung-binh');
    expect(y.outcome).toMatchObject({ kind: 'level', level: 'kha' });
  });

  it('a month present without a level (e.g. hidden) counts as missing', () => {
    const entries = months({ tot: 12 }).map((m) => (m.period === '2026-07' ? { ...m, level: undefined } : m));
    expect(yearOfMonths(sheet, '2026', entries)!.outcome).toEqual({ kind: 'missing', missing: ['2026-07'] });
  });

  it('is undefined for an instrument without a year rule', () => {
    expect(yearOfMonths(instrument(), '2026', months({ tot: 12 }))).toBeUndefined();
  });

  it('old instrument files with `otherwise` keep loading; new ones may leave it out', () => {
    expect(InstrumentSchema.safeParse(rawInstrument({ yearFromMonths: rules })).success).toBe(true);
    expect(InstrumentSchema.safeParse(rawInstrument({ yearFromMonths: { ...rules, otherwise: 'kem' } })).success).toBe(
      true,
    );
  });
});

describe('a rule the source states only in part (the Khá sentence is cut off)', () => {
  const partial = {
    rules: [rules.rules[0]!, { level: 'kha', allAtLeast: 'trung-binh', partial: true as const }],
    months: 12,
  };
  const noLevel = instrument({
    kind: 'meeting-sheet',
    periods: ['month'],
    anonymity: 'named',
    yearFromMonths: partial,
  });
  const localLevel = instrument({
    kind: 'meeting-sheet',
    periods: ['month'],
    anonymity: 'named',
    yearFromMonths: { ...partial, partialRules: 'local-level' },
  });

  it('by default gives no level: meeting a needed condition is not meeting the rule', () => {
    const y = yearOfMonths(noLevel, '2026', months({ tot: 6, kha: 6 }))!;
    expect(y.outcome).toEqual({ kind: 'no-rule' });
    expect(y.reason.vi).toBe(
      'Năm 2026: đủ tháng và thỏa điều kiện cần của mức Khá mà nguồn nêu (mọi tháng từ Trung bình trở lên), ' +
        'nhưng phần còn lại của quy định không đọc được trong nguồn, nên không tự xếp.',
    );
  });

  it("with `partialRules: 'local-level'` gives the level as the unit's reading, never as the source's", () => {
    const y = yearOfMonths(localLevel, '2026', months({ tot: 11, 'trung-binh': 1 }))!;
    expect(y.outcome).toEqual({ kind: 'level', level: 'kha', by: 'local', rule: 1 });
    expect(y.reason.vi).toContain('theo cách hiểu của đơn vị');
    expect(y.reason.vi).toContain('điều kiện cần');
    expect(y.reason.en).toContain("by this unit's reading");
  });

  it('leaves the complete rules as they were: Tốt by the source, a year below the condition no level', () => {
    expect(yearOfMonths(localLevel, '2026', months({ tot: 7, kha: 5 }))!.outcome).toEqual({
      kind: 'level',
      level: 'tot',
      by: 'rule',
      rule: 0,
    });
    expect(yearOfMonths(localLevel, '2026', months({ tot: 11, kem: 1 }))!.outcome).toEqual({ kind: 'no-rule' });
  });

  it('a rule met in part stops there: a lower rule that also holds is not taken for the year', () => {
    const withLower = instrument({
      kind: 'meeting-sheet',
      periods: ['month'],
      anonymity: 'named',
      yearFromMonths: { ...partial, rules: [...partial.rules, { level: 'trung-binh', allAtLeast: 'kem' }] },
    });
    expect(yearOfMonths(withLower, '2026', months({ kha: 12 }))!.outcome).toEqual({ kind: 'no-rule' });
  });

  it('`partial` and `partialRules` are checked by the schema', () => {
    expect(InstrumentSchema.safeParse(rawInstrument({ yearFromMonths: partial })).success).toBe(true);
    expect(
      InstrumentSchema.safeParse(rawInstrument({ yearFromMonths: { ...partial, partialRules: 'guess' as 'no-level' } }))
        .success,
    ).toBe(false);
  });
});

describe('the year is read by the newest version of the instrument the catalog knows', () => {
  it('months filled on an older version are read by the newer rule', () => {
    const old = instrument({
      kind: 'meeting-sheet',
      periods: ['month'],
      anonymity: 'named',
      version: '2026.1',
      yearFromMonths: rules,
    });
    const newer = { ...old, version: '2026.10', yearFromMonths: { ...rules, otherwise: 'kem' } };
    const between = { ...old, version: '2026.2' };
    const catalog = createCatalog([between, newer, old]);
    expect(yearInstrumentOf(catalog, old)).toBe(newer);
    expect(yearInstrumentOf(catalog, newer)).toBe(newer);
    expect(yearInstrumentOf(createCatalog([]), old)).toBe(old);
  });
});

describe("yearOfQuarters (a member's year: the sources give no rule)", () => {
  const quarters = (...levels: string[]): PeriodLevel[] =>
    levels.map((level, i) => ({ period: `2026-Q${i + 1}`, level }));

  it('gives no year level by default and says the sources give no rule', () => {
    const y = yearOfQuarters(selfAssessment(), '2026', quarters('tot', 'tot', 'tot', 'tot'))!;
    expect(y.outcome).toEqual({ kind: 'no-rule' });
    expect(y.reason.vi).toContain('không quy định');
  });

  it("with the local setting 'lowest', the year is the lowest quarter, labelled a local choice", () => {
    const ins = selfAssessment({ yearFromQuarters: { rule: 'lowest' } });
    const y = yearOfQuarters(ins, '2026', quarters('xuat-sac', 'tot', 'hoan-thanh', 'tot'))!;
    expect(y.outcome).toEqual({ kind: 'level', level: 'hoan-thanh', by: 'local' });
    expect(y.reason.en).toContain('local setting');
    expect(yearOfQuarters(ins, '2026', quarters('tot', 'tot'))!.outcome).toEqual({
      kind: 'missing',
      missing: ['2026-Q3', '2026-Q4'],
    });
  });
});

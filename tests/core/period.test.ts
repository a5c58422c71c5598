import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PeriodSchema,
  comparePeriods,
  formatPeriod,
  formatPeriodLabel,
  granularityOf,
  parsePeriod,
  periodOfDate,
  shiftPeriod,
  type PeriodParts,
} from '../../src/core/index.ts';

describe('parsePeriod', () => {
  it.each<[string, PeriodParts]>([
    ['2026', { year: 2026, granularity: 'year', index: 1 }],
    ['2026-Q1', { year: 2026, granularity: 'quarter', index: 1 }],
    ['2026-Q4', { year: 2026, granularity: 'quarter', index: 4 }],
    ['2026-01', { year: 2026, granularity: 'month', index: 1 }],
    ['2026-11', { year: 2026, granularity: 'month', index: 11 }],
    ['1900-12', { year: 1900, granularity: 'month', index: 12 }],
    ['2199-Q2', { year: 2199, granularity: 'quarter', index: 2 }],
  ])('%s', (text, parts) => {
    expect(parsePeriod(text)).toEqual(parts);
    expect(granularityOf(text)).toBe(parts.granularity);
  });

  it.each([
    '',
    '26',
    '2026-13',
    '2026-00',
    '2026-Q0',
    '2026-Q5',
    '2026-q1',
    '2026-1',
    '2026Q1',
    ' 2026',
    '2026 ',
    '1899',
    '2200',
    '2026-Q1-01',
    'Q1-2026',
    '2026-11-05',
  ])('refuses "%s"', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
    expect(granularityOf(text)).toBeUndefined();
    expect(PeriodSchema.safeParse(text).success).toBe(false);
  });
});

const partsArb: fc.Arbitrary<PeriodParts> = fc.oneof(
  fc.integer({ min: 1900, max: 2199 }).map((year) => ({ year, granularity: 'year' as const, index: 1 })),
  fc.record({
    year: fc.integer({ min: 1900, max: 2199 }),
    granularity: fc.constant('quarter' as const),
    index: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    year: fc.integer({ min: 1900, max: 2199 }),
    granularity: fc.constant('month' as const),
    index: fc.integer({ min: 1, max: 12 }),
  }),
);

describe('formatPeriod', () => {
  it.each<[PeriodParts, string]>([
    [{ year: 2026, granularity: 'year', index: 1 }, '2026'],
    [{ year: 2026, granularity: 'quarter', index: 3 }, '2026-Q3'],
    [{ year: 2026, granularity: 'month', index: 3 }, '2026-03'],
    [{ year: 2026, granularity: 'month', index: 12 }, '2026-12'],
  ])('%o → %s', (parts, text) => {
    expect(formatPeriod(parts)).toBe(text);
  });

  it('parse ∘ format is the identity on valid parts', () => {
    fc.assert(
      fc.property(partsArb, (p) => {
        expect(parsePeriod(formatPeriod(p))).toEqual(p);
      }),
    );
  });
});

describe('periodOfDate', () => {
  it.each<[Parameters<typeof periodOfDate>[0], number, string]>([
    ['quarter', 1, '2026-Q1'],
    ['quarter', 3, '2026-Q1'],
    ['quarter', 4, '2026-Q2'],
    ['quarter', 9, '2026-Q3'],
    ['quarter', 10, '2026-Q4'],
    ['quarter', 12, '2026-Q4'],
    ['month', 3, '2026-03'],
    ['month', 12, '2026-12'],
    ['year', 7, '2026'],
  ])('%s of month %d → %s', (g, month, text) => {
    expect(periodOfDate(g, { year: 2026, month })).toBe(text);
  });
});

describe('shiftPeriod', () => {
  it.each<[string, number, string]>([
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', -13, '2024-12'],
    ['2026-05', 0, '2026-05'],
    ['2026-05', 24, '2028-05'],
    ['2026-Q1', -1, '2025-Q4'],
    ['2026-Q4', 1, '2027-Q1'],
    ['2026-Q2', 6, '2027-Q4'],
    ['2026', 3, '2029'],
    ['2026', -26, '2000'],
  ])('%s shifted by %d → %s', (from, steps, to) => {
    expect(shiftPeriod(from, steps)).toBe(to);
  });

  it('throws a RangeError on a string that is not a period', () => {
    expect(() => shiftPeriod('2026-13', 1)).toThrow(RangeError);
  });

  it('shifting forth and back returns the period, keeping its granularity', () => {
    fc.assert(
      fc.property(
        partsArb.filter((p) => p.year >= 1950 && p.year <= 2150),
        fc.integer({ min: -40, max: 40 }),
        (p, k) => {
          const start = formatPeriod(p);
          const moved = shiftPeriod(start, k);
          expect(granularityOf(moved)).toBe(p.granularity);
          expect(shiftPeriod(moved, -k)).toBe(start);
          expect(Math.sign(comparePeriods(moved, start))).toBe(Math.sign(k));
        },
      ),
    );
  });
});

describe('comparePeriods', () => {
  it('sorts months, quarters and years of one granularity in time', () => {
    expect(['2026-10', '2025-12', '2026-02', '2026-01'].sort(comparePeriods)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-10',
    ]);
    expect(['2026-Q2', '2025-Q4', '2026-Q1'].sort(comparePeriods)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(['2030', '1999', '2026'].sort(comparePeriods)).toEqual(['1999', '2026', '2030']);
    expect(comparePeriods('2026-Q1', '2026-Q1')).toBe(0);
  });
});

describe('formatPeriodLabel', () => {
  it.each<[string, 'vi' | 'en', string]>([
    ['2026-Q1', 'vi', 'Quý I/2026'],
    ['2026-Q2', 'vi', 'Quý II/2026'],
    ['2026-Q3', 'vi', 'Quý III/2026'],
    ['2026-Q4', 'vi', 'Quý IV/2026'],
    ['2026-11', 'vi', 'Tháng 11/2026'],
    ['2026-03', 'vi', 'Tháng 3/2026'],
    ['2026', 'vi', 'Năm 2026'],
    ['2026-Q4', 'en', 'Q4 2026'],
    ['2026-03', 'en', '03/2026'],
    ['2026', 'en', 'Year 2026'],
    ['không phải kỳ', 'vi', 'không phải kỳ'],
  ])('%s in %s → %s', (period, lang, label) => {
    expect(formatPeriodLabel(period, lang)).toBe(label);
  });
});

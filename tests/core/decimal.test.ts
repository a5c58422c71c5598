import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareFractions,
  decimalFraction,
  formatHundredths,
  fromHundredths,
  hasAtMostTwoDecimals,
  sumDecimals,
  toHundredths,
} from '../../src/core/decimal.ts';
import { scoreResponse } from '../../src/core/index.ts';
import { choice, instrument, levels4, section } from '../builders.ts';

describe('exact decimals (integers of hundredths)', () => {
  it.each([
    [17.4, 1740],
    [0.25, 25],
    [90, 9000],
    [0, 0],
    [-0, 0],
    [-1.5, -150],
    [1000, 100000],
  ])('%d is %d hundredths', (x, h) => {
    expect(toHundredths(x)).toBe(h);
    expect(fromHundredths(h)).toBe(x === 0 ? 0 : x);
  });

  it.each([0.125, 89.99999999999999, 1 / 3, Number.NaN, Infinity, 1e300])(
    '%d has more than two decimals or is out of range',
    (x) => {
      expect(toHundredths(x)).toBeUndefined();
      expect(hasAtMostTwoDecimals(x)).toBe(false);
    },
  );

  it('adds 13 + 17.4 + 41.3 + 18.3 to exactly 90', () => {
    expect(sumDecimals([13, 17.4, 41.3, 18.3])).toBe(90);
  });

  it('reads a number as the decimal it is written as', () => {
    expect(decimalFraction(0.3)).toEqual({ p: 3n, q: 10n });
    expect(decimalFraction(1e-7)).toEqual({ p: 1n, q: 10000000n });
    expect(decimalFraction(2e21)).toEqual({ p: 2000000000000000000000n, q: 1n });
    expect(decimalFraction(-12.5)).toEqual({ p: -125n, q: 10n });
  });

  it('compares fractions by cross-multiplication, also past the safe integers', () => {
    expect(compareFractions(9, 10, 90, 100)).toBe(0);
    expect(compareFractions(8999, 100, 90, 1)).toBe(-1);
    expect(compareFractions(2 ** 52, 3, 2 ** 52 + 1, 3)).toBe(-1);
  });

  it.each([
    [9000, '90'],
    [1740, '17.4'],
    [25, '0.25'],
    [-150, '-1.5'],
    [123456789, '1234567.89'],
  ])('formats %d hundredths as %s', (h, text) => {
    expect(formatHundredths(h)).toBe(text);
  });

  it('formats with the separators it is given', () => {
    expect(formatHundredths(123456789, ',', '.')).toBe('1.234.567,89');
  });

  it('sums any points with up to two decimals as their integer hundredths do, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100000 }), { maxLength: 30 }), (cents) => {
        const exact = cents.reduce((a, b) => a + b, 0);
        const xs = cents.map((c) => c / 100);
        expect(sumDecimals(xs)).toBe(exact / 100);
        expect(sumDecimals([...xs].reverse())).toBe(exact / 100);
      }),
    );
  });
});

describe('property: any points with up to two decimals band as their exact decimal sum does', () => {
  const levels = levels4();
  const exactLevel = (cents: number): string => levels.find((l) => cents >= l.min * 100)?.id ?? 'kem';

  it('holds for totals made of 1 to 6 items (band edges included)', () => {
    // Each item's points are cut so that the total often lands on or next to 50, 70 and 90.
    const split = fc.integer({ min: 0, max: 10000 }).chain((total) =>
      fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 0, maxLength: 5 }).map((cuts) => {
        const marks = [...new Set(cuts.map((c) => Math.min(c, total)))].sort((a, b) => a - b);
        const parts: number[] = [];
        let prev = 0;
        for (const m of [...marks, total]) {
          parts.push(m - prev);
          prev = m;
        }
        return parts.filter((p, i) => p > 0 || i === 0);
      }),
    );
    const edge = fc.constantFrom(4999, 5000, 6999, 7000, 8999, 9000, 9001, 10000);
    const totals = fc.oneof(
      split,
      edge.chain((t) => fc.constant(t)).map((t) => [1300, 1740, 4130, t - 7170].filter((x) => x >= 0)),
    );
    fc.assert(
      fc.property(totals, (cents) => {
        const total = cents.reduce((a, b) => a + b, 0);
        if (total > 10000) return;
        const pad = 10000 - total;
        const ins = instrument({
          levels,
          sections: [
            section(
              's',
              [...cents, pad].map((c, i) =>
                choice(
                  `q${i}`,
                  [
                    ['got', c / 100],
                    ['none', 0],
                  ].sort((a, b) => (b[1] as number) - (a[1] as number)) as [string, number][],
                ),
              ),
            ),
          ],
        });
        const answers = Object.fromEntries(cents.map((_, i) => [`q${i}`, 'got']));
        answers[`q${cents.length}`] = 'none';
        const s = scoreResponse(ins, answers);
        expect(s.total).toBe(total / 100);
        expect(s.level).toBe(exactLevel(total));
      }),
      { numRuns: 300 },
    );
  });
});

// Reports add up points exactly: sums are made in integers of hundredths, so a cell's figures do
// not depend on the order its files were imported in, a merged report's summary does not depend
// on the order of its cells, and the mean is banded as the exact fraction sum / count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnitTally, scoreResponse, summarizeUnits, type ReportUnit } from '../../src/core/index.ts';
import { choice, instrument, responseFor, section } from '../builders.ts';

// Points that add up to band edges in floats wrongly: 13 + 17.4 + 41.3 + 18.3 is 89.99999999999999.
const ins = instrument({
  anonymity: 'anonymous',
  minRespondents: 1,
  sections: [
    section('a', [
      choice('a', [
        ['hi', 13],
        ['mid', 6.5],
        ['lo', 0],
      ]),
    ]),
    section('b', [
      choice('b', [
        ['hi', 17.4],
        ['mid', 8.7],
        ['lo', 0],
      ]),
    ]),
    section('c', [
      choice('c', [
        ['hi', 41.3],
        ['mid', 20.65],
        ['lo', 0],
      ]),
    ]),
    section('d', [
      choice('d', [
        ['hi', 28.3],
        ['mid', 18.3],
        ['lo', 0.01],
      ]),
    ]),
  ],
});
const answerArb = fc.record({
  a: fc.constantFrom('hi', 'mid', 'lo'),
  b: fc.constantFrom('hi', 'mid', 'lo'),
  c: fc.constantFrom('hi', 'mid', 'lo'),
  d: fc.constantFrom('hi', 'mid', 'lo'),
});

function unitOf(cell: string, answers: Record<string, string>[]): ReportUnit {
  const tally = createUnitTally(ins, cell);
  for (const a of answers) tally.add(responseFor(ins, a, { cell }), scoreResponse(ins, a));
  return tally.unit();
}

const cents = (x: number): number => Math.round(x * 100);

describe('reports sum points exactly', () => {
  it('a cell of one answer of 13 + 17.4 + 41.3 + 18.3 sums to 90 and its mean is Tốt', () => {
    const u = unitOf('CB-01', [{ a: 'hi', b: 'hi', c: 'hi', d: 'mid' }]);
    expect(u.total.sum).toBe(90);
    expect(u.total.sumSq).toBe(8100);
    expect(u.histogram[9]).toBe(1);
    const s = summarizeUnits(ins, [u]);
    expect(s.mean).toBe(90);
    expect(s.meanLevel).toBe('tot');
  });

  it('a cell counts the same in any order of its answers, and its sums are the exact decimal sums', () => {
    fc.assert(
      fc.property(fc.array(answerArb, { minLength: 1, maxLength: 12 }), fc.integer(), (answers, seed) => {
        const shuffled = [...answers].sort(
          (x, y) => ((JSON.stringify(x).length * 31 + seed) % 7) - ((JSON.stringify(y).length * 17 + seed) % 5),
        );
        const u = unitOf('CB-01', answers);
        expect(unitOf('CB-01', shuffled)).toEqual(u);
        const exact = answers.reduce((t, a) => t + cents(scoreResponse(ins, a).total), 0);
        expect(cents(u.total.sum)).toBe(exact);
        expect(u.total.sum).toBe(exact / 100);
      }),
      { numRuns: 200 },
    );
  });

  it('a summary of cells is the same in any order, and its mean level is that of the exact mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(answerArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (cells) => {
          const units = cells.map((answers, i) => unitOf(`CB-0${i + 1}`, answers));
          const forward = summarizeUnits(ins, units);
          const backward = summarizeUnits(ins, [...units].reverse());
          expect(backward).toEqual(forward);
          const all = cells.flat();
          const sumCents = all.reduce((t, a) => t + cents(scoreResponse(ins, a).scaled), 0);
          // Exact banding: mean ≥ edge ⇔ sum ≥ edge × count, in integers.
          const level =
            [
              ['tot', 90],
              ['kha', 70],
              ['trung-binh', 50],
            ].find(([, min]) => sumCents >= (min as number) * 100 * all.length)?.[0] ?? 'kem';
          expect(forward.meanLevel).toBe(level);
          expect(forward.mean).toBe(Math.floor(sumCents / all.length) / 100);
        },
      ),
      { numRuns: 200 },
    );
  });
});

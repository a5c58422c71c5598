// Instrument files keep working: the copies of the three instruments as they were published
// (tests/fixtures/instruments/, frozen on 2026-12-03 from 52ca492, never edited) still load with
// today's schema, and every frozen answer scores as it did then: same level, band level,
// completeness, total, maximum and section points.
//
// The only differences allowed are digits past the hundredths, and each has a named cause:
// - a float error of the old code (89.99999999999999 where the points add up to exactly 90);
// - a linear band (`tu-danh-gia-dang-vien`'s task share) whose points the old code kept as a
//   repeating decimal (94.08333333333334) and which are now rounded down to hundredths (94.08).
// Neither may change a level: the test fails if one does.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InstrumentSchema, scoreResponse, type Answers } from '../../src/core/index.ts';
import { hasAtMostTwoDecimals } from '../../src/core/decimal.ts';

const DIR = new URL('../fixtures/instruments/', import.meta.url);

interface FrozenScore {
  total: number;
  max: number;
  scaled: number;
  bandLevel: string;
  level: string;
  sections: { id: string; points: number; max: number }[];
  complete: boolean;
}
interface Corpus {
  instrument: string;
  cases: { answers: Answers; score: FrozenScore }[];
}

const instrumentFiles = readdirSync(DIR).filter(
  (f) => /^[a-z0-9-]+@[^/]+\.json$/.test(f) && !f.endsWith('.corpus.json'),
);

/** The new exact figure matches the old one: equal when the old one was a clean decimal, else within a hundredth. */
function expectSameFigure(now: number, then: number, what: string): void {
  if (hasAtMostTwoDecimals(then)) expect(now, what).toBe(then);
  else {
    expect(hasAtMostTwoDecimals(now), `${what} is now an exact decimal`).toBe(true);
    expect(Math.abs(now - then), `${what}: ${now} against the old ${then}`).toBeLessThan(0.01);
  }
}

describe('frozen instrument files', () => {
  it('are the three files published before the model grew', () => {
    expect(instrumentFiles.sort()).toEqual([
      'khao-sat-sinh-hoat@2025.1.json',
      'phieu-cham-sinh-hoat@2025.1.json',
      'tu-danh-gia-dang-vien@2025.1.json',
    ]);
  });

  describe.each(instrumentFiles)('%s', (file) => {
    const instrument = InstrumentSchema.parse(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
    const corpus = JSON.parse(readFileSync(new URL(file.replace(/\.json$/, '.corpus.json'), DIR), 'utf8')) as Corpus;

    it('still loads with the current schema', () => {
      expect(`${instrument.id}@${instrument.version}`).toBe(corpus.instrument);
    });

    it(`scores all ${corpus.cases.length} frozen answers as then (levels identical)`, () => {
      expect(corpus.cases.length).toBeGreaterThanOrEqual(100);
      corpus.cases.forEach(({ answers, score: then }, i) => {
        const now = scoreResponse(instrument, answers);
        const at = `case ${i}`;
        expect(now.level, `${at} level`).toBe(then.level);
        expect(now.bandLevel, `${at} band level`).toBe(then.bandLevel);
        expect(now.complete, `${at} complete`).toBe(then.complete);
        expect(now.max, `${at} max`).toBe(then.max);
        expectSameFigure(now.total, then.total, `${at} total`);
        expect(Math.abs(now.scaled - then.scaled), `${at} scaled`).toBeLessThan(0.01);
        expect(now.sections.map((s) => s.id)).toEqual(then.sections.map((s) => s.id));
        now.sections.forEach((s, k) => {
          const old = then.sections[k]!;
          expect(s.max, `${at} section ${s.id} max`).toBe(old.max);
          expectSameFigure(s.points, old.points, `${at} section ${s.id}`);
        });
      });
    });
  });
});

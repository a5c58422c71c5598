// The collection page's year from monthly sheets (src/islands/collect/cell-history.ts) gives core's
// year rule every counted sheet's own level: with two sheets for one month the lower counts, as
// in `phieu year`, never the level of their mean (which can be the more favourable one).
import { describe, expect, it } from 'vitest';
import {
  scoreResponse,
  writeResponseBundle,
  yearOfMonths,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { addResponse, createCollection } from '../../src/core/cell-collection.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { periodLevels } from '../../src/islands/collect/cell-history.ts';
import { realInstruments } from '../builders.ts';

const sheet = realInstruments().find((i) => i.yearFromMonths !== undefined && i.periods.includes('month'))!;

function monthOf(ins: Instrument, period: string, responses: Response[]) {
  const c = createCollection({ cell: 'CB-0001', instrumentId: ins.id, instrumentVersion: ins.version, period });
  for (const response of responses) {
    const bundle = writeResponseBundle({
      instrument: ins,
      response: { ...response, cell: 'CB-0001' },
      app: 't',
      createdAt: '2026-12-01',
    });
    const added = addResponse(c, { bundle, score: scoreResponse(ins, response.answers), source: '', warnings: [] });
    expect(added.status).toBe('added');
  }
  return c;
}

describe('periodLevels', () => {
  it("gives each counted sheet's level, so the year rule takes the lowest of a month", () => {
    // Two sheets of one month with different levels.
    const candidates = [...generateResponses(sheet, { count: 40, seed: 'two-levels', cells: 1, period: '2026-03' })];
    const levelOf = (r: Response) => scoreResponse(sheet, r.answers).level;
    const a = candidates[0]!;
    const b = candidates.find((r) => levelOf(r) !== levelOf(a))!;
    expect(b, 'two sheets of different levels').toBeDefined();
    const march = monthOf(sheet, '2026-03', [a, b]);
    const entries = periodLevels(march);
    expect(entries.map((e) => e.level).sort()).toEqual([levelOf(a), levelOf(b)].sort());
    const rank = (id: string) => sheet.levels.findIndex((l) => l.id === id);
    const lower = rank(levelOf(a)) > rank(levelOf(b)) ? levelOf(a) : levelOf(b);
    const view = yearOfMonths(sheet, '2026', entries);
    expect(view?.present).toEqual([{ period: '2026-03', level: lower }]);
    expect(view?.repeated).toEqual(['2026-03']);
  });

  it('gives nothing for a month with no sheet (a month missing, not a level)', () => {
    expect(periodLevels(monthOf(sheet, '2026-04', []))).toEqual([]);
  });
});

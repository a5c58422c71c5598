// Synthetic responses: deterministic for a seed, always valid, and realistic: the level shares land
// in the ranges of the domain brief ("Realistic figures for synthetic data") for the two main
// instruments, found by kind (the generator never looks at ids, neither does this test).
import { describe, expect, it } from 'vitest';
import { checkQuota, checkResponse, scoreResponse, type Instrument } from '../../src/core/index.ts';
import { cellCode, createRandom, planCellSizes, synthesizeResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const instruments = realInstruments();

function periodFor(ins: Instrument): string {
  return ins.periods[0] === 'month' ? '2026-03' : ins.periods[0] === 'year' ? '2026' : '2026-Q1';
}

function byKind(kind: Instrument['kind']): Instrument {
  const found = instruments.find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} instrument in src/content/instruments`);
  return found;
}

/** The brief's meeting-score bands (Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50): the survey's scores are held to them, not its own opinion bands. */
const MEETING_BANDS = [
  { id: '≥ 90', min: 90 },
  { id: '70–90', min: 70 },
  { id: '50–70', min: 50 },
  { id: '< 50', min: 0 },
];

/** Share (percent) of each final level (a survey: each meeting-score band) over `count` synthesized responses. */
function levelShares(ins: Instrument, count: number, seed: string): Record<string, number> {
  const responses = synthesizeResponses(ins, { count, seed, cells: Math.round(count / 23), period: periodFor(ins) });
  const bands = ins.kind === 'meeting-survey' ? MEETING_BANDS : ins.levels;
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const s = scoreResponse(ins, r.answers);
    const level = ins.kind === 'meeting-survey' ? (bands.find((b) => s.scaled >= b.min)?.id ?? '') : s.level;
    counts[level] = (counts[level] ?? 0) + 1;
  }
  return Object.fromEntries(bands.map((l) => [l.id, ((counts[l.id] ?? 0) * 100) / responses.length]));
}

// The brief's ranges, by level position (highest first). A sample of 2,000 members in ~87 cells
// moves a share by about a point either way, so the check allows that much beyond the range.
const SLACK = 1;
const RANGES: Record<'self-assessment' | 'meeting-survey', [number, number][]> = {
  // xuất sắc 11–13%, tốt 75–80%, hoàn thành 6–13%, không hoàn thành under 1%.
  'self-assessment': [
    [11, 13],
    [75, 80],
    [6, 13],
    [0, 1],
  ],
  // Scores by the brief's meeting bands: "mostly 80–98", few under 70, (almost) none under 50. The
  // brief's 60–75% Tốt is the secretary's level after the full-marks gate; members' opinions carry
  // no gate (this project's own questionnaire), so more of them reach 90.
  'meeting-survey': [
    [60, 90],
    [10, 35],
    [0, 5],
    [0, 1],
  ],
};

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom('x');
    const b = createRandom('x');
    const c = createRandom('y');
    const sa = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });
});

describe('planCellSizes', () => {
  it('spreads every member over the cells, unevenly, at least 3 a cell when possible', () => {
    const sizes = planCellSizes(46437, 2006, 1);
    expect(sizes).toHaveLength(2006);
    expect(sizes.reduce((s, x) => s + x, 0)).toBe(46437);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeGreaterThan(40);
  });
  it('still adds up with fewer members than cells', () => {
    const sizes = planCellSizes(5, 8, 'k');
    expect(sizes.reduce((s, x) => s + x, 0)).toBe(5);
  });
});

describe('synthesizeResponses', () => {
  it.each(instruments.map((i) => [i.id, i] as const))('%s: deterministic for a seed', (_id, ins) => {
    const options = { count: 40, seed: 'same', cells: 3, period: periodFor(ins) };
    const a = synthesizeResponses(ins, options);
    expect(synthesizeResponses(ins, options)).toEqual(a);
    expect(synthesizeResponses(ins, { ...options, seed: 'other' })).not.toEqual(a);
  });

  it.each(instruments.map((i) => [i.id, i] as const))(
    '%s: every response passes checkResponse and is complete',
    (_id, ins) => {
      const responses = synthesizeResponses(ins, { count: 600, seed: 7, cells: 25, period: periodFor(ins) });
      expect(responses).toHaveLength(600);
      for (const r of responses) {
        expect(checkResponse(ins, r)).toEqual([]);
        const score = scoreResponse(ins, r.answers);
        expect(score.missing).toEqual([]);
        expect(score.invalid).toEqual([]);
        expect(r.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(r.instrument).toEqual({ id: ins.id, version: ins.version });
        if (ins.anonymity === 'named') expect(r.respondent?.name).toMatch(/^\S+ \S+ \S+$/u);
        else expect(r.respondent).toBeUndefined();
      }
      expect(new Set(responses.map((r) => r.id)).size).toBe(600);
      expect(new Set(responses.map((r) => r.cell)).size).toBe(25);
    },
  );

  it('numbers the cells from startId', () => {
    const ins = byKind('meeting-survey');
    const rs = synthesizeResponses(ins, { count: 30, seed: 1, cells: 3, period: '2026-Q1', startId: 8 });
    expect([...new Set(rs.map((r) => r.cell))]).toEqual([cellCode(8), cellCode(9), cellCode(10)]);
    expect(cellCode(8)).toBe('CB-0008');
  });

  it.each(['self-assessment', 'meeting-survey'] as const)(
    '%s: level shares at 2,000 responses are within the brief’s ranges',
    (kind) => {
      const ins = byKind(kind);
      const shares = levelShares(ins, 2000, 'brief');
      console.log(
        `${ins.id}: ${Object.entries(shares)
          .map(([k, v]) => `${k} ${v.toFixed(1)}%`)
          .join(', ')}`,
      );
      RANGES[kind].forEach(([lo, hi], i) => {
        const level = (kind === 'meeting-survey' ? MEETING_BANDS : ins.levels)[i];
        if (!level) return;
        const share = shares[level.id] ?? 0;
        expect(share, `${level.id} ${share.toFixed(1)}% not in ${lo}–${hi}%`).toBeGreaterThanOrEqual(lo - SLACK);
        expect(share, `${level.id} ${share.toFixed(1)}% not in ${lo}–${hi}%`).toBeLessThanOrEqual(hi + SLACK);
      });
    },
  );

  it.each(instruments.filter((i) => i.quota).map((i) => [i.id, i] as const))(
    '%s: cells rate within the quota, but for a few (so the aggregation warning is exercised)',
    (_id, ins) => {
      const rs = synthesizeResponses(ins, { count: 3000, seed: 'quota', cells: 130, period: periodFor(ins) });
      const byCell = new Map<string, Record<string, number>>();
      for (const r of rs) {
        const levels = byCell.get(r.cell) ?? {};
        const level = scoreResponse(ins, r.answers).level;
        levels[level] = (levels[level] ?? 0) + 1;
        byCell.set(r.cell, levels);
      }
      const over = [...byCell.values()].filter((levels) => checkQuota(ins, levels)?.ok === false).length;
      expect(over / byCell.size).toBeLessThan(0.1);
    },
  );

  it('meeting surveys score mostly 80–98 on average per cell', () => {
    const ins = byKind('meeting-survey');
    const rs = synthesizeResponses(ins, { count: 2000, seed: 'brief', cells: 87, period: '2026-Q1' });
    const byCell = new Map<string, number[]>();
    for (const r of rs) byCell.set(r.cell, [...(byCell.get(r.cell) ?? []), scoreResponse(ins, r.answers).scaled]);
    const means = [...byCell.values()].map((v) => v.reduce((s, x) => s + x, 0) / v.length);
    const inRange = means.filter((m) => m >= 80 && m <= 98).length / means.length;
    expect(inRange).toBeGreaterThan(0.6);
  });
});

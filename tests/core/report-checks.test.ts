import { describe, expect, it } from 'vitest';
import {
  buildReport,
  checkReport,
  createUnitTally,
  mergeReports,
  participationOf,
  scoreResponse,
  unitCsvRows,
  type Answers,
  type Report,
  type ReportUnit,
} from '../../src/core/index.ts';
import { choice, instrument, responseFor, section, yesNo } from '../builders.ts';

// q1 60/30/0 and q2 40: totals 0..100.
const survey = instrument({
  id: 'khao-sat',
  sections: [
    section('s1', [
      choice('q1', [
        ['a', 60],
        ['b', 30],
        ['c', 0],
      ]),
    ]),
    section('s2', [yesNo('q2', 40)]),
  ],
});
const answers: Answers[] = [
  { q1: 'a', q2: true },
  { q1: 'b', q2: true },
  { q1: 'c', q2: false },
];

function unitOf(cell: string, list: Answers[] = answers, expected?: number): ReportUnit {
  const tally = createUnitTally(survey, cell, expected);
  list.forEach((a, i) => {
    const r = responseFor(survey, a, { id: `phieu-${cell}-${i}`, cell });
    tally.add(r, scoreResponse(survey, a));
  });
  return tally.unit();
}
const reportOf = (scope: string, units: ReportUnit[]): Report => buildReport(survey, '2026-Q1', scope, units);
const forged = (u: ReportUnit, change: (u: ReportUnit) => void): ReportUnit => {
  const copy = structuredClone(u);
  change(copy);
  return copy;
};

describe('checkReport', () => {
  it('accepts reports the app writes: a cell report, a merged one, an empty one, a suppressed cell', () => {
    expect(checkReport(reportOf('CB-01', [unitOf('CB-01', answers, 5)]), survey)).toBeUndefined();
    expect(checkReport(reportOf('DU-A', [unitOf('CB-01'), unitOf('CB-02')]), survey)).toBeUndefined();
    expect(checkReport(reportOf('CB-01', [unitOf('CB-01', [], 4)]), survey)).toBeUndefined();
    const hidden = reportOf('CB-03', [unitOf('CB-03', answers.slice(0, 1))]);
    expect(hidden.units[0]?.suppressed).toBe(true);
    expect(checkReport(hidden, survey)).toBeUndefined();
  });

  it.each<[string, (u: ReportUnit) => void, string]>([
    [
      'level counts that do not add up to the responses',
      (u) => (u.levels['tot'] = (u.levels['tot'] ?? 0) + 996),
      'units[0].levels',
    ],
    ['a histogram that does not add up', (u) => (u.histogram[0]! += 1), 'units[0].histogram'],
    ['a sum of 1e308', (u) => (u.total = { sum: 1e308, sumSq: 1e308, min: 1e308, max: 1e308 }), 'units[0].total'],
    ['a lowest total above the mean', (u) => (u.total.min = 90), 'units[0].total'],
    ['a mean above the highest', (u) => (u.total.sum = 301), 'units[0].total'],
    ['responses above the expected count', (u) => (u.expected = 2), 'units[0].responses'],
    ['squares that no totals give', (u) => (u.total.sumSq = 1), 'units[0].total.sumSq'],
    ['more gated than responses', (u) => (u.gated = 4), 'units[0].gated'],
    ['section points above their maximum', (u) => (u.sections['s1']!.points = 1000), 'units[0].sections.s1'],
    ['an item answered more often than there are responses', (u) => (u.items['q1']!.answered = 9), 'units[0].items.q1'],
    [
      'a level the instrument does not have',
      (u) => ((u.levels['tot'] = (u.levels['tot'] ?? 0) - 1), (u.levels['gia-mao'] = 1)),
      'units[0].levels.gia-mao',
    ],
    ['a hidden cell still carrying scores', (u) => (u.suppressed = true), 'units[0]'],
  ])('refuses %s, naming where', (_what, change, path) => {
    const r = reportOf('CB-01', [forged(unitOf('CB-01', answers, 10), change)]);
    const p = checkReport(r, survey);
    expect(p?.path).toBe(path);
    expect(p?.message.vi).not.toBe('');
    expect(p?.message.en).not.toBe('');
  });

  it("refuses a cell's report that carries another cell's unit", () => {
    const p = checkReport(
      reportOf('CB-02', [forged(unitOf('CB-01'), (u) => (u.responses = 3)), unitOf('CB-02')]),
      survey,
    );
    expect(p?.path).toBe('units');
    expect(p?.message.en).toContain('CB-01');
  });

  it('refuses a cell twice in one report', () => {
    const r = reportOf('DU-A', [unitOf('CB-01')]);
    r.units.push(unitOf('CB-01'));
    expect(checkReport(r, survey)?.path).toBe('units[1].cell');
  });

  it('bounds totals even without the instrument', () => {
    const r = reportOf('CB-01', [
      forged(unitOf('CB-01'), (u) => (u.total = { sum: 3e300, sumSq: 3e300 ** 2, min: 1e300, max: 1e300 })),
    ]);
    // 1e300² is Infinity: the square check or the scale check refuses it, whichever comes first.
    expect(checkReport(r)).toBeDefined();
  });
});

describe('mergeReports checks and names', () => {
  const own1 = reportOf('CB-01', [unitOf('CB-01', answers, 5)]);
  const own2 = reportOf('CB-02', [unitOf('CB-02', answers.slice(0, 1).concat(answers), 6)]);
  const carrier = reportOf('DU-X', [
    forged(unitOf('CB-01', [...answers, ...answers, ...answers], 20), () => {}),
    unitOf('CB-03'),
  ]);

  it("keeps a cell's own report over one that carries the cell, and names the carrier, in any order", () => {
    for (const order of [
      [own1, own2, carrier],
      [carrier, own2, own1],
    ]) {
      const sources = order.map((r) => (r === own1 ? 'cb-01.json' : r === own2 ? 'cb-02.json' : 'du-x.json'));
      const m = mergeReports(order, { code: 'HUYEN' }, { sources, instrument: survey });
      if (!m.ok) throw new Error(m.conflict.message.en);
      expect(m.report.units.find((u) => u.cell === 'CB-01')?.responses).toBe(3);
      expect(m.duplicates).toEqual(['CB-01']);
      expect(m.conflicts[0]?.culprit).toBe('du-x.json');
      expect(m.conflicts[0]?.kept).toBe('cb-01.json');
      expect(m.conflicts[0]?.message.vi).toContain('du-x.json');
      expect(m.conflicts[0]?.message.en).toMatch(/du-x\.json carries figures for cell CB-01/);
    }
  });

  it('refuses the merge when one report does not hold together, naming its file', () => {
    const bad = reportOf('CB-09', [forged(unitOf('CB-09'), (u) => (u.levels['tot'] = 999))]);
    const m = mergeReports([own1, bad], { code: 'HUYEN' }, { sources: ['a.json', 'gia.json'] });
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.conflict.code).toBe('report-invalid');
    expect(m.conflict.message.en).toContain('gia.json');
  });
});

describe('participationOf', () => {
  it('counts only the units with an expected count, and says how many have none', () => {
    // One cell of three gave its roster (25); the three sent 56 responses in all.
    const p = participationOf([{ responses: 20, expected: 25 }, { responses: 18 }, { responses: 18 }]);
    expect(p).toEqual({
      responses: 20,
      expected: 25,
      share: 0.8,
      units: 1,
      withoutExpected: 2,
      responsesWithoutExpected: 36,
    });
  });

  it('the CSV total row shows participation over the cells with an expected count only', () => {
    const units = [unitOf('CB-01', answers, 4), unitOf('CB-02'), unitOf('CB-03')];
    const rows = unitCsvRows(survey, units, 'en');
    const total = rows.at(-1)!;
    // 9 responses in all; participation 3 / 4 (75 %) over the one cell that gave a roster, not 9 / 4.
    expect(total.slice(0, 4)).toEqual(['Total', '9', '4', '75']);
  });

  it('has no share when no unit gave an expected count', () => {
    const p = participationOf([{ responses: 3 }]);
    expect(p.share).toBeUndefined();
    expect(p.expected).toBeUndefined();
    expect(p.withoutExpected).toBe(1);
  });
});

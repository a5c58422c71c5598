import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_BINS,
  ReportSchema,
  buildReport,
  canonicalize,
  checkQuota,
  createCatalog,
  createUnitTally,
  histogramBin,
  isBreakdownHidden,
  mergeReports,
  readBundle,
  scoreResponse,
  serializeBundle,
  summarizeUnits,
  writeReportFile,
  type Answers,
  type Instrument,
  type Report,
  type ReportUnit,
  type Response,
} from '../../src/core/index.ts';
import {
  choice,
  eq,
  instrument,
  level,
  local,
  number,
  responseFor,
  section,
  selfAssessment,
  text,
  yesNo,
} from '../builders.ts';

// An anonymous survey: q1 (60/30/0) and q2 (40) are scored; n is a count; t is free text.
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
    section('s2', [yesNo('q2', 40), number('n', 0, 100), text('t')]),
  ],
});

function tallyOf(ins: Instrument, cell: string, answersList: Answers[], expected?: number): ReportUnit {
  const tally = createUnitTally(ins, cell, expected);
  answersList.forEach((answers, i) => {
    const r: Response = responseFor(ins, answers, { id: `phieu-${String(i).padStart(4, '0')}`, cell });
    tally.add(r, scoreResponse(ins, answers));
  });
  return tally.unit();
}

const four: Answers[] = [
  { q1: 'a', q2: true, n: 10, t: 'tốt' }, // 100, Tốt
  { q1: 'b', q2: true, n: 20 }, // 70, Khá
  { q1: 'c', q2: false }, // 0, Kém, n missing
  { q1: 'a', q2: false, n: 5 }, // 60, Trung bình
];

describe('createUnitTally', () => {
  const unit = tallyOf(survey, 'CB-01', four, 5);

  it('counts responses, levels and the sums of scaled totals', () => {
    expect(unit.cell).toBe('CB-01');
    expect(unit.responses).toBe(4);
    expect(unit.expected).toBe(5);
    expect(unit.levels).toEqual({ tot: 1, kha: 1, 'trung-binh': 1, kem: 1 });
    expect(unit.total).toEqual({ sum: 230, sumSq: 100 ** 2 + 70 ** 2 + 0 + 60 ** 2, min: 0, max: 100 });
  });

  it('bins totals in ten bins, 100 in the top bin', () => {
    expect(unit.histogram).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 0, 1]);
    expect(unit.histogram).toHaveLength(HISTOGRAM_BINS);
  });

  it('adds up sections and items (values per answer; sums for numbers; no text)', () => {
    expect(unit.sections).toEqual({ s1: { points: 150, max: 240 }, s2: { points: 80, max: 160 } });
    expect(unit.items.q1).toEqual({ answered: 4, na: 0, points: 150, max: 240, values: { a: 2, b: 1, c: 1 } });
    expect(unit.items.q2).toEqual({ answered: 4, na: 0, points: 80, max: 160, values: { true: 2, false: 2 } });
    expect(unit.items.n).toEqual({ answered: 3, na: 0, points: 0, max: 0, sum: 35 });
    expect(unit.items.t).toBeUndefined();
  });

  it('counts incomplete responses and nothing else for an anonymous survey', () => {
    expect(unit.incomplete).toBe(1);
    expect(unit.gated).toBe(0);
    expect(unit.disqualified).toBe(0);
    expect(unit.proposals).toEqual({ same: 0, lower: 0, higher: 0 });
    expect(unit.members).toBeUndefined();
  });

  it('gives a unit the report schema accepts, and no min/max before any response', () => {
    expect(ReportSchema.safeParse(buildReport(survey, '2026-Q1', 'CB-01', [unit])).success).toBe(true);
    const empty = createUnitTally(survey, 'CB-02').unit();
    expect(empty.responses).toBe(0);
    expect(empty.total).toEqual({ sum: 0, sumSq: 0 });
    expect(ReportSchema.safeParse(buildReport(survey, '2026-Q1', 'CB-02', [empty])).success).toBe(true);
  });

  it('counts items that do not apply', () => {
    const cond = instrument({
      sections: [section('s', [yesNo('flag', 0), yesNo('a', 20, { appliesWhen: eq('flag', true) }), yesNo('b', 80)])],
    });
    const u = tallyOf(cond, 'CB-01', [
      { flag: false, a: true, b: true },
      { flag: true, a: true, b: true },
    ]);
    expect(u.items.a).toEqual({ answered: 1, na: 1, points: 20, max: 20, values: { true: 1 } });
  });

  it('counts gated and disqualified responses', () => {
    const gated = instrument({
      sections: [
        section('s', [
          choice('q', [
            ['p95', 95],
            ['p75', 75],
          ]),
          yesNo('g', 0),
          yesNo('kl', 0),
        ]),
      ],
      gates: [{ id: 'g', level: 'tot', requires: eq('g', true), reason: local('g') }],
      disqualifiers: [{ id: 'kl', when: eq('kl', true), level: 'kem', reason: local('kl') }],
    });
    const u = tallyOf(gated, 'CB-01', [
      { q: 'p95', g: false, kl: false },
      { q: 'p95', g: true, kl: true },
      { q: 'p75', g: true, kl: false },
    ]);
    expect(u.gated).toBe(1);
    expect(u.disqualified).toBe(1);
    expect(u.levels).toEqual({ kha: 2, kem: 1 });
  });

  describe('named self-assessments', () => {
    const self = selfAssessment({
      sections: [
        section('a', [
          choice('q1', [
            ['a', 100],
            ['b', 75],
            ['c', 55],
            ['d', 0],
          ]),
        ]),
        section('d', [level('de-xuat')]),
      ],
    });
    const tally = createUnitTally(self, 'CB-01');
    const add = (name: string, answers: Answers, post?: string) =>
      tally.add(
        responseFor(self, answers, { respondent: post ? { name, post } : { name } }),
        scoreResponse(self, answers),
      );
    add('Trần Văn Cường', { q1: 'b', 'de-xuat': 'xuat-sac' }, 'Bí thư');
    add('Lê Thị An', { q1: 'a', 'de-xuat': 'xuat-sac' });
    add('Nguyễn Văn Bình', { q1: 'c', 'de-xuat': 'khong-hoan-thanh' });
    add('Phạm Thị Dung', { q1: 'd' });
    const u = tally.unit();

    it('gives a copy in canonical key order, which sealing shares instead of copying', () => {
      expect(canonicalize(u).value).toBe(u);
      const file = writeReportFile({
        report: buildReport(self, '2026-Q4', 'CB-01', [u]),
        app: 'test',
        createdAt: '2026-12-01T00:00:00Z',
      });
      expect(file.bundle.payload.units[0]).toBe(u);
      expect(file.text).toBe(serializeBundle(file.bundle, { compact: true }));
      const read = readBundle(file.text, { catalog: createCatalog([self]) });
      expect(read.ok && read.kind === 'report' ? read.bundle : read).toEqual(file.bundle);
      // Counting on afterwards does not change the copy already given.
      tally.add(
        responseFor(self, { q1: 'a' }, { respondent: { name: 'Võ Văn Em' } }),
        scoreResponse(self, { q1: 'a' }),
      );
      expect(u.members).toHaveLength(4);
      expect(u.responses).toBe(4);
    });

    it('lists members sorted by name, with total, level, post and proposal', () => {
      expect(u.members).toEqual([
        { name: 'Lê Thị An', total: 100, level: 'xuat-sac', proposed: 'xuat-sac' },
        { name: 'Nguyễn Văn Bình', total: 55, level: 'hoan-thanh', proposed: 'khong-hoan-thanh' },
        { name: 'Phạm Thị Dung', total: 0, level: 'khong-hoan-thanh' },
        { name: 'Trần Văn Cường', post: 'Bí thư', total: 75, level: 'tot', proposed: 'xuat-sac' },
      ]);
    });

    it('counts proposals: same, lower, higher', () => {
      expect(u.proposals).toEqual({ same: 1, lower: 1, higher: 1 });
    });

    it('counts proposed levels as item values', () => {
      expect(u.items['de-xuat']?.values).toEqual({ 'xuat-sac': 2, 'khong-hoan-thanh': 1 });
    });
  });
});

describe('histogramBin', () => {
  it.each([
    [0, 100, 0],
    [9.99, 100, 0],
    [10, 100, 1],
    [49.99, 100, 4],
    [50, 100, 5],
    [89.99, 100, 8],
    [90, 100, 9],
    [99.99, 100, 9],
    [100, 100, 9],
    [-5, 100, 0],
    [105, 100, 9],
    [95, 95, 9],
    [47.5, 95, 5],
  ])('%d of %d → bin %d', (scaled, max, bin) => {
    expect(histogramBin(scaled, max)).toBe(bin);
  });
});

// ---------------------------------------------------------------------------------------------

const PERIOD = '2026-Q1';
const reportOf = (units: ReportUnit[], scope = 'DU-XA', ins: Instrument = survey, period = PERIOD): Report =>
  buildReport(ins, period, scope, units);

describe('mergeReports', () => {
  const cb1 = tallyOf(survey, 'CB-01', four);
  const cb2 = tallyOf(survey, 'CB-02', [{ q1: 'a', q2: true }]);
  const cb3 = tallyOf(survey, 'CB-03', [
    { q1: 'b', q2: false },
    { q1: 'b', q2: true },
  ]);

  it('unites units by cell, sorted by cell, under the new scope', () => {
    const m = mergeReports([reportOf([cb3], 'CB-03'), reportOf([cb1, cb2], 'DU-A')], {
      code: 'HUYEN',
      name: 'Đảng bộ huyện',
    });
    if (!m.ok) throw new Error(m.conflict.message.en);
    expect(m.report.scope).toBe('HUYEN');
    expect(m.report.scopeName).toBe('Đảng bộ huyện');
    expect(m.report.units.map((u) => u.cell)).toEqual(['CB-01', 'CB-02', 'CB-03']);
    expect(m.duplicates).toEqual([]);
    expect(ReportSchema.safeParse(m.report).success).toBe(true);
  });

  it('lists a cell sent twice with different counts, keeping the unit with more responses', () => {
    const fewer = tallyOf(survey, 'CB-01', four.slice(0, 2));
    for (const order of [
      [reportOf([cb1]), reportOf([fewer, cb2])],
      [reportOf([fewer, cb2]), reportOf([cb1])],
    ]) {
      const m = mergeReports(order, { code: 'HUYEN' });
      if (!m.ok) throw new Error('conflict');
      expect(m.duplicates).toEqual(['CB-01']);
      expect(m.report.units.find((u) => u.cell === 'CB-01')).toEqual(cb1);
    }
  });

  it('does not list the same cell tallied twice from the same answers in another order', () => {
    const forward = tallyOf(survey, 'CB-01', four);
    const backward = tallyOf(survey, 'CB-01', [...four].reverse());
    expect(backward).toEqual(forward);
    const m = mergeReports([reportOf([forward]), reportOf([backward])], { code: 'HUYEN' });
    expect(m.ok && m.duplicates).toEqual([]);
  });

  it('counts a report given twice once, and says which copy repeated which', () => {
    const same = reportOf([cb1, cb2], 'DU-A');
    const m = mergeReports(
      [same, reportOf([cb3], 'CB-03'), same],
      { code: 'HUYEN' },
      {
        sources: ['a.json', 'b.json', 'a-copy.json'],
      },
    );
    if (!m.ok) throw new Error(m.conflict.message.en);
    expect(m.report.units.map((u) => [u.cell, u.responses])).toEqual([
      ['CB-01', 4],
      ['CB-02', 1],
      ['CB-03', 2],
    ]);
    expect(m.duplicates).toEqual([]);
    expect(m.copies).toEqual([
      { cell: 'CB-01', kept: 'a.json', copy: 'a-copy.json' },
      { cell: 'CB-02', kept: 'a.json', copy: 'a-copy.json' },
    ]);
  });

  it.each<[string, () => Report, 'instrument' | 'period']>([
    ['another instrument', () => reportOf([], 'CB-09', selfAssessment()), 'instrument'],
    [
      'another version of the instrument',
      () => reportOf([], 'CB-09', instrument({ ...survey, version: '2' })),
      'instrument',
    ],
    ['another period', () => reportOf([], 'CB-09', survey, '2026-Q2'), 'period'],
  ])('refuses %s, naming the conflict in both languages', (_n, other, code) => {
    const m = mergeReports([reportOf([cb1]), other()], { code: 'HUYEN' });
    if (m.ok) throw new Error('expected a conflict');
    expect(m.conflict.code).toBe(code);
    expect(m.conflict.message.vi).toContain('CB-09');
    expect(m.conflict.message.en).toContain('CB-09');
  });

  it('refuses an empty list', () => {
    expect(mergeReports([], { code: 'HUYEN' }).ok).toBe(false);
  });

  describe('laws', () => {
    const cells = ['CB-01', 'CB-02', 'CB-03', 'CB-04'];
    const unitArb: fc.Arbitrary<ReportUnit> = fc
      .record({
        cell: fc.constantFrom(...cells),
        responses: fc.integer({ min: 0, max: 2 }),
        level: fc.constantFrom('tot', 'kha', 'trung-binh', 'kem'),
        bin: fc.integer({ min: 0, max: HISTOGRAM_BINS - 1 }),
      })
      // Honest units (levels and histogram add up to the responses): mergeReports checks them.
      .map(({ cell, responses, level, bin }) => ({
        cell,
        responses,
        total:
          responses > 0 ? { sum: responses * 80, sumSq: responses * 6400, min: 80, max: 80 } : { sum: 0, sumSq: 0 },
        histogram: Array.from({ length: HISTOGRAM_BINS }, (_, i) => (i === bin ? responses : 0)),
        levels: responses > 0 ? { [level]: responses } : {},
        sections: {},
        items: {},
        proposals: { same: 0, lower: 0, higher: 0 },
        gated: 0,
        disqualified: 0,
        incomplete: 0,
      }));
    const reportArb = fc
      .uniqueArray(unitArb, { selector: (u) => u.cell, maxLength: 4 })
      .map((units) => reportOf(units, 'DU-A'));
    const merge = (rs: Report[]) => {
      const m = mergeReports(rs, { code: 'HUYEN' });
      if (!m.ok) throw new Error(m.conflict.message.en);
      return m;
    };
    const empty = reportOf([], 'DU-RONG');

    it('associative', () => {
      fc.assert(
        fc.property(reportArb, reportArb, reportArb, (a, b, c) => {
          const left = merge([merge([a, b]).report, c]).report;
          const right = merge([a, merge([b, c]).report]).report;
          expect(left).toEqual(right);
          expect(merge([a, b, c]).report).toEqual(left);
        }),
        { numRuns: 300 },
      );
    });

    it('commutative (units and duplicates, in any order)', () => {
      fc.assert(
        fc.property(reportArb, reportArb, reportArb, (a, b, c) => {
          const first = merge([a, b, c]);
          for (const order of [
            [a, c, b],
            [b, a, c],
            [b, c, a],
            [c, a, b],
            [c, b, a],
          ]) {
            const m = merge(order);
            expect(m.report).toEqual(first.report);
            expect(m.duplicates).toEqual(first.duplicates);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('the report with no units is the identity', () => {
      fc.assert(
        fc.property(reportArb, (a) => {
          const expected = merge([a]);
          expect(merge([a, empty]).report).toEqual(expected.report);
          expect(merge([empty, a]).report).toEqual(expected.report);
          expect(merge([a, empty]).duplicates).toEqual([]);
          expect(expected.report.units).toEqual(a.units);
        }),
        { numRuns: 200 },
      );
    });

    it('idempotent on identical units', () => {
      fc.assert(
        fc.property(reportArb, (a) => {
          const m = merge([a, a, a]);
          expect(m.report.units).toEqual(a.units);
          expect(m.duplicates).toEqual([]);
        }),
        { numRuns: 200 },
      );
    });
  });
});

describe('summarizeUnits', () => {
  const u1 = tallyOf(survey, 'CB-01', four, 5); // 230 over 4
  const u2 = tallyOf(
    survey,
    'CB-02',
    [
      { q1: 'a', q2: true },
      { q1: 'b', q2: true },
    ],
    3,
  ); // 170 over 2

  it('means are sums over responses: (230 + 170) / 6', () => {
    const s = summarizeUnits(survey, [u1, u2]);
    expect(s.cells).toBe(2);
    expect(s.responses).toBe(6);
    expect(s.expected).toBe(8);
    expect(s.mean).toBe(66.66); // 400 / 6 rounded down to hundredths; banded as the exact fraction
    expect(s.meanLevel).toBe('trung-binh');
    expect(s.levels).toEqual({ tot: 2, kha: 2, 'trung-binh': 1, kem: 1 });
    expect(s.histogram).toEqual([1, 0, 0, 0, 0, 0, 1, 2, 0, 2]);
    expect(s.sections).toEqual([
      { id: 's1', mean: (150 + 90) / 6, max: 60 },
      { id: 's2', mean: (80 + 80) / 6, max: 40 },
    ]);
    // n (a required count) is missing once in CB-01 and in both answers of CB-02.
    expect(s.incomplete).toBe(3);
    expect(s.quota).toBeUndefined();
  });

  it('a mean at 90 is Tốt (half-open), a mean just under is Khá', () => {
    const at90 = tallyOf(survey, 'CB-01', [
      { q1: 'a', q2: true },
      { q1: 'a', q2: true },
      { q1: 'b', q2: true },
      { q1: 'a', q2: true },
    ]);
    // (100 + 100 + 70 + 100) / 4 = 92.5; add one 60 → 430 / 5 = 86
    expect(summarizeUnits(survey, [at90]).meanLevel).toBe('tot');
    expect(summarizeUnits(survey, [at90, tallyOf(survey, 'CB-02', [{ q1: 'a', q2: false }])]).meanLevel).toBe('kha');
  });

  it('of nothing: no mean, section maxima as defined, breakdown hidden', () => {
    const s = summarizeUnits(survey, []);
    expect(s.responses).toBe(0);
    expect(s.mean).toBeUndefined();
    expect(s.meanLevel).toBeUndefined();
    expect(s.expected).toBeUndefined();
    expect(s.sections).toEqual([
      { id: 's1', mean: 0, max: 60 },
      { id: 's2', mean: 0, max: 40 },
    ]);
    expect(s.breakdownHidden).toBe(true);
  });

  it('level sums equal the sums of the units, for any level ids the schema accepts', () => {
    const keys = ['tot', 'kha', 'kem', 'constructor', 'tostring', 'valueof'];
    const unitArb = fc.dictionary(fc.constantFrom(...keys), fc.integer({ min: 0, max: 5 })).map((levels) => ({
      ...tallyOf(survey, 'CB-01', []),
      levels,
    }));
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 4 }), (units) => {
        const s = summarizeUnits(survey, units);
        const expected: Record<string, number> = {};
        for (const u of units)
          for (const [k, v] of Object.entries(u.levels))
            expected[k] = (Object.hasOwn(expected, k) ? (expected[k] ?? 0) : 0) + v;
        expect(s.levels).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ids that are also names of Object.prototype members', () => {
  it('an item with id "constructor" is tallied like any other, and Object is left alone', () => {
    const odd = instrument({ sections: [section('s', [yesNo('constructor', 60), yesNo('q', 40)])] });
    const u = tallyOf(odd, 'CB-01', [{ constructor: true, q: true }]);
    expect(Object.hasOwn(Object, 'points')).toBe(false);
    expect(u.items.q).toEqual({ answered: 1, na: 0, points: 40, max: 40, values: { true: 1 } });
    expect(Object.hasOwn(u.items, 'constructor')).toBe(true);
    expect(u.items.constructor).toEqual({ answered: 1, na: 0, points: 60, max: 60, values: { true: 1 } });
  });
});

describe('checkQuota (xuất sắc at most 20% of those rated tốt)', () => {
  const self = selfAssessment({
    quota: { level: 'xuat-sac', of: ['tot'], maxShare: 0.2, reason: local('Xuất sắc không quá 20% số hoàn thành tốt') },
  });
  it.each<[number, number, number, boolean]>([
    [2, 10, 2, true],
    [3, 10, 2, false],
    [0, 0, 0, true],
    [1, 0, 0, false],
    [1, 4, 0, false],
    [1, 5, 1, true],
    [3, 15, 3, true],
    [7, 35, 7, true],
    [8, 35, 7, false],
  ])('%d xuất sắc with %d tốt: %d allowed, ok=%s', (xs, tot, allowed, ok) => {
    const q = checkQuota(self, { 'xuat-sac': xs, tot, 'hoan-thanh': 3 });
    expect(q).toEqual({
      level: 'xuat-sac',
      count: xs,
      base: tot,
      allowed,
      ok,
      reason: local('Xuất sắc không quá 20% số hoàn thành tốt'),
    });
  });
  it('rounds the product safely: 29% of 100 allows 29', () => {
    const q29 = selfAssessment({ quota: { level: 'xuat-sac', of: ['tot'], maxShare: 0.29, reason: local('q') } });
    expect(checkQuota(q29, { 'xuat-sac': 29, tot: 100 })?.ok).toBe(true);
  });
  it('is undefined for an instrument without a quota', () => {
    expect(checkQuota(survey, { tot: 3 })).toBeUndefined();
  });
  it('summaries carry it', () => {
    const units = [{ ...tallyOf(self, 'CB-01', []), levels: { 'xuat-sac': 3, tot: 10 } }];
    expect(summarizeUnits(self, units).quota?.ok).toBe(false);
  });
});

describe('isBreakdownHidden', () => {
  const five = instrument({ minRespondents: 5 });
  const named = selfAssessment();
  it.each<[string, Instrument, number, boolean]>([
    ['anonymous, default threshold 3: 2 answers', survey, 2, true],
    ['anonymous, default threshold 3: 3 answers', survey, 3, false],
    ['anonymous, threshold 5: 4 answers', five, 4, true],
    ['anonymous, threshold 5: 5 answers', five, 5, false],
    ['anonymous, no answers', survey, 0, true],
    ['named: 1 answer', named, 1, false],
  ])('%s → hidden=%s', (_n, ins, n, hidden) => {
    expect(isBreakdownHidden(ins, n)).toBe(hidden);
  });
});

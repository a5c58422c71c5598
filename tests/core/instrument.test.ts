import { describe, expect, it } from 'vitest';
import {
  InstrumentSchema,
  checkResponse,
  itemMaxPoints,
  scoreResponse,
  type Instrument,
} from '../../src/core/index.ts';
import {
  band,
  choice,
  eq,
  extremeAnswers,
  instrument,
  levels4,
  local,
  number,
  rawInstrument,
  readInstrumentFiles,
  responseFor,
  section,
  yesNo,
} from '../builders.ts';

/** The schema's issues as `path: message` lines. */
function issuesOf(raw: unknown): string[] {
  const parsed = InstrumentSchema.safeParse(raw);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const metric = { id: 'ty-le', label: local('Tỷ lệ'), numerator: [{ item: 'n' }] };

describe('a valid instrument parses', () => {
  it('the builder default', () => {
    expect(issuesOf(rawInstrument())).toEqual([]);
  });
  it('one with every rule (metrics, bands, gates, disqualifiers, quota, year rule)', () => {
    const raw = rawInstrument({
      kind: 'self-assessment',
      metrics: [metric],
      sections: [
        section('a', [
          number('n', 0, 1, { integer: false }),
          band('b', 'ty-le', {
            steps: [
              [0.5, 10],
              [0, 0],
            ],
          }),
        ]),
        section('c', [
          choice(
            'q',
            [
              ['a', 90],
              ['b', 0],
            ],
            { appliesWhen: { op: 'gte', metric: 'ty-le', value: 0 } },
          ),
        ]),
      ],
      gates: [{ id: 'g', level: 'tot', requires: { op: 'full-marks', items: ['b'] }, reason: local('g') }],
      disqualifiers: [{ id: 'd', when: eq('q', 'b'), level: 'kem', reason: local('d') }],
      quota: { level: 'tot', of: ['kha'], maxShare: 0.2, reason: local('hạn mức') },
      yearFromMonths: {
        rules: [{ level: 'tot', allAtLeast: 'kha', count: 7, countLevel: 'tot' }],
        otherwise: 'kha',
        months: 12,
      },
    });
    expect(issuesOf(raw)).toEqual([]);
  });
});

describe('a broken instrument fails with the path named', () => {
  const twoSections = (items1: Parameters<typeof section>[1], items2: Parameters<typeof section>[1]) => [
    section('s1', items1),
    section('s2', items2),
  ];
  it.each<{ name: string; raw: Instrument; path: string; message: RegExp }>([
    {
      name: 'duplicate item ids (across sections)',
      raw: rawInstrument({ sections: twoSections([yesNo('q', 50)], [yesNo('q', 50)]) }),
      path: 'sections.1.items.0.id',
      message: /duplicate item id "q"/,
    },
    {
      name: 'duplicate section ids',
      raw: rawInstrument({ sections: [section('s', [yesNo('a', 50)]), section('s', [yesNo('b', 50)])] }),
      path: 'sections.1.id',
      message: /duplicate section id/,
    },
    {
      name: 'a section whose items do not add up to its max',
      raw: rawInstrument({
        sections: [section('s1', [yesNo('a', 40)], { max: 50 }), section('s2', [yesNo('b', 50)])],
        maxScore: 100,
      }),
      path: 'sections.0.max',
      message: /40 points but the section's max is 50/,
    },
    {
      name: 'sections that do not add up to maxScore',
      raw: rawInstrument({ sections: [section('s1', [yesNo('a', 40)])], maxScore: 100 }),
      path: 'maxScore',
      message: /40 points but maxScore is 100/,
    },
    {
      name: 'an unknown item in appliesWhen',
      raw: rawInstrument({ sections: [section('s', [yesNo('a', 100, { appliesWhen: eq('khong-co', true) })])] }),
      path: 'sections.0.items.0.appliesWhen',
      message: /unknown item "khong-co"/,
    },
    {
      name: 'an unknown item nested in a gate condition',
      raw: rawInstrument({
        sections: [section('s', [yesNo('a', 100)])],
        gates: [
          {
            id: 'g',
            level: 'tot',
            requires: { op: 'all', of: [eq('a', true), { op: 'not', cond: { op: 'answered', item: 'ma' } }] },
            reason: local('g'),
          },
        ],
      }),
      path: 'gates.0.requires',
      message: /unknown item "ma"/,
    },
    {
      name: 'an unknown item in a full-marks condition of a disqualifier',
      raw: rawInstrument({
        sections: [section('s', [yesNo('a', 100)])],
        disqualifiers: [{ id: 'd', when: { op: 'full-marks', items: ['a', 'b'] }, level: 'kem', reason: local('d') }],
      }),
      path: 'disqualifiers.0.when',
      message: /unknown item "b"/,
    },
    {
      name: 'an unknown metric in a band',
      raw: rawInstrument({
        metrics: [metric],
        sections: [section('s', [number('n'), band('b', 'khong-co', { steps: [[0, 100]] })])],
      }),
      path: 'sections.0.items.1.metric',
      message: /unknown metric "khong-co"/,
    },
    {
      name: 'an unknown metric in a condition',
      raw: rawInstrument({
        sections: [section('s', [yesNo('a', 100, { fullMarksWhen: { op: 'gt', metric: 'ma', value: 1 } })])],
      }),
      path: 'sections.0.items.0.fullMarksWhen',
      message: /unknown metric "ma"/,
    },
    {
      name: 'a metric over an item that is not a number',
      raw: rawInstrument({
        metrics: [{ id: 'm', label: local('m'), numerator: [{ item: 'a' }] }],
        sections: [section('s', [yesNo('a', 100)])],
      }),
      path: 'metrics.0',
      message: /not a number item/,
    },
    {
      name: 'a band with both steps and linear',
      raw: rawInstrument({
        metrics: [metric],
        sections: [
          section('s', [
            number('n'),
            band('b', 'ty-le', { linear: { points: 100, full: 1 } }, { steps: [{ min: 0, points: 100 }] }),
          ]),
        ],
      }),
      path: 'sections.0.items.1',
      message: /either steps or linear/,
    },
    {
      name: 'band steps not highest first',
      raw: rawInstrument({
        metrics: [metric],
        sections: [
          section('s', [
            number('n'),
            band('b', 'ty-le', {
              steps: [
                [0, 0],
                [0.5, 100],
              ],
            }),
          ]),
        ],
      }),
      path: 'sections.0.items.1.steps',
      message: /highest min first/,
    },
    {
      name: 'levels not descending',
      raw: rawInstrument({
        levels: [
          { id: 'tot', label: local('Tốt'), min: 90 },
          { id: 'trung-binh', label: local('Trung bình'), min: 50 },
          { id: 'kha', label: local('Khá'), min: 70 },
          { id: 'kem', label: local('Kém'), min: 0 },
        ],
      }),
      path: 'levels.2.min',
      message: /highest min first/,
    },
    {
      name: 'the last level not starting at 0',
      raw: rawInstrument({ levels: levels4().map((l) => (l.id === 'kem' ? { ...l, min: 10 } : l)) }),
      path: 'levels.3.min',
      message: /last level must start at 0/,
    },
    {
      name: 'a gate on an unknown level',
      raw: rawInstrument({ gates: [{ id: 'g', level: 'gioi', requires: eq('q1', 'a'), reason: local('g') }] }),
      path: 'gates.0.level',
      message: /unknown level "gioi"/,
    },
    {
      name: 'a gate on the lowest level',
      raw: rawInstrument({ gates: [{ id: 'g', level: 'kem', requires: eq('q1', 'a'), reason: local('g') }] }),
      path: 'gates.0.level',
      message: /lowest level cannot have a gate/,
    },
    {
      name: 'a disqualifier to an unknown level',
      raw: rawInstrument({ disqualifiers: [{ id: 'd', when: eq('q1', 'c'), level: 'yeu', reason: local('d') }] }),
      path: 'disqualifiers.0.level',
      message: /unknown level "yeu"/,
    },
    {
      name: 'a quota with an unknown level',
      raw: rawInstrument({ quota: { level: 'xuat-sac', of: ['tot'], maxShare: 0.2, reason: local('q') } }),
      path: 'quota',
      message: /unknown level "xuat-sac"/,
    },
    {
      name: 'a quota whose base names an unknown level',
      raw: rawInstrument({ quota: { level: 'tot', of: ['kha', 'gioi'], maxShare: 0.2, reason: local('q') } }),
      path: 'quota',
      message: /unknown level "gioi"/,
    },
    {
      name: 'a year rule with count but no countLevel',
      raw: rawInstrument({ yearFromMonths: { rules: [{ level: 'tot', count: 7 }], otherwise: 'kha', months: 12 } }),
      path: 'yearFromMonths.rules.0',
      message: /count and countLevel go together/,
    },
    {
      name: 'duplicate option ids of a choice',
      raw: rawInstrument({
        sections: [
          section('s', [
            choice('q', [
              ['a', 100],
              ['a', 0],
            ]),
          ]),
        ],
      }),
      path: 'sections.0.items.0.options',
      message: /option ids must be unique/,
    },
    {
      name: 'a proposed-level item outside a self-assessment',
      raw: rawInstrument({
        sections: [section('s', [yesNo('a', 100), { id: 'de-xuat', type: 'level', label: local('Đề xuất') }])],
      }),
      path: 'sections.0.items.1.type',
      message: /only a self-assessment/,
    },
  ])('$name', ({ raw, path, message }) => {
    const issues = issuesOf(raw);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.startsWith(`${path}: `) && message.test(i))).toBe(true);
  });

  it('refuses an id with capitals or spaces, naming the field', () => {
    const issues = issuesOf(rawInstrument({ sections: [section('s', [yesNo('Câu 1', 100)])] }));
    expect(issues.some((i) => i.startsWith('sections.0.items.0.id: '))).toBe(true);
  });

  it('refuses an unknown field (a typo must not pass silently)', () => {
    const raw = { ...rawInstrument(), maxScrore: 100 };
    expect(issuesOf(raw).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The instruments the site ships.

const EXPECTED_IDS = ['khao-sat-sinh-hoat', 'tu-danh-gia-dang-vien', 'phieu-cham-sinh-hoat'];
const files = readInstrumentFiles();

describe('the shipped instruments (src/content/instruments)', () => {
  it('include at least the three instruments of the domain brief', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.map((f) => f.file.replace(/\.json$/, ''))).toEqual(expect.arrayContaining(EXPECTED_IDS));
  });

  describe.each(files.map((f) => ({ file: f.file, json: f.json })))('$file', ({ file, json }) => {
    const parsed = InstrumentSchema.safeParse(json);
    it('parses, with an id equal to its file name', () => {
      expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
      expect(parsed.data?.id).toBe(file.replace(/\.json$/, ''));
    });

    it('its best answers score maxScore at the top level, complete, and fit the instrument', () => {
      const ins = InstrumentSchema.parse(json);
      const answers = extremeAnswers(ins, 'best');
      const s = scoreResponse(ins, answers);
      expect(s.scaled).toBe(ins.maxScore);
      expect(s.level).toBe(ins.levels[0]?.id);
      expect(s.complete).toBe(true);
      expect(s.gates).toEqual([]);
      expect(s.disqualifiers).toEqual([]);
      expect(checkResponse(ins, responseFor(ins, answers))).toEqual([]);
    });

    it('its worst answers reach the lowest level, complete', () => {
      const ins = InstrumentSchema.parse(json);
      const s = scoreResponse(ins, extremeAnswers(ins, 'worst'));
      expect(s.level).toBe(ins.levels.at(-1)?.id);
      expect(s.complete).toBe(true);
    });

    it('carries its legal basis and the date it is in force, out of 100; a sheet or a rating bands at 90/70/50/0, the survey on its own labelled bands with no gate', () => {
      const ins = InstrumentSchema.parse(json);
      expect(ins.legalBasis.length).toBeGreaterThan(0);
      expect(ins.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(ins.maxScore).toBe(100);
      if (ins.kind === 'meeting-survey') {
        // Members' opinions are not the cell's meeting level: no secretary's bands, no gate.
        expect(ins.levels.map((l) => l.min)).not.toEqual([90, 70, 50, 0]);
        expect(ins.levels.every((l) => /local choice/.test(l.source ?? ''))).toBe(true);
        expect(ins.gates ?? []).toEqual([]);
        expect(ins.resultLabel?.vi).toMatch(/ý kiến/i);
      } else expect(ins.levels.map((l) => l.min)).toEqual([90, 70, 50, 0]);
    });

    it('says where each number comes from: the instrument, every section with points, scored item, level, metric, rule and quota', () => {
      const ins = InstrumentSchema.parse(json);
      const unsourced: string[] = [];
      const need = (what: string, source: string | undefined) => {
        if (!source || !/\[(seen|secondary|inferred)\]|local choice|own/.test(source)) unsourced.push(what);
      };
      need('instrument', ins.source);
      for (const section of ins.sections) {
        if (section.max > 0) need(`section ${section.id}`, section.source);
        for (const item of section.items) if (itemMaxPoints(item) > 0) need(`item ${item.id}`, item.source);
        for (const cap of section.caps ?? []) need(`cap ${cap.id}`, cap.source);
      }
      for (const l of ins.levels) need(`level ${l.id}`, l.source);
      for (const m of ins.metrics ?? [])
        if (m.cases || m.numerator.some((t) => t.constant !== undefined)) need(`metric ${m.id}`, m.source);
      for (const g of ins.gates ?? []) need(`gate ${g.id}`, g.source);
      for (const d of ins.disqualifiers ?? []) need(`disqualifier ${d.id}`, d.source);
      for (const c of ins.checks ?? []) need(`check ${c.id}`, c.source);
      if (ins.quota) need('quota', ins.quota.source);
      if (ins.adoption) need('adoption', ins.adoption.source);
      expect(unsourced).toEqual([]);
    });
  });

  it('a self-assessment is named; the meeting survey is anonymous (the domain brief)', () => {
    const byId = new Map(
      files.map((f) => {
        const ins = InstrumentSchema.parse(f.json);
        return [ins.id, ins] as const;
      }),
    );
    expect(byId.get('khao-sat-sinh-hoat')?.anonymity).toBe('anonymous');
    expect(byId.get('tu-danh-gia-dang-vien')?.anonymity).toBe('named');
  });
});

it('the builder instrument() refuses what the schema refuses', () => {
  expect(() => instrument({ maxScore: 99 })).toThrow(/maxScore/);
});

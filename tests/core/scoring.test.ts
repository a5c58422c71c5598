import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  InstrumentSchema,
  levelRank,
  scoreResponse,
  type Answers,
  type AnswerValue,
  type Condition,
  type Disqualifier,
  type Gate,
  type Instrument,
  type Item,
  type Level,
  type Score,
} from '../../src/core/index.ts';
import {
  band,
  bonus,
  choice,
  eq,
  instrument,
  level,
  levels4,
  local,
  number,
  rating,
  rawInstrument,
  responseFor,
  section,
  selfAssessment,
  text,
  yesNo,
} from '../builders.ts';
import { sumDecimals } from '../../src/core/decimal.ts';

const itemScore = (s: Score, id: string) => {
  const found = s.items.find((i) => i.id === id);
  if (!found) throw new Error(`no score for item ${id}`);
  return found;
};

describe('bands are half-open and the raw sum is never rounded', () => {
  // One choice whose options are worth exactly the totals to test (section max = 100).
  const ins = instrument({
    sections: [
      section('s', [
        choice('q', [
          ['p100', 100],
          ['p90', 90],
          ['p89-99', 89.99],
          ['p70', 70],
          ['p69-99', 69.99],
          ['p50', 50],
          ['p49-99', 49.99],
          ['p0-01', 0.01],
          ['p0', 0],
        ]),
      ]),
    ],
  });
  it.each([
    { answer: 'p100', total: 100, level: 'tot' },
    { answer: 'p90', total: 90, level: 'tot' },
    { answer: 'p89-99', total: 89.99, level: 'kha' },
    { answer: 'p70', total: 70, level: 'kha' },
    { answer: 'p69-99', total: 69.99, level: 'trung-binh' },
    { answer: 'p50', total: 50, level: 'trung-binh' },
    { answer: 'p49-99', total: 49.99, level: 'kem' },
    { answer: 'p0-01', total: 0.01, level: 'kem' },
    { answer: 'p0', total: 0, level: 'kem' },
  ])('a total of $total is $level', ({ answer, total, level: expected }) => {
    const s = scoreResponse(ins, { q: answer });
    expect(s.total).toBe(total);
    expect(s.scaled).toBe(total);
    expect(s.bandLevel).toBe(expected);
    expect(s.level).toBe(expected);
  });

  it('adds decimal points exactly: 13 + 17.4 + 41.3 + 18.3 is 90, Tốt (floats give 89.99999999999999)', () => {
    expect(13 + 17.4 + 41.3 + 18.3).toBeLessThan(90); // the float error this guards against
    const four = instrument({
      sections: [
        section('a', [
          choice('a', [
            ['hi', 13],
            ['lo', 0],
          ]),
        ]),
        section('b', [
          choice('b', [
            ['hi', 17.4],
            ['lo', 0],
          ]),
        ]),
        section('c', [
          choice('c', [
            ['hi', 41.3],
            ['lo', 0],
          ]),
        ]),
        section('d', [
          choice('d', [
            ['hi', 18.3],
            ['lo', 0],
          ]),
          choice('e', [
            ['hi', 10],
            ['lo', 0],
          ]),
        ]),
      ],
    });
    const s = scoreResponse(four, { a: 'hi', b: 'hi', c: 'hi', d: 'hi', e: 'lo' });
    expect(s.total).toBe(90);
    expect(s.scaled).toBe(90);
    expect(s.sections.map((x) => x.points)).toEqual([13, 17.4, 41.3, 18.3]);
    expect(s.level).toBe('tot');
  });

  it('89.5 stays Khá, and a total one hundredth under an edge stays under it', () => {
    const two = instrument({
      sections: [
        section('a', [
          choice('x', [
            ['hi', 45],
            ['lo', 44.5],
            ['lower', 44.99],
          ]),
        ]),
        section('b', [
          choice('y', [
            ['hi', 55],
            ['mid', 45],
            ['lo', 0],
          ]),
        ]),
      ],
    });
    expect(scoreResponse(two, { x: 'lo', y: 'mid' })).toMatchObject({ total: 89.5, level: 'kha' });
    expect(scoreResponse(two, { x: 'lower', y: 'mid' })).toMatchObject({ total: 89.99, level: 'kha' });
    expect(scoreResponse(two, { x: 'hi', y: 'mid' })).toMatchObject({ total: 90, level: 'tot' });
  });

  it('bands the scaled total exactly when items are excluded (0.99 of 1.1 is exactly 90 of 100)', () => {
    expect((0.99 * 100) / 1.1).toBeLessThan(90); // what dividing first in floats would band
    const ins = instrument({
      sections: [
        section('a', [
          choice('x', [
            ['hi', 1.1],
            ['mid', 0.99],
            ['lo', 0],
          ]),
        ]),
        section('b', [yesNo('y', 98.9, { naChoosable: true })]),
      ],
    });
    const s = scoreResponse(ins, { x: 'mid', y: { na: true } });
    expect(s).toMatchObject({ total: 0.99, max: 1.1, scaled: 90, bandLevel: 'tot', level: 'tot' });
    const below = scoreResponse(ins, { x: 'lo', y: { na: true } });
    expect(below.level).toBe('kem');
  });

  it('refuses points with more than two decimals in an instrument, naming the field', () => {
    const bad = InstrumentSchema.safeParse(
      rawInstrument({
        sections: [
          section('s', [
            choice('q', [
              ['a', 99.995],
              ['b', 0.005],
            ]),
          ]),
        ],
        maxScore: 100,
      }),
    );
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(
      'sections.0.items.0.options.0.points: points have at most two decimals (e.g. 17.4 or 0.25)',
    );
  });
});

describe('scores per item kind', () => {
  const ins = instrument({
    sections: [
      section('s', [
        yesNo('yn', 10, { noPoints: 3 }),
        choice('ch', [
          ['a', 20],
          ['b', 12.5],
          ['c', 0],
        ]),
        rating('rt', [0, 5, 10, 15, 20]),
        number('n', 0, 100),
        text('t'),
        bonus('bo', 4),
      ]),
      section('rest', [
        choice('r', [
          ['full', 50],
          ['none', 0],
        ]),
      ]),
    ],
  });
  it.each<{ item: string; answer: AnswerValue; points: number }>([
    { item: 'yn', answer: true, points: 10 },
    { item: 'yn', answer: false, points: 3 },
    { item: 'ch', answer: 'a', points: 20 },
    { item: 'ch', answer: 'b', points: 12.5 },
    { item: 'ch', answer: 'c', points: 0 },
    { item: 'rt', answer: 1, points: 0 },
    { item: 'rt', answer: 4, points: 15 },
    { item: 'rt', answer: 5, points: 20 },
    { item: 'n', answer: 42, points: 0 },
    { item: 't', answer: 'Ý kiến góp ý', points: 0 },
    { item: 'bo', answer: true, points: 4 },
    { item: 'bo', answer: false, points: 0 },
  ])('$item answered $answer earns $points', ({ item, answer, points }) => {
    const s = scoreResponse(ins, { [item]: answer });
    const is = itemScore(s, item);
    expect(is.status).toBe('answered');
    expect(is.points).toBe(points);
  });

  it('counts number, text and bonus items toward no maximum', () => {
    const s = scoreResponse(ins, {});
    expect(itemScore(s, 'n').max).toBe(0);
    expect(itemScore(s, 't').max).toBe(0);
    expect(itemScore(s, 'bo').max).toBe(0);
    expect(itemScore(s, 'yn').max).toBe(10);
    expect(itemScore(s, 'rt').max).toBe(20);
    expect(s.max).toBe(100);
  });
});

describe('answers that do not fit their item are invalid (0 points, form not complete)', () => {
  const ins = selfAssessment({
    sections: [
      section('a', [
        yesNo('yn', 10),
        choice('ch', [
          ['a', 10],
          ['b', 0],
        ]),
        rating('rt', [0, 10]),
        number('n', 0, 100),
        text('t', { maxLength: 10 }),
        bonus('bo', 5),
        choice('rest', [
          ['full', 70],
          ['none', 0],
        ]),
      ]),
      section('d', [level('de-xuat')]),
    ],
  });
  const good: Answers = { yn: true, ch: 'a', rt: 2, n: 5, t: 'ngắn', bo: true, rest: 'full', 'de-xuat': 'xuat-sac' };
  it('the good answers are complete and fit (the control case)', () => {
    const s = scoreResponse(ins, good);
    expect(s.invalid).toEqual([]);
    expect(s.complete).toBe(true);
    expect(checkResponse(ins, responseFor(ins, good))).toEqual([]);
  });
  it.each<{ why: string; item: string; answer: AnswerValue }>([
    { why: 'a string for yes/no', item: 'yn', answer: 'yes' },
    { why: 'a number for yes/no', item: 'yn', answer: 1 },
    { why: 'an unknown option', item: 'ch', answer: 'z' },
    { why: 'a boolean for a choice', item: 'ch', answer: true },
    { why: 'a value that is no step of the scale', item: 'rt', answer: 3 },
    { why: 'a number above the maximum', item: 'n', answer: 101 },
    { why: 'a number below the minimum', item: 'n', answer: -1 },
    { why: 'a fraction for a whole-number item', item: 'n', answer: 2.5 },
    { why: 'a string for a number', item: 'n', answer: '5' },
    { why: 'text longer than its maxLength', item: 't', answer: 'quá dài so với giới hạn' },
    { why: 'a number for text', item: 't', answer: 7 },
    { why: 'a string for a bonus', item: 'bo', answer: 'có' },
    { why: 'a proposed level that is not a level of the instrument', item: 'de-xuat', answer: 'gioi' },
    { why: '"does not apply" on an item that does not allow it', item: 'yn', answer: { na: true } },
  ])('$why', ({ item, answer }) => {
    const answers = { ...good, [item]: answer };
    const s = scoreResponse(ins, answers);
    expect(itemScore(s, item).status).toBe('invalid');
    expect(itemScore(s, item).points).toBe(0);
    expect(s.invalid).toEqual([item]);
    expect(s.complete).toBe(false);
    // The form and the importer agree on what does not fit.
    expect(checkResponse(ins, responseFor(ins, answers)).map((i) => i.item)).toEqual([item]);
  });
});

describe('gates only lower a level, one step per failing gate, and may cascade', () => {
  const ins = instrument({
    sections: [
      section('s', [
        choice('q', [
          ['p100', 100],
          ['p95', 95],
          ['p75', 75],
          ['p55', 55],
          ['p30', 30],
        ]),
        yesNo('g-tot', 0),
        yesNo('g-kha', 0),
        yesNo('g-tb', 0),
      ]),
    ],
    gates: [
      { id: 'gate-tot', level: 'tot', requires: eq('g-tot', true), reason: local('Tốt cần g-tot') },
      { id: 'gate-kha', level: 'kha', requires: eq('g-kha', true), reason: local('Khá cần g-kha') },
      { id: 'gate-tb', level: 'trung-binh', requires: eq('g-tb', true), reason: local('TB cần g-tb') },
    ],
  });
  it.each<{ q: string; tot: boolean; kha: boolean; tb: boolean; band: string; level: string; steps: string[] }>([
    { q: 'p95', tot: true, kha: true, tb: true, band: 'tot', level: 'tot', steps: [] },
    { q: 'p95', tot: true, kha: false, tb: false, band: 'tot', level: 'tot', steps: [] },
    { q: 'p95', tot: false, kha: true, tb: true, band: 'tot', level: 'kha', steps: ['tot→kha'] },
    {
      q: 'p95',
      tot: false,
      kha: false,
      tb: true,
      band: 'tot',
      level: 'trung-binh',
      steps: ['tot→kha', 'kha→trung-binh'],
    },
    {
      q: 'p95',
      tot: false,
      kha: false,
      tb: false,
      band: 'tot',
      level: 'kem',
      steps: ['tot→kha', 'kha→trung-binh', 'trung-binh→kem'],
    },
    { q: 'p75', tot: false, kha: true, tb: false, band: 'kha', level: 'kha', steps: [] },
    { q: 'p75', tot: true, kha: false, tb: true, band: 'kha', level: 'trung-binh', steps: ['kha→trung-binh'] },
    { q: 'p55', tot: false, kha: false, tb: true, band: 'trung-binh', level: 'trung-binh', steps: [] },
    { q: 'p30', tot: false, kha: false, tb: false, band: 'kem', level: 'kem', steps: [] },
  ])(
    '$q with gates tot=$tot kha=$kha tb=$tb → $level',
    ({ q, tot, kha, tb, band: bandLevel, level: expected, steps }) => {
      const s = scoreResponse(ins, { q, 'g-tot': tot, 'g-kha': kha, 'g-tb': tb });
      expect(s.bandLevel).toBe(bandLevel);
      expect(s.level).toBe(expected);
      expect(s.gates.map((g) => `${g.from}→${g.to}`)).toEqual(steps);
    },
  );

  it('gives the gate and its reason when it lowers', () => {
    const s = scoreResponse(ins, { q: 'p100', 'g-tot': false, 'g-kha': true, 'g-tb': true });
    expect(s.gates).toEqual([{ id: 'gate-tot', from: 'tot', to: 'kha', reason: local('Tốt cần g-tot') }]);
  });

  describe('the full-marks gate of the domain (a score ≥ 90 that misses one is Khá)', () => {
    const sheet = instrument({
      sections: [
        section('tl', [yesNo('duration', 5)]),
        section('ds', [yesNo('attendance', 5, { appliesWhen: eq('held', true) })]),
        section('rest', [
          choice('rest', [
            ['full', 90],
            ['less', 85],
            ['low', 60],
          ]),
          yesNo('held', 0),
        ]),
      ],
      gates: [
        {
          id: 'tot-du-diem',
          level: 'tot',
          requires: { op: 'full-marks', items: ['duration', 'attendance'] },
          reason: local('Tốt cần đủ điểm thời lượng và số dự'),
        },
      ],
    });
    it.each<{ name: string; answers: Answers; total: number; level: string }>([
      {
        name: 'all full',
        answers: { duration: true, attendance: true, held: true, rest: 'full' },
        total: 100,
        level: 'tot',
      },
      {
        name: 'duration missed',
        answers: { duration: false, attendance: true, held: true, rest: 'full' },
        total: 95,
        level: 'kha',
      },
      { name: 'attendance unanswered', answers: { duration: true, held: true, rest: 'full' }, total: 95, level: 'kha' },
      {
        name: 'attendance excluded as not applicable',
        answers: { duration: true, held: false, rest: 'full' },
        total: 95,
        level: 'tot',
      },
      {
        name: 'below 90 anyway',
        answers: { duration: false, attendance: true, held: true, rest: 'low' },
        total: 65,
        level: 'trung-binh',
      },
    ])('$name → $level', ({ answers, total, level: expected }) => {
      const s = scoreResponse(sheet, answers);
      expect(s.total).toBe(total);
      expect(s.level).toBe(expected);
    });
  });
});

describe('disqualifiers force a level but never raise one', () => {
  const build = (dqs: Disqualifier[], gates: Gate[] = []) =>
    instrument({
      sections: [
        section('s', [
          choice('q', [
            ['p95', 95],
            ['p75', 75],
            ['p55', 55],
            ['p30', 30],
          ]),
          yesNo('ky-luat', 0),
          yesNo('suy-thoai', 0),
          yesNo('g', 0),
        ]),
      ],
      disqualifiers: dqs,
      gates,
    });
  const kyLuat: Disqualifier = {
    id: 'ky-luat',
    when: eq('ky-luat', true),
    level: 'trung-binh',
    reason: local('Bị kỷ luật'),
  };
  const suyThoai: Disqualifier = {
    id: 'suy-thoai',
    when: eq('suy-thoai', true),
    level: 'kha',
    reason: local('Suy thoái'),
  };
  const ins = build([kyLuat, suyThoai]);
  const reversed = build([suyThoai, kyLuat]);
  it.each<{ q: string; kl: boolean; st: boolean; level: string }>([
    { q: 'p95', kl: false, st: false, level: 'tot' },
    { q: 'p95', kl: true, st: false, level: 'trung-binh' },
    { q: 'p95', kl: false, st: true, level: 'kha' },
    { q: 'p95', kl: true, st: true, level: 'trung-binh' },
    { q: 'p75', kl: false, st: true, level: 'kha' },
    { q: 'p55', kl: false, st: true, level: 'trung-binh' },
    { q: 'p55', kl: true, st: true, level: 'trung-binh' },
    { q: 'p30', kl: true, st: true, level: 'kem' },
  ])('$q, kỷ luật=$kl, suy thoái=$st → $level (in either order)', ({ q, kl, st, level: expected }) => {
    const answers = { q, 'ky-luat': kl, 'suy-thoai': st };
    expect(scoreResponse(ins, answers).level).toBe(expected);
    expect(scoreResponse(reversed, answers).level).toBe(expected);
  });

  it('names the disqualifier that forced the level, with its reason, and keeps the band level', () => {
    const s = scoreResponse(ins, { q: 'p95', 'ky-luat': true, 'suy-thoai': false });
    expect(s.bandLevel).toBe('tot');
    expect(s.disqualifiers).toEqual([{ id: 'ky-luat', level: 'trung-binh', reason: local('Bị kỷ luật') }]);
  });

  it('applies after gates: the lower of the two wins', () => {
    const gated = build([suyThoai], [{ id: 'g', level: 'tot', requires: eq('g', true), reason: local('g') }]);
    // gate: tot → kha; disqualifier to kha changes nothing more
    expect(scoreResponse(gated, { q: 'p95', g: false, 'suy-thoai': true }).level).toBe('kha');
    const gatedLow = build([kyLuat], [{ id: 'g', level: 'tot', requires: eq('g', true), reason: local('g') }]);
    expect(scoreResponse(gatedLow, { q: 'p95', g: false, 'ky-luat': true }).level).toBe('trung-binh');
  });

  it('does nothing when its condition is unanswered', () => {
    expect(scoreResponse(ins, { q: 'p95' }).level).toBe('tot');
    expect(scoreResponse(ins, { q: 'p95' }).disqualifiers).toEqual([]);
  });
});

describe('items that do not apply', () => {
  // a: 20 points, only when the flag is yes; b: a choice worth up to 80.
  const build = (naPolicy: 'exclude' | 'full-marks' | 'zero' | undefined, naChoosable = false) =>
    instrument({
      sections: [
        section('s', [
          yesNo('flag', 0),
          yesNo('a', 20, {
            appliesWhen: eq('flag', true),
            ...(naPolicy ? { naPolicy } : {}),
            ...(naChoosable ? { naChoosable } : {}),
          }),
          choice('b', [
            ['full', 80],
            ['part', 60],
            ['none', 0],
          ]),
        ]),
      ],
    });

  describe.each<{
    policy: 'exclude' | 'full-marks' | 'zero' | undefined;
    b: string;
    total: number;
    max: number;
    scaled: number;
    level: string;
  }>([
    { policy: undefined, b: 'full', total: 80, max: 80, scaled: 100, level: 'tot' },
    { policy: 'exclude', b: 'full', total: 80, max: 80, scaled: 100, level: 'tot' },
    { policy: 'exclude', b: 'part', total: 60, max: 80, scaled: 75, level: 'kha' },
    { policy: 'full-marks', b: 'full', total: 100, max: 100, scaled: 100, level: 'tot' },
    { policy: 'full-marks', b: 'part', total: 80, max: 100, scaled: 80, level: 'kha' },
    { policy: 'zero', b: 'full', total: 80, max: 100, scaled: 80, level: 'kha' },
    { policy: 'zero', b: 'none', total: 0, max: 100, scaled: 0, level: 'kem' },
  ])('policy $policy, b=$b', ({ policy, b, total, max, scaled, level: expected }) => {
    it(`by its condition: total ${total}/${max}, scaled ${scaled}, ${expected}`, () => {
      const s = scoreResponse(build(policy), { flag: false, b });
      expect([s.total, s.max, s.scaled, s.level]).toEqual([total, max, scaled, expected]);
      expect(itemScore(s, 'a').status).toBe('not-applicable');
      expect(s.complete).toBe(true);
    });
    it('chosen by the person (naChoosable): the same score', () => {
      const s = scoreResponse(build(policy, true), { flag: true, a: { na: true }, b });
      expect([s.total, s.max, s.scaled, s.level]).toEqual([total, max, scaled, expected]);
      expect(itemScore(s, 'a').status).toBe('not-applicable');
      expect(s.complete).toBe(true);
    });
  });

  it('ignores an answer given to an item that does not apply', () => {
    const s = scoreResponse(build('exclude'), { flag: false, a: true, b: 'full' });
    expect(itemScore(s, 'a')).toMatchObject({ status: 'not-applicable', points: 0, max: 0 });
    expect(s.total).toBe(80);
  });

  it('refuses "does not apply" on an item that does not allow it: invalid, counted at its full maximum', () => {
    const s = scoreResponse(build('exclude'), { flag: true, a: { na: true }, b: 'full' });
    expect(itemScore(s, 'a')).toMatchObject({ status: 'invalid', points: 0, max: 20 });
    expect(s.invalid).toEqual(['a']);
    expect(s.complete).toBe(false);
    expect(s.max).toBe(100);
  });

  it('asks for an item once its condition holds', () => {
    const s = scoreResponse(build('exclude'), { flag: true, b: 'full' });
    expect(s.missing).toEqual(['a']);
    expect(itemScore(s, 'a').status).toBe('missing');
    expect(s.max).toBe(100);
    expect(s.level).toBe('kha');
  });

  it('hides the answer of an item that does not apply from later conditions', () => {
    const chained = instrument({
      sections: [
        section('s', [
          yesNo('flag', 0),
          yesNo('a', 0, { appliesWhen: eq('flag', true) }),
          yesNo('c', 10, { appliesWhen: eq('a', true) }),
          choice('rest', [
            ['full', 90],
            ['none', 0],
          ]),
        ]),
      ],
    });
    const s = scoreResponse(chained, { flag: false, a: true, c: true, rest: 'full' });
    expect(itemScore(s, 'a').status).toBe('not-applicable');
    expect(itemScore(s, 'c').status).toBe('not-applicable');
    expect(s.total).toBe(90);
    expect(s.max).toBe(90);
  });
});

describe('fullMarksWhen', () => {
  const ins = instrument({
    sections: [
      section('s', [
        yesNo('one-member', 0),
        yesNo('prep', 10, { fullMarksWhen: eq('one-member', true), fullMarksReason: local('Chi ủy một người') }),
        choice('rest', [
          ['full', 90],
          ['none', 0],
        ]),
      ]),
    ],
  });
  it.each<{ name: string; answers: Answers; points: number; status: string; complete: boolean }>([
    {
      name: 'condition holds, answered no',
      answers: { 'one-member': true, prep: false, rest: 'full' },
      points: 10,
      status: 'full-marks',
      complete: true,
    },
    {
      name: 'condition holds, unanswered',
      answers: { 'one-member': true, rest: 'full' },
      points: 10,
      status: 'full-marks',
      complete: true,
    },
    {
      name: 'condition fails, answered no',
      answers: { 'one-member': false, prep: false, rest: 'full' },
      points: 0,
      status: 'answered',
      complete: true,
    },
    {
      name: 'condition fails, unanswered',
      answers: { 'one-member': false, rest: 'full' },
      points: 0,
      status: 'missing',
      complete: false,
    },
  ])('$name → $points points ($status)', ({ answers, points, status, complete }) => {
    const s = scoreResponse(ins, answers);
    expect(itemScore(s, 'prep')).toMatchObject({ points, status, max: 10 });
    expect(s.complete).toBe(complete);
  });
});

describe('band items', () => {
  // share = v (a plain sum); ratio = present / (roll − exempted).
  const metrics = [
    { id: 'share', label: local('Tỷ lệ'), numerator: [{ item: 'v' }] },
    {
      id: 'ratio',
      label: local('Tỷ lệ dự'),
      numerator: [{ item: 'present' }],
      denominator: [{ item: 'roll' }, { item: 'exempted', weight: -1 }],
    },
  ];
  const inputs = section('so-lieu', [
    number('v', -1, 2, { integer: false }),
    number('present', 0, 100),
    number('roll', 0, 100),
    number('exempted', 0, 100),
    number('absent', 0, 100),
  ]);
  const steps: [number, number][] = [
    [0.9, 5],
    [0.75, 4],
    [0.65, 3],
    [0.3, 2],
  ];
  const ins = instrument({
    metrics,
    sections: [
      inputs,
      section('b', [
        band('stepped', 'share', { steps }),
        band('linear', 'share', { linear: { points: 70, full: 1 } }),
        band(
          'forced',
          'share',
          {
            steps: [
              [0.9, 5],
              [0, 2],
            ],
          },
          { lowestWhen: { op: 'gt', item: 'absent', value: 0 } },
        ),
        band(
          'forced-linear',
          'share',
          { linear: { points: 10, full: 1 } },
          { lowestWhen: { op: 'gt', item: 'absent', value: 0 } },
        ),
        band('attendance', 'ratio', { steps }),
      ]),
    ],
  });

  describe('steps are half-open; below every step earns 0', () => {
    it.each([
      [2, 5],
      [1, 5],
      [0.9, 5],
      [0.8999, 4],
      [0.75, 4],
      [0.7499, 3],
      [0.65, 3],
      [0.6499, 2],
      [0.3, 2],
      [0.2999, 0],
      [0, 0],
      [-1, 0],
    ])('value %d → %d points', (v, points) => {
      expect(itemScore(scoreResponse(ins, { v }), 'stepped')).toMatchObject({ points, status: 'answered', max: 5 });
    });
  });

  describe('linear bands scale and clamp', () => {
    it.each([
      [0, 0],
      [0.25, 17.5],
      [0.5, 35],
      [1, 70],
      [1.5, 70],
      [-0.5, 0],
    ])('value %d → %d points', (v, points) => {
      expect(itemScore(scoreResponse(ins, { v }), 'linear').points).toBeCloseTo(points, 12);
    });
  });

  describe('a metric with a denominator', () => {
    it.each<{ present: number; roll: number; exempted: number; points: number; status: string }>([
      { present: 9, roll: 10, exempted: 0, points: 5, status: 'answered' },
      { present: 8, roll: 10, exempted: 0, points: 4, status: 'answered' },
      { present: 27, roll: 31, exempted: 1, points: 5, status: 'answered' },
      { present: 0, roll: 0, exempted: 0, points: 0, status: 'pending' },
      { present: 5, roll: 5, exempted: 5, points: 0, status: 'pending' },
    ])('$present present of $roll − $exempted → $points ($status)', ({ present, roll, exempted, points, status }) => {
      const s = scoreResponse(ins, { present, roll, exempted });
      expect(itemScore(s, 'attendance')).toMatchObject({ points, status, max: 5 });
    });
    it('is pending while an input is missing, and not counted as missing itself', () => {
      const s = scoreResponse(ins, { present: 9, roll: 10 });
      expect(itemScore(s, 'attendance')).toMatchObject({ points: 0, status: 'pending', max: 5 });
      expect(s.metrics.ratio).toBeUndefined();
      expect(s.missing).not.toContain('attendance');
      expect(s.missing).toContain('exempted');
    });
  });

  it('lowestWhen forces the lowest step whatever the value (0 for a linear band)', () => {
    const forced = scoreResponse(ins, { v: 1, absent: 1 });
    expect(itemScore(forced, 'forced')).toMatchObject({ points: 2, status: 'lowest', max: 5 });
    expect(itemScore(forced, 'forced-linear')).toMatchObject({ points: 0, status: 'lowest', max: 10 });
    const free = scoreResponse(ins, { v: 1, absent: 0 });
    expect(itemScore(free, 'forced')).toMatchObject({ points: 5, status: 'answered' });
    expect(itemScore(free, 'forced-linear')).toMatchObject({ points: 10, status: 'answered' });
  });
});

describe('section maxima cap the section, bonus included', () => {
  const ins = instrument({
    sections: [
      section('a', [yesNo('y', 10), bonus('plus', 5)]),
      section('b', [
        choice('r', [
          ['full', 90],
          ['part', 85],
          ['none', 0],
        ]),
      ]),
    ],
  });
  it.each<{ y: boolean; plus: boolean | undefined; raw: number; points: number }>([
    { y: true, plus: true, raw: 15, points: 10 },
    { y: true, plus: false, raw: 10, points: 10 },
    { y: false, plus: true, raw: 5, points: 5 },
    { y: false, plus: undefined, raw: 0, points: 0 },
  ])('y=$y, bonus=$plus → section $points (raw $raw)', ({ y, plus, raw, points }) => {
    const answers: Answers = { y, r: 'part' };
    if (plus !== undefined) answers.plus = plus;
    const s = scoreResponse(ins, answers);
    expect(s.sections[0]).toEqual({ id: 'a', rawPoints: raw, points, max: 10 });
    expect(s.total).toBe(points + 85);
    expect(s.complete).toBe(true);
  });
  it('a bonus lifts a section that is not full, so the level may change', () => {
    expect(scoreResponse(ins, { y: false, r: 'part' }).level).toBe('kha');
    expect(scoreResponse(ins, { y: false, plus: true, r: 'part' }).level).toBe('tot');
  });
});

describe('missing items and progress', () => {
  const ins = instrument({
    sections: [
      section('s1', [
        choice('q1', [
          ['a', 30],
          ['b', 0],
        ]),
        text('t'),
        yesNo('q2', 20),
      ]),
      section('s2', [
        bonus('b', 5),
        choice(
          'q3',
          [
            ['a', 10],
            ['b', 0],
          ],
          { required: false },
        ),
        text('t2', { required: true }),
        yesNo('q4', 40),
      ]),
    ],
  });
  it.each<{ answers: Answers; missing: string[]; answered: number; complete: boolean }>([
    { answers: {}, missing: ['q1', 'q2', 't2', 'q4'], answered: 0, complete: false },
    { answers: { q4: true }, missing: ['q1', 'q2', 't2'], answered: 1, complete: false },
    { answers: { q4: true, t2: 'x', q2: false }, missing: ['q1'], answered: 3, complete: false },
    { answers: { q1: 'b', q2: false, t2: 'x', q4: true }, missing: [], answered: 4, complete: true },
    { answers: { q1: 'zz', q2: false, t2: 'x', q4: true }, missing: [], answered: 3, complete: false },
  ])('answers $answers → missing $missing', ({ answers, missing, answered, complete }) => {
    const s = scoreResponse(ins, answers);
    expect(s.missing).toEqual(missing);
    expect(s.progress).toEqual({ answered, required: 4 });
    expect(s.complete).toBe(complete);
  });
  it('optional items left empty are unanswered, not missing', () => {
    const s = scoreResponse(ins, {});
    expect(itemScore(s, 'q3').status).toBe('unanswered');
    expect(itemScore(s, 't').status).toBe('unanswered');
    expect(itemScore(s, 'b').status).toBe('unanswered');
  });
  it('items that do not apply leave the progress count', () => {
    const cond = instrument({
      sections: [section('s', [yesNo('flag', 0), yesNo('a', 10, { appliesWhen: eq('flag', true) }), yesNo('b', 90)])],
    });
    expect(scoreResponse(cond, { flag: false }).progress).toEqual({ answered: 1, required: 2 });
    expect(scoreResponse(cond, { flag: true }).progress).toEqual({ answered: 1, required: 3 });
  });
});

describe('the proposed level is compared with the final level', () => {
  const ins = selfAssessment({
    sections: [
      section('a', [
        choice('q1', [
          ['a', 100],
          ['b', 75],
          ['c', 55],
          ['d', 0],
        ]),
        yesNo('ky-luat', 0),
      ]),
      section('d', [level('de-xuat')]),
    ],
    disqualifiers: [{ id: 'kl', when: eq('ky-luat', true), level: 'khong-hoan-thanh', reason: local('Bị kỷ luật') }],
  });
  it.each<{ q1: string; kl: boolean; proposed: string; level: string; status: string }>([
    { q1: 'a', kl: false, proposed: 'xuat-sac', level: 'xuat-sac', status: 'same' },
    { q1: 'a', kl: false, proposed: 'tot', level: 'xuat-sac', status: 'lower' },
    { q1: 'a', kl: false, proposed: 'khong-hoan-thanh', level: 'xuat-sac', status: 'lower' },
    { q1: 'b', kl: false, proposed: 'xuat-sac', level: 'tot', status: 'higher' },
    { q1: 'c', kl: false, proposed: 'hoan-thanh', level: 'hoan-thanh', status: 'same' },
    { q1: 'a', kl: true, proposed: 'tot', level: 'khong-hoan-thanh', status: 'higher' },
  ])('computed $level, proposed $proposed → $status', ({ q1, kl, proposed, level: expected, status }) => {
    const s = scoreResponse(ins, { q1, 'ky-luat': kl, 'de-xuat': proposed });
    expect(s.level).toBe(expected);
    expect(s.proposal).toEqual({ level: proposed, status });
  });
  it('has no proposal until the level is chosen, and asks for it', () => {
    const s = scoreResponse(ins, { q1: 'a', 'ky-luat': false });
    expect(s.proposal).toBeUndefined();
    expect(s.missing).toEqual(['de-xuat']);
  });
});

describe('scoring is deterministic', () => {
  const ins = instrument({
    sections: [
      section('a', [yesNo('y', 10), bonus('plus', 5), rating('r', [0, 10, 20])]),
      section('b', [
        choice('c', [
          ['full', 70],
          ['part', 35],
          ['none', 0],
        ]),
        text('t'),
      ]),
    ],
  });
  it('gives equal scores for the same answers, whatever their key order', () => {
    const answers: Answers = { y: true, plus: true, r: 2, c: 'part', t: 'ok' };
    const reordered: Answers = { t: 'ok', c: 'part', r: 2, plus: true, y: true };
    const first = scoreResponse(ins, answers);
    expect(scoreResponse(ins, answers)).toEqual(first);
    expect(scoreResponse(ins, reordered)).toEqual(first);
    expect(first.total).toBe(60);
  });
  it('does not change the answers it is given', () => {
    const answers: Answers = { y: true, c: 'full' };
    const copy = structuredClone(answers);
    scoreResponse(ins, answers);
    expect(answers).toEqual(copy);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random-ish instruments.

const points = fc.integer({ min: 0, max: 2000 }).map((n) => n / 100);

/** One item's recipe; `i` makes ids unique. */
const itemArb = (id: string): fc.Arbitrary<Item> => {
  const na = fc.record({
    naPolicy: fc.constantFrom<'exclude' | 'full-marks' | 'zero' | undefined>(
      undefined,
      'exclude',
      'full-marks',
      'zero',
    ),
    naChoosable: fc.boolean(),
    conditional: fc.boolean(),
  });
  const withNa = <T extends Item>(
    item: T,
    o: { naPolicy: 'exclude' | 'full-marks' | 'zero' | undefined; naChoosable: boolean; conditional: boolean },
  ): T => ({
    ...item,
    ...(o.naPolicy ? { naPolicy: o.naPolicy } : {}),
    ...(o.naChoosable ? { naChoosable: true } : {}),
    ...(o.conditional ? { appliesWhen: eq('flag', true) } : {}),
  });
  return fc.oneof(
    fc.tuple(points, points, na).map(([y, n, o]): Item => withNa(yesNo(id, y, { noPoints: n }), o)),
    fc.tuple(fc.array(points, { minLength: 2, maxLength: 4 }), na).map(([ps, o]): Item =>
      withNa(
        choice(
          id,
          ps.map((p, k): [string, number] => [`o${k}`, p]),
        ),
        o,
      ),
    ),
    fc.tuple(fc.array(points, { minLength: 2, maxLength: 5 }), na).map(([ps, o]): Item => withNa(rating(id, ps), o)),
    fc.tuple(points, na).map(([p, o]): Item => withNa(bonus(id, p), o)),
  );
};

interface Recipe {
  sections: Item[][];
  gates: { level: number; cond: 'flag' | 'base' | 'full-base' }[];
  dqs: { level: number; cond: 'flag' | 'base' }[];
}

const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  sections: fc
    .integer({ min: 1, max: 3 })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, s) =>
          fc
            .integer({ min: 1, max: 4 })
            .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => itemArb(`i${s}-${i}`)))),
        ),
      ),
    ),
  gates: fc.array(
    fc.record({
      level: fc.integer({ min: 0, max: 2 }),
      cond: fc.constantFrom<'flag' | 'base' | 'full-base'>('flag', 'base', 'full-base'),
    }),
    {
      maxLength: 3,
    },
  ),
  dqs: fc.array(
    fc.record({ level: fc.integer({ min: 0, max: 3 }), cond: fc.constantFrom<'flag' | 'base'>('flag', 'base') }),
    {
      maxLength: 2,
    },
  ),
});

function scaledLevels(maxScore: number): Level[] {
  return levels4().map((l) => ({ ...l, min: Math.round(l.min * maxScore) / 100 }));
}

const condOf = (c: 'flag' | 'base' | 'full-base'): Condition =>
  c === 'flag' ? eq('flag', true) : c === 'base' ? eq('base', true) : { op: 'full-marks', items: ['base'] };

/** Builds the instrument of a recipe; `withGates`/`withDqs` leave those rules out for comparison. */
function fromRecipe(r: Recipe, withGates = true, withDqs = true): Instrument {
  const sections = [
    section('co-ban', [yesNo('base', 10), yesNo('flag', 0)]),
    ...r.sections.map((items, s) => section(`s${s}`, items)),
  ];
  const maxScore = sumDecimals(sections.map((sec) => sec.max));
  const levels = scaledLevels(maxScore);
  const ids = levels.map((l) => l.id);
  const gates: Gate[] = r.gates.map((g, i) => ({
    id: `g${i}`,
    level: ids[g.level] ?? 'tot',
    requires: condOf(g.cond),
    reason: local('g'),
  }));
  const dqs: Disqualifier[] = r.dqs.map((d, i) => ({
    id: `d${i}`,
    level: ids[d.level] ?? 'kem',
    when: condOf(d.cond),
    reason: local('d'),
  }));
  return instrument({
    sections,
    levels,
    maxScore,
    ...(withGates ? { gates } : {}),
    ...(withDqs ? { disqualifiers: dqs } : {}),
  });
}

/** Random answers: valid ones, wrong ones, "does not apply", or none. */
function answersArb(ins: Instrument): fc.Arbitrary<Answers> {
  const perItem: Record<string, fc.Arbitrary<AnswerValue | undefined>> = {};
  for (const s of ins.sections)
    for (const item of s.items) {
      const valid: AnswerValue[] =
        item.type === 'choice'
          ? item.options.map((o) => o.id)
          : item.type === 'rating'
            ? item.steps.map((st) => st.value)
            : [true, false];
      perItem[item.id] = fc.option(fc.constantFrom<AnswerValue>(...valid, ...valid, 'sai', 99, { na: true }), {
        nil: undefined,
      });
    }
  return fc.record(perItem).map((rec) => {
    const out: Answers = {};
    for (const [k, v] of Object.entries(rec)) if (v !== undefined) out[k] = v;
    return out;
  });
}

const recipeWithAnswers = recipeArb.chain((r) => {
  const ins = fromRecipe(r);
  return answersArb(ins).map((answers) => ({ r, ins, answers }));
});

describe('properties', () => {
  it('the total stays within 0..max, each section within 0..its max, and max within maxScore', () => {
    fc.assert(
      fc.property(recipeWithAnswers, ({ ins, answers }) => {
        const s = scoreResponse(ins, answers);
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.total).toBeLessThanOrEqual(s.max + 1e-9);
        expect(s.max).toBeLessThanOrEqual(ins.maxScore + 1e-9);
        expect(s.scaled).toBeGreaterThanOrEqual(0);
        expect(s.scaled).toBeLessThanOrEqual(ins.maxScore + 1e-9);
        for (const sec of s.sections) {
          expect(sec.points).toBeGreaterThanOrEqual(0);
          expect(sec.points).toBeLessThanOrEqual(sec.max + 1e-9);
        }
        expect(s.total).toBeCloseTo(
          s.sections.reduce((t, sec) => t + sec.points, 0),
          9,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a gate never raises a level (compared with the same instrument without gates)', () => {
    fc.assert(
      fc.property(recipeWithAnswers, ({ r, ins, answers }) => {
        const withGates = scoreResponse(fromRecipe(r, true, false), answers);
        const without = scoreResponse(fromRecipe(r, false, false), answers);
        expect(withGates.total).toBe(without.total);
        expect(levelRank(ins.levels, withGates.level)).toBeGreaterThanOrEqual(levelRank(ins.levels, without.level));
        if (withGates.gates.length === 0) expect(withGates.level).toBe(without.level);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a disqualifier never raises a level', () => {
    fc.assert(
      fc.property(recipeWithAnswers, ({ r, ins, answers }) => {
        const withDqs = scoreResponse(fromRecipe(r, true, true), answers);
        const without = scoreResponse(fromRecipe(r, true, false), answers);
        expect(levelRank(ins.levels, withDqs.level)).toBeGreaterThanOrEqual(levelRank(ins.levels, without.level));
        for (const d of withDqs.disqualifiers)
          expect(levelRank(ins.levels, withDqs.level)).toBeGreaterThanOrEqual(levelRank(ins.levels, d.level));
      }),
      { numRuns: 300 },
    );
  });
});

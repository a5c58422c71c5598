// A unit's canonical JSON as phieu aggregate writes it (unit-tally.ts' unitWithJsonOfState: the native
// stringify of the unit where its key order allows) is toCanonicalJson of the unit the tally gives,
// byte for byte: on every instrument the site ships and every frozen definition, for made and
// damaged answers (values counted under integer-like keys, which objects list first, included), and
// for states with every optional part and odd keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createUnitTally,
  listItems,
  scoreResponse,
  toCanonicalJson,
  type Answers,
  type Instrument,
  type TallyState,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { unitOfState, unitWithJsonOfState } from '../../src/core/unit-tally.ts';

import { everyInstrumentToScore } from '../builders.ts';
import { anyAnswerValue } from '../fast-score-check.ts';

const unitJsonOfState = (st: TallyState, named: boolean): string => unitWithJsonOfState(st, named).json;

const all: Instrument[] = everyInstrumentToScore();

describe.each(all.map((ins) => [`${ins.id}@${ins.version}`, ins] as const))('%s', (_, ins) => {
  const period = ins.periods.includes('quarter') ? '2026-Q3' : ins.periods.includes('month') ? '2026-09' : '2026';
  const responses = [...generateResponses(ins, { count: 40, cells: 1, seed: `json-${ins.id}`, period })];
  const ids = listItems(ins).map(({ item }) => item.id);
  const named = ins.anonymity === 'named';

  it('writes the canonical JSON of the unit its tally gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), anyAnswerValue), { maxLength: 20 }),
        fc.nat({ max: 40 }),
        (changes, n) => {
          const tally = createUnitTally(ins, 'CB-01', n % 3 === 0 ? n : undefined);
          responses.slice(0, n).forEach((r, i) => {
            const answers: Record<string, unknown> = { ...r.answers };
            if (i % 5 === 0)
              for (const [at, value] of changes) {
                const id = ids[at % ids.length]!;
                if (value === undefined) delete answers[id];
                else answers[id] = value;
              }
            tally.add({ ...r, answers: answers as Answers }, scoreResponse(ins, answers as Answers));
          });
          const { unit, json } = unitWithJsonOfState(tally.state(), named);
          expect(unit).toEqual(tally.unit());
          expect(json).toBe(toCanonicalJson(tally.unit()));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('unitWithJsonOfState', () => {
  /** A state with every optional part, and keys that are integer-like or "__proto__". */
  function odd(): TallyState {
    return {
      cell: 'CB "01"',
      expected: 9,
      responses: 3,
      sumH: 25050,
      sumSq: 21000000,
      minH: 7525,
      maxH: 9000,
      histogram: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
      levels: new Map([
        ['tot', 2],
        ['10', 1],
      ]),
      sections: new Map([
        ['b', { pointsH: 150, maxH: 200 }],
        ['2', { pointsH: 1, maxH: 3 }],
      ]),
      items: new Map([
        ['z', { answered: 1, na: 0, pointsH: 5, maxH: 10, sumH: 1234, values: undefined }],
        [
          '__proto__',
          {
            answered: 3,
            na: 1,
            pointsH: 0,
            maxH: 0,
            sumH: undefined,
            values: new Map([
              ['b', 1],
              ['12', 1],
              ['3', 1],
            ]),
          },
        ],
      ]),
      proposals: { same: 1, lower: 0, higher: 2 },
      gated: 1,
      disqualified: 0,
      incomplete: 1,
      unrated: new Map([['moi-ket-nap', 2]]),
      // As the tallies make them: keys in canonical order.
      members: [
        { level: 'tot', name: 'Lê Văn B', post: 'Đảng viên', proposed: 'tot', total: 90 },
        { level: 'tot', name: 'Lê Văn A', total: 75.25 },
        { level: 'hoan-thanh', name: 'Lê Văn A', total: 85.25 },
      ],
    };
  }

  it('writes every optional part, odd keys and members in canonical order', () => {
    for (const named of [true, false])
      expect(unitJsonOfState(odd(), named)).toBe(toCanonicalJson(unitOfState(odd(), named)));
  });

  it('leaves a unit made for a summary without items, and the rest as it is', () => {
    expect(unitOfState(odd(), true, false)).toEqual({ ...unitOfState(odd(), true), items: {} });
  });

  it('writes units without odd keys as canonical JSON does', () => {
    const st = odd();
    st.levels.delete('10');
    st.sections.delete('2');
    st.items.get('__proto__')!.values!.delete('12');
    st.items.get('__proto__')!.values!.delete('3');
    for (const named of [true, false]) expect(unitJsonOfState(st, named)).toBe(toCanonicalJson(unitOfState(st, named)));
  });
});

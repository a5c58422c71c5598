// A cell's counts made in parts (a share of the files in each worker thread) and added up are the
// counts of one pass, whatever the split and order; a unit comes out with its keys in canonical order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createUnitTally,
  mergeTallyStates,
  scoreResponse,
  sortKeysDeep,
  toCanonicalJson,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const cases = realInstruments().map((ins) => {
  const responses = [...generateResponses(ins, { count: 40, cells: 1, seed: `tally-${ins.id}`, period: '2026-Q3' })];
  return [ins.id, ins, responses] as const;
});

function unitOf(ins: Instrument, responses: readonly Response[]) {
  const tally = createUnitTally(ins, 'CB-01');
  for (const r of responses) tally.add(r, scoreResponse(ins, r.answers));
  return tally;
}

describe('createUnitTally', () => {
  it.each(cases)('%s: counts split in parts and merged are the counts of one pass', (_, ins, responses) => {
    const whole = toCanonicalJson(unitOf(ins, responses).unit());
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: responses.length, maxLength: responses.length }),
        fc.boolean(),
        (parts, reverse) => {
          const shares: Response[][] = [[], [], [], []];
          responses.forEach((r, i) => shares[parts[i]!]!.push(r));
          const tallies = shares.map((share) => unitOf(ins, share));
          const order = reverse ? [...tallies].reverse() : tallies;
          const [first, ...rest] = order;
          for (const t of rest) mergeTallyStates(first!.state(), t.state());
          expect(toCanonicalJson(first!.unit())).toBe(whole);
        },
      ),
      { numRuns: 30 },
    );
  });

  it.each(cases)('%s: a unit is written with its keys in canonical order', (_, ins, responses) => {
    const unit = unitOf(ins, responses).unit();
    // Integer-like keys (answers of points items: "15") come first in any object, as JSON.stringify writes them.
    expect(JSON.stringify(unit)).toBe(JSON.stringify(sortKeysDeep(unit)));
  });

  it('merging into an empty tally copies, never shares, the counts it is given', () => {
    const [, ins, responses] = cases[0]!;
    const source = unitOf(ins, responses);
    const before = toCanonicalJson(source.unit());
    const target = createUnitTally(ins, 'CB-01');
    mergeTallyStates(target.state(), source.state());
    target.add(responses[0]!, scoreResponse(ins, responses[0]!.answers));
    expect(toCanonicalJson(source.unit())).toBe(before);
  });
});

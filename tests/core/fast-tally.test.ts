// Scoring straight into a cell's counts (fast-score.ts, fast-tally.ts; phieu aggregate's path)
// gives what scoreResponse and createUnitTally give: the same score fields for any answers (made,
// frozen, damaged at random), and the same unit, byte for byte, whichever way each response was
// counted, on every instrument the site ships and every frozen definition.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  createUnitTally,
  listItems,
  scoreResponse,
  toCanonicalJson,
  type Answers,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { compareMetricTo, linearBandHundredths } from '../../src/core/exact-metric.ts';
import { FastScorer, canScoreFast, compareMetric, linearBand } from '../../src/core/fast-score.ts';
import { createFastUnitTally } from '../../src/core/fast-tally.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { FROZEN_INSTRUMENTS_DIR, everyInstrumentToScore } from '../builders.ts';
import { anyAnswerValue, expectSameScore } from '../fast-score-check.ts';

const all: Instrument[] = everyInstrumentToScore();

/** Answers of frozen corpora (tests/fixtures/instruments/*.corpus.json), by instrument. */
function corpusAnswers(ins: Instrument): Answers[] {
  const file = path.join(FROZEN_INSTRUMENTS_DIR, `${ins.id}@${ins.version}.corpus.json`);
  try {
    const corpus = JSON.parse(readFileSync(file, 'utf8')) as { cases: { answers: Answers }[] };
    return corpus.cases.map((c) => c.answers);
  } catch {
    return [];
  }
}

function damaged(ins: Instrument, base: Answers, changes: [number, unknown][]): Answers {
  const ids = listItems(ins).map(({ item }) => item.id);
  const out: Record<string, unknown> = { ...base };
  for (const [at, value] of changes) {
    const id = ids[at % ids.length]!;
    if (value === undefined) delete out[id];
    else out[id] = value;
  }
  return out as Answers;
}

describe('metrics compared in safe integers', () => {
  const metric = fc.oneof(
    fc.record({ num: fc.integer({ min: -1000, max: 1000 }), den: fc.integer({ min: 1, max: 1000 }) }),
    fc.record({
      num: fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      den: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    }),
  );
  const value = fc.oneof(
    fc.constantFrom(0, 1, 0.3, 0.5, 0.9, 1.5, 50, 100, 1e-7, 1e21, -2),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  );
  it('compareMetric is compareMetricTo', () => {
    fc.assert(
      fc.property(metric, value, (m, v) => {
        expect(compareMetric(m, v)).toBe(compareMetricTo(m, v));
      }),
      { numRuns: 2000 },
    );
  });
  it('linearBand is linearBandHundredths', () => {
    fc.assert(
      fc.property(metric, fc.integer({ min: 0, max: 1_000_000 }), value, (m, fullH, full) => {
        if (full === 0) return;
        expect(linearBand(m, fullH, full)).toBe(linearBandHundredths(m, fullH, full));
      }),
      { numRuns: 2000 },
    );
  });
});

describe.each(all.map((ins) => [`${ins.id}@${ins.version}`, ins] as const))('%s', (_, ins) => {
  const period = ins.periods.includes('quarter') ? '2026-Q3' : ins.periods.includes('month') ? '2026-09' : '2026';
  const responses = [...generateResponses(ins, { count: 60, cells: 1, seed: `fast-${ins.id}`, period })];
  const fast = canScoreFast(ins);

  it('is scored fast unless it has several scoring columns', () => {
    expect(fast).toBe(ins.scorers === undefined);
  });

  it.runIf(fast)('gives scoreResponse’s score for made, frozen and damaged answers', () => {
    const scorer = new FastScorer(ins);
    let checked = 0;
    for (const answers of [...responses.map((r) => r.answers), ...corpusAnswers(ins)]) {
      scorer.score(answers);
      expectSameScore(scorer, scoreResponse(ins, answers));
      if (checkResponse(ins, { ...responses[0]!, answers }).length > 0) continue;
      scorer.score(answers, true);
      expectSameScore(scorer, scoreResponse(ins, answers));
    }
    fc.assert(
      fc.property(
        fc.nat({ max: responses.length - 1 }),
        fc.array(fc.tuple(fc.nat(), anyAnswerValue), { maxLength: 8 }),
        (i, changes) => {
          const answers = damaged(ins, responses[i]!.answers, changes);
          scorer.score(answers);
          expectSameScore(scorer, scoreResponse(ins, answers));
          // Answers checkResponse finds nothing wrong with may be scored as checked.
          if (checkResponse(ins, { ...responses[i]!, answers }).length === 0) {
            checked += 1;
            scorer.score(answers, true);
            expectSameScore(scorer, scoreResponse(ins, answers));
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it.runIf(fast)('counts a cell as createUnitTally does, in any mix of the two ways', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: responses.length, maxLength: responses.length }),
        fc.array(fc.tuple(fc.nat(), anyAnswerValue), { maxLength: 20 }),
        (ways, changes) => {
          // A few responses damaged (invalid, missing, not applicable answers count too).
          const list: Response[] = responses.map((r, i) =>
            i % 7 === 0 ? { ...r, answers: damaged(ins, r.answers, changes) } : r,
          );
          const plain = createUnitTally(ins, 'CB-01');
          const mixed = createFastUnitTally(ins, 'CB-01');
          const scorer = new FastScorer(ins);
          // And one counted only straight from a scorer, whose unit is made apart from its state.
          const pure = createFastUnitTally(ins, 'CB-01');
          const pureScorer = new FastScorer(ins);
          list.forEach((r, i) => {
            plain.add(r, scoreResponse(ins, r.answers));
            pureScorer.score(r.answers);
            pure.addScored(r, pureScorer);
            if (i === 25) expect(pure.unitWithJson().json).toBe(toCanonicalJson(plain.unit()));
            if (ways[i]) mixed.add(r, scoreResponse(ins, r.answers));
            else {
              scorer.score(r.answers);
              mixed.addScored(r, scorer);
            }
            // Asking for the unit halfway changes nothing, made with its JSON (members for it alone) or not.
            if (i === 20) expect(toCanonicalJson(mixed.unit())).toBe(toCanonicalJson(plain.unit()));
            if (i === 30) expect(mixed.unitWithJson().json).toBe(toCanonicalJson(plain.unit()));
            expect(mixed.head()).toMatchObject({ cell: 'CB-01', responses: plain.state().responses });
          });
          const withJson = mixed.unitWithJson();
          expect(withJson.json).toBe(toCanonicalJson(plain.unit()));
          expect(withJson.unit).toEqual(plain.unit());
          // Its members were not handed to the state: the state still gets them, once.
          expect(mixed.state().members).toEqual(plain.state().members);
          expect(pure.unitWithJson().json).toBe(toCanonicalJson(plain.unit()));
          expect(pure.unitWithJson().unit).toEqual(plain.unit());
          // Nor its counts: the state still gets them, once.
          expect(pure.state()).toEqual(plain.state());
          expect(pure.unitWithJson().json).toBe(toCanonicalJson(plain.unit()));
          expect(toCanonicalJson(mixed.unit())).toBe(toCanonicalJson(plain.unit()));
          expect(mixed.unit()).toEqual(plain.unit());
          // Members made with their keys in canonical order: their native stringify is their canonical JSON.
          expect(JSON.stringify(mixed.unit().members ?? [])).toBe(toCanonicalJson(plain.unit().members ?? []));
        },
      ),
      { numRuns: 40 },
    );
  });
});

// The import worker packs the scores of the outcomes it posts (src/workers/outcome-wire.ts): what
// the page unpacks must be the outcomes read, exactly (deep-equal, key order included), for every
// instrument and every shape of score (gates, disqualifiers, proposals, missing, invalid and
// not-applicable items), and for outcomes that are not responses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  scoreResponse,
  writeResponseBundle,
  type Answers,
  type Instrument,
  type ReadWarning,
} from '../../src/core/index.ts';
import { listItems } from '../../src/core/items.ts';
import { generateResponses } from '../../src/core/synth.ts';
import type { ReadOutcome } from '../../src/core/import.ts';
import { packOutcomes, unpackOutcomes, type PackedOutcomes } from '../../src/workers/outcome-wire.ts';
import { realInstruments } from '../builders.ts';

const instruments = realInstruments();

/** What the page gets: the packed chunk through a structured clone, as postMessage gives it. */
function roundTrip(outcomes: ReadOutcome[]): ReadOutcome[] {
  const packed = packOutcomes(outcomes);
  return unpackOutcomes(structuredClone<PackedOutcomes>(packed, { transfer: [packed.numbers.buffer] }));
}

function responseOutcome(instrument: Instrument, answers: Answers, i: number, warnings: ReadWarning[] = []) {
  const [response] = [...generateResponses(instrument, { count: 1, seed: `wire-${i}`, cells: 1, period: '2026-Q4' })];
  const r = { ...response!, answers };
  const bundle = writeResponseBundle({ instrument, response: r, app: 'test', createdAt: '2026-12-01' });
  return {
    source: `f${i}.json`,
    kind: 'response' as const,
    bundle,
    score: scoreResponse(instrument, answers),
    warnings,
  };
}

/** Every answer a generated response gives, with some left out, cleared or made nonsense. */
const answersArb = (instrument: Instrument) => {
  const ids = listItems(instrument).map(({ item }) => item.id);
  return fc.record({
    seed: fc.nat(),
    drop: fc.array(fc.constantFrom(...ids), { maxLength: 6 }),
    junk: fc.array(fc.tuple(fc.constantFrom(...ids), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.double())), {
      maxLength: 3,
    }),
  });
};

describe('outcomes packed for posting', () => {
  it('unpack to the outcomes read, for generated responses of every instrument', () => {
    for (const instrument of instruments) {
      const outcomes: ReadOutcome[] = [
        ...generateResponses(instrument, { count: 60, seed: 'wire', cells: 2, period: '2026-Q4' }),
      ].map((r, i) => responseOutcome(instrument, r.answers, i));
      const back = roundTrip(outcomes);
      expect(back).toStrictEqual(outcomes);
      // Key order too: what is shown, exported or stored from these objects must not change.
      expect(JSON.stringify(back)).toBe(JSON.stringify(outcomes));
    }
  });

  it('unpack exactly whatever the answers (missing, invalid, not applicable, proposals, gates)', () => {
    for (const instrument of instruments) {
      fc.assert(
        fc.property(answersArb(instrument), ({ seed, drop, junk }) => {
          const [r] = [...generateResponses(instrument, { count: 1, seed, cells: 1, period: '2026-Q4' })];
          const answers: Answers = { ...r!.answers };
          for (const id of drop) delete answers[id];
          for (const [id, v] of junk) (answers as Record<string, unknown>)[id] = v;
          const outcomes = [responseOutcome(instrument, answers, seed)];
          const back = roundTrip(outcomes);
          expect(back).toStrictEqual(outcomes);
          expect(JSON.stringify(back)).toBe(JSON.stringify(outcomes));
        }),
        { numRuns: 80 },
      );
    }
  });

  it('covers scores with gates, disqualifiers and proposals among those generated', () => {
    const scores = instruments.flatMap((instrument) =>
      [...generateResponses(instrument, { count: 300, seed: 'shapes', cells: 3, period: '2026-Q4' })].map((r) =>
        scoreResponse(instrument, r.answers),
      ),
    );
    // Otherwise the tests above would not exercise the parts of a score posted as they are.
    expect(scores.some((s) => s.gates.length > 0 || s.disqualifiers.length > 0)).toBe(true);
    expect(scores.some((s) => s.proposal !== undefined)).toBe(true);
    expect(scores.some((s) => s.items.some((i) => i.status === 'not-applicable'))).toBe(true);
  });

  it('keep other outcomes, their order and the numbers odd or negative', () => {
    const instrument = instruments[0]!;
    const a = responseOutcome(instrument, {}, 1, [{ code: 'score-mismatch', message: { vi: 'v', en: 'e' } }]);
    const odd = {
      ...a,
      score: {
        ...a.score,
        items: a.score.items.map((it, i) => ({ ...it, points: [NaN, -0, 0.1 + 0.2, -7.5][i % 4]! })),
        sections: a.score.sections.map((s) => ({ ...s, rawPoints: -0, max: Infinity })),
      },
    };
    const outcomes: ReadOutcome[] = [
      { source: 'bad.json', kind: 'error', code: 'not-json', message: { vi: 'x', en: 'y' } },
      a,
      { source: 'b.zip', kind: 'backup', key: a.bundle.payload.response as never, roster: { names: [] }, count: 0 },
      odd,
    ];
    const back = roundTrip(outcomes);
    expect(back).toStrictEqual(outcomes);
    expect(Object.is((back[3] as typeof odd).score.items[1]!.points, -0)).toBe(true);
  });

  it('posts a score of a shape it does not know as it is', () => {
    const a = responseOutcome(instruments[0]!, {}, 2);
    const extra = { ...a, score: { ...a.score, items: a.score.items.map((it) => ({ ...it, note: 'new field' })) } };
    const packed = packOutcomes([extra]);
    expect(packed.outcomes[0]).toBe(extra);
    expect(roundTrip([extra])).toStrictEqual([extra]);
  });

  it('packs each distinct item and section score of a chunk once, and the page shares them', () => {
    const instrument = instruments[0]!;
    const outcomes = [...generateResponses(instrument, { count: 50, seed: 'table', cells: 1, period: '2026-Q4' })].map(
      (r, i) => responseOutcome(instrument, r.answers, i),
    );
    const n = listItems(instrument).length;
    const packed = packOutcomes(outcomes);
    // Item ids, section ids and statuses once each, not once a file.
    expect(packed.strings.length).toBeLessThan(n * 3);
    // Far fewer distinct item scores than items in all (a cell's files share most of them).
    expect(packed.items).toBeLessThan((50 * n) / 4);
    expect(packed.numbers.length).toBeLessThan(50 * (n + 12) + packed.items * 6 + packed.sections * 4 + 1);
    for (const o of packed.outcomes) expect('items' in (o as { score: object }).score).toBe(false);
    const back = roundTrip(outcomes) as typeof outcomes;
    expect(back).toStrictEqual(outcomes);
    const objects = new Set(back.flatMap((o) => o.score.items));
    expect(objects.size).toBe(packed.items);
  });
});

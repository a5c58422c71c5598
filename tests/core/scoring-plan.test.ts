// The scoring that reads a plan of the instrument (scoring-plan.ts) and computes metrics in safe
// integers (exact-metric.ts) gives, for any answers, exactly the score the former implementation
// gave (tests/core/reference/scoring-before.ts): the same figures, statuses, levels and key order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreResponse, type Answers, type Instrument, type Item } from '../../src/core/index.ts';
import { scoreResponse as scoreBefore } from './reference/scoring-before.ts';
import { allInstrumentVersions, eq, instrument, number, section, yesNo } from '../builders.ts';

/** Answers an item may get from a file, fitting or not. */
function answerArb(item: Item, levels: string[]): fc.Arbitrary<unknown> {
  const odd = fc.constantFrom<unknown>('x', 1.5, -0, 1e21, { na: true }, '', true, false, 0);
  switch (item.type) {
    case 'yes-no':
    case 'bonus':
      return fc.oneof(fc.boolean(), odd);
    case 'choice':
      return fc.oneof(fc.constantFrom(...item.options.map((o) => o.id)), odd);
    case 'rating':
      return fc.oneof(fc.constantFrom(...item.steps.map((s) => s.value)), odd);
    case 'number':
      return fc.oneof(
        fc.integer({ min: item.min - 2, max: item.max + 2 }),
        fc.integer({ min: 0, max: 4000 }).map((n) => n / 1000),
        fc.constantFrom(9007199254740991, 1e300, 2 ** 60),
        odd,
      );
    case 'points':
      return fc.oneof(
        fc.integer({ min: 0, max: Math.round(item.max * 100) + 3 }).map((n) => n / 100),
        odd,
      );
    case 'level':
      return fc.oneof(fc.constantFrom(...levels), odd);
    case 'text':
      return fc.oneof(fc.string(), odd);
    case 'band':
      return odd;
  }
}

/** Answers to an instrument: each item answered (fitting or not) or left out. */
function answersArb(ins: Instrument): fc.Arbitrary<Answers> {
  const levels = ins.levels.map((l) => l.id);
  const entries = ins.sections.flatMap((s) =>
    s.items.map((item) =>
      fc.option(answerArb(item, levels), { nil: undefined, freq: 5 }).map((v) => [item.id, v] as const),
    ),
  );
  return fc.tuple(...entries).map((pairs) => {
    const out: Record<string, unknown> = {};
    for (const [id, v] of pairs) if (v !== undefined) out[id] = v;
    return out as Answers;
  });
}

function expectSameScore(ins: Instrument, answers: Answers): void {
  const now = scoreResponse(ins, answers);
  const before = scoreBefore(ins, answers);
  expect(now).toStrictEqual(before);
  expect(JSON.stringify(now)).toBe(JSON.stringify(before));
}

describe('scoring from a plan', () => {
  it.each(allInstrumentVersions().map((ins) => [`${ins.id}@${ins.version}`, ins] as const))(
    'scores any answers to %s exactly as before',
    (_, ins) => {
      fc.assert(
        fc.property(answersArb(ins), (answers) => expectSameScore(ins, answers)),
        { numRuns: 400 },
      );
    },
  );

  it('computes metrics too large for safe integers exactly, in BigInt (as before)', () => {
    const ins = instrument({
      sections: [section('s', [yesNo('y', 10), number('a', 0, 1e300), number('b', 0, 1e300)])],
      metrics: [
        {
          id: 'share',
          label: { vi: 'tỷ lệ' },
          numerator: [{ item: 'a' }, { item: 'b', weight: 0.5 }],
          denominator: [{ item: 'b' }],
        },
      ],
      gates: [{ id: 'g', level: 'tot', requires: { op: 'gte', metric: 'share', value: 0.75 }, reason: { vi: 'g' } }],
    });
    for (const [a, b] of [
      [2 ** 60, 3],
      [9007199254740991, 9007199254740991],
      [1e20, 4e20],
      [3, 4],
    ] as const)
      expectSameScore(ins, { y: true, a, b });
  });

  it('reads conditions on items before them, as before', () => {
    const ins = instrument({
      sections: [section('s', [yesNo('flag', 0), { ...yesNo('y', 10), appliesWhen: eq('flag', true) }])],
    });
    for (const answers of [{ flag: true, y: true }, { flag: false, y: true }, { y: true }] as Answers[])
      expectSameScore(ins, answers);
  });
});

describe('floorDivSafe', () => {
  it('is ⌊a / b⌋ exactly, where the float quotient rounds up to a whole number', async () => {
    const { floorDivSafe } = await import('../../src/core/exact-metric.ts');
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b) => {
        const big = BigInt(a) / BigInt(b) - (BigInt(a) % BigInt(b) !== 0n && a < 0 ? 1n : 0n);
        expect(floorDivSafe(a, b)).toBe(Number(big));
      }),
    );
    // Quotients a hair below a whole number, where the float division may round up to it.
    expect(floorDivSafe(9007199254740990, 9007199254740991)).toBe(0);
    expect(floorDivSafe(-1, 3)).toBe(-1);
    expect(floorDivSafe(0, 7)).toBe(0);
  });
});

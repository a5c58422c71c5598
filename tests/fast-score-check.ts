// What fast-score.ts leaves in a FastScorer, compared with scoreResponse's Score for the same
// answers (used by tests/core/fast-tally.test.ts and tests/cli/fast-read.test.ts), and the answers
// their property tests try (also tests/core/unit-json.test.ts).
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Score } from '../src/core/index.ts';
import type { FastScorer } from '../src/core/fast-score.ts';

const STATUS = [
  '',
  'answered',
  'missing',
  'unanswered',
  'not-applicable',
  'full-marks',
  'lowest',
  'invalid',
  'pending',
];

/** The scorer's fields, in Score's terms. */
export function scoreSeenBy(scorer: FastScorer): Record<string, unknown> {
  return {
    unrated: scorer.unrated,
    scaled: scorer.scaled,
    level: scorer.level,
    complete: scorer.complete,
    gated: scorer.gated,
    disqualified: scorer.disqualified,
    proposal: scorer.proposal === undefined ? undefined : { level: scorer.proposed, status: scorer.proposal },
    sections: scorer.plan.sections.map((s, k) => ({
      id: s.id,
      points: scorer.sectionPointsH[k]! / 100,
      max: scorer.sectionMaxH[k]! / 100,
    })),
    items: Array.from({ length: scorer.plan.slots }, (_, slot) => ({
      status: STATUS[scorer.status[slot]!],
      points: scorer.pointsH[slot]! / 100,
      max: scorer.maxH[slot]! / 100,
    })),
  };
}

/** The same fields of a Score. */
export function scoreSeenIn(score: Score): Record<string, unknown> {
  return {
    unrated: score.unrated?.status,
    scaled: score.scaled,
    level: score.level,
    complete: score.complete,
    gated: score.gates.length > 0,
    disqualified: score.disqualifiers.length > 0,
    proposal: score.proposal,
    sections: score.sections.map((s) => ({ id: s.id, points: s.points, max: s.max })),
    items: score.items.map((s) => ({ status: s.status, points: s.points, max: s.max })),
  };
}

export function expectSameScore(scorer: FastScorer, score: Score): void {
  expect(scoreSeenBy(scorer)).toEqual(scoreSeenIn(score));
}

/** Any answer an item might be given, fitting or not (for property tests of the fast paths). */
export const anyAnswerValue = fc.oneof(
  fc.boolean(),
  fc.integer({ min: -5, max: 600 }),
  fc.double({ min: -10, max: 200, noNaN: true }),
  fc.constantFrom('tot', 'xuat-sac', 'khong-hoan-thanh', 'hoan-thanh', 'binh-thuong', 'moi-ket-nap', 'a', ''),
  fc.constant({ na: true }),
  fc.constant(undefined),
);

// Participation (responses against members expected) over a report's units. A unit without an
// expected count cannot say how many did not answer: its responses stay out of the share, and
// the number of such units is said, so "56 / 25 (224 %)" (every cell's responses over one cell's
// roster) is never shown.
import type { ReportUnit } from './report.ts';

/** Participation over the units that have an expected count. */
export interface Participation {
  /** Responses of the units with an expected count. */
  responses: number;
  /** Sum of their expected counts; undefined when no unit has one. */
  expected: number | undefined;
  /** responses / expected, undefined when no unit has an expected count (or it is 0). */
  share: number | undefined;
  /** Units with an expected count. */
  units: number;
  /** Units without one (left out of the share). */
  withoutExpected: number;
  /** Responses of those units (counted in the totals, not in the share). */
  responsesWithoutExpected: number;
}

/** Participation of units: only those with an expected count enter the share. */
export function participationOf(units: readonly Pick<ReportUnit, 'responses' | 'expected'>[]): Participation {
  let responses = 0;
  let expected: number | undefined;
  let counted = 0;
  let without = 0;
  let responsesWithout = 0;
  for (const u of units) {
    if (u.expected === undefined) {
      without += 1;
      responsesWithout += u.responses;
      continue;
    }
    counted += 1;
    responses += u.responses;
    expected = (expected ?? 0) + u.expected;
  }
  return {
    responses,
    expected,
    share: expected ? responses / expected : undefined,
    units: counted,
    withoutExpected: without,
    responsesWithoutExpected: responsesWithout,
  };
}

// The parts of scoring that follow what real sheets say beyond items and metrics: rules between numbers, the adoption vote and confirmation, and member statuses.
// Pure: scoring.ts calls these with the answers and metrics it has.
import type { Instrument } from './instrument.ts';
import type { CrossCheck, RuleTerm } from './sheet-schema.ts';
import type { LocalText } from './text.ts';

/** A rule between numbers that the answers break. */
export interface BrokenCheck {
  id: string;
  /** The items the rule names, in the rule's order. */
  items: string[];
  /** The rule in words. */
  message: LocalText;
}

/** The members' vote and the upper level's confirmation, as the answers give them. */
export interface AdoptionResult {
  /** `adopted`: enough votes for; `not-adopted`: too few; `pending`: the vote is not entered. */
  status: 'adopted' | 'not-adopted' | 'pending';
  votesFor?: number;
  voters?: number;
  /** `absent`: no upper-level member was there; `pending`: not answered. */
  confirmation: 'confirmed' | 'not-confirmed' | 'absent' | 'pending' | 'not-asked';
}

/** A member whose status takes the answer out of the counts. */
export interface UnratedResult {
  /** The status option chosen. */
  status: string;
  reason: LocalText;
}

/** A number answer, or undefined when there is none. */
type NumberOf = (itemId: string) => number | undefined;

function numberFrom(answer: (id: string) => unknown): NumberOf {
  return (id) => {
    const v = answer(id);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
}

/** A side of a rule in hundredths (rules compare counts and points; two decimals are exact). */
function sideOf(terms: readonly RuleTerm[], numberOf: NumberOf): number | undefined {
  let s = 0;
  for (const t of terms) {
    const v = t.constant ?? numberOf(t.item ?? '');
    if (v === undefined) return undefined;
    s += Math.round(v * 100) * (t.weight ?? 1);
  }
  return s;
}

function holds(op: CrossCheck['op'], left: number, right: number): boolean {
  switch (op) {
    case 'lte':
      return left <= right;
    case 'lt':
      return left < right;
    case 'eq':
      return left === right;
    case 'gte':
      return left >= right;
    case 'gt':
      return left > right;
  }
}

/**
 * The instrument's rules between numbers that the answers break. A rule is checked only when every
 * item it names has a number answer (an unanswered or non-applicable item leaves it unchecked).
 */
export function brokenChecks(
  instrument: Pick<Instrument, 'checks'>,
  answer: (itemId: string) => unknown,
): BrokenCheck[] {
  const numberOf = numberFrom(answer);
  const out: BrokenCheck[] = [];
  for (const rule of instrument.checks ?? []) {
    const left = sideOf(rule.left, numberOf);
    const right = sideOf(rule.right, numberOf);
    if (left === undefined || right === undefined || holds(rule.op, left, right)) continue;
    const items = [...rule.left, ...rule.right].flatMap((t) => (t.item === undefined ? [] : [t.item]));
    out.push({ id: rule.id, items: [...new Set(items)], message: rule.message });
  }
  return out;
}

/** The adoption vote and confirmation, when the instrument has them. */
export function adoptionOf(
  instrument: Pick<Instrument, 'adoption'>,
  answer: (itemId: string) => unknown,
): AdoptionResult | undefined {
  const a = instrument.adoption;
  if (!a) return undefined;
  const numberOf = numberFrom(answer);
  const voters = numberOf(a.voters);
  const votesFor = numberOf(a.votesFor);
  let status: AdoptionResult['status'] = 'pending';
  if (voters !== undefined && votesFor !== undefined && voters > 0) {
    // Compared in whole numbers: votesFor / voters against share, without a division.
    const lhs = votesFor * 10000;
    const rhs = Math.round(a.share * 10000) * voters;
    status = (a.inclusive ? lhs >= rhs : lhs > rhs) ? 'adopted' : 'not-adopted';
  }
  let confirmation: AdoptionResult['confirmation'] = 'not-asked';
  if (a.upperPresent !== undefined) {
    const present = answer(a.upperPresent);
    if (present === false) confirmation = 'absent';
    else if (present !== true) confirmation = 'pending';
    else if (a.upperConfirmed === undefined) confirmation = 'confirmed';
    else {
      const c = answer(a.upperConfirmed);
      confirmation = c === true ? 'confirmed' : c === false ? 'not-confirmed' : 'pending';
    }
  }
  const out: AdoptionResult = { status, confirmation };
  if (voters !== undefined) out.voters = voters;
  if (votesFor !== undefined) out.votesFor = votesFor;
  return out;
}

/** The member-status option the answer is, when it takes the answer out of the counts (a loop, no arrow). */
function leavingOf(instrument: Pick<Instrument, 'memberStatus'>, answer: (itemId: string) => unknown) {
  const ms = instrument.memberStatus;
  if (!ms) return undefined;
  const v = answer(ms.item);
  for (const l of ms.leaving) if (l.option === v) return l;
  return undefined;
}

/** The member's status when it takes the answer out of the counts. */
export function unratedOf(
  instrument: Pick<Instrument, 'memberStatus'>,
  answer: (itemId: string) => unknown,
): UnratedResult | undefined {
  const leaving = leavingOf(instrument, answer);
  return leaving ? { status: leaving.option, reason: leaving.reason } : undefined;
}

/**
 * {@link unratedOf}'s status alone, without making its result: the CLI's aggregate asks it for
 * every response it reads.
 */
export function unratedStatusOf(
  instrument: Pick<Instrument, 'memberStatus'>,
  answer: (itemId: string) => unknown,
): string | undefined {
  return leavingOf(instrument, answer)?.option;
}

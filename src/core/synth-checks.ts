// Synthetic answers that keep the instrument's own rules: rules between numbers (checks) repaired
// after the numbers are drawn, and member statuses that leave the counts kept rare. Data-driven:
// never looks at an id, only at the instrument's checks and member statuses.
import type { Answers } from './answers.ts';
import { listConditionRefs } from './condition.ts';
import type { Instrument, Item } from './instrument.ts';
import { brokenChecks } from './sheet-scoring.ts';

/** Share of members whose status takes them out of the counts (new, suspended, exempted). */
const LEAVING_RATE = 0.01;

/** Item ids some condition or metric reads: changing them changes a score, so they are moved last. */
function readItems(instrument: Instrument): Set<string> {
  const out = new Set<string>();
  const conds = [
    ...(instrument.gates ?? []).map((g) => g.requires),
    ...(instrument.disqualifiers ?? []).map((d) => d.when),
    ...instrument.sections.flatMap((s) =>
      s.items.flatMap((i) => [i.appliesWhen, i.fullMarksWhen, i.type === 'band' ? i.lowestWhen : undefined]),
    ),
  ];
  for (const c of conds) if (c) for (const id of listConditionRefs(c).items) out.add(id);
  for (const m of instrument.metrics ?? [])
    for (const t of [...m.numerator, ...(m.denominator ?? [])]) if (t.item !== undefined) out.add(t.item);
  return out;
}

/**
 * Moves number answers until every check holds (or nothing more can move): the excess of a broken
 * rule is taken from (or the shortfall given to) one item of its left side, preferring one no score
 * reads (absent with a reason rather than absent without), within that item's bounds.
 */
export function repairChecks(instrument: Instrument, answers: Answers): void {
  if (!instrument.checks?.length) return;
  const byId = new Map<string, Item>(instrument.sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
  const read = readItems(instrument);
  for (let round = 0; round < 8; round++) {
    const broken = brokenChecks(instrument, (id) => answers[id]);
    if (broken.length === 0) return;
    for (const b of broken) {
      const rule = instrument.checks.find((c) => c.id === b.id);
      if (!rule) continue;
      const sum = (terms: typeof rule.left): number =>
        terms.reduce((s, t) => s + (t.constant ?? Number(answers[t.item ?? ''] ?? 0)) * (t.weight ?? 1), 0);
      let diff = sum(rule.right) - sum(rule.left);
      if (rule.op === 'lt') diff -= 1;
      if (rule.op === 'gt') diff += 1;
      const movable = rule.left
        .filter((t) => t.item !== undefined && (t.weight ?? 1) > 0)
        .sort((a, z) => Number(read.has(a.item ?? '')) - Number(read.has(z.item ?? '')));
      for (const t of movable) {
        const item = byId.get(t.item ?? '');
        if (item?.type !== 'number' && item?.type !== 'points') continue;
        const lo = item.type === 'number' ? item.min : 0;
        const hi = item.max;
        const now = Number(answers[item.id] ?? 0);
        const next = Math.min(hi, Math.max(lo, now + diff / (t.weight ?? 1)));
        answers[item.id] = item.type === 'number' && (item.integer ?? true) ? Math.round(next) : next;
        diff -= (Number(answers[item.id]) - now) * (t.weight ?? 1);
        if (Math.abs(diff) < 1e-9) break;
      }
    }
  }
}

/** A leaving member status only rarely: the generator answers choices by their points, all 0 here. */
export function keepStatusesRare(instrument: Instrument, answers: Answers, rng: () => number): void {
  const ms = instrument.memberStatus;
  if (!ms) return;
  const item = instrument.sections.flatMap((s) => s.items).find((i) => i.id === ms.item);
  if (item?.type !== 'choice') return;
  const leaving = new Set(ms.leaving.map((l) => l.option));
  const staying = item.options.find((o) => !leaving.has(o.id));
  if (rng() < LEAVING_RATE) {
    const pick = ms.leaving[Math.floor(rng() * ms.leaving.length)];
    if (pick) answers[ms.item] = pick.option;
  } else if (staying) answers[ms.item] = staying.id;
  else delete answers[ms.item];
}

/** Share of sheets whose score the members do not adopt (rare: the committee's proposal usually passes). */
const NOT_ADOPTED_RATE = 0.03;

/**
 * A realistic vote on the instrument's adoption items: the members present vote, nearly always for
 * the proposed score; the upper level's member is there about half the time and nearly always
 * confirms. Data-driven: only the items `adoption` names.
 */
export function voteAdoption(instrument: Instrument, answers: Answers, rng: () => number): void {
  const a = instrument.adoption;
  if (!a) return;
  const voters = 3 + Math.floor(rng() * 28);
  answers[a.voters] = voters;
  answers[a.votesFor] = rng() < NOT_ADOPTED_RATE ? Math.floor(voters / 2) : voters - (rng() < 0.2 ? 1 : 0);
  if (a.upperPresent !== undefined) {
    const present = rng() < 0.5;
    answers[a.upperPresent] = present;
    if (a.upperConfirmed !== undefined) {
      if (present) answers[a.upperConfirmed] = rng() < 0.97;
      else delete answers[a.upperConfirmed];
    }
  }
}

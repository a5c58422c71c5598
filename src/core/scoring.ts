import { evaluateCondition, type ConditionContext } from './condition.ts';
import type { Instrument, Item, Level } from './instrument.ts';
import { answerProblem, firstWith, isNotApplicable, type Answers } from './answers.ts';
import {
  compareFractions,
  decimalFraction,
  floorDiv,
  fromHundredths,
  hundredthsOf,
  toHundredths,
  type Hundredths,
} from './decimal.ts';
import {
  compareMetricTo,
  computeMetric,
  floorDivSafe,
  linearBandHundredths,
  metricValue,
  type ExactMetric,
} from './exact-metric.ts';
import { scoringPlanOf, type ItemPlan } from './scoring-plan.ts';
import { adoptionOf, brokenChecks, unratedOf } from './sheet-scoring.ts';
import type {
  ColumnScore,
  DisqualifierEffect,
  GateEffect,
  ItemScore,
  ItemStatus,
  Score,
  SectionScore,
} from './score.ts';

export type { AdoptionResult, BrokenCheck, UnratedResult } from './sheet-scoring.ts';
export type {
  ColumnScore,
  DisqualifierEffect,
  GateEffect,
  ItemScore,
  ItemStatus,
  ProposalStatus,
  Score,
  SectionScore,
} from './score.ts';

/**
 * Points, in hundredths, that an answer already known to fit its item earns (undefined for a
 * choice or rating value the item does not have). Shared with the CLI's counting (fast-score.ts).
 */
export function pointsOfFittingAnswer(item: Item, value: unknown): Hundredths | undefined {
  let points: number | undefined;
  switch (item.type) {
    case 'yes-no':
      points = value ? (item.yesPoints ?? 0) : (item.noPoints ?? 0);
      break;
    case 'bonus':
      points = value ? item.points : 0;
      break;
    case 'choice':
      points = firstWith(item.options, 'id', value)?.points;
      break;
    case 'rating':
      points = firstWith(item.steps, 'value', value)?.points;
      break;
    case 'points':
      points = value as number;
      break;
    default:
      points = 0;
  }
  return points === undefined ? undefined : hundredthsOf(points);
}

/**
 * A band's points in hundredths. Steps compare the exact metric with each step's `min` as written
 * (half-open: a value at `min` reaches the step). A linear band gives `points × value / full`,
 * rounded down to hundredths: never more than earned, so a total never reaches a band edge that
 * the exact share does not (sheets print points with two decimals; the rounding rule is ours).
 */
function bandPoints(item: Extract<Item, { type: 'band' }>, m: ExactMetric, ctx: ConditionContext): Hundredths {
  if (item.linear) return linearBandHundredths(m, hundredthsOf(item.linear.points), item.linear.full);
  // Cases: the first that holds (thresholds that follow other metrics: minutes short of a minimum).
  if (item.cases) return hundredthsOf(item.cases.find((c) => evaluateCondition(c.when, ctx))?.points ?? 0);
  // A strict step ("over 50 %") needs more than its bound; others at least it.
  for (const step of item.steps ?? [])
    if (compareMetricTo(m, step.min) >= (step.strict ? 1 : 0)) return hundredthsOf(step.points);
  return 0;
}

/** The lowest step's points (steps are listed highest first); 0 for a linear band. */
function lowestBandPoints(item: Extract<Item, { type: 'band' }>): Hundredths {
  if (item.cases) return hundredthsOf(Math.min(...item.cases.map((c) => c.points)));
  return hundredthsOf(item.steps?.at(-1)?.points ?? 0);
}

/** The level of a scaled total from half-open bands (levels listed highest first). */
export function levelOfTotal(levels: readonly Level[], scaled: number): string {
  for (const level of levels) if (scaled >= level.min) return level.id;
  return levels[levels.length - 1]?.id ?? '';
}

/**
 * The level of an exact total `num / den` points (den > 0, safe integers) from half-open bands:
 * each level's `min` is compared as written, by cross-multiplication, never after a division.
 */
export function levelOfFraction(levels: readonly Level[], num: number, den: number): string {
  for (const level of levels) {
    // Edges have at most two decimals: compare num × 100 with min × 100 × den in safe integers.
    const minH = toHundredths(level.min);
    if (minH !== undefined && compareFractions(num * 100, den, minH, 1) >= 0) return level.id;
    if (minH !== undefined) continue;
    const { p, q } = decimalFraction(level.min);
    if (BigInt(num) * q >= p * BigInt(den)) return level.id;
  }
  return levels[levels.length - 1]?.id ?? '';
}

/** The position of a level (0 = highest); unknown levels sort last. */
export function levelRank(levels: readonly Level[], id: string): number {
  const i = levels.findIndex((l) => l.id === id);
  return i < 0 ? levels.length : i;
}

/**
 * Scores answers against an instrument. Pure and deterministic: the same instrument and answers
 * always give the same score. Points are added as exact decimals (integers of hundredths: see
 * decimal.ts); levels come from the exact scaled total, never from a float near a band edge.
 * What it reads of the instrument is worked out once per definition (scoring-plan.ts).
 */
export function scoreResponse(instrument: Instrument, answers: Answers): Score {
  const plan = scoringPlanOf(instrument);
  const exactMetrics = new Map<string, ExactMetric>();
  const exactOf = (id: string): ExactMetric | undefined => exactMetrics.get(id);
  const metrics: Record<string, number | undefined> = {};
  for (const m of plan.metrics) {
    const exact = computeMetric(m, answers, exactOf);
    if (exact) exactMetrics.set(m.id, exact);
    metrics[m.id] = exact ? metricValue(exact) : undefined;
  }

  const levelIds = plan.levelIds;
  const planItems = plan.items;
  const slotOf = plan.slotOf;
  // Items are kept by id in slots, one per distinct id (the latest written is read, as by a map).
  const itemScores = new Array<ItemScore | undefined>(plan.slots);
  // Which items apply, in form order. An item that does not apply has no answer for any condition
  // (a stale answer left from before would otherwise still count).
  const applies = new Array<boolean | undefined>(plan.slots);
  const answerOf = (id: string): unknown => {
    const slot = slotOf.get(id);
    return (slot !== undefined && applies[slot] === false) || !Object.hasOwn(answers, id) ? undefined : answers[id];
  };
  const ctx: ConditionContext = {
    answer: answerOf,
    metric: (id) => metrics[id],
    compareMetric: (id, value) => {
      const m = exactOf(id);
      return m ? compareMetricTo(m, value) : undefined;
    },
    // An item excluded as not applicable does not stand in a full-marks requirement's way.
    // Item conditions see only the items before them; gates see every item.
    isFullMarks: (id) => {
      const slot = slotOf.get(id);
      const s = slot === undefined ? undefined : itemScores[slot];
      if (!s) return false;
      if (s.status === 'not-applicable' && s.max === 0) return true;
      return s.max > 0 && s.points >= s.max;
    },
  };
  for (const p of planItems) applies[p.slot] = p.item.appliesWhen ? evaluateCondition(p.item.appliesWhen, ctx) : true;

  const missing: string[] = [];
  const invalid: string[] = [];
  const progress = { answered: 0, required: 0 };
  const capsHeld: string[] = [];
  let totalH = 0;
  let maxH = 0;
  const sections: SectionScore[] = [];
  for (const section of plan.sections) {
    let rawH = 0;
    let sectionMaxH = 0;
    for (let i = section.start; i < section.end; i++) {
      const p = planItems[i]!;
      const score = scoreItem(p, answers, applies[p.slot] ?? true, ctx, exactOf, levelIds, missing, invalid);
      // Progress counts the required items scored from an answer (or missing one).
      if (score.required) {
        progress.required += 1;
        if (score.status === 'answered') progress.answered += 1;
      }
      itemScores[p.slot] = score;
      // A later column's entry replaces its item's points in the columns (below), not here.
      if (p.isReview) continue;
      // Every item's points and maximum are a number of hundredths made exactly.
      rawH += hundredthsOf(score.points);
      sectionMaxH += hundredthsOf(score.max);
    }
    // Caps on groups of items that hold lower both the points and the maximum.
    for (const cap of section.caps) {
      if (cap.when && !evaluateCondition(cap.when, ctx)) continue;
      let groupH = 0;
      let groupMaxH = 0;
      for (const id of cap.items) {
        const slot = slotOf.get(id);
        const s = slot === undefined ? undefined : itemScores[slot];
        if (!s) continue;
        groupH += hundredthsOf(s.points);
        groupMaxH += hundredthsOf(s.max);
      }
      const capH = hundredthsOf(cap.max);
      rawH -= Math.max(0, groupH - capH);
      sectionMaxH -= Math.max(0, groupMaxH - capH);
      capsHeld.push(cap.id);
    }
    const pointsH = Math.min(rawH, sectionMaxH);
    totalH += pointsH;
    maxH += sectionMaxH;
    sections.push({
      id: section.id,
      rawPoints: fromHundredths(rawH),
      max: fromHundredths(sectionMaxH),
      points: fromHundredths(pointsH),
    });
  }

  const max = fromHundredths(maxH);
  // On the instrument's scale: total × maxScore / max, kept as a fraction of integers for banding;
  // an instrument that says so (rescaleExcluded: false) bands its raw total, as its sheet adds up.
  const scaleH = plan.scaleH;
  const scaleOf = (tH: number): [number, number] =>
    maxH === scaleH || instrument.rescaleExcluded === false ? [tH, 100] : maxH > 0 ? [tH * scaleH, maxH * 100] : [0, 1];
  const columns = instrument.scorers ? columnsOf(instrument, sections, itemScores, slotOf, scaleOf) : undefined;
  if (columns) totalH = hundredthsOf(columns.at(-1)?.total ?? 0);
  const total = fromHundredths(totalH);
  const [scaledNum, scaledDen] = scaleOf(totalH);
  // Shown and summed rounded down to hundredths (88.42105… → 88.42): levels' edges have at most two
  // decimals, so the rounded-down figure is banded exactly as the fraction is (89.996 is shown as
  // 89.99 beside Khá, never as 90).
  const scaled = floorScaled(scaledNum, scaledDen);
  const bandLevel = levelOfFraction(instrument.levels, scaledNum, scaledDen);

  // Gates: while the current level has a gate that fails, drop one level and look again.
  let level = bandLevel;
  const gates: GateEffect[] = [];
  for (;;) {
    const gate = (instrument.gates ?? []).find((g) => g.level === level && !evaluateCondition(g.requires, ctx));
    if (!gate) break;
    const next = instrument.levels[levelRank(instrument.levels, level) + 1];
    if (!next) break;
    gates.push({ id: gate.id, from: level, to: next.id, reason: gate.reason });
    level = next.id;
  }

  // Disqualifiers force a level, but never raise one.
  const disqualifiers: DisqualifierEffect[] = [];
  for (const d of instrument.disqualifiers ?? []) {
    if (!evaluateCondition(d.when, ctx)) continue;
    disqualifiers.push({ id: d.id, level: d.level, reason: d.reason });
    if (levelRank(instrument.levels, d.level) > levelRank(instrument.levels, level)) level = d.level;
  }

  const items: ItemScore[] = [];
  for (const s of itemScores) if (s) items.push(s);
  const score: Score = {
    items,
    sections,
    total,
    max,
    scaled,
    bandLevel,
    level,
    gates,
    disqualifiers,
    missing,
    invalid,
    metrics,
    progress,
    complete: false,
    broken: brokenChecks(instrument, answerOf),
  };
  score.complete = missing.length === 0 && invalid.length === 0 && score.broken.length === 0;
  const adoption = adoptionOf(instrument, answerOf);
  if (adoption) score.adoption = adoption;
  if (columns) score.columns = columns;
  const unrated = unratedOf(instrument, answerOf);
  if (unrated) score.unrated = unrated;
  if (capsHeld.length > 0) score.capsHeld = capsHeld;
  const proposed = plan.levelItem ? answers[plan.levelItem.id] : undefined;
  if (typeof proposed === 'string' && levelIds.has(proposed)) {
    const diff = levelRank(instrument.levels, proposed) - levelRank(instrument.levels, level);
    score.proposal = { level: proposed, status: diff === 0 ? 'same' : diff > 0 ? 'lower' : 'higher' };
  }
  return score;
}

/** The score of one item; adds it to `missing` or `invalid` when it is. */
function scoreItem(
  p: ItemPlan,
  answers: Answers,
  itemApplies: boolean,
  ctx: ConditionContext,
  exactOf: (id: string) => ExactMetric | undefined,
  levelIds: ReadonlySet<string>,
  missing: string[],
  invalid: string[],
): ItemScore {
  const item = p.item;
  const id = item.id;
  const full = p.full;
  const value = Object.hasOwn(answers, id) ? answers[id] : undefined;
  let required = false;
  let status: ItemStatus;
  let points = 0;
  let max = full;
  if (!itemApplies || isNotApplicable(value)) {
    if (itemApplies && !item.naChoosable) {
      status = 'invalid';
      invalid.push(id);
    } else {
      const policy = item.naPolicy ?? 'exclude';
      status = 'not-applicable';
      if (policy === 'full-marks') points = full;
      if (policy === 'exclude') max = 0;
    }
  } else if (item.fullMarksWhen && evaluateCondition(item.fullMarksWhen, ctx)) {
    status = 'full-marks';
    points = full;
  } else if (item.type === 'band') {
    const m = exactOf(item.metric);
    if (item.lowestWhen && evaluateCondition(item.lowestWhen, ctx)) {
      status = 'lowest';
      points = fromHundredths(lowestBandPoints(item));
    } else if (m === undefined) status = 'pending';
    else {
      status = 'answered';
      points = fromHundredths(bandPoints(item, m, ctx));
    }
  } else {
    required = p.required;
    if (value === undefined) {
      status = required ? 'missing' : 'unanswered';
      if (required) missing.push(id);
    } else {
      // An answer that does not fit the item (the import's rule) earns nothing and is invalid.
      const h = answerProblem(item, value, levelIds) ? undefined : pointsOfFittingAnswer(item, value);
      if (h === undefined) {
        status = 'invalid';
        invalid.push(id);
      } else {
        status = 'answered';
        points = fromHundredths(h);
      }
    }
  }
  // Items that give no maximum (unscored, not a bonus) have max 0 whatever happens.
  return { id, sectionId: p.sectionId, required, status, points, max: p.counts ? max : 0 };
}

/** A scaled total `num / den`, rounded down to hundredths. */
function floorScaled(num: number, den: number): number {
  const a = num * 100;
  if (Number.isSafeInteger(a)) return fromHundredths(floorDivSafe(a, den));
  return fromHundredths(Number(floorDiv(BigInt(num) * 100n, BigInt(den))));
}

/**
 * The score of every column of a sheet with several scorers: a column's total is the first
 * column's, with each entry of this column and the columns before it replacing the points of the
 * item it reviews (the upper level's figure stands where it gave one; local choice), capped by the
 * sections. In hundredths, exactly.
 */
function columnsOf(
  instrument: Instrument,
  sections: readonly SectionScore[],
  itemScores: readonly (ItemScore | undefined)[],
  slotOf: ReadonlyMap<string, number>,
  scaleOf: (totalH: number) => [number, number],
): ColumnScore[] | undefined {
  const scorers = instrument.scorers;
  if (!scorers) return undefined;
  const scoreOf = (id: string): ItemScore | undefined => {
    const slot = slotOf.get(id);
    return slot === undefined ? undefined : itemScores[slot];
  };
  const replaced = new Map<string, number>();
  return scorers.map((scorer, k) => {
    let entered = 0;
    for (const section of instrument.sections)
      for (const item of section.items) {
        const isEntry = item.type === 'points' && (k === 0 ? item.reviews === undefined : item.scorer === scorer.id);
        if (!isEntry) continue;
        const s = scoreOf(item.id);
        if (s?.status !== 'answered') continue;
        entered += 1;
        if (k > 0 && item.reviews !== undefined) replaced.set(item.reviews, hundredthsOf(s.points));
      }
    let totalH = 0;
    for (const sec of sections) {
      let rawH = hundredthsOf(sec.rawPoints);
      for (const [id, pointsH] of replaced) {
        const s = scoreOf(id);
        if (s?.sectionId === sec.id) rawH += pointsH - hundredthsOf(s.points);
      }
      totalH += Math.min(rawH, hundredthsOf(sec.max));
    }
    const [num, den] = scaleOf(totalH);
    return {
      scorer: scorer.id,
      entered,
      total: fromHundredths(totalH),
      scaled: floorScaled(num, den),
      bandLevel: levelOfFraction(instrument.levels, num, den),
    };
  });
}

/**
 * The answers without those of items that do not apply (a "yes" left in a thematic question after
 * the member said there was no thematic meeting), and their score. A form keeps such answers in
 * its draft, so switching back restores them, but neither scores nor sends them. Repeats while
 * dropping an answer makes another item stop applying.
 */
export function scoreApplicable(instrument: Instrument, raw: Answers): { answers: Answers; score: Score } {
  let answers = raw;
  for (let round = 0; round < 8; round++) {
    const score = scoreResponse(instrument, answers);
    const drop = score.items.filter(
      (s) => s.status === 'not-applicable' && Object.hasOwn(answers, s.id) && !isNotApplicable(answers[s.id]),
    );
    if (drop.length === 0) return { answers, score };
    answers = { ...answers };
    for (const s of drop) delete answers[s.id];
  }
  return { answers, score: scoreResponse(instrument, answers) };
}

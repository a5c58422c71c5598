// The scoring of src/core/scoring.ts as it was before it was made to read a plan of the instrument
// (scoring-plan.ts) and to compute metrics in safe integers (exact-metric.ts): kept as the oracle
// the faster one is checked against (scoring-plan.test.ts). Not used by the app.
import { evaluateCondition, type ConditionContext } from '../../../src/core/condition.ts';
import type { Instrument, Item, Level, Metric } from '../../../src/core/instrument.ts';
import { isRequiredItem, isScoredItem, itemMaxPoints } from '../../../src/core/items.ts';
import { answerProblem, isNotApplicable, lookupOf, type Answers } from '../../../src/core/answers.ts';
import type { LocalText } from '../../../src/core/text.ts';
import {
  compareFractions,
  decimalFraction,
  floorDiv,
  fromHundredths,
  hundredthsOf,
  toHundredths,
  type Hundredths,
} from '../../../src/core/decimal.ts';
import {
  adoptionOf,
  brokenChecks,
  unratedOf,
  type AdoptionResult,
  type BrokenCheck,
  type UnratedResult,
} from '../../../src/core/sheet-scoring.ts';

export type { AdoptionResult, BrokenCheck, UnratedResult } from '../../../src/core/sheet-scoring.ts';

/**
 * How an item ended up scored:
 * `answered` scored from its answer; `missing` required but unanswered (0 points);
 * `unanswered` optional and unanswered; `not-applicable` does not apply (per its policy);
 * `full-marks` given full marks by its condition; `lowest` band forced to its lowest step;
 * `invalid` the answer does not fit the item (0 points); `pending` a band whose inputs are incomplete.
 */
export type ItemStatus =
  'answered' | 'missing' | 'unanswered' | 'not-applicable' | 'full-marks' | 'lowest' | 'invalid' | 'pending';

/** The score of one item. */
export interface ItemScore {
  id: string;
  sectionId: string;
  /** Points earned (bonus included). */
  points: number;
  /** Points this item counts toward the maximum (0 when excluded as not applicable). */
  max: number;
  status: ItemStatus;
  /** Whether the item counts toward progress (required and applicable). */
  required: boolean;
}

/** The score of one section. */
export interface SectionScore {
  id: string;
  /** Points after the section maximum caps them. */
  points: number;
  /** Points before the cap (bonus may push them above the maximum). */
  rawPoints: number;
  /** The section's maximum after items that do not apply are excluded and group caps that hold. */
  max: number;
}

/** One scoring column's result (the committee's, the upper level's). */
export interface ColumnScore {
  scorer: string;
  /** Entries of this column (0 for a later column nobody filled in). */
  entered: number;
  total: number;
  /** On the instrument's scale, rounded down to hundredths as `scaled` is. */
  scaled: number;
  /** Level from the bands alone. */
  bandLevel: string;
}

/** A gate that lowered the level. */
export interface GateEffect {
  id: string;
  from: string;
  to: string;
  reason: LocalText;
}

/** A disqualifier that forced the level. */
export interface DisqualifierEffect {
  id: string;
  level: string;
  reason: LocalText;
}

/** How a proposed level compares with the computed one (`higher` is flagged). */
export type ProposalStatus = 'same' | 'lower' | 'higher';

/** The full result of scoring a response. */
export interface Score {
  items: ItemScore[];
  sections: SectionScore[];
  /** Sum of section points. */
  total: number;
  /** Sum of section maxima (less than maxScore when items were excluded). */
  max: number;
  /**
   * The total on the instrument's scale (`total` itself when nothing was excluded): the fraction
   * total × maxScore / max, banded exactly, and given here rounded down to hundredths (the same band).
   */
  scaled: number;
  /** Level from the bands alone. */
  bandLevel: string;
  /** Level after gates and disqualifiers. */
  level: string;
  gates: GateEffect[];
  disqualifiers: DisqualifierEffect[];
  /** Required applicable items not yet answered, in form order. */
  missing: string[];
  /** Items whose answer does not fit. */
  invalid: string[];
  /** Metric values by id (undefined when not computable). */
  metrics: Record<string, number | undefined>;
  /** Required applicable items answered, and how many there are: the form's progress. */
  progress: { answered: number; required: number };
  /** Nothing missing, nothing invalid and no rule between numbers broken. */
  complete: boolean;
  /** Rules between numbers the answers break (these block the export; readers refuse the file). */
  broken: BrokenCheck[];
  /** The members' vote and the upper level's confirmation, when the instrument has them. */
  adoption?: AdoptionResult;
  /** Every scoring column, first to last, when the instrument has several; the score is the last's. */
  columns?: ColumnScore[];
  /** The member's status takes this answer out of the counts: no level is given. */
  unrated?: UnratedResult;
  /** Caps on groups of items that held (their ids), e.g. a combined meeting's content cap. */
  capsHeld?: string[];
  /** The proposed level, when the instrument has one and it was answered. */
  proposal?: { level: string; status: ProposalStatus };
}

/**
 * A metric's exact value `num / den` (den > 0): answers and weights are read as the decimals they
 * were written as (0.8999 stays 0.8999), so every comparison and share is exact.
 */
interface ExactMetric {
  num: bigint;
  den: bigint;
}

/**
 * Σ term × weight as an exact fraction `p / q` (q > 0), or undefined when an input is missing. A term
 * is a number answer or a constant, read as the decimal it was written as, or an earlier metric.
 */
function sumTerms(
  terms: Metric['numerator'],
  answers: Answers,
  earlier: ReadonlyMap<string, ExactMetric>,
): { p: bigint; q: bigint } | undefined {
  let p = 0n;
  let q = 1n;
  for (const t of terms) {
    let a: { p: bigint; q: bigint };
    if (t.constant !== undefined) a = decimalFraction(t.constant);
    else if (t.metric !== undefined) {
      const m = earlier.get(t.metric);
      if (!m) return undefined;
      a = { p: m.num, q: m.den };
    } else {
      const v = answers[t.item ?? ''];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      a = decimalFraction(v);
    }
    const w = decimalFraction(t.weight ?? 1);
    const tp = a.p * w.p;
    const tq = a.q * w.q;
    // Same denominator (the usual case: powers of ten) adds directly; otherwise cross-multiply.
    if (tq === q) p += tp;
    else if (tq % q === 0n) {
      p = p * (tq / q) + tp;
      q = tq;
    } else if (q % tq === 0n) p += tp * (q / tq);
    else {
      p = p * tq + tp * q;
      q = q * tq;
    }
  }
  return { p, q };
}

/**
 * A metric's exact value: the first case whose condition holds (conditions see the answers and the
 * metrics before this one) replaces its own terms.
 */
function computeMetric(
  metric: Metric,
  answers: Answers,
  earlier: ReadonlyMap<string, ExactMetric>,
): ExactMetric | undefined {
  let chosen: Pick<Metric, 'numerator' | 'denominator'> = metric;
  if (metric.cases) {
    const ctx: ConditionContext = {
      answer: (id) => (Object.hasOwn(answers, id) ? answers[id] : undefined),
      metric: (id) => {
        const m = earlier.get(id);
        return m ? metricValue(m) : undefined;
      },
      compareMetric: (id, value) => {
        const m = earlier.get(id);
        return m ? compareMetricTo(m, value) : undefined;
      },
      isFullMarks: () => false,
    };
    chosen = metric.cases.find((c) => evaluateCondition(c.when, ctx)) ?? metric;
  }
  const top = sumTerms(chosen.numerator, answers, earlier);
  if (!top) return undefined;
  if (!chosen.denominator) return { num: top.p, den: top.q };
  const bottom = sumTerms(chosen.denominator, answers, earlier);
  if (!bottom || bottom.p <= 0n) return undefined;
  return { num: top.p * bottom.q, den: top.q * bottom.p };
}

/** The nearest double of an exact metric (for display and for conditions on numbers). */
function metricValue(m: ExactMetric): number {
  if (
    m.num <= BigInt(Number.MAX_SAFE_INTEGER) &&
    m.num >= -BigInt(Number.MAX_SAFE_INTEGER) &&
    m.den <= BigInt(Number.MAX_SAFE_INTEGER)
  )
    return Number(m.num) / Number(m.den);
  // Rare large fractions: scale down keeping 17 significant digits.
  const shift = BigInt(Math.max(0, m.den.toString().length - 15));
  const d = m.den / 10n ** shift;
  return Number(m.num / 10n ** shift) / Number(d || 1n);
}

/** -1, 0 or 1 as the exact metric is below, equal to or above `value` as written. */
function compareMetricTo(m: ExactMetric, value: number): -1 | 0 | 1 {
  const { p, q } = decimalFraction(value);
  const l = m.num * q;
  const r = p * m.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Points, in hundredths, for a raw answer, or undefined when the answer does not fit the item (the import's rule). */
function pointsForAnswer(item: Item, value: unknown, levelIds: ReadonlySet<string>): Hundredths | undefined {
  if (answerProblem(item, value, levelIds)) return undefined;
  let points: number | undefined;
  switch (item.type) {
    case 'yes-no':
      points = value ? (item.yesPoints ?? 0) : (item.noPoints ?? 0);
      break;
    case 'bonus':
      points = value ? item.points : 0;
      break;
    case 'choice':
      points = item.options.find((o) => o.id === value)?.points;
      break;
    case 'rating':
      points = item.steps.find((s) => s.value === value)?.points;
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
  if (item.linear) {
    const full = hundredthsOf(item.linear.points);
    const { p, q } = decimalFraction(item.linear.full);
    const num = m.num * q;
    const den = m.den * p;
    if (num <= 0n) return 0;
    if (num >= den) return full;
    return Number(floorDiv(BigInt(full) * num, den));
  }
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
 */
export function scoreResponse(instrument: Instrument, answers: Answers): Score {
  const exactMetrics = new Map<string, ExactMetric>();
  const metrics: Record<string, number | undefined> = {};
  for (const m of instrument.metrics ?? []) {
    const exact = computeMetric(m, answers, exactMetrics);
    if (exact) exactMetrics.set(m.id, exact);
    metrics[m.id] = exact ? metricValue(exact) : undefined;
  }

  const levelIds = lookupOf(instrument).levels;
  const itemScores = new Map<string, ItemScore>();
  // Which items apply, in form order. An item that does not apply has no answer for any condition
  // (a stale answer left from before would otherwise still count).
  const applies = new Map<string, boolean>();
  const answerOf = (id: string): unknown =>
    applies.get(id) === false || !Object.hasOwn(answers, id) ? undefined : answers[id];
  const ctx: ConditionContext = {
    answer: answerOf,
    metric: (id) => metrics[id],
    compareMetric: (id, value) => {
      const m = exactMetrics.get(id);
      return m ? compareMetricTo(m, value) : undefined;
    },
    // An item excluded as not applicable does not stand in a full-marks requirement's way.
    // Item conditions see only the items before them; gates see every item.
    isFullMarks: (id) => {
      const s = itemScores.get(id);
      if (!s) return false;
      if (s.status === 'not-applicable' && s.max === 0) return true;
      return s.max > 0 && s.points >= s.max;
    },
  };
  for (const section of instrument.sections)
    for (const item of section.items)
      applies.set(item.id, item.appliesWhen ? evaluateCondition(item.appliesWhen, ctx) : true);

  const missing: string[] = [];
  const invalid: string[] = [];
  const progress = { answered: 0, required: 0 };
  const capsHeld: string[] = [];
  let totalH = 0;
  let maxH = 0;
  const sections = instrument.sections.map((section) => {
    let rawH = 0;
    let sectionMaxH = 0;
    for (const item of section.items) {
      const fullH = hundredthsOf(itemMaxPoints(item));
      const full = fromHundredths(fullH);
      const value = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
      const itemApplies = applies.get(item.id) ?? true;
      let score: ItemScore;
      const base = { id: item.id, sectionId: section.id, required: false };
      if (!itemApplies || isNotApplicable(value)) {
        const policy = item.naPolicy ?? 'exclude';
        score = {
          ...base,
          status: 'not-applicable',
          points: policy === 'full-marks' ? full : 0,
          max: policy === 'exclude' ? 0 : full,
        };
        if (itemApplies && !item.naChoosable) {
          score = { ...base, status: 'invalid', points: 0, max: full };
          invalid.push(item.id);
        }
      } else if (item.fullMarksWhen && evaluateCondition(item.fullMarksWhen, ctx)) {
        score = { ...base, status: 'full-marks', points: full, max: full };
      } else if (item.type === 'band') {
        const m = exactMetrics.get(item.metric);
        if (item.lowestWhen && evaluateCondition(item.lowestWhen, ctx)) {
          score = { ...base, status: 'lowest', points: fromHundredths(lowestBandPoints(item)), max: full };
        } else if (m === undefined) {
          score = { ...base, status: 'pending', points: 0, max: full };
        } else {
          score = { ...base, status: 'answered', points: fromHundredths(bandPoints(item, m, ctx)), max: full };
        }
      } else {
        const required = isRequiredItem(item);
        if (value === undefined) {
          score = { ...base, required, status: required ? 'missing' : 'unanswered', points: 0, max: full };
          if (required) missing.push(item.id);
        } else {
          const points = pointsForAnswer(item, value, levelIds);
          if (points === undefined) {
            score = { ...base, required, status: 'invalid', points: 0, max: full };
            invalid.push(item.id);
          } else {
            score = { ...base, required, status: 'answered', points: fromHundredths(points), max: full };
          }
        }
        if (required) {
          progress.required += 1;
          if (score.status === 'answered') progress.answered += 1;
        }
      }
      if (!isScoredItem(item) && item.type !== 'bonus') score.max = 0;
      itemScores.set(item.id, score);
      // A later column's entry replaces its item's points in the columns (below), not here.
      if (item.type === 'points' && item.reviews !== undefined) continue;
      // Every item's points and maximum are a number of hundredths made exactly above.
      rawH += hundredthsOf(score.points);
      sectionMaxH += hundredthsOf(score.max);
    }
    // Caps on groups of items that hold lower both the points and the maximum.
    for (const cap of section.caps ?? []) {
      if (cap.when && !evaluateCondition(cap.when, ctx)) continue;
      let groupH = 0;
      let groupMaxH = 0;
      for (const id of cap.items) {
        const s = itemScores.get(id);
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
    return {
      id: section.id,
      rawPoints: fromHundredths(rawH),
      max: fromHundredths(sectionMaxH),
      points: fromHundredths(pointsH),
    };
  });

  const max = fromHundredths(maxH);
  // On the instrument's scale: total × maxScore / max, kept as a fraction of integers for banding;
  // an instrument that says so (rescaleExcluded: false) bands its raw total, as its sheet adds up.
  const scaleH = hundredthsOf(instrument.maxScore);
  const scaleOf = (tH: number): [number, number] =>
    maxH === scaleH || instrument.rescaleExcluded === false ? [tH, 100] : maxH > 0 ? [tH * scaleH, maxH * 100] : [0, 1];
  const columns = columnsOf(instrument, sections, itemScores, scaleOf);
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

  const score: Score = {
    items: [...itemScores.values()],
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
  const levelItem = instrument.sections.flatMap((s) => s.items).find((i) => i.type === 'level');
  const proposed = levelItem ? answers[levelItem.id] : undefined;
  if (typeof proposed === 'string' && instrument.levels.some((l) => l.id === proposed)) {
    const diff = levelRank(instrument.levels, proposed) - levelRank(instrument.levels, level);
    score.proposal = { level: proposed, status: diff === 0 ? 'same' : diff > 0 ? 'lower' : 'higher' };
  }
  return score;
}

/** A scaled total `num / den`, rounded down to hundredths. */
function floorScaled(num: number, den: number): number {
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
  itemScores: ReadonlyMap<string, ItemScore>,
  scaleOf: (totalH: number) => [number, number],
): ColumnScore[] | undefined {
  const scorers = instrument.scorers;
  if (!scorers) return undefined;
  const replaced = new Map<string, number>();
  return scorers.map((scorer, k) => {
    let entered = 0;
    for (const section of instrument.sections)
      for (const item of section.items) {
        const isEntry = item.type === 'points' && (k === 0 ? item.reviews === undefined : item.scorer === scorer.id);
        if (!isEntry) continue;
        const s = itemScores.get(item.id);
        if (s?.status !== 'answered') continue;
        entered += 1;
        if (k > 0 && item.reviews !== undefined) replaced.set(item.reviews, hundredthsOf(s.points));
      }
    let totalH = 0;
    for (const sec of sections) {
      let rawH = hundredthsOf(sec.rawPoints);
      for (const [id, pointsH] of replaced) {
        const s = itemScores.get(id);
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

// Scoring for counting only (phieu aggregate; the pages never import this): the same rules as
// scoreResponse (scoring.ts), read from the same plan (scoring-plan.ts), but the results are left
// in integer arrays (hundredths) reused from one response to the next instead of a Score of some
// fifty objects. fast-tally.ts adds them to a cell's counts. Instruments with several scoring
// columns are not handled here (`canScoreFast`): those are scored by scoreResponse.
// Tests prove the results equal scoreResponse's on every instrument, generated and frozen answers.
import { answerProblem, isNotApplicable, lookupOf, type Answers } from './answers.ts';
import { evaluateCondition, type ConditionContext } from './condition.ts';
import { decimalFraction, floorDiv, fromHundredths, hundredthsOf } from './decimal.ts';
import {
  compareMetricTo,
  computeMetric,
  floorDivSafe,
  linearBandHundredths,
  metricValue,
  type ExactMetric,
} from './exact-metric.ts';
import type { Instrument, Item } from './instrument.ts';
import { scoringPlanOf, type ItemPlan, type ScoringPlan } from './scoring-plan.ts';
import { levelOfFraction, pointsOfFittingAnswer } from './scoring.ts';
import { adoptionOf, brokenChecks, unratedStatusOf } from './sheet-scoring.ts';

/** Item statuses as small integers (score.ts' ItemStatus). */
export const ANSWERED = 1;
export const MISSING = 2;
export const UNANSWERED = 3;
export const NOT_APPLICABLE = 4;
export const FULL_MARKS = 5;
export const LOWEST = 6;
export const INVALID = 7;
export const PENDING = 8;

/** Whether {@link FastScorer} scores an instrument (no scoring columns). */
export function canScoreFast(instrument: Instrument): boolean {
  return instrument.scorers === undefined;
}

/** Points, in hundredths, for a raw answer, or undefined when the answer does not fit (scoring.ts). */
function pointsForAnswer(item: Item, value: unknown, levelIds: ReadonlySet<string> | undefined): number | undefined {
  // Without levelIds: the caller has checked every answer against its item (checkResponse).
  if (levelIds && answerProblem(item, value, levelIds)) return undefined;
  return pointsOfFittingAnswer(item, value);
}

type Band = Extract<Item, { type: 'band' }>;

/** scoring.ts' levelRank, as a loop (no arrow made: asked a few times for every response). */
function rankOf(levels: Instrument['levels'], id: string): number {
  for (let i = 0; i < levels.length; i++) if (levels[i]!.id === id) return i;
  return levels.length;
}

const BIG_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SMALL = new Map<number, readonly [number, number] | null>();
/** decimalFraction(x) as safe integers [p, q], when it is (cached). */
function smallFraction(x: number): readonly [number, number] | undefined {
  let f = SMALL.get(x);
  if (f === undefined) {
    const { p, q } = decimalFraction(x);
    f = p <= BIG_MAX && p >= -BIG_MAX && q <= BIG_MAX ? [Number(p), Number(q)] : null;
    if (SMALL.size >= 4096) SMALL.clear();
    SMALL.set(x, f);
  }
  return f ?? undefined;
}

/** compareMetricTo, in safe integers when the products are (no BigInt on the common path). */
export function compareMetric(m: ExactMetric, value: number): -1 | 0 | 1 {
  const f = m.big ? undefined : smallFraction(value);
  if (f) {
    const l = m.num * f[1];
    const r = f[0] * m.den;
    if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l < r ? -1 : l > r ? 1 : 0;
  }
  return compareMetricTo(m, value);
}

/** linearBandHundredths, in safe integers when the products are. */
export function linearBand(m: ExactMetric, fullH: number, full: number): number {
  const f = m.big ? undefined : smallFraction(full);
  if (f) {
    const num = m.num * f[1];
    const den = m.den * f[0];
    if (Number.isSafeInteger(num) && Number.isSafeInteger(den) && den > 0) {
      if (num <= 0) return 0;
      if (num >= den) return fullH;
      const a = fullH * num;
      if (Number.isSafeInteger(a)) return floorDivSafe(a, den);
    }
  }
  return linearBandHundredths(m, fullH, full);
}

function bandPoints(item: Band, m: ExactMetric, ctx: ConditionContext): number {
  if (item.linear) return linearBand(m, hundredthsOf(item.linear.points), item.linear.full);
  if (item.cases) return hundredthsOf(item.cases.find((c) => evaluateCondition(c.when, ctx))?.points ?? 0);
  for (const step of item.steps ?? [])
    if (compareMetric(m, step.min) >= (step.strict ? 1 : 0)) return hundredthsOf(step.points);
  return 0;
}

function lowestBandPoints(item: Band): number {
  if (item.cases) return hundredthsOf(Math.min(...item.cases.map((c) => c.points)));
  return hundredthsOf(item.steps?.at(-1)?.points ?? 0);
}

/** ⌊num / den⌋ in hundredths (scoring.ts' floorScaled, before turning it into a number). */
function floorScaledH(num: number, den: number): number {
  const a = num * 100;
  if (Number.isSafeInteger(a)) return floorDivSafe(a, den);
  return Number(floorDiv(BigInt(num) * 100n, BigInt(den)));
}

/**
 * Scores responses to one instrument, one at a time, into its fields and arrays (valid until the
 * next call). Per item slot (scoring-plan.ts): status, points and maximum in hundredths.
 */
export class FastScorer {
  readonly instrument: Instrument;
  readonly plan: ScoringPlan;
  /** Set by score(): the member's status when it takes the answer out of the counts. */
  unrated: string | undefined;
  /** The scaled total, a number (as Score.scaled). */
  scaled = 0;
  /** The total before scaling, in hundredths (Score.total × 100). */
  totalH = 0;
  level = '';
  /** 'same' | 'lower' | 'higher', or undefined without a proposal. */
  proposal: 'same' | 'lower' | 'higher' | undefined;
  proposed: string | undefined;
  gated = false;
  disqualified = false;
  complete = false;
  readonly status: Uint8Array;
  readonly pointsH: Float64Array;
  readonly maxH: Float64Array;
  /** Per section of the plan, in hundredths. */
  readonly sectionPointsH: Float64Array;
  readonly sectionMaxH: Float64Array;

  private answers: Answers = {};
  /**
   * Per slot, the answer to its item (undefined when there is none), read from the answers once per
   * response: every later read (conditions, items, counts) is an index, not a lookup by id.
   */
  readonly values: (Answers[string] | undefined)[];
  private readonly metrics: Record<string, number | undefined> = {};
  /** Each metric's exact value for the response being scored, by its index in plan.metrics. */
  private readonly exact: (ExactMetric | undefined)[];
  /** The index of each metric id (ids are unique: instrument.ts). */
  private readonly metricAt = new Map<string, number>();
  private readonly exactOf: (id: string) => ExactMetric | undefined;
  /** 0 not yet known, 1 applies, 2 does not. */
  private readonly applies: Uint8Array;
  private readonly scored: Uint8Array;
  private readonly ctx: ConditionContext;
  private readonly answerOf: (id: string) => unknown;
  private readonly capMaxH: number[][];
  /** Whether every item has its own id, the item checkResponse checks its answer against. */
  private readonly ownIds: boolean;
  /** Whether the answers being scored passed checkResponse (and ownIds). */
  private checked = false;
  /**
   * The keys of the answers scored last, in for…in order, and their slots (-1: none): files of one
   * instrument list the same keys in the same order, and a key equal to the one at its place needs
   * no lookup.
   */
  private readonly lastKeys: string[] = [];
  private readonly lastSlots: number[] = [];
  /** The items with a condition to apply, in plan order, when no two items share a slot (else undefined). */
  private readonly conditional: ItemPlan[] | undefined;

  constructor(instrument: Instrument) {
    this.instrument = instrument;
    const plan = (this.plan = scoringPlanOf(instrument));
    const n = plan.slots;
    this.status = new Uint8Array(n);
    this.pointsH = new Float64Array(n);
    this.maxH = new Float64Array(n);
    this.values = new Array<Answers[string] | undefined>(n).fill(undefined);
    this.exact = new Array<ExactMetric | undefined>(plan.metrics.length).fill(undefined);
    plan.metrics.forEach((m, i) => this.metricAt.set(m.id, i));
    this.exactOf = (id) => {
      const at = this.metricAt.get(id);
      return at === undefined ? undefined : this.exact[at];
    };
    this.applies = new Uint8Array(n);
    this.scored = new Uint8Array(n);
    this.sectionPointsH = new Float64Array(plan.sections.length);
    this.sectionMaxH = new Float64Array(plan.sections.length);
    this.capMaxH = plan.sections.map((s) => s.caps.map((c) => hundredthsOf(c.max)));
    const byId = lookupOf(instrument).byId;
    this.ownIds = plan.items.length === n && plan.items.every((p) => byId.get(p.item.id) === p.item);
    this.conditional = plan.items.length === n ? plan.items.filter((p) => p.item.appliesWhen) : undefined;
    const slotOf = plan.slotOf;
    this.answerOf = (id) => {
      const slot = slotOf.get(id);
      if (slot !== undefined) return this.applies[slot] === 2 ? undefined : this.values[slot];
      const answers = this.answers;
      return Object.hasOwn(answers, id) ? answers[id] : undefined;
    };
    this.ctx = {
      answer: this.answerOf,
      metric: (id) => this.metrics[id],
      compareMetric: (id, value) => {
        const m = this.exactOf(id);
        return m ? compareMetric(m, value) : undefined;
      },
      isFullMarks: (id) => {
        const slot = slotOf.get(id);
        if (slot === undefined || this.scored[slot] === 0) return false;
        const max = this.maxH[slot]!;
        if (this.status[slot] === NOT_APPLICABLE && max === 0) return true;
        return max > 0 && this.pointsH[slot]! >= max;
      },
    };
  }

  /**
   * Scores answers (the instrument must pass {@link canScoreFast}). `checked`: checkResponse found
   * nothing wrong with the response they belong to, so every answer fits its item and no rule
   * between numbers is broken (nor with fewer answers, those of items that do not apply).
   */
  score(answers: Answers, checked = false): void {
    const { plan, instrument, ctx, exact, exactOf, metrics } = this;
    this.answers = answers;
    this.checked = checked && this.ownIds;
    // The answers by slot: own keys only (as scoreResponse reads them). hasOwnProperty on a key of a
    // for…in over the same object is known to the compiler; Object.hasOwn is looked up each time.
    const values = this.values;
    values.fill(undefined);
    const slotOf = plan.slotOf;
    const lastKeys = this.lastKeys;
    const lastSlots = this.lastSlots;
    let at = 0;
    for (const id in answers) {
      let slot: number;
      if (lastKeys[at] === id) slot = lastSlots[at]!;
      else {
        slot = slotOf.get(id) ?? -1;
        lastKeys[at] = id;
        lastSlots[at] = slot;
      }
      at += 1;
      if (slot !== -1 && Object.prototype.hasOwnProperty.call(answers, id)) values[slot] = answers[id];
    }
    exact.fill(undefined);
    const metricList = plan.metrics;
    for (let i = 0; i < metricList.length; i++) {
      const m = metricList[i]!;
      const e = computeMetric(m, answers, exactOf);
      exact[i] = e;
      metrics[m.id] = e ? metricValue(e) : undefined;
    }
    this.scored.fill(0);
    const conditional = this.conditional;
    if (conditional) {
      // One item per slot: a condition reads only whether another item is known not to apply (2),
      // which only an earlier condition makes, so every other item may be marked as applying first.
      this.applies.fill(1);
      for (const p of conditional) this.applies[p.slot] = evaluateCondition(p.item.appliesWhen!, ctx) ? 1 : 2;
    } else {
      this.applies.fill(0);
      for (const p of plan.items)
        this.applies[p.slot] = p.item.appliesWhen ? (evaluateCondition(p.item.appliesWhen, ctx) ? 1 : 2) : 1;
    }
    let missing = 0;
    let invalid = 0;
    let totalH = 0;
    let maxH = 0;
    const items = plan.items;
    for (let k = 0; k < plan.sections.length; k++) {
      const section = plan.sections[k]!;
      let rawH = 0;
      let sectionMaxH = 0;
      for (let i = section.start; i < section.end; i++) {
        const p = items[i]!;
        const r = this.scoreItem(p);
        if (r === MISSING) missing += 1;
        else if (r === INVALID) invalid += 1;
        if (p.isReview) continue;
        rawH += this.pointsH[p.slot]!;
        sectionMaxH += this.maxH[p.slot]!;
      }
      const caps = section.caps;
      for (let c = 0; c < caps.length; c++) {
        const cap = caps[c]!;
        if (cap.when && !evaluateCondition(cap.when, ctx)) continue;
        let groupH = 0;
        let groupMaxH = 0;
        for (const id of cap.items) {
          const slot = plan.slotOf.get(id);
          if (slot === undefined || this.scored[slot] === 0) continue;
          groupH += this.pointsH[slot]!;
          groupMaxH += this.maxH[slot]!;
        }
        const capH = this.capMaxH[k]![c]!;
        rawH -= Math.max(0, groupH - capH);
        sectionMaxH -= Math.max(0, groupMaxH - capH);
      }
      const pointsH = Math.min(rawH, sectionMaxH);
      this.sectionPointsH[k] = pointsH;
      this.sectionMaxH[k] = sectionMaxH;
      totalH += pointsH;
      maxH += sectionMaxH;
    }

    const scaleH = plan.scaleH;
    let num = 0;
    let den = 1;
    if (maxH === scaleH || instrument.rescaleExcluded === false) {
      num = totalH;
      den = 100;
    } else if (maxH > 0) {
      num = totalH * scaleH;
      den = maxH * 100;
    }
    this.totalH = totalH;
    this.scaled = fromHundredths(floorScaledH(num, den));
    const bandLevel = levelOfFraction(instrument.levels, num, den);

    let level = bandLevel;
    this.gated = false;
    const gates = instrument.gates ?? [];
    for (;;) {
      let failed = false;
      for (const g of gates)
        if (g.level === level && !evaluateCondition(g.requires, ctx)) {
          failed = true;
          break;
        }
      if (!failed) break;
      const next = instrument.levels[rankOf(instrument.levels, level) + 1];
      if (!next) break;
      this.gated = true;
      level = next.id;
    }
    this.disqualified = false;
    for (const d of instrument.disqualifiers ?? []) {
      if (!evaluateCondition(d.when, ctx)) continue;
      this.disqualified = true;
      if (rankOf(instrument.levels, d.level) > rankOf(instrument.levels, level)) level = d.level;
    }
    this.level = level;
    // Everything scoreResponse works out is worked out here too (it may refuse the same answers).
    const broken = this.checked ? 0 : brokenChecks(instrument, this.answerOf).length;
    this.complete = missing === 0 && invalid === 0 && broken === 0;
    if (instrument.adoption) adoptionOf(instrument, this.answerOf);
    this.unrated = unratedStatusOf(instrument, this.answerOf);
    const proposed = plan.levelItem ? answers[plan.levelItem.id] : undefined;
    this.proposal = undefined;
    this.proposed = undefined;
    if (typeof proposed === 'string' && plan.levelIds.has(proposed)) {
      const diff = rankOf(instrument.levels, proposed) - rankOf(instrument.levels, level);
      this.proposal = diff === 0 ? 'same' : diff > 0 ? 'lower' : 'higher';
      this.proposed = proposed;
    }
  }

  /** One item (scoring.ts' scoreItem) into its slot; returns its status. */
  private scoreItem(p: ItemPlan): number {
    const item = p.item;
    const ctx = this.ctx;
    const value = this.values[p.slot];
    const itemApplies = this.applies[p.slot] !== 2;
    let status: number;
    let pointsH = 0;
    let maxH = p.fullH;
    if (!itemApplies || isNotApplicable(value)) {
      if (itemApplies && !item.naChoosable) status = INVALID;
      else {
        const policy = item.naPolicy ?? 'exclude';
        status = NOT_APPLICABLE;
        if (policy === 'full-marks') pointsH = p.fullH;
        if (policy === 'exclude') maxH = 0;
      }
    } else if (item.fullMarksWhen && evaluateCondition(item.fullMarksWhen, ctx)) {
      status = FULL_MARKS;
      pointsH = p.fullH;
    } else if (item.type === 'band') {
      const m = this.exactOf(item.metric);
      if (item.lowestWhen && evaluateCondition(item.lowestWhen, ctx)) {
        status = LOWEST;
        pointsH = lowestBandPoints(item);
      } else if (m === undefined) status = PENDING;
      else {
        status = ANSWERED;
        pointsH = bandPoints(item, m, ctx);
      }
    } else if (value === undefined) status = p.required ? MISSING : UNANSWERED;
    else {
      const h = pointsForAnswer(item, value, this.checked ? undefined : this.plan.levelIds);
      if (h === undefined) status = INVALID;
      else {
        status = ANSWERED;
        pointsH = h;
      }
    }
    const slot = p.slot;
    this.status[slot] = status;
    this.pointsH[slot] = pointsH;
    this.maxH[slot] = p.counts ? maxH : 0;
    this.scored[slot] = 1;
    return status;
  }
}

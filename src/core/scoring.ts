import { evaluateCondition, type ConditionContext } from './condition.ts';
import type { Instrument, Item, Level, Metric } from './instrument.ts';
import { isRequiredItem, isScoredItem, itemMaxPoints } from './items.ts';
import { answerProblem, isNotApplicable, lookupOf, type Answers } from './answers.ts';
import type { LocalText } from './text.ts';

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
  /** The section's maximum after items that do not apply are excluded. */
  max: number;
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
  /** The total on the instrument's scale (`total` itself when nothing was excluded); banded unrounded. */
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
  /** Nothing missing and nothing invalid. */
  complete: boolean;
  /** The proposed level, when the instrument has one and it was answered. */
  proposal?: { level: string; status: ProposalStatus };
}

function computeMetric(metric: Metric, answers: Answers): number | undefined {
  const sum = (terms: Metric['numerator']): number | undefined => {
    let s = 0;
    for (const t of terms) {
      const v = answers[t.item];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      s += v * (t.weight ?? 1);
    }
    return s;
  };
  const num = sum(metric.numerator);
  if (num === undefined) return undefined;
  if (!metric.denominator) return num;
  const den = sum(metric.denominator);
  if (den === undefined || den <= 0) return undefined;
  return num / den;
}

/** Points for a raw answer, or undefined when the answer does not fit the item (the import's rule). */
function pointsForAnswer(item: Item, value: unknown, levelIds: ReadonlySet<string>): number | undefined {
  if (answerProblem(item, value, levelIds)) return undefined;
  switch (item.type) {
    case 'yes-no':
      return value ? (item.yesPoints ?? 0) : (item.noPoints ?? 0);
    case 'bonus':
      return value ? item.points : 0;
    case 'choice':
      return item.options.find((o) => o.id === value)?.points;
    case 'rating':
      return item.steps.find((s) => s.value === value)?.points;
    default:
      return 0;
  }
}

function bandPoints(item: Extract<Item, { type: 'band' }>, value: number): number {
  if (item.linear) return item.linear.points * Math.min(1, Math.max(0, value / item.linear.full));
  for (const step of item.steps ?? []) if (value >= step.min) return step.points;
  return 0;
}

/** The lowest step's points (steps are listed highest first); 0 for a linear band. */
function lowestBandPoints(item: Extract<Item, { type: 'band' }>): number {
  return item.steps?.at(-1)?.points ?? 0;
}

/** The level of a scaled total from half-open bands (levels listed highest first). */
export function levelOfTotal(levels: readonly Level[], scaled: number): string {
  for (const level of levels) if (scaled >= level.min) return level.id;
  return levels[levels.length - 1]?.id ?? '';
}

/** The position of a level (0 = highest); unknown levels sort last. */
export function levelRank(levels: readonly Level[], id: string): number {
  const i = levels.findIndex((l) => l.id === id);
  return i < 0 ? levels.length : i;
}

/**
 * Scores answers against an instrument. Pure and deterministic: the same instrument and answers
 * always give the same score. Nothing is rounded; levels come from the unrounded scaled total.
 */
export function scoreResponse(instrument: Instrument, answers: Answers): Score {
  const metrics: Record<string, number | undefined> = {};
  for (const m of instrument.metrics ?? []) metrics[m.id] = computeMetric(m, answers);

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
  const sections = instrument.sections.map((section) => {
    let rawPoints = 0;
    let max = 0;
    for (const item of section.items) {
      const full = itemMaxPoints(item);
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
        const m = metrics[item.metric];
        if (item.lowestWhen && evaluateCondition(item.lowestWhen, ctx)) {
          score = { ...base, status: 'lowest', points: lowestBandPoints(item), max: full };
        } else if (m === undefined) {
          score = { ...base, status: 'pending', points: 0, max: full };
        } else {
          score = { ...base, status: 'answered', points: bandPoints(item, m), max: full };
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
            score = { ...base, required, status: 'answered', points, max: full };
          }
        }
        if (required) {
          progress.required += 1;
          if (score.status === 'answered') progress.answered += 1;
        }
      }
      if (!isScoredItem(item) && item.type !== 'bonus') score.max = 0;
      itemScores.set(item.id, score);
      rawPoints += score.points;
      max += score.max;
    }
    return { id: section.id, rawPoints, max, points: Math.min(rawPoints, max) };
  });

  const total = sections.reduce((s, sec) => s + sec.points, 0);
  const max = sections.reduce((s, sec) => s + sec.max, 0);
  const scaled = max === instrument.maxScore ? total : max > 0 ? (total * instrument.maxScore) / max : 0;
  const bandLevel = levelOfTotal(instrument.levels, scaled);

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
    complete: missing.length === 0 && invalid.length === 0,
  };
  const levelItem = instrument.sections.flatMap((s) => s.items).find((i) => i.type === 'level');
  const proposed = levelItem ? answers[levelItem.id] : undefined;
  if (typeof proposed === 'string' && instrument.levels.some((l) => l.id === proposed)) {
    const diff = levelRank(instrument.levels, proposed) - levelRank(instrument.levels, level);
    score.proposal = { level: proposed, status: diff === 0 ? 'same' : diff > 0 ? 'lower' : 'higher' };
  }
  return score;
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

import * as z from 'zod/mini';
import { listConditionRefs, type Condition } from './condition.ts';
import { ConditionSchema } from './condition-schema.ts';
import { IdSchema, LocalTextSchema } from './fields.ts';
import { DEFINITION_HASH_PATTERN } from './patterns.ts';
import { itemMaxPoints } from './items.ts';
import { fromHundredths, hasAtMostTwoDecimals, hundredthsOf } from './decimal.ts';
import {
  AdoptionSchema,
  CrossCheckSchema,
  MemberStatusSchema,
  ScorerSchema,
  SectionCapSchema,
  SourceNoteSchema,
} from './sheet-schema.ts';
import { checkSheetRules } from './sheet-check.ts';

export { ConditionSchema } from './condition-schema.ts';

/** How an item that does not apply is scored. */
export const NaPolicySchema = z.enum(['exclude', 'full-marks', 'zero']);
/** `exclude`: its points leave both score and maximum; `full-marks`: counted as full; `zero`: counted as 0. */
export type NaPolicy = z.infer<typeof NaPolicySchema>;

/** Fields every item has, whatever its kind. */
const itemBase = {
  /** Unique id within the instrument; answers are keyed by it. Never rename a published id. */
  id: IdSchema,
  /** The question as shown to the person answering. */
  label: LocalTextSchema,
  /** A longer explanation shown under the question. */
  help: z.optional(LocalTextSchema),
  /** Whether an answer is needed before the form counts as complete. Default: true, except text and bonus. */
  required: z.optional(z.boolean()),
  /** The item applies only when this holds (e.g. only when a thematic meeting was held). */
  appliesWhen: z.optional(ConditionSchema),
  /** Why the item may not apply, shown when it does not. */
  naReason: z.optional(LocalTextSchema),
  /** The person may answer "does not apply" themselves. Default false. */
  naChoosable: z.optional(z.boolean()),
  /** How a non-applicable item is scored. Default `exclude`. */
  naPolicy: z.optional(NaPolicySchema),
  /** Full marks are given, whatever the answer, when this holds (e.g. a one-person committee). */
  fullMarksWhen: z.optional(ConditionSchema),
  /** Why full marks were given, shown when `fullMarksWhen` holds. */
  fullMarksReason: z.optional(LocalTextSchema),
  /** Where the item and its points come from ([seen], [secondary], [inferred] or a local choice). */
  source: z.optional(SourceNoteSchema),
};

/** Points as sheets print them: 0 to 1000 with at most two decimals (summed exactly: decimal.ts). */
const Points = z
  .number()
  .check(
    z.gte(0),
    z.lte(1000),
    z.refine(hasAtMostTwoDecimals, { message: 'points have at most two decimals (e.g. 17.4 or 0.25)' }),
  );

/** Yes/no question; each answer is worth a number of points. */
export const YesNoItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('yes-no'),
  /** Points for "yes". Default 0. */
  yesPoints: z.optional(Points),
  /** Points for "no". Default 0. */
  noPoints: z.optional(Points),
  /** Wording of the two answers (default Có / Không). */
  labels: z.optional(z.strictObject({ yes: LocalTextSchema, no: LocalTextSchema })),
});

/** One option of a graded choice. */
export const ChoiceOptionSchema = z.strictObject({
  /** Id stored in the answer. */
  id: IdSchema,
  /** Wording of the option. */
  label: LocalTextSchema,
  /** Points the option is worth. */
  points: Points,
});

/** Graded single choice: one option, points per option. */
export const ChoiceItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('choice'),
  /** The options, in display order. */
  options: z.array(ChoiceOptionSchema).check(z.minLength(2)),
});

/** One step of a rating scale. */
export const RatingStepSchema = z.strictObject({
  /** The value stored in the answer (e.g. 1..5). */
  value: z.int(),
  /** Wording of the step; defaults to the number. */
  label: z.optional(LocalTextSchema),
  /** Points the step is worth. */
  points: Points,
});

/** Rating scale: one of several numbered steps, points per step. */
export const RatingItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('rating'),
  /** The steps, lowest first. */
  steps: z.array(RatingStepSchema).check(z.minLength(2)),
  /** Words for the low end of the scale. */
  lowLabel: z.optional(LocalTextSchema),
  /** Words for the high end of the scale. */
  highLabel: z.optional(LocalTextSchema),
});

/** A number with bounds and unit. Not scored by itself; bands and metrics use it. */
export const NumberItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('number'),
  /** Smallest allowed value. */
  min: z.number(),
  /** Largest allowed value. */
  max: z.number(),
  /** Whole numbers only. Default true. */
  integer: z.optional(z.boolean()),
  /** Unit shown beside the input (phút, người, %). */
  unit: z.optional(LocalTextSchema),
});

/** One step of a band: a value at or above `min` earns `points` (half-open steps). */
export const BandStepSchema = z.strictObject({
  /** Lower bound, inclusive. Steps are listed from the highest `min` down. */
  min: z.number(),
  /** The bound is strict: a value must be above `min` ("over 50 %"). Default false (at least `min`). */
  strict: z.optional(z.boolean()),
  /** Points for a value in this step. */
  points: Points,
});

/** One case of a band: when `when` holds (cases tried in order) the band gives `points`. */
export const BandCaseSchema = z.strictObject({
  /** The condition, usually comparisons of metrics. */
  when: ConditionSchema,
  /** Points for this case. */
  points: Points,
});

/** Points computed from a metric: either steps, or linear up to a full-marks value. */
export const BandItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('band'),
  /** The metric (instrument-level) whose value is banded. */
  metric: IdSchema,
  /** Half-open steps, highest `min` first; a value below every step earns 0. */
  steps: z.optional(z.array(BandStepSchema).check(z.minLength(1))),
  /** Linear points: `points × clamp(value / full, 0, 1)`. */
  linear: z.optional(z.strictObject({ points: Points, full: z.number().check(z.gt(0)) })),
  /** Cases tried in order, the first that holds gives its points, none gives 0 (thresholds that follow other metrics). */
  cases: z.optional(z.array(BandCaseSchema).check(z.minLength(1))),
  /** When this holds the lowest step is given whatever the value (e.g. anyone absent without reason). */
  lowestWhen: z.optional(ConditionSchema),
  /** Why the lowest step was forced. */
  lowestReason: z.optional(LocalTextSchema),
});

/** A bonus: a yes/no that adds points; the section's maximum still caps the section. */
export const BonusItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('bonus'),
  /** Points added when answered yes. */
  points: Points,
  /** The bonus is part of the section's maximum (4 graded + 1 bonus = 5). Default false: on top, capped by the section. */
  withinMax: z.optional(z.boolean()),
});

/**
 * Points entered directly, up to a maximum (sheets scored by parts: 15/20/45/20), with at most
 * two decimals. With `scorer`/`reviews` it is a second column's entry for another points item.
 */
export const PointsItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('points'),
  /** The most points the entry may have. */
  max: Points,
  /** The scoring column (instrument `scorers`) the entry belongs to; default the first. */
  scorer: z.optional(IdSchema),
  /** For a later column: the points item of the first column this entry reviews. */
  reviews: z.optional(IdSchema),
});

/** Free text; never scored. */
export const TextItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('text'),
  /** Longest accepted answer, in characters. Default 2000. */
  maxLength: z.optional(z.int().check(z.gte(1), z.lte(20000))),
  /** A multi-line box rather than a single line. Default true. */
  multiline: z.optional(z.boolean()),
});

/** The level the person proposes for themselves; one of the instrument's levels. */
export const LevelItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('level'),
});

/** Any item, discriminated by `type`. */
export const ItemSchema = z.discriminatedUnion('type', [
  YesNoItemSchema,
  ChoiceItemSchema,
  RatingItemSchema,
  NumberItemSchema,
  BandItemSchema,
  BonusItemSchema,
  TextItemSchema,
  LevelItemSchema,
  PointsItemSchema,
]);
/** Any item of an instrument. */
export type Item = z.infer<typeof ItemSchema>;
/** The kinds of item. */
export type ItemType = Item['type'];

/** A term of a metric: a number item's answer or an earlier metric times a weight (default 1; -1 subtracts), or a constant. */
export const MetricTermSchema = z
  .strictObject({
    /** A number item id. */
    item: z.optional(IdSchema),
    /** A metric listed earlier. */
    metric: z.optional(IdSchema),
    /** A plain number (90 minutes). */
    constant: z.optional(z.number()),
    /** Multiplier. Default 1. */
    weight: z.optional(z.number()),
  })
  .check(
    z.refine((t) => [t.item, t.metric, t.constant].filter((x) => x !== undefined).length === 1, {
      message: 'a term names exactly one of item, metric or constant',
    }),
  );

/** A case of a metric: while `when` holds, these terms are used instead of the metric's own. */
export const MetricCaseSchema = z.strictObject({
  /** The condition (items and earlier metrics). */
  when: ConditionSchema,
  /** Terms above the line. */
  numerator: z.array(MetricTermSchema).check(z.minLength(1)),
  /** Terms below the line. */
  denominator: z.optional(z.array(MetricTermSchema).check(z.minLength(1))),
});

/**
 * A value derived from number answers: sum(numerator) / sum(denominator), or just the numerator
 * sum when there is no denominator. Undefined when an input is missing or the denominator ≤ 0.
 */
export const MetricSchema = z.strictObject({
  /** Id referenced by band items and conditions. */
  id: IdSchema,
  /** What the metric means (shown beside its value). */
  label: LocalTextSchema,
  /** Terms added up above the line. */
  numerator: z.array(MetricTermSchema).check(z.minLength(1)),
  /** Terms added up below the line; absent for a plain sum. */
  denominator: z.optional(z.array(MetricTermSchema).check(z.minLength(1))),
  /** Show the value as a percentage. */
  percent: z.optional(z.boolean()),
  /** Cases tried in order before the terms above (120 minutes at 30 members or more, else 90). */
  cases: z.optional(z.array(MetricCaseSchema).check(z.minLength(1))),
  /** Where the metric and its constants come from. */
  source: z.optional(SourceNoteSchema),
});
/** A derived value. */
export type Metric = z.infer<typeof MetricSchema>;

/** A group of items with a maximum. */
export const SectionSchema = z.strictObject({
  /** Unique id within the instrument. */
  id: IdSchema,
  /** Heading (e.g. "Chuẩn bị sinh hoạt"). */
  title: LocalTextSchema,
  /** A sentence under the heading. */
  description: z.optional(LocalTextSchema),
  /** The most points the section can give; must equal the sum of its items' maxima. */
  max: Points,
  /** The items, in display order. */
  items: z.array(ItemSchema).check(z.minLength(1)),
  /** Caps on groups of the section's items (a combined meeting's content items together ≤ 10). */
  caps: z.optional(z.array(SectionCapSchema)),
  /** Where the section and its maximum come from. */
  source: z.optional(SourceNoteSchema),
});
/** A section of an instrument. */
export type Section = z.infer<typeof SectionSchema>;

/** A level (band) of the total: reached at `min` points or more (half-open). */
export const LevelSchema = z.strictObject({
  /** Stable id (e.g. `tot`, `xuat-sac`). */
  id: IdSchema,
  /** Name of the level. */
  label: LocalTextSchema,
  /** Lowest total, inclusive, that reaches the level (at most two decimals). Levels are listed highest first; the last has 0. */
  min: z
    .number()
    .check(
      z.gte(0),
      z.refine(hasAtMostTwoDecimals, { message: 'points have at most two decimals (e.g. 17.4 or 0.25)' }),
    ),
  /** Where the band comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A level. */
export type Level = z.infer<typeof LevelSchema>;

/** A gate: reaching `level` also needs `requires`; otherwise the level drops one step (gates only lower). */
export const GateSchema = z.strictObject({
  /** Stable id. */
  id: IdSchema,
  /** The level the gate guards. */
  level: IdSchema,
  /** What must hold to keep that level. */
  requires: ConditionSchema,
  /** Why the level was lowered, shown to people. */
  reason: LocalTextSchema,
  /** Where the gate comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A gate. */
export type Gate = z.infer<typeof GateSchema>;

/** A disqualifier: when `when` holds the level is forced down to `level`. */
export const DisqualifierSchema = z.strictObject({
  /** Stable id. */
  id: IdSchema,
  /** The condition (usually a yes/no item). */
  when: ConditionSchema,
  /** The level forced (never raises: the lower of this and the computed level wins). */
  level: IdSchema,
  /** Why, shown to people. */
  reason: LocalTextSchema,
  /** Where the disqualifier comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A disqualifier. */
export type Disqualifier = z.infer<typeof DisqualifierSchema>;

/** A legal or guidance document the instrument follows. */
export const LegalBasisSchema = z.strictObject({
  /** Document number (e.g. `42-HD/BTCTW`). */
  code: z.string().check(z.minLength(1)),
  /** What the document is, in our own words. */
  title: LocalTextSchema,
  /** Date of the document, YYYY-MM-DD. */
  date: z.iso.date(),
});

/** What an instrument is for. */
export const InstrumentKindSchema = z.enum(['meeting-survey', 'self-assessment', 'meeting-sheet']);
/** How often it is answered. */
export const GranularitySchema = z.enum(['month', 'quarter', 'year']);
/** A period granularity. */
export type Granularity = z.infer<typeof GranularitySchema>;

/**
 * A collective quota checked where a secretary aggregates, never in one person's form: at most
 * `maxShare` of those rated in `of` may be rated `level` (2025 rules: xuất sắc ≤ 20% of those rated tốt).
 */
export const QuotaSchema = z.strictObject({
  /** The level that is limited. */
  level: IdSchema,
  /** The levels whose count is the base of the share. */
  of: z.array(IdSchema).check(z.minLength(1)),
  /** The largest share allowed, 0–1. */
  maxShare: z.number().check(z.gte(0), z.lte(1)),
  /** The rule in words, shown with the warning. */
  reason: LocalTextSchema,
  /**
   * How the base was read where the source is ambiguous (sheets.md B.2/B.4: "20 % of those rated
   * Hoàn thành tốt" may or may not count the xuất sắc members themselves): a local choice, shown
   * with every check so nobody mistakes it for the source's words.
   */
  baseNote: z.optional(LocalTextSchema),
  /** Where the quota comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A collective quota. */
export type Quota = z.infer<typeof QuotaSchema>;

/** One rule of the year-from-months check: the year reaches `level` when every month is at least `allAtLeast` and at least `count` months reach `countLevel`. */
export const YearRuleSchema = z.strictObject({
  /** The year level this rule gives. */
  level: IdSchema,
  /** Every month must be at this level or better. */
  allAtLeast: z.optional(IdSchema),
  /** Months that must reach `countLevel` or better. */
  count: z.optional(z.int().check(z.gte(1), z.lte(12))),
  /** The level `count` refers to. */
  countLevel: z.optional(IdSchema),
  /**
   * The source states this rule only in part (sheets.md A.3, Form A-2: the sentence is cut off), so
   * meeting it is necessary for `level` but not known to be enough. Such a rule gives its level
   * only where `partialRules` is `local-level`, and then as a local reading, never as the source's.
   */
  partial: z.optional(z.literal(true)),
});

/**
 * How a year's level follows from the monthly levels: rules tried in order (the source's), then
 * `otherwise`. A year with missing months gets no level (year.ts lists the months missing).
 */
export const YearFromMonthsSchema = z.strictObject({
  /** Rules, highest level first, as the source gives them. */
  rules: z.array(YearRuleSchema).check(z.minLength(1)),
  /**
   * The level when every month is in and no rule holds. A LOCAL choice (sheets.md A.3: the rest of
   * the source's rule was not seen), shown as such; absent, such a year gets no level.
   */
  otherwise: z.optional(IdSchema),
  /**
   * What a rule seen only in part (`partial`) does when it holds. A LOCAL choice, shown as such:
   * `local-level` gives its level, labelled as this unit's reading of a rule the source states only
   * in part; `no-level` (the default) gives none and says which condition was met.
   */
  partialRules: z.optional(z.enum(['local-level', 'no-level'])),
  /** How many monthly meetings a full year has (12). */
  months: z.int().check(z.gte(1), z.lte(12)),
  /** Where the rule comes from, and which part is a local choice. */
  source: z.optional(SourceNoteSchema),
});
/** The year-from-months rule. */
export type YearFromMonths = z.infer<typeof YearFromMonthsSchema>;

/**
 * A member's year from quarterly self-assessments. The sources give no rule, so this is a LOCAL
 * choice, shown as such: `lowest` rates the year at the lowest of its four quarters. Absent (the
 * default), no year level is given from quarters.
 */
export const YearFromQuartersSchema = z.strictObject({
  /** The only rule offered: the year is the lowest quarter's level, once all four are in. */
  rule: z.literal('lowest'),
});

const InstrumentShape = z.strictObject({
  /** Stable id, also the page's URL segment (e.g. `khao-sat-sinh-hoat`). */
  id: IdSchema,
  /** Version of the definition (e.g. `2025.1`); files record it. */
  version: z.string().check(z.regex(/^[0-9]+(\.[0-9]+){0,2}$/, 'versions look like 2025.1')),
  /**
   * Hashes of earlier editions of this same version that differ from it only in their notes
   * (`source`, `baseNote`: where a number comes from, how a base is read), oldest first. Files
   * made with one read as made with this edition, without the "edited copy" warning: their
   * scoring is this edition's. Each is checked against a frozen copy of that edition
   * (tests/core/editions.test.ts); anything else changed needs a new `version`.
   */
  earlierEditions: z.optional(
    z.array(z.string().check(z.regex(DEFINITION_HASH_PATTERN))).check(z.minLength(1), z.maxLength(32)),
  ),
  /** What the instrument is for. */
  kind: InstrumentKindSchema,
  /** Full title. */
  title: LocalTextSchema,
  /** A short title for lists and file names. */
  shortTitle: LocalTextSchema,
  /** One or two sentences on who fills it in and when. */
  description: LocalTextSchema,
  /** Periods it can be answered for (the first is the default). */
  periods: z.array(GranularitySchema).check(z.minLength(1)),
  /** `anonymous`: no name in files; `named`: the respondent's name and post are recorded. */
  anonymity: z.enum(['anonymous', 'named']),
  /** The documents it follows. */
  legalBasis: z.array(LegalBasisSchema).check(z.minLength(1)),
  /** First day it is in force, YYYY-MM-DD. */
  validFrom: z.iso.date(),
  /** Last day it is in force, YYYY-MM-DD; absent while current. */
  validTo: z.optional(z.iso.date()),
  /** The points the sections add up to (100). Levels apply to the total scaled to this. */
  maxScore: z
    .number()
    .check(
      z.gt(0),
      z.refine(hasAtMostTwoDecimals, { message: 'points have at most two decimals (e.g. 17.4 or 0.25)' }),
    ),
  /** Levels, highest first, with half-open lower bounds. */
  levels: z.array(LevelSchema).check(z.minLength(2)),
  /** Gates that can lower a level. */
  gates: z.optional(z.array(GateSchema)),
  /** Disqualifiers that force a level. */
  disqualifiers: z.optional(z.array(DisqualifierSchema)),
  /** Derived values used by band items and conditions. */
  metrics: z.optional(z.array(MetricSchema)),
  /** The sections, in order. */
  sections: z.array(SectionSchema).check(z.minLength(1)),
  /** A collective quota on a level, checked in aggregation. */
  quota: z.optional(QuotaSchema),
  /** How a year's level follows from monthly levels (meeting sheets). */
  yearFromMonths: z.optional(YearFromMonthsSchema),
  /** A member's year from quarters: a local setting (the sources give no rule); absent, no year level. */
  yearFromQuarters: z.optional(YearFromQuartersSchema),
  /** Fewest answers before a cell's breakdown is shown (anonymous instruments). Default 3. */
  minRespondents: z.optional(z.int().check(z.gte(1), z.lte(50))),
  /** Where the instrument comes from, or that it is this project's own. */
  source: z.optional(SourceNoteSchema),
  /**
   * When items are left out as not applicable, band the total rescaled to `maxScore` (true, the
   * default, as before) or the raw total as the sheet adds it up (false: a month without a thematic
   * part is banded on its raw points).
   */
  rescaleExcluded: z.optional(z.boolean()),
  /** What the result means, shown instead of "level" (a survey: what members think of the meetings). */
  resultLabel: z.optional(LocalTextSchema),
  /** Rules between numbers every answer must keep. */
  checks: z.optional(z.array(CrossCheckSchema)),
  /** The members' vote to adopt the score and the upper level's confirmation. */
  adoption: z.optional(AdoptionSchema),
  /** Scoring columns (the committee's, the upper level's); `points` items name theirs. */
  scorers: z.optional(z.array(ScorerSchema).check(z.minLength(2), z.maxLength(4))),
  /** Member statuses that leave the counts. */
  memberStatus: z.optional(MemberStatusSchema),
});

type IssueSink = (message: string, path: (string | number)[]) => void;

/** Cross-field checks a schema alone cannot express; reports each problem with its path. */
function checkInstrument(ins: z.infer<typeof InstrumentShape>, report: IssueSink): void {
  const itemsById = new Map<string, Item>();
  const seenSections = new Set<string>();
  ins.sections.forEach((section, si) => {
    if (seenSections.has(section.id)) report(`duplicate section id "${section.id}"`, ['sections', si, 'id']);
    seenSections.add(section.id);
    let sumH = 0;
    section.items.forEach((item, ii) => {
      const path = ['sections', si, 'items', ii];
      if (itemsById.has(item.id)) report(`duplicate item id "${item.id}"`, [...path, 'id']);
      itemsById.set(item.id, item);
      sumH += hundredthsOf(itemMaxPoints(item));
      if (item.type === 'choice') {
        const ids = item.options.map((o) => o.id);
        if (new Set(ids).size !== ids.length) report('option ids must be unique', [...path, 'options']);
      }
      if (item.type === 'rating') {
        const values = item.steps.map((s) => s.value);
        if (values.some((v, i) => i > 0 && v <= (values[i - 1] ?? v)))
          report('rating steps must be listed lowest value first, each value once', [...path, 'steps']);
      }
      if (item.type === 'number' && item.min > item.max) report('min is above max', [...path, 'min']);
      if (item.type === 'band') {
        if ([item.steps, item.linear, item.cases].filter((x) => x !== undefined).length !== 1)
          report('a band has either steps or linear or cases, exactly one of them', path);
        // Highest first; one bound may appear twice, strict ("over 50 %") before inclusive.
        const steps = item.steps ?? [];
        const misordered = steps.some((st, i) => {
          const prev = steps[i - 1];
          if (!prev) return false;
          return st.min > prev.min || (st.min === prev.min && (!prev.strict || st.strict === true));
        });
        if (misordered) report('band steps must be listed highest min first, each min once', [...path, 'steps']);
      }
    });
    // A cap that always holds lowers the section's maximum; a conditional one only while it holds.
    for (const cap of section.caps ?? []) {
      if (cap.when) continue;
      const group = section.items
        .filter((i) => cap.items.includes(i.id))
        .reduce((s, i) => s + hundredthsOf(itemMaxPoints(i)), 0);
      sumH -= Math.max(0, group - hundredthsOf(cap.max));
    }
    // Exact sums of hundredths: 13 + 17.4 + 41.3 + 18.3 is exactly 90 here, not 89.99999999999999.
    if (sumH !== hundredthsOf(section.max))
      report(`the items add up to ${fromHundredths(sumH)} points but the section's max is ${section.max}`, [
        'sections',
        si,
        'max',
      ]);
  });
  const totalH = ins.sections.reduce((s, sec) => s + hundredthsOf(sec.max), 0);
  if (totalH !== hundredthsOf(ins.maxScore))
    report(`the sections add up to ${fromHundredths(totalH)} points but maxScore is ${ins.maxScore}`, ['maxScore']);

  const metricIds = new Set<string>();
  (ins.metrics ?? []).forEach((m, mi) => {
    if (metricIds.has(m.id)) report(`duplicate metric id "${m.id}"`, ['metrics', mi, 'id']);
    const terms = [m, ...(m.cases ?? [])].flatMap((c) => [...c.numerator, ...(c.denominator ?? [])]);
    terms.forEach((t) => {
      if (t.item !== undefined && itemsById.get(t.item)?.type !== 'number')
        report(`metric term "${t.item}" is not a number item`, ['metrics', mi]);
      // Metrics are computed in order: a term names a metric listed before it.
      if (t.metric !== undefined && !metricIds.has(t.metric))
        report(`metric term "${t.metric}" is not a metric listed earlier`, ['metrics', mi]);
    });
    metricIds.add(m.id);
  });

  const levelIds = ins.levels.map((l) => l.id);
  if (new Set(levelIds).size !== levelIds.length) report('level ids must be unique', ['levels']);
  ins.levels.forEach((l, li) => {
    const prev = ins.levels[li - 1];
    if (prev && l.min >= prev.min) report('levels must be listed highest min first', ['levels', li, 'min']);
  });
  if (ins.levels.at(-1)?.min !== 0) report('the last level must start at 0', ['levels', ins.levels.length - 1, 'min']);

  const checkCondition = (cond: Condition | undefined, path: (string | number)[]): void => {
    if (!cond) return;
    const refs = listConditionRefs(cond);
    for (const id of refs.items) if (!itemsById.has(id)) report(`condition refers to unknown item "${id}"`, path);
    for (const id of refs.metrics) if (!metricIds.has(id)) report(`condition refers to unknown metric "${id}"`, path);
    checkConditionValues(cond, itemsById, levelIds, (message) => report(message, path));
  };
  ins.sections.forEach((section, si) =>
    section.items.forEach((item, ii) => {
      const path = ['sections', si, 'items', ii];
      checkCondition(item.appliesWhen, [...path, 'appliesWhen']);
      checkCondition(item.fullMarksWhen, [...path, 'fullMarksWhen']);
      if (item.type === 'band') {
        checkCondition(item.lowestWhen, [...path, 'lowestWhen']);
        if (!metricIds.has(item.metric)) report(`unknown metric "${item.metric}"`, [...path, 'metric']);
      }
      if (item.type === 'level' && ins.kind !== 'self-assessment')
        report('only a self-assessment has a proposed-level item', [...path, 'type']);
    }),
  );
  (ins.gates ?? []).forEach((g, gi) => {
    if (!levelIds.includes(g.level)) report(`unknown level "${g.level}"`, ['gates', gi, 'level']);
    if (g.level === levelIds.at(-1)) report('the lowest level cannot have a gate', ['gates', gi, 'level']);
    checkCondition(g.requires, ['gates', gi, 'requires']);
  });
  (ins.disqualifiers ?? []).forEach((d, di) => {
    if (!levelIds.includes(d.level)) report(`unknown level "${d.level}"`, ['disqualifiers', di, 'level']);
    checkCondition(d.when, ['disqualifiers', di, 'when']);
  });
  if (ins.quota) {
    for (const id of [ins.quota.level, ...ins.quota.of])
      if (!levelIds.includes(id)) report(`unknown level "${id}"`, ['quota']);
  }
  if (ins.yearFromMonths) {
    const y = ins.yearFromMonths;
    for (const id of [y.otherwise, ...y.rules.flatMap((r) => [r.level, r.allAtLeast, r.countLevel])])
      if (id !== undefined && !levelIds.includes(id)) report(`unknown level "${id}"`, ['yearFromMonths']);
    y.rules.forEach((r, ri) => {
      if ((r.count === undefined) !== (r.countLevel === undefined))
        report('count and countLevel go together', ['yearFromMonths', 'rules', ri]);
    });
  }
  (ins.metrics ?? []).forEach((m, mi) =>
    (m.cases ?? []).forEach((c, ci) => checkCondition(c.when, ['metrics', mi, 'cases', ci, 'when'])),
  );
  ins.sections.forEach((section, si) =>
    section.items.forEach((item, ii) => {
      if (item.type === 'band')
        (item.cases ?? []).forEach((c, ci) =>
          checkCondition(c.when, ['sections', si, 'items', ii, 'cases', ci, 'when']),
        );
    }),
  );
  checkSheetRules(ins, itemsById, report, checkCondition);
  const levelItems = [...itemsById.values()].filter((i) => i.type === 'level');
  if (levelItems.length > 1) report('at most one proposed-level item', ['sections']);
}

/** Whether a value can ever be the answer of an item (so that `eq`/`in` conditions can match). */
function isPossibleAnswer(item: Item, value: string | number | boolean, levelIds: readonly string[]): boolean {
  switch (item.type) {
    case 'yes-no':
    case 'bonus':
      return typeof value === 'boolean';
    case 'choice':
      return item.options.some((o) => o.id === value);
    case 'rating':
      return item.steps.some((st) => st.value === value);
    case 'number':
    case 'points':
      return typeof value === 'number';
    case 'level':
      return typeof value === 'string' && levelIds.includes(value);
    case 'text':
      return typeof value === 'string';
    case 'band':
      return false;
  }
}

/** Reports `eq`/`in` values that the item can never have (a typo would otherwise never match, silently). */
function checkConditionValues(
  cond: Condition,
  itemsById: ReadonlyMap<string, Item>,
  levelIds: readonly string[],
  report: (message: string) => void,
): void {
  switch (cond.op) {
    case 'eq':
    case 'in': {
      const item = itemsById.get(cond.item);
      if (!item) return;
      for (const v of cond.op === 'eq' ? [cond.value] : cond.values)
        if (!isPossibleAnswer(item, v, levelIds)) report(`"${String(v)}" is never an answer of "${cond.item}"`);
      return;
    }
    case 'all':
    case 'any':
      cond.of.forEach((c) => checkConditionValues(c, itemsById, levelIds, report));
      return;
    case 'not':
      checkConditionValues(cond.cond, itemsById, levelIds, report);
      return;
    default:
      return;
  }
}

/** An instrument definition: checked field by field, then across fields (ids, references, sums). */
export const InstrumentSchema = InstrumentShape.check(
  z.superRefine((ins, ctx) =>
    checkInstrument(ins, (message, path) => ctx.addIssue({ code: 'custom', message, path, input: ins })),
  ),
);
/** An instrument definition. */
export type Instrument = z.infer<typeof InstrumentSchema>;

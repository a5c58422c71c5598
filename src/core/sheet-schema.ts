// What real score sheets say beyond items and bands, as data: where each number comes from, caps
// on a group of items, rules between numbers, the members' adoption vote and the upper level's
// confirmation, two scoring columns, and member statuses that leave the counts.
import * as z from 'zod/mini';
import { ConditionSchema } from './condition-schema.ts';
import { IdSchema, LocalTextSchema } from './fields.ts';

/**
 * Where a number or a rule comes from: `[seen] <source>`, `[secondary] <source>`,
 * `[inferred] <reasoning>`, or `local choice, default …` for a setting a committee may change.
 */
export const SourceNoteSchema = z.string().check(z.minLength(1), z.maxLength(2000));

/** A term of a cross-field rule: an item's numeric answer times a weight, or a constant. */
export const RuleTermSchema = z
  .strictObject({
    /** A number item id. */
    item: z.optional(IdSchema),
    /** Multiplier of the item's answer. Default 1; -1 subtracts. */
    weight: z.optional(z.number()),
    /** A plain number. */
    constant: z.optional(z.number()),
  })
  .check(
    z.refine((t) => (t.item === undefined) !== (t.constant === undefined), {
      message: 'a term names exactly one of item or constant',
    }),
  );
/** A term of a cross-field rule. */
export type RuleTerm = z.infer<typeof RuleTermSchema>;

/**
 * A rule between numbers that every answer must keep (on time + late ≤ assigned). Checked only when
 * every item it names is answered and applies; a broken rule blocks the export and every reader
 * refuses a file that breaks it.
 */
export const CrossCheckSchema = z.strictObject({
  /** Stable id. */
  id: IdSchema,
  /** Terms added up on the left. */
  left: z.array(RuleTermSchema).check(z.minLength(1)),
  /** How the left sum compares with the right one. */
  op: z.enum(['lte', 'lt', 'eq', 'gte', 'gt']),
  /** Terms added up on the right. */
  right: z.array(RuleTermSchema).check(z.minLength(1)),
  /** The rule in words, naming the fields (shown when it is broken). */
  message: LocalTextSchema,
  /** Where the rule comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A cross-field rule. */
export type CrossCheck = z.infer<typeof CrossCheckSchema>;

/**
 * A cap on a group of items inside a section: while `when` holds (always when absent) the items
 * together give at most `max` points, and the section's maximum follows.
 */
export const SectionCapSchema = z.strictObject({
  /** Stable id. */
  id: IdSchema,
  /** The items of the section the cap covers. */
  items: z.array(IdSchema).check(z.minLength(2)),
  /** The most points the items give together. */
  max: z.number().check(z.gte(0), z.lte(1000)),
  /** The cap holds only while this holds. */
  when: z.optional(ConditionSchema),
  /** Why, shown beside the section. */
  reason: LocalTextSchema,
  /** Where the cap comes from. */
  source: z.optional(SourceNoteSchema),
});
/** A cap on a group of items. */
export type SectionCap = z.infer<typeof SectionCapSchema>;

/**
 * The members' vote to adopt the proposed score, and the upper level's confirmation. The score
 * is adopted when more than `share` of `voters` vote for it (`inclusive`: at least `share`).
 */
export const AdoptionSchema = z.strictObject({
  /** Number item: members who took part in the vote. */
  voters: IdSchema,
  /** Number item: members who voted to adopt the score. */
  votesFor: IdSchema,
  /** The share of voters needed (0.5: a majority). */
  share: z.number().check(z.gte(0), z.lte(1)),
  /** At least `share` is enough (default: more than `share` is needed). */
  inclusive: z.optional(z.boolean()),
  /** Yes/no item: the upper level's member following the cell was present. */
  upperPresent: z.optional(IdSchema),
  /** Yes/no item: that member confirmed the score. */
  upperConfirmed: z.optional(IdSchema),
  /** Where the procedure comes from. */
  source: z.optional(SourceNoteSchema),
});
/** The adoption vote and confirmation. */
export type Adoption = z.infer<typeof AdoptionSchema>;

/** One scoring column of a sheet (the cell committee's, the upper level's). */
export const ScorerSchema = z.strictObject({
  /** Stable id, named by `points` items' `scorer`. */
  id: IdSchema,
  /** The column's heading. */
  label: LocalTextSchema,
});
/** A scoring column. */
export type Scorer = z.infer<typeof ScorerSchema>;

/** A member status that takes the answer out of the counts (levels, quota, averages). */
export const LeavingStatusSchema = z.strictObject({
  /** The option of the status item. */
  option: IdSchema,
  /** Why such a member is not counted, shown instead of a level. */
  reason: LocalTextSchema,
  /** Where the rule comes from. */
  source: z.optional(SourceNoteSchema),
});

/** Which choice item says the member's status, and which of its options leave the counts. */
export const MemberStatusSchema = z.strictObject({
  /** A choice item. */
  item: IdSchema,
  /** The options that leave the counts. */
  leaving: z.array(LeavingStatusSchema).check(z.minLength(1)),
});
/** Member statuses. */
export type MemberStatus = z.infer<typeof MemberStatusSchema>;

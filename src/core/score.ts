// What scoring gives: the score of a response, item by item, section by section, with its level
// and what changed it (scoring.ts makes it).
import type { LocalText } from './text.ts';
import type { AdoptionResult, BrokenCheck, UnratedResult } from './sheet-scoring.ts';

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

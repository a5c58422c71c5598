// What scoring reads of an instrument on every response, worked out once per definition object:
// each item's maximum in hundredths, its section, whether it is scored or required, the slot its
// result goes to, and the lookups conditions make by id. Pure; scoring.ts is its only user.
import type { Instrument, Item, Metric } from './instrument.ts';
import { isRequiredItem, isScoredItem, itemMaxPoints } from './items.ts';
import { fromHundredths, hundredthsOf } from './decimal.ts';

/** One item, as scoring reads it. */
export interface ItemPlan {
  item: Item;
  sectionId: string;
  /** Where its result goes: one slot per distinct item id, in the order ids first appear. */
  slot: number;
  /** The most points it gives, in hundredths and as a number. */
  fullH: number;
  full: number;
  /** Whether its maximum counts (scored items and bonuses); others get max 0. */
  counts: boolean;
  required: boolean;
  /** A later column's entry: its points replace another item's in the columns, not in the sections. */
  isReview: boolean;
}

/** One section: its items are `items[start..end)`. */
export interface SectionPlan {
  id: string;
  start: number;
  end: number;
  caps: NonNullable<Instrument['sections'][number]['caps']>;
}

/** The scoring plan of an instrument. */
export interface ScoringPlan {
  items: ItemPlan[];
  sections: SectionPlan[];
  /** Number of distinct item ids (slots). */
  slots: number;
  /** The slot of an item id. */
  slotOf: Map<string, number>;
  metrics: Metric[];
  levelIds: Set<string>;
  /** The proposed-level item, if any. */
  levelItem: Item | undefined;
  /** The instrument's maximum, in hundredths. */
  scaleH: number;
}

const plans = new WeakMap<Instrument, ScoringPlan>();

/** The scoring plan of an instrument (made once per definition object). */
export function scoringPlanOf(instrument: Instrument): ScoringPlan {
  let plan = plans.get(instrument);
  if (!plan) {
    plan = makePlan(instrument);
    plans.set(instrument, plan);
  }
  return plan;
}

function makePlan(instrument: Instrument): ScoringPlan {
  const items: ItemPlan[] = [];
  const sections: SectionPlan[] = [];
  const slotOf = new Map<string, number>();
  let levelItem: Item | undefined;
  for (const section of instrument.sections) {
    const start = items.length;
    for (const item of section.items) {
      let slot = slotOf.get(item.id);
      if (slot === undefined) {
        slot = slotOf.size;
        slotOf.set(item.id, slot);
      }
      const fullH = hundredthsOf(itemMaxPoints(item));
      if (item.type === 'level' && !levelItem) levelItem = item;
      items.push({
        item,
        sectionId: section.id,
        slot,
        fullH,
        full: fromHundredths(fullH),
        counts: isScoredItem(item) || item.type === 'bonus',
        required: isRequiredItem(item),
        isReview: item.type === 'points' && item.reviews !== undefined,
      });
    }
    sections.push({ id: section.id, start, end: items.length, caps: section.caps ?? [] });
  }
  return {
    items,
    sections,
    slots: slotOf.size,
    slotOf,
    metrics: instrument.metrics ?? [],
    levelIds: new Set(instrument.levels.map((l) => l.id)),
    levelItem,
    scaleH: hundredthsOf(instrument.maxScore),
  };
}

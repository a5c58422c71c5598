// Pure helpers over an instrument's items (no schemas: the form page uses them while scoring).
import type { Instrument, Item, Section } from './instrument.ts';

/** Every item of an instrument, in order, with its section. */
export function listItems(instrument: Pick<Instrument, 'sections'>): { item: Item; section: Section }[] {
  return instrument.sections.flatMap((section) => section.items.map((item) => ({ item, section })));
}

/** The most points an item can give toward its section's maximum (bonus on top and unscored items: 0). */
export function itemMaxPoints(item: Item): number {
  switch (item.type) {
    case 'yes-no':
      return Math.max(item.yesPoints ?? 0, item.noPoints ?? 0);
    case 'choice':
      return Math.max(...item.options.map((o) => o.points));
    case 'rating':
      return Math.max(...item.steps.map((s) => s.points));
    case 'band':
      if (item.linear) return item.linear.points;
      return Math.max(...(item.cases ?? item.steps ?? []).map((s) => s.points));
    case 'bonus':
      return item.withinMax ? item.points : 0;
    case 'points':
      // A later column's entry replaces its item's points; it adds nothing to the maximum.
      return item.reviews === undefined ? item.max : 0;
    default:
      return 0;
  }
}

/** Whether an item is scored (contributes to a section's maximum). */
export function isScoredItem(item: Item): boolean {
  return (
    item.type === 'yes-no' ||
    item.type === 'choice' ||
    item.type === 'rating' ||
    item.type === 'band' ||
    (item.type === 'points' && item.reviews === undefined) ||
    (item.type === 'bonus' && item.withinMax === true)
  );
}

/** Whether the person must answer the item (band items are answered through their inputs). */
export function isRequiredItem(item: Item): boolean {
  if (item.type === 'band') return false;
  if (item.type === 'points' && item.reviews !== undefined) return item.required ?? false;
  return item.required ?? (item.type !== 'text' && item.type !== 'bonus');
}

/**
 * Text questions whose content no rule reads: every item named by a condition (`item`, or `items`
 * of any object with an `op`) is left out, wherever the instrument has one (applies-when, gates,
 * disqualifiers, band cases, checks). For those left, only being written or empty can change a
 * score, so a form need not score again while one stays written.
 */
export function textItemsNoRuleReads(instrument: Instrument): string[] {
  const read = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if ('op' in o) {
        if (typeof o.item === 'string') read.add(o.item);
        if (Array.isArray(o.items)) for (const id of o.items) if (typeof id === 'string') read.add(id);
      }
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(instrument);
  return listItems(instrument)
    .map(({ item }) => item)
    .filter((item) => item.type === 'text' && !read.has(item.id))
    .map((item) => item.id);
}

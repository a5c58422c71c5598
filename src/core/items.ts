// Pure helpers over an instrument's items (no schemas: the form page uses them while scoring).
import type { Instrument, Item, Section } from './instrument.ts';

/** Every item of an instrument, in order, with its section. */
export function listItems(instrument: Pick<Instrument, 'sections'>): { item: Item; section: Section }[] {
  return instrument.sections.flatMap((section) => section.items.map((item) => ({ item, section })));
}

/** The most points an item can give toward its section's maximum (bonus and unscored items: 0). */
export function itemMaxPoints(item: Item): number {
  switch (item.type) {
    case 'yes-no':
      return Math.max(item.yesPoints ?? 0, item.noPoints ?? 0);
    case 'choice':
      return Math.max(...item.options.map((o) => o.points));
    case 'rating':
      return Math.max(...item.steps.map((s) => s.points));
    case 'band':
      return item.linear ? item.linear.points : Math.max(...(item.steps ?? []).map((s) => s.points));
    default:
      return 0;
  }
}

/** Whether an item is scored (contributes to a section's maximum). */
export function isScoredItem(item: Item): boolean {
  return item.type === 'yes-no' || item.type === 'choice' || item.type === 'rating' || item.type === 'band';
}

/** Whether the person must answer the item (band items are answered through their inputs). */
export function isRequiredItem(item: Item): boolean {
  if (item.type === 'band') return false;
  return item.required ?? (item.type !== 'text' && item.type !== 'bonus');
}

// Free-text answers for whoever reads a cell's results: one list per text question, trimmed, in a
// random order (the order of the sheets would tell who sent when). The same rule for the
// secretary's printed report of an unsealed collection and the committee's view of sealed sheets;
// callers apply the anonymity threshold first. Never written to a CSV.
import type { CollectedResponse } from './collection.ts';
import type { Instrument } from './instrument.ts';
import { listItems } from './items.ts';
import { shuffled, type RandomIndex } from './seal/shuffle.ts';

/** The comments of one free-text question, in a random order. */
export interface CommentList {
  /** The item's id. */
  item: string;
  /** Non-empty answers, trimmed, shuffled (each question's list on its own: positions do not line up). */
  texts: string[];
}

/** One shuffled list per text question that has at least one non-empty answer, in form order. */
export function commentListsOf(
  instrument: Instrument,
  sheets: readonly CollectedResponse[],
  random: RandomIndex,
): CommentList[] {
  const out: CommentList[] = [];
  for (const { item } of listItems(instrument)) {
    if (item.type !== 'text') continue;
    const texts: string[] = [];
    for (const r of sheets) {
      const v = r.bundle.payload.response.answers[item.id];
      if (typeof v === 'string' && v.trim() !== '') texts.push(v.trim());
    }
    if (texts.length > 0) out.push({ item: item.id, texts: shuffled(texts, random) });
  }
  return out;
}

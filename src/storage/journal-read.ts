// Reading the journal (journal.ts) at the form's start: loaded only when it holds an entry for the
// draft being opened, which is rare (a page went away inside a pause before its save).
import type { Draft } from '../core/draft.ts';
import { checkStoredDraft, readStoredDraft } from './draft-lite.ts';

/** The draft in a journal entry's text, checked as a stored draft is; undefined when it is not one. */
export async function parseJournal(text: string): Promise<Draft | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return checkStoredDraft(value) ?? (await readStoredDraft(value).catch(() => undefined));
}

/**
 * Of the stored draft and the journal's, the one to open: the journal's when it is newer (a
 * change made as the page went away), else the stored one.
 */
export function newerDraft(stored: Draft | undefined, journal: Draft | undefined): Draft | undefined {
  if (!journal) return stored;
  if (!stored) return journal;
  return journal.updatedAt > stored.updatedAt ? journal : stored;
}

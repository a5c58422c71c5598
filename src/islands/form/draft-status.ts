// Where a draft stands (sent or not, waiting too long). Type-only imports from core, so the home
// page's list can use it without loading the schemas. Candidates to move into src/core/draft.ts.
import type { Draft } from '../../core/draft.ts';

/** A draft waiting unsent longer than this gets an export reminder (5 days). */
export const STALE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

/** Whether a draft holds answers not sent yet (never sent, or changed since). */
export function hasUnsentChanges(draft: Draft): boolean {
  return draft.sentAt === undefined || draft.changedSinceSent === true;
}

/** Whether a draft has waited unsent for more than {@link STALE_AFTER_MS}. */
export function isStaleDraft(draft: Draft, now: number): boolean {
  return hasUnsentChanges(draft) && Object.keys(draft.answers).length > 0 && now - draft.updatedAt > STALE_AFTER_MS;
}

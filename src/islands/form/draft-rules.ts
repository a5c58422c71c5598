// Pure rules of a draft's life: create, change, mark sent, stale. No DOM, no storage, no clock
// (time comes in as `now`). Candidates to move into src/core/draft.ts.
import { DRAFT_STORE_VERSION, type Draft } from '../../core/draft.ts';
import type { Instrument } from '../../core/instrument.ts';
import type { AnswerValue } from '../../core/response.ts';

export { STALE_AFTER_MS, hasUnsentChanges, isStaleDraft } from './draft-status.ts';

/** What a member can change in a draft. */
export interface DraftChanges {
  answers?: Record<string, AnswerValue>;
  respondent?: { name: string; post?: string | undefined } | undefined;
}

/** A fresh draft (revision 1, never sent) for an instrument, cell and period. */
export function createDraft(
  instrument: Pick<Instrument, 'id' | 'version' | 'anonymity'>,
  context: { cell: string; period: string; respondent?: { name: string; post?: string | undefined } | undefined },
  responseId: string,
  now: number,
): Draft {
  const draft: Draft = {
    storeVersion: DRAFT_STORE_VERSION,
    instrument: { id: instrument.id, version: instrument.version },
    cell: context.cell.trim(),
    period: context.period,
    answers: {},
    responseId,
    revision: 1,
    updatedAt: now,
  };
  if (instrument.anonymity === 'named' && context.respondent) draft.respondent = { ...context.respondent };
  return draft;
}

/**
 * A draft after a change. The first change after a send raises the revision, so the next send
 * replaces the earlier one at the secretary's end; sending twice without a change in between
 * carries the same revision.
 */
export function changeDraft(draft: Draft, changes: DraftChanges, now: number): Draft {
  const next: Draft = { ...draft, updatedAt: now };
  if (changes.answers) next.answers = { ...changes.answers };
  if ('respondent' in changes) {
    if (changes.respondent) next.respondent = { ...changes.respondent };
    else delete next.respondent;
  }
  if (draft.sentAt !== undefined && !draft.changedSinceSent) {
    next.revision = draft.revision + 1;
    next.changedSinceSent = true;
  }
  return next;
}

/** A draft after it was exported: keeps the answers and the revision, records when. */
export function markDraftSent(draft: Draft, now: number): Draft {
  return { ...draft, sentAt: now, changedSinceSent: false };
}

/** A random response id (16 URL-safe characters) from the given random bytes source. */
export function createResponseId(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return [...randomBytes(16)].map((b) => alphabet[b & 63]).join('');
}

/** Whether two answer sets are the same (order of keys aside). */
export function sameAnswers(a: Record<string, AnswerValue>, b: Record<string, AnswerValue>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

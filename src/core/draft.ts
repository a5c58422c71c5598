// Drafts without zod: the form page uses these from its first task, so they must not bring the
// schema (draft-schema.ts, loaded only to read a stored draft its plain check does not accept).
import type { AnswerValue } from './answers.ts';
import type { Draft } from './draft-schema.ts';
import type { Instrument } from './instrument.ts';
import type { Response } from './response.ts';

export type { Draft } from './draft-schema.ts';

/** The version of stored drafts this app writes; older ones are migrated on read. */
export const DRAFT_STORE_VERSION = 1;

/** The storage key of a draft: one per instrument, cell and period. */
export function draftKey(instrumentId: string, cell: string, period: string): string {
  return `draft|${instrumentId}|${cell.trim()}|${period}`;
}

/** The response a draft exports as (its current revision). */
export function responseOfDraft(draft: Draft): Response {
  const response: Response = {
    id: draft.responseId,
    instrument: { id: draft.instrument.id, version: draft.instrument.version },
    cell: draft.cell.trim(),
    period: draft.period,
    revision: draft.revision,
    answers: draft.answers,
  };
  if (draft.respondent && draft.respondent.name.trim() !== '') {
    response.respondent = { name: draft.respondent.name.trim() };
    if (draft.respondent.post?.trim()) response.respondent.post = draft.respondent.post.trim();
  }
  return response;
}

/** A file name for a response: instrument, cell, period (and name), ASCII without spaces. */
export function fileNameOf(response: Pick<Response, 'instrument' | 'cell' | 'period' | 'respondent'>): string {
  const parts = [response.instrument.id, response.cell, response.period, response.respondent?.name].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return `${parts.map(slugify).filter(Boolean).join('_')}.json`;
}

/** Lower-case ASCII slug: diacritics removed (đ → d), other characters to `-`. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// The life of a draft: create, change, mark sent, stale. Time comes in as `now`, randomness as bytes.

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
 * carries the same revision. Given `freshId`, a sent sheet whose name becomes another member's
 * ({@link anotherMember}) becomes a new sheet instead: that id, revision 1, never sent.
 */
export function changeDraft(draft: Draft, changes: DraftChanges, now: number, freshId?: string): Draft {
  const next: Draft = { ...draft, updatedAt: now };
  if (changes.answers) next.answers = { ...changes.answers };
  if ('respondent' in changes) {
    if (changes.respondent) next.respondent = { ...changes.respondent };
    else delete next.respondent;
  }
  if (draft.sentAt !== undefined && freshId !== undefined && anotherMember(draft.respondent, next.respondent)) {
    // The sheet sent was someone else's (a phone handed round): this one is new, and its send
    // must sit beside theirs at the secretary's end, never replace it.
    next.responseId = freshId;
    next.revision = 1;
    delete next.sentAt;
    delete next.changedSinceSent;
    return next;
  }
  if (draft.sentAt !== undefined && !draft.changedSinceSent) {
    next.revision = draft.revision + 1;
    next.changedSinceSent = true;
  }
  return next;
}

/**
 * Whether a named sheet's new name is another member's: its letters differ once case, diacritics,
 * spacing and punctuation are set aside (as the file's name shows it, {@link slugify}), so
 * "Nguyen Van An." is still Nguyễn Văn An, and a name cleared or in another script counts as
 * another. A member correcting a letter of their own name makes a new sheet too: the secretary
 * then sees both (core/members.ts), where a replaced sheet would be lost without a trace.
 */
export function anotherMember(before: Draft['respondent'], after: Draft['respondent']): boolean {
  const a = before?.name ?? '';
  const b = after?.name ?? '';
  const slug = slugify(a);
  return slug !== slugify(b) || (slug === '' && a.trim() !== b.trim());
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

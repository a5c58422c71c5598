import * as z from 'zod/mini';
import { IdSchema } from './instrument.ts';
import { AnswerValueSchema, ResponseIdSchema, type Response } from './response.ts';

/** The version of stored drafts this app writes; older ones are migrated on read. */
export const DRAFT_STORE_VERSION = 1;

/**
 * A form in progress, as kept on the device (never sent as such). Looser than a response: the
 * cell may still be empty and answers partial. Times are the device's clock, in ms since 1970.
 */
export const DraftSchema = z.strictObject({
  /** Version of this stored shape. */
  storeVersion: z.literal(DRAFT_STORE_VERSION),
  /** Which instrument and version. */
  instrument: z.strictObject({ id: IdSchema, version: z.string().check(z.maxLength(32)) }),
  /** The cell code as typed so far. */
  cell: z.string().check(z.maxLength(64)),
  /** The period picked. */
  period: z.string().check(z.maxLength(16)),
  /** Named instruments: who is answering. */
  respondent: z.optional(
    z.strictObject({ name: z.string().check(z.maxLength(120)), post: z.optional(z.string().check(z.maxLength(120))) }),
  ),
  /** Answers by item id. */
  answers: z.record(IdSchema, AnswerValueSchema),
  /** The response id files of this draft carry (random, made once per draft). */
  responseId: ResponseIdSchema,
  /** Revision the next export will carry (1 before the first send). */
  revision: z.int().check(z.gte(1)),
  /** Last change, ms since 1970. */
  updatedAt: z.number(),
  /** Last export, ms since 1970. */
  sentAt: z.optional(z.number()),
  /** Whether the answers changed after the last export. */
  changedSinceSent: z.optional(z.boolean()),
});
/** A stored draft. */
export type Draft = z.infer<typeof DraftSchema>;

/** The storage key of a draft: one per instrument, cell and period. */
export function draftKey(instrumentId: string, cell: string, period: string): string {
  return `draft|${instrumentId}|${cell.trim()}|${period}`;
}

/** Migrations of older stored drafts, `DRAFT_MIGRATIONS[n]` lifts version n to n+1. */
const DRAFT_MIGRATIONS: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

/** Reads a stored draft (untrusted): migrate, then schema. Undefined when it is not a usable draft. */
export function readDraft(raw: unknown): Draft | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  let value = raw as Record<string, unknown>;
  const v = value.storeVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > DRAFT_STORE_VERSION) return undefined;
  for (let n = v; n < DRAFT_STORE_VERSION; n++) {
    const step = DRAFT_MIGRATIONS[n];
    if (!step) return undefined;
    value = step(value);
  }
  const parsed = DraftSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
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

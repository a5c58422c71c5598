// The stored draft's schema, and reading a stored (untrusted) draft with it. Apart from draft.ts
// so that the draft functions the form needs at start do not bring zod.
import * as z from 'zod/mini';
import { DRAFT_STORE_VERSION } from './draft.ts';
import { AnswerValueSchema, IdSchema, ResponseIdSchema } from './fields.ts';

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

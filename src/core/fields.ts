// Schemas of the small fields every file kind shares: texts, ids, periods, cell codes, answers.
import * as z from 'zod/mini';
import { CELL_CODE_PATTERN, ID_PATTERN, PERIOD_PATTERN, RESPONSE_ID_PATTERN } from './patterns.ts';
import type { LocalText } from './text.ts';

/** A string in Vietnamese (required) and English (optional, falls back to Vietnamese). */
export const LocalTextSchema: z.ZodMiniType<LocalText> = z.object({
  /** Vietnamese wording; always present. */
  vi: z.string().check(z.minLength(1), z.describe('Vietnamese text')),
  /** English wording; when absent the Vietnamese text is shown. */
  en: z.optional(z.string().check(z.minLength(1), z.describe('English text'))),
});

/** Ids of items, sections, options, levels and metrics: lower-case ASCII, digits, `-` and `.`. */
export const IdSchema = z
  .string()
  .check(z.regex(ID_PATTERN, 'ids are lower-case letters, digits, "-" or "." (at most 64)'));

/** A period: a year (`2026`), a quarter (`2026-Q4`) or a month (`2026-11`). */
export const PeriodSchema = z.string().check(z.regex(PERIOD_PATTERN, 'a period looks like 2026, 2026-Q4 or 2026-11'));

/** A cell code as the secretary gives it out: letters (with diacritics), digits, space, `.-_/`. */
export const CellCodeSchema = z
  .string()
  .check(z.regex(CELL_CODE_PATTERN, 'a cell code is 1–64 letters, digits, spaces or . - _ /'));

/** A response id: random, URL-safe, chosen by the device; identifies one member's answer sheet. */
export const ResponseIdSchema = z
  .string()
  .check(z.regex(RESPONSE_ID_PATTERN, 'a response id is 8–64 of A–Z a–z 0–9 _ -'));

/** The answer "does not apply", chosen by the person on an item that allows it. */
export const NotApplicableSchema = z.strictObject({ na: z.literal(true) });

/**
 * One answer: boolean (yes-no, bonus), option or level id (choice, level), number (rating step,
 * number), text (text), or `{ "na": true }`.
 */
export const AnswerValueSchema = z.union([
  z.boolean(),
  z.number().check(z.refine(Number.isFinite, 'numbers must be finite')),
  z.string().check(z.maxLength(20000)),
  NotApplicableSchema,
]);

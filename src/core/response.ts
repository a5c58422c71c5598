import * as z from 'zod/mini';
import { IdSchema, listItems, type Instrument, type Item } from './instrument.ts';
import { PeriodSchema, granularityOf } from './period.ts';
import type { Message } from './text.ts';

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
/** One answer. */
export type AnswerValue = z.infer<typeof AnswerValueSchema>;

/** Answers keyed by item id. */
export type Answers = Record<string, AnswerValue>;

/** Whether an answer is the explicit "does not apply". */
export function isNotApplicable(value: unknown): value is { na: true } {
  return typeof value === 'object' && value !== null && (value as { na?: unknown }).na === true;
}

/** A cell code as the secretary gives it out: letters (with diacritics), digits, space, `.-_/`. */
export const CellCodeSchema = z
  .string()
  .check(z.regex(/^[\p{L}\p{N}][\p{L}\p{N} ._\-/]{0,63}$/u, 'a cell code is 1–64 letters, digits, spaces or . - _ /'));

/** Who answered a named instrument. Anonymous responses have none. */
export const RespondentSchema = z.strictObject({
  /** Full name. */
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** Post or role (e.g. "Chi ủy viên"). */
  post: z.optional(z.string().check(z.maxLength(120))),
});
/** A respondent. */
export type Respondent = z.infer<typeof RespondentSchema>;

/** A response id: random, URL-safe, chosen by the device; identifies one member's answer sheet. */
export const ResponseIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'a response id is 8–64 of A–Z a–z 0–9 _ -'));

/** One person's answers to one instrument for one cell and period. */
export const ResponseSchema = z.strictObject({
  /** Random id; the same id sent again replaces the earlier file (newest revision wins). */
  id: ResponseIdSchema,
  /** Which instrument, and which version of it, was answered. */
  instrument: z.strictObject({ id: IdSchema, version: z.string().check(z.minLength(1), z.maxLength(32)) }),
  /** The cell's code. */
  cell: CellCodeSchema,
  /** The period answered for. */
  period: PeriodSchema,
  /** Named instruments only. */
  respondent: z.optional(RespondentSchema),
  /** How many times this response has been sent; a newer send has a higher revision. */
  revision: z.int().check(z.gte(1), z.lte(1_000_000)),
  /** Answers by item id. */
  answers: z.record(IdSchema, AnswerValueSchema),
});
/** A response. */
export type Response = z.infer<typeof ResponseSchema>;

/** A problem with an answer, against the instrument. */
export interface AnswerIssue {
  /** The item id (or `respondent`, `period`). */
  item: string;
  /** What is wrong. */
  message: Message;
}

/**
 * What is wrong with an answer to an item, or undefined when it fits (the same rule for the live
 * score, the export and the import). `levelIds` are the instrument's levels, for `level` items.
 */
export function answerProblem(item: Item, value: unknown, levelIds: ReadonlySet<string>): Message | undefined {
  if (isNotApplicable(value)) {
    return item.naChoosable
      ? undefined
      : { vi: 'câu này không cho chọn "không áp dụng"', en: 'this question does not allow "not applicable"' };
  }
  switch (item.type) {
    case 'yes-no':
    case 'bonus':
      return typeof value === 'boolean' ? undefined : { vi: 'cần trả lời có hoặc không', en: 'expects yes or no' };
    case 'choice':
      return typeof value === 'string' && item.options.some((o) => o.id === value)
        ? undefined
        : { vi: 'không phải một lựa chọn của câu này', en: 'not one of the options' };
    case 'rating':
      return typeof value === 'number' && item.steps.some((s) => s.value === value)
        ? undefined
        : { vi: 'không phải một mức của thang điểm', en: 'not a step of the scale' };
    case 'number': {
      if (typeof value !== 'number') return { vi: 'cần một số', en: 'expects a number' };
      if ((item.integer ?? true) && !Number.isInteger(value))
        return { vi: 'cần một số nguyên', en: 'expects a whole number' };
      if (value < item.min || value > item.max)
        return {
          vi: `cần một số từ ${item.min} đến ${item.max}`,
          en: `expects a number from ${item.min} to ${item.max}`,
        };
      return undefined;
    }
    case 'text':
      return typeof value === 'string' && value.length <= (item.maxLength ?? 2000)
        ? undefined
        : {
            vi: `cần văn bản dài tối đa ${item.maxLength ?? 2000} ký tự`,
            en: `expects text of at most ${item.maxLength ?? 2000} characters`,
          };
    case 'level':
      return typeof value === 'string' && levelIds.has(value)
        ? undefined
        : { vi: 'không phải một mức xếp loại', en: 'not a level' };
    case 'band':
      return {
        vi: 'câu này được tính tự động, không nhận câu trả lời',
        en: 'this item is computed and takes no answer',
      };
  }
}

const lookups = new WeakMap<Instrument, { byId: Map<string, Item>; levels: Set<string> }>();
/** Items by id and level ids of an instrument, built once per definition object. */
export function lookupOf(instrument: Instrument): { byId: Map<string, Item>; levels: Set<string> } {
  let l = lookups.get(instrument);
  if (!l) {
    l = {
      byId: new Map(listItems(instrument).map(({ item }) => [item.id, item])),
      levels: new Set(instrument.levels.map((lv) => lv.id)),
    };
    lookups.set(instrument, l);
  }
  return l;
}

/**
 * Checks answers against an instrument: unknown items, wrong types, numbers out of bounds,
 * unknown options, respondent presence. An empty list means the response fits the instrument.
 */
export function checkResponse(instrument: Instrument, response: Response): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const { byId, levels } = lookupOf(instrument);
  for (const [id, value] of Object.entries(response.answers)) {
    const item = byId.get(id);
    if (!item) {
      issues.push({
        item: id,
        message: { vi: 'không có câu hỏi này trong phiếu', en: 'no such question in the instrument' },
      });
      continue;
    }
    const problem = answerProblem(item, value, levels);
    if (problem) issues.push({ item: id, message: problem });
  }
  if (instrument.anonymity === 'anonymous' && response.respondent)
    issues.push({
      item: 'respondent',
      message: {
        vi: 'phiếu ẩn danh không được ghi tên người trả lời',
        en: 'an anonymous response must not carry a name',
      },
    });
  if (instrument.anonymity === 'named' && !response.respondent)
    issues.push({
      item: 'respondent',
      message: { vi: 'thiếu họ tên người tự đánh giá', en: 'the respondent\u2019s name is missing' },
    });
  const g = granularityOf(response.period);
  if (g && !instrument.periods.includes(g))
    issues.push({
      item: 'period',
      message: {
        vi: `phiếu này không dùng cho kỳ ${response.period}`,
        en: `this instrument is not answered for ${response.period}`,
      },
    });
  return issues;
}

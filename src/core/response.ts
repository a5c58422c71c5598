import * as z from 'zod/mini';
import { answerProblem, lookupOf } from './answers.ts';
import { AnswerValueSchema, CellCodeSchema, IdSchema, PeriodSchema, ResponseIdSchema } from './fields.ts';
import type { Instrument } from './instrument.ts';
import { granularityOf } from './period.ts';
import type { Message } from './text.ts';
import { brokenChecks } from './sheet-scoring.ts';

/** Who answered a named instrument. Anonymous responses have none. */
export const RespondentSchema = z.strictObject({
  /** Full name. */
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** Post or role (e.g. "Chi ủy viên"). */
  post: z.optional(z.string().check(z.maxLength(120))),
});
/** A respondent. */
export type Respondent = z.infer<typeof RespondentSchema>;

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
 * Checks answers against an instrument: unknown items, wrong types, numbers out of bounds,
 * unknown options, respondent presence. An empty list means the response fits the instrument.
 */
export function checkResponse(instrument: Instrument, response: Response): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const { byId, levels } = lookupOf(instrument);
  const answers = response.answers;
  for (const id in answers) {
    // hasOwnProperty on a for…in key of the same object is known to the compiler (Object.hasOwn is looked up).
    if (!Object.prototype.hasOwnProperty.call(answers, id)) continue;
    const value = answers[id];
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
  // Rules between numbers (on time + late ≤ assigned): a file that breaks one is refused.
  // A rule over an answer that is itself wrong (out of bounds, not a number) says nothing more.
  const wrong = issues.length > 0 ? new Set(issues.map((i) => i.item)) : undefined;
  for (const broken of brokenChecks(instrument, (id) => response.answers[id])) {
    if (wrong && broken.items.some((id) => wrong.has(id))) continue;
    issues.push({
      item: broken.items[0] ?? broken.id,
      message: {
        vi: `các số không khớp nhau: ${broken.message.vi}`,
        en: `the numbers do not agree: ${broken.message.en ?? broken.message.vi}`,
      },
    });
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

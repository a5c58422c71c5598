// Answers and what fits an item: pure, no schemas, so the form page can score without loading
// any (the schemas of answers are in fields.ts and response.ts).
import type { Instrument, Item } from './instrument.ts';
import { listItems } from './items.ts';
import type { Message } from './text.ts';

/**
 * One answer: boolean (yes-no, bonus), option or level id (choice, level), number (rating step,
 * number, points), text (text), or `{ "na": true }` (does not apply).
 */
export type AnswerValue = boolean | number | string | { na: true };

/** Answers keyed by item id. */
export type Answers = Record<string, AnswerValue>;

/** Whether an answer is the explicit "does not apply". */
export function isNotApplicable(value: unknown): value is { na: true } {
  return typeof value === 'object' && value !== null && (value as { na?: unknown }).na === true;
}

/**
 * The first element of `list` whose `key` is `value`: a loop rather than find() with an arrow, for
 * every answer checked or scored (tens of thousands in the CLI's aggregate), where each arrow was an
 * object made and dropped.
 */
export function firstWith<T, K extends keyof T>(list: readonly T[], key: K, value: unknown): T | undefined {
  for (const x of list) if (x[key] === value) return x;
  return undefined;
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
      return typeof value === 'string' && firstWith(item.options, 'id', value)
        ? undefined
        : { vi: 'không phải một lựa chọn của câu này', en: 'not one of the options' };
    case 'rating':
      return typeof value === 'number' && firstWith(item.steps, 'value', value)
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
    case 'points': {
      if (typeof value !== 'number') return { vi: 'cần một số điểm', en: 'expects a number of points' };
      if (value < 0 || value > item.max)
        return { vi: `cần số điểm từ 0 đến ${item.max}`, en: `expects points from 0 to ${item.max}` };
      // At most two decimals: the value in hundredths is a whole number (tolerating binary noise).
      if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6)
        return { vi: 'điểm có nhiều nhất hai chữ số thập phân', en: 'points have at most two decimals' };
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

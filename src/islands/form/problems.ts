// What blocks sending, in words the member reads: a typed number its question cannot take (text
// that reads no single way, out of bounds, too many decimals), a missing or invalid answer, a rule
// between numbers that does not hold, a missing or malformed cell code, a missing name. The panel
// lists them in form order, each with the control to jump to. Nothing here keeps state.
import type { AnswerValue } from '../../core/answers.ts';
import type { Instrument, Item } from '../../core/instrument.ts';
import { listItems } from '../../core/items.ts';
import { isCellCode } from '../../core/patterns.ts';
import type { Score } from '../../core/scoring.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import { numberTextIssue, type ContextFields } from './dom.ts';
import { formatNumber } from './format.ts';

/** Something to fix before sending, with the control to jump to. */
export interface Problem {
  /** Item id, or `__cell` / `__name` for the context fields. */
  target: string;
  /** What to show in the list. */
  text: string;
}

/** The message for each way a typed number can be refused (core's NumberTextProblem). */
const NUMBER_TEXT_ERRORS = {
  unreadable: 'form.number.unreadable.error',
  'not-integer': 'form.number.whole.error',
  'too-many-decimals': 'form.number.decimals.error',
  'out-of-range': 'form.number.unreadable.error',
} as const;

/** Why a number answer breaks its item's own rule (bounds, whole numbers): checked by core too. */
function numberIssue(item: Item, v: AnswerValue | undefined, tr: Tr, lang: Lang): string | undefined {
  if (typeof v !== 'number') return undefined;
  if (item.type === 'points') {
    if (v < 0 || v > item.max) return tr('form.points.bounds.error', { max: formatNumber(item.max, lang) });
    if (Math.abs(v * 100 - Math.round(v * 100)) > 1e-6) return tr('form.points.decimals.error');
    return undefined;
  }
  if (item.type !== 'number') return undefined;
  const integer = item.integer ?? true;
  if (v < item.min || v > item.max)
    return tr('form.number.outOfBounds.error', {
      min: formatNumber(item.min, lang),
      max: formatNumber(item.max, lang),
    });
  if (integer && !Number.isInteger(v)) return tr('form.number.whole.error');
  return undefined;
}

/**
 * Why a number answer cannot be taken (text that reads no single way, bounds, decimals); `value`
 * is the answer as read from its control.
 */
export function numberProblemOf(
  form: HTMLFormElement,
  item: Item,
  value: AnswerValue | undefined,
  tr: Tr,
  lang: Lang,
): string | undefined {
  // Text in a number field that reads no single way: said, never turned into another number.
  const problem = numberTextIssue(form, item);
  if (problem) return tr(NUMBER_TEXT_ERRORS[problem]);
  return numberIssue(item, value, tr, lang);
}

/**
 * The problem list of a form: `itemList` its questions in form order (numbered from 1 as the page
 * shows them), `items` the same by id.
 */
export function createProblemList(
  instrument: Instrument,
  itemList: readonly Item[],
  items: ReadonlyMap<string, Item>,
  tr: Tr,
  lang: Lang,
) {
  const numbers = new Map(itemList.map((item, i) => [item.id, i + 1]));
  const named = instrument.anonymity === 'named';

  /** Everything that blocks sending, in form order (`issues`: why a typed number cannot be taken, by item id). */
  return function problemsOf(score: Score, issues: Map<string, string>, ctx: ContextFields): Problem[] {
    const label = (id: string) => {
      const item = items.get(id);
      return item ? `${tr('form.item.number.label', { no: numbers.get(id) ?? 0 })} ${pickText(item.label, lang)}` : id;
    };
    const out: Problem[] = [];
    if (!isCellCode(ctx.cell))
      out.push({
        target: '__cell',
        text: ctx.cell === '' ? tr('form.cell.missing.error') : tr('form.cell.invalid.error'),
      });
    if (named && ctx.name.trim() === '') out.push({ target: '__name', text: tr('form.name.missing.error') });
    for (const { item } of listItems(instrument)) {
      const id = item.id;
      if (score.missing.includes(id))
        out.push({ target: id, text: tr('form.missing.item.label', { item: label(id) }) });
      else if (issues.has(id)) out.push({ target: id, text: `${label(id)}: ${issues.get(id) ?? ''}` });
      else if (score.invalid.includes(id))
        out.push({ target: id, text: tr('form.invalid.item.label', { item: label(id) }) });
    }
    // Rules between numbers (on time + late ≤ assigned): the export waits until they hold.
    for (const b of score.broken)
      out.push({
        target: b.items[0] ?? '',
        text: tr('form.check.broken.label', { items: b.items.map(label).join(', '), rule: pickText(b.message, lang) }),
      });
    return out;
  };
}

/** The problem list {@link createProblemList} returns. */
export type ProblemList = ReturnType<typeof createProblemList>;

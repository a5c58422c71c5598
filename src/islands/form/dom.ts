// Reading and writing the static form's controls. The questions are plain HTML rendered by
// Astro (src/components/form); answers live in the controls and are read back from them. Also
// moving the focus to a control, and the page's status line that screen readers announce.
import type { Draft } from '../../core/draft.ts';
import type { Instrument, Item } from '../../core/instrument.ts';
import { listItems } from '../../core/items.ts';
import { isNotApplicable, type AnswerValue } from '../../core/answers.ts';
import { writeTypedNumber, type NumberTextResult } from '../../core/number-text.ts';
import type { Lang } from '../../core/text.ts';
import { readTypedNumber, separatorsFor } from './format.ts';

/** The value a radio carries for "does not apply". */
export const NA_VALUE = '__na';

/** Answers keyed by item id. */
export type AnswerMap = Record<string, AnswerValue>;

/** The form's context fields (cell, period, name, post). */
export interface ContextFields {
  cell: string;
  period: string;
  name: string;
  post: string;
}

function field(form: HTMLFormElement, name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  const el = form.elements.namedItem(name);
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
    ? el
    : null;
}

function radioValue(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name);
  if (el instanceof RadioNodeList) return el.value;
  if (el instanceof HTMLInputElement && el.checked) return el.value;
  return '';
}

/** Whether an item is answered with radios. */
export function isRadioItem(item: Item): boolean {
  return (
    item.type === 'yes-no' ||
    item.type === 'bonus' ||
    item.type === 'choice' ||
    item.type === 'rating' ||
    item.type === 'level'
  );
}

/** The answer a radio's value stands for. */
function radioAnswer(item: Item, v: string): AnswerValue | undefined {
  if (v === '') return undefined;
  if (v === NA_VALUE) return { na: true };
  if (item.type === 'yes-no' || item.type === 'bonus') return v === 'yes';
  if (item.type === 'rating') return Number(v);
  return v;
}

/**
 * The answer of the question whose control `target` just changed: a tapped radio is read from
 * itself (finding the group's checked radio walks the whole form), anything else as {@link readItem}.
 */
export function readChanged(form: HTMLFormElement, item: Item, target: EventTarget | null): AnswerValue | undefined {
  if (isRadioItem(item)) {
    if (target instanceof HTMLInputElement && target.type === 'radio' && target.checked)
      return radioAnswer(item, target.value);
    return readItem(form, item);
  }
  // The typed control itself (looking it up by name in the form costs more than the rest of a key).
  const own = (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.name === item.id;
  return own ? valueOf(item, target) : readItem(form, item);
}

/** The answer a control holds, or undefined when empty. Numbers are read as typed (bounds are checked elsewhere). */
export function readItem(form: HTMLFormElement, item: Item): AnswerValue | undefined {
  if (isRadioItem(item)) return radioAnswer(item, radioValue(form, item.id));
  const el = field(form, item.id);
  return el ? valueOf(item, el) : undefined;
}

/** The answer a text or number control holds. */
function valueOf(item: Item, el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): AnswerValue | undefined {
  if (item.type === 'number' || item.type === 'points') {
    // As people type it ("1,5" and "1.5" alike); text that reads no single way is no answer, and
    // the form says why (numberTextIssue), never a changed number ("1,5" is not 15).
    const r = readTypedNumber(el.value, pageLang());
    return r.ok ? r.value : undefined;
  }
  if (item.type === 'text') return el.value.trim() === '' ? undefined : el.value;
  return undefined;
}

/** The page's language (the html element's). */
export function pageLang(): Lang {
  return document.documentElement.lang === 'en' ? 'en' : 'vi';
}

/** Why a number field's text cannot be read, or undefined when it can (or is empty). */
export function numberTextIssue(
  form: HTMLFormElement,
  item: Item,
): Exclude<NumberTextResult, { ok: true } | { empty: true }>['problem'] | undefined {
  if (item.type !== 'number' && item.type !== 'points') return undefined;
  const el = field(form, item.id);
  if (!el) return undefined;
  const r = readTypedNumber(el.value, pageLang());
  return r.ok || r.empty ? undefined : r.problem;
}

/** Every answer the form's controls hold. */
export function readAnswers(form: HTMLFormElement, instrument: Instrument): AnswerMap {
  const answers: AnswerMap = {};
  for (const { item } of listItems(instrument)) {
    const v = readItem(form, item);
    if (v !== undefined) answers[item.id] = v;
  }
  return answers;
}

function controlValue(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (isNotApplicable(value)) return NA_VALUE;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Puts answers into the controls; items without an answer are cleared. */
export function writeAnswers(form: HTMLFormElement, instrument: Instrument, answers: AnswerMap): void {
  for (const { item } of listItems(instrument)) {
    const value = controlValue(Object.hasOwn(answers, item.id) ? answers[item.id] : undefined);
    if (isRadioItem(item)) {
      const el = form.elements.namedItem(item.id);
      const radios = el instanceof RadioNodeList ? [...el] : el ? [el] : [];
      for (const r of radios) if (r instanceof HTMLInputElement) r.checked = r.value === value;
    } else {
      const el = field(form, item.id);
      const v = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
      // Numbers are shown as people of the page's language write them (1,5 in Vietnamese).
      if (el)
        el.value =
          (item.type === 'number' || item.type === 'points') && typeof v === 'number' && !Number.isInteger(v)
            ? writeTypedNumber(v, separatorsFor(pageLang()))
            : value;
    }
  }
}

/** The context fields as typed. */
export function readContext(form: HTMLFormElement): ContextFields {
  return {
    cell: field(form, '__cell')?.value.trim() ?? '',
    period: field(form, '__period')?.value ?? '',
    name: field(form, '__name')?.value ?? '',
    post: field(form, '__post')?.value ?? '',
  };
}

/** Sets the context fields; a period missing from the picker is added to it. */
export function writeContext(
  form: HTMLFormElement,
  ctx: Partial<ContextFields>,
  periodLabel?: (p: string) => string,
): void {
  const set = (name: string, v: string | undefined) => {
    const el = field(form, name);
    if (el && v !== undefined) el.value = v;
  };
  set('__cell', ctx.cell);
  set('__name', ctx.name);
  set('__post', ctx.post);
  const select = field(form, '__period');
  if (select instanceof HTMLSelectElement && ctx.period) {
    if (![...select.options].some((o) => o.value === ctx.period)) {
      const option = new Option(periodLabel ? periodLabel(ctx.period) : ctx.period, ctx.period);
      select.prepend(option);
    }
    select.value = ctx.period;
  }
}

/** Shows a stored draft in the form: its answers, and its name and post when it has them. */
export function writeDraft(form: HTMLFormElement, instrument: Instrument, draft: Draft): void {
  writeAnswers(form, instrument, draft.answers);
  if (draft.respondent) writeContext(form, { name: draft.respondent.name, post: draft.respondent.post ?? '' });
}

/** The first focusable control of an item (the checked radio, else the first). */
export function focusTarget(id: string): HTMLElement | null {
  const box = document.getElementById(id.startsWith('__') ? `ctx-${id.slice(2)}` : `q-${id}`);
  if (!box) return null;
  if (box instanceof HTMLInputElement || box instanceof HTMLSelectElement) return box;
  return (
    box.querySelector<HTMLElement>('input:checked:not(:disabled)') ??
    box.querySelector<HTMLElement>('input:not(:disabled), textarea:not(:disabled), select:not(:disabled)') ??
    box
  );
}

/** Scrolls an item into view and puts the focus on its control. */
export function jumpTo(id: string): void {
  const target = focusTarget(id);
  if (!target) return;
  const box = target.closest('.item, .field') ?? target;
  box.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

/** Says something to screen readers (the page's status line), cleared after 6 s. */
export function announce(text: string): void {
  const el = document.getElementById('app-status');
  if (!el) return;
  el.textContent = text;
  window.setTimeout(() => {
    if (el.textContent === text) el.textContent = '';
  }, 6000);
}

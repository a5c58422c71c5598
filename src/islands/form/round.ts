// The form opened from a round link (src/core/round-link.ts): the cell and period the secretary
// chose are filled in and locked, with a line saying whose round it is; a damaged link says why
// in plain words and leaves the fields free. The link rides in the address's fragment.
import { isRoundFragment, readRoundLink, roundLinkMessage, type Round } from '../../core/round-link.ts';
import type { Tr } from '../../i18n/translator.ts';

/** The round in the page's address: the round, a refusal (with its message), or none. */
export type RoundState = { kind: 'none' } | { kind: 'round'; round: Round } | { kind: 'bad'; message: string };

/**
 * Reads the round link in a fragment (`location.hash`); `validPeriod` says whether this form
 * takes the round's period (a monthly sheet is not filled for a quarter).
 */
export function roundOfFragment(
  fragment: string,
  lang: 'vi' | 'en',
  validPeriod: (period: string) => boolean,
): RoundState {
  if (!isRoundFragment(fragment)) return { kind: 'none' };
  const read = readRoundLink(fragment);
  const error = read.ok
    ? validPeriod(read.round.period)
      ? undefined
      : roundLinkMessage('period')
    : read.error.message;
  if (read.ok && !error) return { kind: 'round', round: read.round };
  const m = error ?? roundLinkMessage('not-round');
  return { kind: 'bad', message: m[lang] ?? m.vi };
}

/** A line at the top of the context box (replaced when shown again). */
function notice(form: HTMLFormElement, cls: string, text: string, role?: string): void {
  const box = form.querySelector('#ctx');
  if (!box) return;
  box.querySelector('.round-note')?.remove();
  const p = document.createElement('p');
  p.className = `round-note ${cls}`;
  if (role) p.setAttribute('role', role);
  p.textContent = text;
  box.querySelector('legend')?.after(p);
}

/**
 * Locks the cell and period to the round's (already written into the fields): the cell is read
 * only, the period picker offers only the round's period. Says so above them.
 */
export function lockToRound(form: HTMLFormElement, round: Round, periodLabel: string, tr: Tr): void {
  const cell = form.elements.namedItem('__cell');
  if (cell instanceof HTMLInputElement) {
    cell.readOnly = true;
    cell.setAttribute('aria-readonly', 'true');
  }
  const period = form.elements.namedItem('__period');
  if (period instanceof HTMLSelectElement) {
    for (const o of period.options) o.disabled = o.value !== round.period;
    period.setAttribute('aria-readonly', 'true');
  }
  form.dataset.round = 'locked';
  const who = round.cellName ? `${round.cellName} (${round.cell})` : round.cell;
  notice(form, 'notice', tr('form.round.locked.message', { cell: who, period: periodLabel }));
}

/** Says why a round link could not be used (the fields stay free). */
export function showRoundProblem(form: HTMLFormElement, message: string): void {
  form.dataset.round = 'bad';
  notice(form, 'notice bad', message, 'alert');
}

// Paints a scored reading of the form onto the static page: each question's state (does not
// apply, full marks, a band's value, a number's error), the section points, the progress bar and
// the total, and the save status beside them. It remembers what it last painted, so a tap or a key
// repaints only the questions whose result changed: a change costs the browser style, layout and
// paint for those alone.
import { isNotApplicable } from '../../core/answers.ts';
import type { Instrument, Item } from '../../core/instrument.ts';
import { isCellCode } from '../../core/patterns.ts';
import type { ItemScore, Score } from '../../core/scoring.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { AnswerMap, ContextFields } from './dom.ts';
import { formatNumber, formatPercent } from './format.ts';

/** How the last write of the draft went (the save status shows it). */
export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** What a paint shows: the controls read and scored. */
export interface Reading {
  raw: AnswerMap;
  score: Score;
  /** Why a number answer cannot be taken, by item id. */
  issues: Map<string, string>;
  ctx: ContextFields;
}

/**
 * Writes an element's text. An element holding one text node keeps it and only its characters
 * change: replacing the node (`textContent`) made the browser restyle a new node and lay it out
 * afresh on every tap that moved the progress, the total or a section's points.
 */
function setTextOf(el: Element, text: string): void {
  const node = el.firstChild;
  if (node instanceof Text && node.nextSibling === null) {
    if (text === '') el.textContent = '';
    else if (node.data !== text) node.data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

function setTextById(id: string, text: string): void {
  const el = document.getElementById(id);
  if (el) setTextOf(el, text);
}

function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export function createPainter(form: HTMLFormElement, instrument: Instrument, tr: Tr, lang: Lang) {
  /** What each question showed at the last paint (a key of everything its paint reads). */
  const shown = new Map<string, string>();
  const sectionsShown = new Map<string, string>();
  let progressShown = '';
  let cellError: HTMLElement | null = null;
  let bar: HTMLElement | null = null;
  let saveEl: HTMLElement | null = null;
  /** The save status last painted (as a key), its text, and the class that flips at every paint. */
  let saveState = '';
  let saveText = '';
  let tick = false;

  /** Everything a question's paint depends on, as one string. */
  function keyOf(item: Item, s: ItemScore, reading: Reading): string {
    const { score, issues, raw } = reading;
    let key = `${s.status}|${s.points}|${s.max}|${isNotApplicable(raw[item.id]) ? 1 : 0}|${issues.get(item.id) ?? ''}`;
    if (item.type === 'band') key += `|${score.metrics[item.metric] ?? ''}`;
    if (item.type === 'level') key += `|${score.proposal?.status ?? ''}|${score.level}|${score.complete ? 1 : 0}`;
    return key;
  }

  /** Paints one question (only its result changed: lookups by id cost less than keeping them). */
  function paintItem(item: Item, s: ItemScore, reading: Reading): void {
    const { score, issues, raw } = reading;
    const byId = (prefix: string) => document.getElementById(`${prefix}-${item.id}`);
    const box = byId('q');
    if (!box) return;
    const off = s.status === 'not-applicable' && !isNotApplicable(raw[item.id]);
    // Only what differs is written: an unchanged page costs the browser no style or layout work.
    if (box.classList.contains('is-na') !== off) box.classList.toggle('is-na', off);
    if (box instanceof HTMLFieldSetElement) {
      if (box.disabled !== off) box.disabled = off;
    } else
      for (const c of box.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
        if (c.disabled !== off) c.disabled = off;
    const na = byId('na');
    if (na) setHidden(na, !(s.status === 'not-applicable' && na.textContent?.trim()));
    const fm = byId('fm');
    if (fm) setHidden(fm, s.status !== 'full-marks');
    const issue = issues.get(item.id) ?? '';
    const err = byId('e');
    if (err) setTextOf(err, issue);
    const input = box.querySelector('.num input');
    if (input) {
      if (issue) input.setAttribute('aria-invalid', 'true');
      else if (input.hasAttribute('aria-invalid')) input.removeAttribute('aria-invalid');
    }
    if (item.type === 'band') {
      const lowest = byId('lw');
      if (lowest) setHidden(lowest, s.status !== 'lowest');
      const band = byId('o');
      if (band) {
        const m = score.metrics[item.metric];
        const pts = tr('common.points.label', { points: formatNumber(s.points, lang), max: formatNumber(s.max, lang) });
        setTextOf(
          band,
          s.status === 'pending' || m === undefined
            ? s.status === 'lowest' || s.status === 'full-marks'
              ? pts
              : tr('form.band.pending.message')
            : tr('form.band.value.message', {
                value: band.hasAttribute('data-metric-percent') ? formatPercent(m, lang) : formatNumber(m, lang),
                points: pts,
              }),
        );
      }
    }
    const pc = item.type === 'level' ? byId('pc') : null;
    if (pc) {
      const p = score.proposal;
      const computed = pickText(
        instrument.levels.find((l) => l.id === score.level)?.label ?? { vi: score.level },
        lang,
      );
      setHidden(pc, !p || !score.complete);
      const className = `notice proposal-check${p?.status === 'higher' ? ' bad' : ' good'}`;
      if (pc.className !== className) pc.className = className;
      setTextOf(pc, !p ? '' : tr(`form.proposal.${p.status}.message`, { level: computed }));
    }
  }

  function saveTextOf(memory: boolean, saving: SaveState, conflict: boolean): string {
    return conflict
      ? ''
      : memory
        ? tr('form.save.memory.label')
        : saving === 'saving'
          ? tr('form.save.saving.label')
          : saving === 'saved'
            ? tr('form.save.saved.label')
            : saving === 'failed'
              ? tr('form.save.failed.label')
              : '';
  }

  return {
    /**
     * Paints the questions from `from` to `to` (in form order) whose result changed since they
     * were last painted; `all` paints them whatever was shown (the first paint).
     */
    items(reading: Reading, items: readonly Item[], { from = 0, to = items.length, all = false } = {}): void {
      const byId = new Map(reading.score.items.map((s) => [s.id, s]));
      for (let i = from; i < to; i++) {
        const item = items[i]!;
        const s = byId.get(item.id);
        if (!s) continue;
        const key = keyOf(item, s, reading);
        if (!all && shown.get(item.id) === key) continue;
        shown.set(item.id, key);
        paintItem(item, s, reading);
      }
    },

    /** The section points, the cell code's error, the progress bar and the total. */
    rest({ score, ctx }: Reading): void {
      for (const sec of score.sections) {
        const key = `${sec.points}/${sec.max}`;
        if (sectionsShown.get(sec.id) === key) continue;
        sectionsShown.set(sec.id, key);
        const el = form.querySelector(`[data-section="${sec.id}"]`); // only when its points changed
        if (el)
          setTextOf(
            el,
            tr('common.points.label', { points: formatNumber(sec.points, lang), max: formatNumber(sec.max, lang) }),
          );
      }
      const cellOk = ctx.cell === '' || isCellCode(ctx.cell);
      cellError ??= document.getElementById('e-__cell');
      if (cellError) setTextOf(cellError, cellOk ? '' : tr('form.cell.invalid.error'));
      bar ??= document.getElementById('fp-bar');
      if (bar instanceof HTMLProgressElement) {
        const max = Math.max(1, score.progress.required);
        if (bar.max !== max) bar.max = max;
        if (bar.value !== score.progress.answered) bar.value = score.progress.answered;
      }
      const progress = `${score.progress.answered}/${score.progress.required}/${score.scaled}`;
      if (progress === progressShown) return;
      progressShown = progress;
      setTextById(
        'fp-text',
        tr('form.progress.label', { answered: score.progress.answered, required: score.progress.required }),
      );
      setTextById(
        'fp-score',
        tr('form.progress.score.label', {
          total: formatNumber(score.scaled, lang),
          max: formatNumber(instrument.maxScore, lang),
        }),
      );
    },

    /**
     * The save status in the sticky bar: how the last write went, or that the draft is kept in
     * memory only (`memory`: storage refused); nothing while another tab's save is in conflict.
     */
    status(memory: boolean, saving: SaveState, conflict: boolean): void {
      saveEl ??= document.getElementById('fp-save');
      const el = saveEl;
      if (!el) return;
      const state = `${conflict}|${memory}|${saving}`;
      if (state !== saveState) saveText = saveTextOf(memory, saving, conflict);
      saveState = state;
      setTextOf(el, saveText);
      // A change nobody can see at every paint (the colour one step off: a repaint of this text, no
      // layout): measured in the fill harness, the sticky bar changing at each change keeps the next
      // frame prompt in headless Chromium (with nothing changed there, keys typed in a text box
      // waited 600–700 ms for their frame; rewriting the text did it too, at a layout a key).
      tick = !tick;
      const className = `fp-save${memory || saving === 'failed' ? ' bad' : ''}${tick ? ' tick' : ''}`;
      if (el.className !== className) el.className = className;
    },
  };
}

/** The painter {@link createPainter} returns. */
export type Painter = ReturnType<typeof createPainter>;

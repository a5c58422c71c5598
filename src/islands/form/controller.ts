// The form's brain on the device: reads the static controls, scores with core, keeps the draft
// in storage, talks to other tabs, and tells the panel (FormApp) what to show. The static page
// stays the source of the questions; this only updates what changes.
import {
  changeDraft,
  createDraft,
  createResponseId,
  draftKey,
  hasUnsentChanges,
  isStaleDraft,
  markDraftSent,
  sameAnswers,
  type Draft,
} from '../../core/draft.ts';
import type { Instrument, Item } from '../../core/instrument.ts';
import type { InstrumentRef } from '../../core/instrument-ref.ts';
import { listItems } from '../../core/items.ts';
import { formatPeriodLabel, parsePeriod, periodOfDate } from '../../core/period.ts';
import { isNotApplicable } from '../../core/answers.ts';
import { isCellCode } from '../../core/patterns.ts';
import { scoreApplicable, type Score } from '../../core/scoring.ts';
import { pickText, type Lang } from '../../core/text.ts';
import { openDrafts, type DraftStore } from '../../storage/drafts.ts';
import type { StorageProblem } from '../../storage/store.ts';
import { classifyStorageError, requestPersistence } from '../../storage/store.ts';
import { readAnswers, readContext, writeAnswers, writeContext, type AnswerMap, type ContextFields } from './dom.ts';

import { formatNumber, formatPercent } from './format.ts';
import type { Tr } from '../../i18n/translator.ts';

/** Something to fix before sending, with the control to jump to. */
export interface Problem {
  /** Item id, or `__cell` / `__name` for the context fields. */
  target: string;
  /** What to show in the list. */
  text: string;
}

/** The state the panel shows. */
export interface FormView {
  score: Score;
  draft: Draft;
  /** Everything that blocks sending, in form order. */
  problems: Problem[];
  storage: { kind: 'indexeddb' | 'memory'; problem: StorageProblem | undefined; persisted: boolean | undefined };
  saving: 'idle' | 'saving' | 'saved' | 'failed';
  /** Another tab saved this same draft after us. */
  conflict: boolean;
  /** The draft waited unsent more than 5 days. */
  stale: boolean;
  /** What happened at the last change of cell or period. */
  contextNote: string | undefined;
  /** Bumped on every change, so an export made before it is known to be out of date. */
  version: number;
}

/** Data the page embeds for the island. */
export interface FormData {
  instrument: Instrument;
  /** The published definition's reference (id, version, hash), which exported files carry. */
  ref: InstrumentRef;
  strings: Record<string, string>;
  app: string;
}

const CHANNEL = 'phieu-chi-bo-drafts';

/** Messages between tabs about drafts. */
export type DraftMessage =
  { type: 'saved'; key: string; tab: string; updatedAt: number } | { type: 'removed'; key: string; tab: string };

/** Reads the data the page embedded (`<script type="application/json" id="form-data">`). */
export function readFormData(): FormData | undefined {
  const el = document.getElementById('form-data');
  if (!el?.textContent) return undefined;
  return JSON.parse(el.textContent) as FormData;
}

/** Number answers that break their item's own rule (bounds, whole numbers): checked by core too. */
function numberIssues(instrument: Instrument, answers: AnswerMap, tr: Tr, lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  for (const { item } of listItems(instrument)) {
    if (item.type !== 'number') continue;
    const v = answers[item.id];
    if (typeof v !== 'number') continue;
    const integer = item.integer ?? true;
    if (v < item.min || v > item.max)
      out.set(
        item.id,
        tr('form.number.outOfBounds.error', { min: formatNumber(item.min, lang), max: formatNumber(item.max, lang) }),
      );
    else if (integer && !Number.isInteger(v)) out.set(item.id, tr('form.number.whole.error'));
  }
  return out;
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Starts the form on the page; returns a stop function. `onView` is called on every change. */
export function startForm(form: HTMLFormElement, data: FormData, lang: Lang, tr: Tr, onView: (v: FormView) => void) {
  const { instrument } = data;
  const items = new Map(listItems(instrument).map(({ item }) => [item.id, item]));
  const numbers = new Map(listItems(instrument).map(({ item }, i) => [item.id, i + 1]));
  const named = instrument.anonymity === 'named';
  const tab = createResponseId(randomBytes);
  const periodLabel = (p: string) => formatPeriodLabel(p, lang);

  let store: DraftStore | undefined;
  let draft: Draft;
  let key = '';
  /** Whether the current draft exists in storage (a fresh, untouched one is not written). */
  let stored = false;
  let persisted: boolean | undefined;
  /** Why the last write failed (a full disk, storage taken away while the page was open). */
  let saveProblem: StorageProblem | undefined;
  let saving: FormView['saving'] = 'idle';
  let conflict = false;
  let contextNote: string | undefined;
  let version = 0;
  let pending = false;
  let running: Promise<void> | undefined;
  /** A change of cell or period being applied (loading the other draft). */
  let switching: Promise<void> | undefined;
  let view: FormView | undefined;
  let afterPaintQueued = false;
  const afterPaintJobs = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;

  const validPeriod = (p: string | null | undefined): p is string => {
    const parts = p ? parsePeriod(p) : undefined;
    return parts !== undefined && instrument.periods.includes(parts.granularity);
  };
  const now = new Date();
  const defaultPeriod = periodOfDate(instrument.periods[0] ?? 'quarter', {
    year: now.getFullYear(),
    month: now.getMonth() + 1,
  });

  // ---------------------------------------------------------------- view

  function respondentOf(ctx: ContextFields): Draft['respondent'] {
    if (!named || (ctx.name.trim() === '' && ctx.post.trim() === '')) return undefined;
    return ctx.post.trim() ? { name: ctx.name, post: ctx.post } : { name: ctx.name };
  }

  function problemsOf(score: Score, issues: Map<string, string>, ctx: ContextFields): Problem[] {
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
    return out;
  }

  function paintItem(item: Item, score: Score, issues: Map<string, string>, raw: AnswerMap): void {
    const s = score.items.find((x) => x.id === item.id);
    const box = document.getElementById(`q-${item.id}`);
    if (!s || !box) return;
    const off = s.status === 'not-applicable' && !isNotApplicable(raw[item.id]);
    box.classList.toggle('is-na', off);
    if (box instanceof HTMLFieldSetElement) box.disabled = off;
    else
      for (const c of box.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) c.disabled = off;
    const na = document.getElementById(`na-${item.id}`);
    if (na) na.hidden = !(s.status === 'not-applicable' && na.textContent?.trim());
    const fm = document.getElementById(`fm-${item.id}`);
    if (fm) fm.hidden = s.status !== 'full-marks';
    const err = document.getElementById(`e-${item.id}`);
    const issue = issues.get(item.id) ?? '';
    if (err && err.textContent !== issue) err.textContent = issue;
    const input = box.querySelector('input[type="number"]');
    if (input) {
      if (issue) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    if (item.type === 'band') {
      const out = document.getElementById(`o-${item.id}`);
      const lw = document.getElementById(`lw-${item.id}`);
      if (lw) lw.hidden = s.status !== 'lowest';
      if (out) {
        const m = score.metrics[item.metric];
        const percent = out.hasAttribute('data-metric-percent');
        const pts = tr('common.points.label', { points: formatNumber(s.points, lang), max: formatNumber(s.max, lang) });
        out.textContent =
          s.status === 'pending' || m === undefined
            ? s.status === 'lowest' || s.status === 'full-marks'
              ? pts
              : tr('form.band.pending.message')
            : tr('form.band.value.message', {
                value: percent ? formatPercent(m, lang) : formatNumber(m, lang),
                points: pts,
              });
      }
    }
    if (item.type === 'level') {
      const pc = document.getElementById(`pc-${item.id}`);
      if (pc) {
        const p = score.proposal;
        const computed = pickText(
          instrument.levels.find((l) => l.id === score.level)?.label ?? { vi: score.level },
          lang,
        );
        pc.hidden = !p || !score.complete;
        pc.className = `notice proposal-check${p?.status === 'higher' ? ' bad' : ' good'}`;
        pc.textContent = !p ? '' : tr(`form.proposal.${p.status}.message`, { level: computed });
      }
    }
  }

  function paint(): void {
    const raw = readAnswers(form, instrument);
    const { score } = scoreApplicable(instrument, raw);
    const issues = numberIssues(instrument, raw, tr, lang);
    const ctx = readContext(form);
    for (const item of items.values()) paintItem(item, score, issues, raw);
    for (const sec of score.sections) {
      const el = form.querySelector(`[data-section="${sec.id}"]`);
      if (el)
        el.textContent = tr('common.points.label', {
          points: formatNumber(sec.points, lang),
          max: formatNumber(sec.max, lang),
        });
    }
    const cellOk = ctx.cell === '' || isCellCode(ctx.cell);
    setText('e-__cell', cellOk ? '' : tr('form.cell.invalid.error'));
    const bar = document.getElementById('fp-bar');
    if (bar instanceof HTMLProgressElement) {
      bar.max = Math.max(1, score.progress.required);
      bar.value = score.progress.answered;
    }
    setText(
      'fp-text',
      tr('form.progress.label', { answered: score.progress.answered, required: score.progress.required }),
    );
    setText(
      'fp-score',
      tr('form.progress.score.label', {
        total: formatNumber(score.scaled, lang),
        max: formatNumber(instrument.maxScore, lang),
      }),
    );
    view = {
      score,
      draft,
      problems: problemsOf(score, issues, ctx),
      storage: { kind: store?.kind ?? 'memory', problem: store?.problem ?? saveProblem, persisted },
      saving,
      conflict,
      stale: isStaleDraft(draft, Date.now()),
      contextNote,
      version,
    };
    paintSave();
    // The panel under the form (a Preact render) waits until the tap's frame is painted: the
    // progress bar and points above are what the member sees change at once (tap latency).
    afterPaint(showView);
  }

  function showView(): void {
    if (view) onView(view);
  }

  /** Runs jobs once the next frame is painted (or soon, if frames are not being drawn). */
  function afterPaint(job: () => void): void {
    afterPaintJobs.add(job);
    if (afterPaintQueued) return;
    afterPaintQueued = true;
    const run = () => {
      if (!afterPaintQueued) return;
      afterPaintQueued = false;
      const jobs = [...afterPaintJobs];
      afterPaintJobs.clear();
      for (const j of jobs) j();
    };
    requestAnimationFrame(() => window.setTimeout(run, 0));
    window.setTimeout(run, 100);
  }

  function announce(text: string): void {
    const el = document.getElementById('app-status');
    if (!el) return;
    el.textContent = text;
    window.setTimeout(() => {
      if (el.textContent === text) el.textContent = '';
    }, 6000);
  }

  function setText(id: string, text: string): void {
    const el = document.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
  }

  function paintSave(): void {
    const el = document.getElementById('fp-save');
    if (!el) return;
    const memory = store?.kind === 'memory';
    const text = conflict
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
    el.textContent = text;
    el.className = `fp-save${memory || saving === 'failed' ? ' bad' : ''}`;
  }

  // ---------------------------------------------------------------- saving

  /** Writes the current draft now; coalesces while a write is in flight. */
  function save(): Promise<void> {
    pending = true;
    if (!running) running = loop().finally(() => (running = undefined));
    return running;
  }

  async function loop(): Promise<void> {
    while (pending && store) {
      pending = false;
      if (conflict) return;
      saving = 'saving';
      const snapshot = draft;
      const at = keyOf(snapshot);
      try {
        await store.save(snapshot);
        stored = true;
        saving = 'saved';
        saveProblem = undefined;
        channel?.postMessage({ type: 'saved', key: at, tab, updatedAt: snapshot.updatedAt } satisfies DraftMessage);
      } catch (error) {
        saving = 'failed';
        saveProblem = classifyStorageError(error);
      }
      paintSave();
      if (view) {
        view = { ...view, saving, storage: { ...view.storage, problem: store.problem ?? saveProblem } };
        onView(view);
      }
    }
  }

  function keyOf(d: Draft): string {
    return draftKey(d.instrument.id, d.cell, d.period);
  }

  function flush(): void {
    if (pending && !running) void save();
  }

  // ---------------------------------------------------------------- changes

  function onAnswersChanged(): void {
    const raw = readAnswers(form, instrument);
    const ctx = readContext(form);
    const respondent = respondentOf(ctx);
    const sameRespondent = JSON.stringify(respondent ?? null) === JSON.stringify(draft.respondent ?? null);
    if (sameAnswers(raw, draft.answers) && sameRespondent) {
      paint();
      return;
    }
    draft = changeDraft(draft, { answers: raw, respondent }, Date.now());
    version += 1;
    contextNote = undefined;
    // Marked unsaved at once (a page hidden or closed now flushes it), written after the paint.
    pending = true;
    paint();
    afterPaint(flush);
  }

  async function switchContext(): Promise<void> {
    if (!store) return;
    const ctx = readContext(form);
    if (!validPeriod(ctx.period)) return;
    const nextKey = draftKey(instrument.id, ctx.cell, ctx.period);
    if (nextKey === key) return;
    await running;
    const previous = draft;
    const previousKey = key;
    const target = await store.load(nextKey);
    if (target) {
      draft = target;
      writeAnswers(form, instrument, target.answers);
      if (target.respondent) writeContext(form, { name: target.respondent.name, post: target.respondent.post ?? '' });
      stored = true;
      contextNote = tr('drafts.loaded.message', { period: periodLabel(ctx.period), cell: ctx.cell || '—' });
    } else if (previous.period === ctx.period && previous.sentAt === undefined) {
      // Only the cell changed on a draft never sent: the member is correcting the cell code.
      draft = { ...previous, cell: ctx.cell, updatedAt: Date.now() };
      if (stored && Object.keys(previous.answers).length > 0) {
        await store.save(draft);
        await store.remove(previousKey);
        channel?.postMessage({ type: 'removed', key: previousKey, tab } satisfies DraftMessage);
      } else stored = false;
      contextNote = undefined;
    } else {
      draft = createDraft(
        instrument,
        { cell: ctx.cell, period: ctx.period, respondent: respondentOf(ctx) },
        createResponseId(randomBytes),
        Date.now(),
      );
      writeAnswers(form, instrument, {});
      stored = false;
      contextNote = tr('drafts.fresh.message', { period: periodLabel(ctx.period), cell: ctx.cell || '—' });
    }
    key = nextKey;
    conflict = false;
    if (contextNote) announce(contextNote);
    version += 1;
    rememberContext(ctx);
    paint();
    if (Object.keys(draft.answers).length > 0 || draft.respondent) void save();
  }

  function rememberContext(ctx: ContextFields): void {
    const url = new URL(location.href);
    if (ctx.cell) url.searchParams.set('cell', ctx.cell);
    else url.searchParams.delete('cell');
    url.searchParams.set('period', ctx.period);
    history.replaceState(history.state, '', url);
    void store?.saveContext(instrument.id, { cell: ctx.cell, period: ctx.period }).catch(() => undefined);
  }

  const onInput = (event: Event) => {
    const target = event.target as HTMLInputElement | null;
    const name = target?.name ?? '';
    if (name === '__cell' || name === '__period') {
      if (event.type === 'change') {
        const previous = switching;
        const next = (async () => {
          await previous;
          await switchContext();
        })();
        switching = next;
        void next.finally(() => {
          if (switching === next) switching = undefined;
        });
      } else paint();
      return;
    }
    // A tap on a choice fires both input and change; text fires input per key: input is enough.
    if (event.type === 'change') return;
    if (!store) {
      paint();
      return;
    }
    onAnswersChanged();
  };
  const onSubmit = (event: Event) => event.preventDefault();
  const onHide = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  const onPageHide = () => flush();
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    // Storage refused: the answers die with the page unless sent.
    if (store?.kind === 'memory' && Object.keys(draft.answers).length > 0 && hasUnsentChanges(draft))
      event.preventDefault();
  };
  const onMessage = (event: MessageEvent<DraftMessage>) => {
    const msg = event.data;
    if (msg.tab === tab || msg.key !== key) return;
    if (msg.type === 'saved' && msg.updatedAt !== draft.updatedAt) {
      conflict = true;
      paint();
    } else if (msg.type === 'removed') stored = false;
  };

  // ---------------------------------------------------------------- start

  const params = new URL(location.href).searchParams;
  const urlCell = (params.get('cell') ?? '').trim().slice(0, 64);
  const urlPeriod = params.get('period');
  const initialPeriod = validPeriod(urlPeriod) ? urlPeriod : defaultPeriod;
  writeContext(form, { cell: urlCell, period: initialPeriod }, periodLabel);
  // Until storage answers, the form scores what is typed; nothing is lost, it is saved once open.
  draft = createDraft(instrument, { cell: urlCell, period: initialPeriod }, createResponseId(randomBytes), Date.now());
  key = keyOf(draft);
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  form.addEventListener('submit', onSubmit);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('beforeunload', onBeforeUnload);
  channel?.addEventListener('message', onMessage);
  paint();

  void (async () => {
    store = await openDrafts();
    let cell = urlCell;
    if (!params.has('cell')) {
      const last = await store.loadContext(instrument.id).catch(() => undefined);
      if (last?.cell && isCellCode(last.cell)) cell = last.cell;
    }
    const typed = readAnswers(form, instrument);
    const ctx = readContext(form);
    if (ctx.cell === '' && cell !== '') writeContext(form, { cell });
    const finalCtx = readContext(form);
    key = draftKey(instrument.id, finalCtx.cell, finalCtx.period);
    const found = await store.load(key).catch(() => undefined);
    if (found) {
      draft = found;
      stored = true;
      // Answers typed while storage was opening win over the stored ones for the same items.
      const merged = { ...found.answers, ...typed };
      writeAnswers(form, instrument, merged);
      if (found.respondent) writeContext(form, { name: found.respondent.name, post: found.respondent.post ?? '' });
    } else {
      draft = createDraft(
        instrument,
        { cell: finalCtx.cell, period: finalCtx.period, respondent: respondentOf(finalCtx) },
        draft.responseId,
        Date.now(),
      );
    }
    if (finalCtx.cell || params.has('period')) rememberContext(finalCtx);
    onAnswersChanged(); // paints, and saves what was typed while storage was opening
    if (store.kind === 'indexeddb') {
      persisted = await requestPersistence();
      if (view) {
        view = { ...view, storage: { ...view.storage, persisted } };
        onView(view);
      }
    }
  })();

  return {
    /** The draft to export (answers that apply only), once any change of cell or period is applied. */
    async exportable(): Promise<Draft> {
      await switching;
      await running;
      const { answers } = scoreApplicable(instrument, readAnswers(form, instrument));
      return { ...draft, answers };
    },
    /** Records that the current draft was sent. */
    async markSent(): Promise<void> {
      draft = markDraftSent(draft, Date.now());
      paint();
      await save();
    },
    /** Replaces this tab's answers with the ones another tab saved. */
    async reloadFromStore(): Promise<void> {
      if (!store) return;
      const found = await store.load(key);
      conflict = false;
      if (found) {
        draft = found;
        writeAnswers(form, instrument, found.answers);
        if (found.respondent) writeContext(form, { name: found.respondent.name, post: found.respondent.post ?? '' });
      }
      version += 1;
      paint();
    },
    /** Keeps this tab's answers, writing them over the other tab's. */
    async keepMine(): Promise<void> {
      conflict = false;
      draft = changeDraft(draft, { answers: readAnswers(form, instrument) }, Date.now());
      paint();
      await save();
    },
    announce,
    stop(): void {
      form.removeEventListener('input', onInput);
      form.removeEventListener('change', onInput);
      form.removeEventListener('submit', onSubmit);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      channel?.close();
    },
  };
}

/** The handle {@link startForm} returns. */
export type FormHandle = ReturnType<typeof startForm>;

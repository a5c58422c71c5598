// The form's brain on the device: reads the static controls, scores with core, keeps the draft
// in storage, talks to other tabs, and tells the panel (FormApp) what to show. The static page
// stays the source of the questions; this only updates what changes.
//
// Start-up is cut into short tasks (a cheap phone must not freeze while the page opens): the
// stored draft is read straight from IndexedDB (storage/idb.ts) and checked without zod
// (storage/draft-lite.ts); the drafts store (IndexedDB straight, storage/idb-store.ts, never
// localforage) opens only when the member first touches the form or something must be written.
import type { Draft } from '../../core/draft.ts';
import type { Instrument, Item } from '../../core/instrument.ts';
import type { InstrumentRef } from '../../core/instrument-ref.ts';
import { listItems } from '../../core/items.ts';
import { formatPeriodLabel, parsePeriod, periodOfDate } from '../../core/period.ts';
import { isNotApplicable, type AnswerValue } from '../../core/answers.ts';
import { isCellCode, normalizeCellCode } from '../../core/patterns.ts';
import type { Round } from '../../core/round-link.ts';
import { scoreApplicable, type Score } from '../../core/scoring.ts';
import { pickText, type Lang } from '../../core/text.ts';
import {
  changeDraft,
  checkStoredDraft,
  CONTEXT_PREFIX,
  createDraft,
  createResponseId,
  draftKey,
  hasUnsentChanges,
  isStaleDraft,
  markDraftSent,
  readLastContext,
  readStoredDraft,
  sameAnswers,
  type LastContext,
} from '../../storage/draft-lite.ts';
import type { DraftStore } from '../../storage/drafts.ts';
import { clearJournal, journalText, writeJournal } from '../../storage/journal.ts';
import {
  classifyStorageError,
  openRawStore,
  requestPersistence,
  type RawStore,
  type StorageProblem,
} from '../../storage/idb.ts';
import {
  numberTextIssue,
  readAnswers,
  readContext,
  readChanged,
  writeAnswers,
  writeContext,
  type AnswerMap,
  type ContextFields,
} from './dom.ts';
import { formatNumber } from './format.ts';
import { createPainter, type Reading } from './paint.ts';
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
  /** Text questions no rule reads (core's `textItemsNoRuleReads`, worked out when the page is built). */
  inertTexts: string[];
}

const CHANNEL = 'phieu-chi-bo-drafts';
/** Events that show the member is about to change something: the store loads then. */
const FIRST_TOUCH = ['pointerdown', 'keydown', 'focusin'] as const;

/** Messages between tabs about drafts. */
export type DraftMessage =
  { type: 'saved'; key: string; tab: string; updatedAt: number } | { type: 'removed'; key: string; tab: string };

/** Reads the data the page embedded (`<script type="application/json" id="form-data">`). */
export function readFormData(): FormData | undefined {
  const el = document.getElementById('form-data');
  if (!el?.textContent) return undefined;
  return JSON.parse(el.textContent) as FormData;
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

/** Whether two answers to one question are the same. */
function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (a === b) return true;
  return isNotApplicable(a) && isNotApplicable(b);
}

/** How long the member's taps and keys must pause before the draft, the panel and the save follow. */
const PAUSE_MS = 400;

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** Lets the browser handle input and paint before going on (a new task). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}

/** Runs a job when the page is idle (soon anyway). */
function whenIdle(job: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(job, { timeout: 2000 });
  else window.setTimeout(job, 200);
}

/** Starts the form on the page; returns a stop function. `onView` is called on every change. */
export function startForm(form: HTMLFormElement, data: FormData, lang: Lang, tr: Tr, onView: (v: FormView) => void) {
  const { instrument } = data;
  const itemList = listItems(instrument).map(({ item }) => item);
  const items = new Map(itemList.map((item) => [item.id, item]));
  const numbers = new Map(itemList.map((item, i) => [item.id, i + 1]));
  const named = instrument.anonymity === 'named';
  const tab = createResponseId(randomBytes);
  const periodLabel = (p: string) => formatPeriodLabel(p, lang);

  /** The drafts store, once opened (IndexedDB, or memory when refused). */
  let store: DraftStore | undefined;
  let opening: Promise<DraftStore> | undefined;
  /** The start-up read's own IndexedDB connection, until the store is open (see `flushNow`). */
  let idb: RawStore | undefined;
  /** Whether the stored draft was read at start (until then, what is typed is only scored). */
  let restored = false;
  /** The context last remembered for this instrument, as stored. */
  let lastContext: LastContext | undefined;
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
  const painter = createPainter(form, instrument, tr, lang);
  /** The answers as the controls hold them, kept up to date question by question. */
  let raw: AnswerMap = {};
  /** Why a typed number cannot be taken, by item id (kept up to date like `raw`). */
  let issues = new Map<string, string>();
  /** The last reading scored. */
  let reading: Reading | undefined;
  /** The controls changed since the draft last took them (see `commitDraft`). */
  let dirty = false;
  let pauseTimer: number | undefined;
  /** When the member last changed something (performance.now()). */
  let lastChange = 0;
  let saveEl: HTMLElement | null = null;
  let saveState = '';
  let saveText = '';
  let tick = false;
  /** A paint asked for at the next frame: with a new score, or only the save status. */
  let paintDue: 'score' | 'status' | undefined;
  let paintFrame: number | undefined;
  /** Text questions no rule reads: typing in one changes no score while it stays non-empty. */
  const inertTexts = new Set(data.inertTexts);
  /** Paints so far (a paint cut into steps stops when another one ran). */
  let paints = 0;
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
    // Rules between numbers (on time + late ≤ assigned): the export waits until they hold.
    for (const b of score.broken)
      out.push({
        target: b.items[0] ?? '',
        text: tr('form.check.broken.label', { items: b.items.map(label).join(', '), rule: pickText(b.message, lang) }),
      });
    return out;
  }

  /** Why a number answer cannot be taken (text that reads no single way, bounds, decimals). */
  function issueOf(item: Item): string | undefined {
    // Text in a number field that reads no single way: said, never turned into another number.
    const problem = numberTextIssue(form, item);
    if (problem) return tr(NUMBER_TEXT_ERRORS[problem]);
    return numberIssue(item, raw[item.id], tr, lang);
  }

  /** Reads every control (at start, and after answers were written into the form). */
  function readAll(): void {
    raw = readAnswers(form, instrument);
    issues = new Map();
    for (const item of itemList) {
      const issue = issueOf(item);
      if (issue) issues.set(item.id, issue);
    }
  }

  /** Reads the one question the member changed (`target`: its control); whether its answer changed. */
  function readOne(item: Item, target: EventTarget | null): boolean {
    const before = raw[item.id];
    const value = readChanged(form, item, target);
    if (value === undefined) delete raw[item.id];
    else raw[item.id] = value;
    const issue = issueOf(item);
    if (issue) issues.set(item.id, issue);
    else issues.delete(item.id);
    return !sameAnswer(before, value);
  }

  /** Scores the answers as read. */
  function score(): Reading {
    const { score: scored } = scoreApplicable(instrument, raw);
    reading = { raw, score: scored, issues, ctx: readContext(form) };
    return reading;
  }

  /** Paints what the answers as read change on the page: the questions whose result changed, the rest. */
  function paintReading(r: Reading): void {
    paints += 1;
    painter.items(r, itemList);
    painter.rest(r);
    paintSave();
  }

  /**
   * Paints the change at the next frame, just before the browser lays out and paints it: several
   * events of one tap (or keys of one frame) paint once, and nothing is written to the page while
   * the browser is still handling the key (a write there made it lay the page out twice per key,
   * once more to place the caret). `score` false: only the save status (a key in a comment).
   */
  function queuePaint(rescore: boolean): void {
    paintDue = paintDue === 'score' || rescore ? 'score' : 'status';
    if (paintFrame !== undefined) return;
    paintFrame = requestAnimationFrame(paintNow);
  }

  /** The paint {@link queuePaint} asked for, now (at the frame, or before the pause reads the score). */
  function paintNow(): void {
    if (paintFrame !== undefined) cancelAnimationFrame(paintFrame);
    paintFrame = undefined;
    const due = paintDue;
    paintDue = undefined;
    if (due === 'score') paintReading(score());
    else if (due === 'status') paintSave();
  }

  /**
   * Reads every control and paints what changed; the panel under the form follows once this
   * frame is painted (a change of cell, another tab's save, a reload: not the member typing).
   */
  function paint(): void {
    paintDue = undefined;
    readAll();
    paintReading(score());
    view = viewOf();
    afterPaint(showView);
  }

  /**
   * The first paint, the same as {@link paint} cut into short tasks so that the page opening
   * never blocks a slow phone for long. Stops if a change painted everything meanwhile.
   */
  async function paintInSteps(): Promise<void> {
    const at = ++paints;
    readAll();
    const r = score();
    const half = Math.ceil(itemList.length / 2);
    await nextTask();
    if (at !== paints) return;
    painter.items(r, itemList, { to: half });
    await nextTask();
    if (at !== paints) return;
    painter.items(r, itemList, { from: half });
    await nextTask();
    if (at !== paints) return;
    paintReading(r);
    view = viewOf();
    afterPaint(showView);
  }

  /** What the panel under the form shows, from the last reading. */
  function viewOf(): FormView {
    const r = reading ?? score();
    return {
      score: r.score,
      draft,
      problems: problemsOf(r.score, r.issues, r.ctx),
      storage: { kind: store?.kind ?? 'indexeddb', problem: store?.problem ?? saveProblem, persisted },
      saving,
      conflict,
      stale: isStaleDraft(draft, Date.now()),
      contextNote,
      version,
    };
  }

  function showView(): void {
    if (view) onView(view);
  }

  /**
   * Waits for a pause in the member's taps and keys before doing what can wait: the draft, the
   * panel under the form (a Preact render) and the save. Each change restarts the wait.
   */
  function schedulePause(): void {
    // One timer, moved on when it fires early (cheaper than a new timer for every key).
    lastChange = performance.now();
    pauseTimer ??= window.setTimeout(pauseWhenQuiet, PAUSE_MS);
  }

  function pauseWhenQuiet(): void {
    const wait = lastChange + PAUSE_MS - performance.now();
    if (wait > 1) pauseTimer = window.setTimeout(pauseWhenQuiet, wait);
    else pause();
  }

  /** The pause: the draft takes the answers, the panel shows them, the save follows after the frame. */
  function pause(): void {
    if (pauseTimer !== undefined) window.clearTimeout(pauseTimer);
    pauseTimer = undefined;
    paintNow(); // a hidden page draws no frames: the score the panel shows is painted first
    commitDraft();
    view = viewOf();
    showView();
    if (pending) afterPaint(flush);
  }

  /** The draft takes the answers as read, when they changed since it last did. */
  function commitDraft(): void {
    if (!dirty) return;
    dirty = false;
    const respondent = respondentOf(readContext(form));
    const sameRespondent = JSON.stringify(respondent ?? null) === JSON.stringify(draft.respondent ?? null);
    if (sameAnswers(raw, draft.answers) && sameRespondent) return;
    draft = changeDraft(draft, { answers: { ...raw }, respondent }, Date.now());
    if (!sameRespondent) rememberName(respondent);
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

  function paintSave(): void {
    saveEl ??= document.getElementById('fp-save');
    const el = saveEl;
    if (!el) return;
    const memory = store?.kind === 'memory';
    const state = `${conflict}|${memory}|${saving}`;
    if (state !== saveState) saveText = saveTextOf(memory);
    saveState = state;
    if (el.textContent !== saveText) el.textContent = saveText;
    // A change nobody can see at every paint (the colour one step off: a repaint of this text, no
    // layout): measured in the fill harness, the sticky bar changing at each change keeps the next
    // frame prompt in headless Chromium (with nothing changed there, keys typed in a text box
    // waited 600–700 ms for their frame; rewriting the text did it too, at a layout a key).
    tick = !tick;
    const className = `fp-save${memory || saving === 'failed' ? ' bad' : ''}${tick ? ' tick' : ''}`;
    if (el.className !== className) el.className = className;
  }

  function saveTextOf(memory: boolean): string {
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

  // ---------------------------------------------------------------- saving

  /** Writes the current draft now; coalesces while a write is in flight. */
  function save(): Promise<void> {
    pending = true;
    if (!running) running = loop().finally(() => (running = undefined));
    return running;
  }

  /** Opens the drafts store (a small chunk, then IndexedDB): on the first touch of the form or the first write. */
  function openStore(): Promise<DraftStore> {
    opening ??= import('../../storage/drafts.ts')
      .then((m) => m.openDrafts())
      .then(
        (opened) => {
          store = opened;
          idb?.close();
          idb = undefined;
          return opened;
        },
        (error: unknown) => {
          opening = undefined; // the code could not load (offline before the first visit ended): next time
          throw error;
        },
      );
    return opening;
  }

  async function loop(): Promise<void> {
    while (pending) {
      if (!store && !conflict) {
        // The first write waits for the store to load: it is under way all the same.
        saving = 'saving';
        paintSave();
      }
      let opened: DraftStore;
      try {
        opened = await openStore();
      } catch (error) {
        saving = 'failed';
        saveProblem = classifyStorageError(error);
        paintSave();
        if (view) {
          view = { ...view, saving, storage: { ...view.storage, problem: saveProblem } };
          onView(view);
        }
        return;
      }
      pending = false;
      if (conflict) return;
      saving = 'saving';
      commitDraft();
      const snapshot = draft;
      const at = keyOf(snapshot);
      try {
        await opened.save(snapshot);
        // What the page wrote as it last went away is in IndexedDB now (or older than it).
        if (snapshot === draft) clearJournal(at);
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
        view = { ...view, saving, storage: { ...view.storage, problem: opened.problem ?? saveProblem } };
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

  /** The page is being hidden or closed: write now, straight to IndexedDB if the store is not open yet. */
  function flushNow(): void {
    commitDraft();
    // A change not yet saved, or a save under way: written in this very task (the page may not run
    // another); the usual save follows too, and says "saved" if the page lives on.
    if ((pending || running) && !conflict) {
      // localStorage first: written before the call returns, whatever becomes of the page.
      writeJournal(keyOf(draft), draft);
      if (!store?.saveNow(draft) && !store) idb?.putNow(keyOf(draft), draft);
    }
    flush();
  }

  // ---------------------------------------------------------------- changes

  /** The answers changed: unsaved at once (a page hidden or closed now writes them, flushNow). */
  function markChanged(): void {
    dirty = true;
    version += 1;
    contextNote = undefined;
    pending = true;
    // Said at once: the write follows the pause, and "saved" would not be true until then.
    if (!conflict) saving = 'saving';
  }

  /**
   * A tap or a key in a question (`item`), or in the member's name: only what the change needs
   * runs now (that answer read, the score, the questions whose result changed, the section, the
   * progress and the total); the draft, the panel and the save wait for a pause.
   */
  function onAnswersChanged(item: Item | undefined, target: EventTarget | null = null): void {
    let changed = true;
    const wasAnswered = item !== undefined && raw[item.id] !== undefined;
    if (item) changed = readOne(item, target);
    else readAll();
    if (item && changed && reading && inertTexts.has(item.id) && wasAnswered && raw[item.id] !== undefined) {
      // A key in a comment that was and stays written: no score, progress or rule can change
      // (`reading` holds `raw`, so the pause takes the new text); the frame still follows.
      markChanged();
      queuePaint(false);
      schedulePause();
      return;
    }
    if (changed) markChanged();
    queuePaint(true);
    schedulePause();
  }

  /** Whether the controls differ from the draft (the member typed while it was being read). */
  function typedSinceStart(): boolean {
    const respondent = respondentOf(readContext(form));
    return (
      !sameAnswers(readAnswers(form, instrument), draft.answers) ||
      JSON.stringify(respondent ?? null) !== JSON.stringify(draft.respondent ?? null)
    );
  }

  async function switchContext(): Promise<void> {
    if (!restored) return;
    const ctx = readContext(form);
    if (!validPeriod(ctx.period)) return;
    const nextKey = draftKey(instrument.id, ctx.cell, ctx.period);
    if (nextKey === key) return;
    // A change still waiting for the pause is written under the old key first.
    commitDraft();
    if (pending) await save();
    else await running;
    const opened = await openStore().catch(() => undefined);
    if (!opened) return;
    const target = await opened.load(nextKey);
    // A change made while that was read may be being saved under the old key: let the save land,
    // then move on from the draft as it is now (else the change stayed behind under the old key).
    await running;
    const previous = draft;
    const previousKey = key;
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
        await opened.save(draft);
        await opened.remove(previousKey);
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
    if (lastContext?.cell === ctx.cell && lastContext.period === ctx.period) return;
    const context: LastContext = { ...lastContext, cell: ctx.cell, period: ctx.period };
    lastContext = context;
    const write = () =>
      void openStore()
        .then((s) => s.saveContext(instrument.id, context))
        .catch(() => undefined);
    // At start, not worth loading the store before the page is idle.
    if (store) write();
    else whenIdle(write);
  }

  /** Keeps the member's name on this device (with the context), for the next sheet. */
  function rememberName(respondent: Draft['respondent']): void {
    const name = respondent?.name.trim() ?? '';
    if (!named || !name) return;
    if (lastContext?.name === name && (lastContext.post ?? '') === (respondent?.post?.trim() ?? '')) return;
    const ctx = readContext(form);
    const post = respondent?.post?.trim();
    const context: LastContext = {
      ...(lastContext ?? { cell: ctx.cell, period: ctx.period }),
      name,
      ...(post ? { post } : {}),
    };
    if (!post) delete context.post;
    lastContext = context;
    whenIdle(
      () =>
        void openStore()
          .then((s) => s.saveContext(instrument.id, context))
          .catch(() => undefined),
    );
  }

  const onInput = (event: Event) => {
    const target = event.target as HTMLInputElement | null;
    const name = target?.name ?? '';
    if (name === '__cell' || name === '__period') {
      // One cell is one code however it is typed (cb-0001 is CB-0001).
      if (event.type === 'change' && name === '__cell' && target) {
        const code = normalizeCellCode(target.value);
        if (code !== target.value) target.value = code;
      }
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
      } else {
        // A key in the cell code: its error and the progress at the next frame, the panel after a pause.
        queuePaint(true);
        schedulePause();
      }
      return;
    }
    // A tap on a choice fires both input and change; text fires input per key: input is enough.
    if (event.type === 'change') return;
    if (!restored) {
      paint();
      return;
    }
    onAnswersChanged(items.get(name), target);
  };
  /** The first touch of the form: the store opens now, after this frame, for the first save. */
  const onFirstTouch = () => {
    for (const type of FIRST_TOUCH) form.removeEventListener(type, onFirstTouch, true);
    afterPaint(() => void openStore().catch(() => undefined));
  };
  const onSubmit = (event: Event) => event.preventDefault();
  /** A touch or focus outside the questions (the panel, the export button): the pause comes now. */
  const onOutside = (event: Event) => {
    const target = event.target;
    if (pauseTimer === undefined || !(target instanceof Node)) return;
    // A tap on a question's label first focuses the page's main element (the skip link's target),
    // which holds the form: only an element beside the form counts as outside.
    if (!form.contains(target) && !target.contains(form)) pause();
  };
  const onHide = () => {
    if (document.visibilityState === 'hidden') flushNow();
  };
  const onPageHide = () => flushNow();
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
  // A round link (#v=1&cell=…&period=…) fills in the cell and period and locks them; its reader
  // loads only when the address has one (./round.ts), while storage opens.
  const roundRead = /(^#|&)v=/.test(location.hash)
    ? import('./round.ts').then((m) => ({ m, state: m.roundOfFragment(location.hash, lang, validPeriod) }))
    : undefined;
  let round: Round | undefined;
  let urlCell = (params.get('cell') ?? '').trim().slice(0, 64);
  const urlPeriod = params.get('period');
  let initialPeriod = validPeriod(urlPeriod) ? urlPeriod : defaultPeriod;
  // Until storage answers, the form scores what is typed; nothing is lost, it is saved once open.
  draft = createDraft(instrument, { cell: urlCell, period: initialPeriod }, createResponseId(randomBytes), Date.now());
  key = keyOf(draft);
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  form.addEventListener('submit', onSubmit);
  document.addEventListener('pointerdown', onOutside, true);
  document.addEventListener('focusin', onOutside, true);
  for (const type of FIRST_TOUCH) form.addEventListener(type, onFirstTouch, true);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('beforeunload', onBeforeUnload);
  channel?.addEventListener('message', onMessage);
  // The static page already shows an empty form's progress; the first paint waits for the stored
  // draft, unless reading it takes long (then the form scores what is typed, as it does until then).
  const slowRead = window.setTimeout(() => {
    if (!restored) paint();
  }, 1500);

  /** The stored draft under the context's key, checked (zod only for what the plain check refuses). */
  async function readStored(at: string): Promise<Draft | undefined> {
    const value = await idb?.get(at).catch(() => undefined);
    return checkStoredDraft(value) ?? (await readStoredDraft(value).catch(() => undefined));
  }

  void (async () => {
    // IndexedDB opens while the context from the address is put in the form, a task later.
    const opened = openRawStore('drafts').then(
      (db) => ({ db, refused: false }),
      () => ({ db: undefined, refused: true }),
    );
    await nextTask();
    const fromLink = await roundRead?.catch(() => undefined);
    if (fromLink?.state.kind === 'round') {
      round = fromLink.state.round;
      urlCell = round.cell;
      initialPeriod = round.period;
    }
    writeContext(form, { cell: urlCell, period: initialPeriod }, periodLabel);
    if (round) fromLink?.m.lockToRound(form, round, periodLabel(round.period), tr);
    else if (fromLink?.state.kind === 'bad') fromLink.m.showRoundProblem(form, fromLink.state.message);
    const { db, refused } = await opened;
    idb = db;
    // Storage refused: the store says why and keeps the draft in memory.
    if (refused) await openStore().catch(() => undefined);
    let cell = urlCell;
    lastContext = readLastContext(await idb?.get(CONTEXT_PREFIX + instrument.id).catch(() => undefined));
    if (!round && !params.has('cell') && lastContext?.cell && isCellCode(lastContext.cell)) cell = lastContext.cell;
    const ctx = readContext(form);
    if (ctx.cell === '' && cell !== '') writeContext(form, { cell });
    const finalCtx = readContext(form);
    key = draftKey(instrument.id, finalCtx.cell, finalCtx.period);
    const storedDraft = await readStored(key);
    // A change written as the page last went away, newer than what IndexedDB holds: taken, and saved.
    const journal = journalText(key);
    const found =
      journal === null
        ? storedDraft
        : await import('../../storage/journal-read.ts').then(
            async (m) => {
              const taken = await m.parseJournal(journal);
              if (!taken) clearJournal(key); // not a draft (broken, or edited by hand): forgotten
              return m.newerDraft(storedDraft, taken);
            },
            () => storedDraft,
          );
    const fromJournal = found !== undefined && found !== storedDraft;
    await nextTask();
    // A new sheet of a named form: the name this member gave last time on this device.
    if (!found && named && readContext(form).name === '' && lastContext?.name)
      writeContext(form, { name: lastContext.name, post: lastContext.post ?? '' });
    const typed = readAnswers(form, instrument);
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
        { cell: finalCtx.cell, period: finalCtx.period, respondent: respondentOf(readContext(form)) },
        draft.responseId,
        Date.now(),
      );
    }
    restored = true;
    window.clearTimeout(slowRead);
    if (finalCtx.cell || params.has('period')) rememberContext(finalCtx);
    await nextTask();
    // Answers typed while storage was opening are saved now (and painted at once); else the
    // first paint is cut into steps.
    if (typedSinceStart()) onAnswersChanged(undefined);
    else await paintInSteps();
    if (fromJournal) {
      pending = true;
      void save();
    }
    if (store?.kind !== 'memory') {
      persisted = await requestPersistence();
      if (view) {
        view = { ...view, storage: { ...view.storage, persisted } };
        afterPaint(showView);
      }
    }
  })();

  return {
    /** Bumped on every change of the answers or the context (a view with another is out of date). */
    get version(): number {
      return version;
    },
    /** The round this form was opened from (its link's cell, period and, for sealed surveys, key), once read. */
    get round(): Round | undefined {
      return round;
    },
    /** The draft to export (answers that apply only), once any change of cell or period is applied. */
    async exportable(): Promise<Draft> {
      if (pauseTimer !== undefined) pause();
      await switching;
      await running;
      const { answers } = scoreApplicable(instrument, readAnswers(form, instrument));
      return { ...draft, answers };
    },
    /** Records that the current draft was sent. */
    async markSent(): Promise<void> {
      commitDraft();
      draft = markDraftSent(draft, Date.now());
      paint();
      await save();
    },
    /** Replaces this tab's answers with the ones another tab saved. */
    async reloadFromStore(): Promise<void> {
      const opened = await openStore().catch(() => undefined);
      if (!opened) return;
      const found = await opened.load(key);
      conflict = false;
      if (found) {
        dirty = false;
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
      dirty = false;
      draft = changeDraft(draft, { answers: readAnswers(form, instrument) }, Date.now());
      paint();
      await save();
    },
    /**
     * The panel's view with every change taken (what is missing, the score), at once rather than
     * after the pause: before an export, which must not go by a view a few keys old.
     */
    settle(): FormView | undefined {
      if (pauseTimer !== undefined) pause();
      return view;
    },
    announce,
    stop(): void {
      if (pauseTimer !== undefined) window.clearTimeout(pauseTimer);
      if (paintFrame !== undefined) cancelAnimationFrame(paintFrame);
      form.removeEventListener('input', onInput);
      form.removeEventListener('change', onInput);
      form.removeEventListener('submit', onSubmit);
      document.removeEventListener('pointerdown', onOutside, true);
      document.removeEventListener('focusin', onOutside, true);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      for (const type of FIRST_TOUCH) form.removeEventListener(type, onFirstTouch, true);
      window.clearTimeout(slowRead);
      idb?.close();
      channel?.close();
    },
  };
}

/** The handle {@link startForm} returns. */
export type FormHandle = ReturnType<typeof startForm>;

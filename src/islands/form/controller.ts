// The form's brain on the device: starts the form on the static page, wires its parts to the
// page's events, and gives the panel under the form (FormApp) its views and a handle. The static
// page stays the source of the questions; the parts only update what changes:
//
//   state.ts     what the parts share: the draft and its key, the answers as read, the last view
//   start.ts     the cell and period from the address or a round link; the stored draft read back
//   answers.ts   a tap or a key: read, scored, painted at the next frame (paint.ts); the draft,
//                the panel and the save follow at a pause in the member's taps and keys
//   saving.ts    the draft written, one write at a time, and at once as the page goes away; the
//                cell, period and name remembered for the next sheet
//   context.ts   a change of cell or period: the draft kept for them, or a fresh one
//   problems.ts  what blocks sending;  schedule.ts  new tasks, idle moments, after the frame
//
// Start-up is cut into short tasks (a cheap phone must not freeze while the page opens): the
// stored draft is read straight from IndexedDB (storage/idb.ts) and checked without zod
// (storage/draft-lite.ts); the drafts store (IndexedDB straight, storage/idb-store.ts, never
// localforage) opens only when the member first touches the form or something must be written.
import type { Draft } from '../../core/draft.ts';
import type { Instrument } from '../../core/instrument.ts';
import type { InstrumentRef } from '../../core/instrument-ref.ts';
import { listItems } from '../../core/items.ts';
import type { Round } from '../../core/round-link.ts';
import { scoreApplicable } from '../../core/scoring.ts';
import type { Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import { changeDraft, hasUnsentChanges, markDraftSent } from '../../storage/draft-lite.ts';
import {
  onAnswersChanged,
  paint,
  pause,
  pauseTimer,
  queuePaint,
  schedulePause,
  startAnswers,
  stopAnswers,
} from './answers.ts';
import { onContextChange, switching } from './context.ts';
import { announce, readAnswers, writeDraft } from './dom.ts';
import { createPainter } from './paint.ts';
import { createProblemList } from './problems.ts';
import { commitDraft, flushNow, openStore, running, save, store } from './saving.ts';
import { createAfterPaint } from './schedule.ts';
import { restoreDraft, round } from './start.ts';
import {
  afterPaint,
  bumpVersion,
  channel,
  draft,
  idb,
  key,
  restored,
  sentAside,
  setConflict,
  setDirty,
  setDraft,
  setSentAside,
  setSplitFrom,
  setStored,
  startState,
  tab,
  version,
  view,
  type DraftMessage,
  type FormView,
} from './state.ts';

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

/** Events that show the member is about to change something: the store loads then. */
const FIRST_TOUCH = ['pointerdown', 'keydown', 'focusin'] as const;

/** Reads the data the page embedded (`<script type="application/json" id="form-data">`). */
export function readFormData(): FormData | undefined {
  const el = document.getElementById('form-data');
  if (!el?.textContent) return undefined;
  return JSON.parse(el.textContent) as FormData;
}

/**
 * Starts the form on the page, once (its parts keep its state in their modules, state.ts); returns
 * the panel's handle, with a stop function. `onView` is called on every change.
 */
export function startForm(form: HTMLFormElement, data: FormData, lang: Lang, tr: Tr, onView: (v: FormView) => void) {
  const { instrument } = data;
  const itemList = listItems(instrument).map(({ item }) => item);
  const items = new Map(itemList.map((item) => [item.id, item]));
  // A tap beside the form (the panel's buttons) runs the pause at its pointerdown, and the pause's
  // view may change the panel's height above the button tapped ("sent" becoming "changed since",
  // a sheet given another member's name losing its "sent" line). The view waits for the tap's
  // click: the browser picks a click's target from where the press began and ended (a touch's tap
  // is hit-tested anew after the finger lifts), so a button moved in between loses the tap.
  let holding = false;
  let held: FormView | undefined;
  let letGo: number | undefined;
  const show = (v: FormView) => {
    if (holding) held = v;
    else onView(v);
  };
  const release = () => {
    window.clearTimeout(letGo);
    holding = false;
    const v = held;
    held = undefined;
    if (v) onView(v);
  };
  startState(form, instrument, tr, lang, show, createPainter(form, instrument, tr, lang), createAfterPaint());
  startAnswers(itemList, data.inertTexts, createProblemList(instrument, itemList, items, tr, lang));

  // ---------------------------------------------------------------- events

  const onInput = (event: Event) => {
    const target = event.target as HTMLInputElement | null;
    const name = target?.name ?? '';
    if (name === '__cell' || name === '__period') {
      if (event.type === 'change') onContextChange();
      else {
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
    if (!(target instanceof Node)) return;
    // A tap on a question's label first focuses the page's main element (the skip link's target),
    // which holds the form: only an element beside the form counts as outside.
    if (form.contains(target) || target.contains(form)) return;
    if (event.type === 'pointerdown') {
      window.clearTimeout(letGo);
      holding = true;
      // A press with no click (a drag, a long press, a scrollbar): the panel follows all the same.
      letGo = window.setTimeout(release, 1500);
    }
    if (pauseTimer !== undefined) pause();
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
  /** Another tab saved or removed a draft: this one's, saved there after here, is a conflict to settle. */
  const onMessage = (event: MessageEvent<DraftMessage>) => {
    const msg = event.data;
    if (msg.tab === tab || msg.key !== key) return;
    if (msg.type === 'saved' && msg.updatedAt !== draft.updatedAt) {
      setConflict(true);
      paint();
    } else if (msg.type === 'removed') setStored(false);
  };

  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  form.addEventListener('submit', onSubmit);
  const onDocument = [
    ['pointerdown', onOutside],
    ['focusin', onOutside],
    ['pointercancel', release],
    ['click', release],
  ] as const;
  for (const [type, listener] of onDocument) document.addEventListener(type, listener, true);
  for (const type of FIRST_TOUCH) form.addEventListener(type, onFirstTouch, true);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('beforeunload', onBeforeUnload);
  channel?.addEventListener('message', onMessage);
  const { slowRead, started } = restoreDraft();

  // ---------------------------------------------------------------- the panel's handle

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
      setDraft(markDraftSent(draft, Date.now()));
      setSplitFrom(undefined);
      paint();
      await save();
    },
    /** Replaces this tab's answers with the ones another tab saved. */
    async reloadFromStore(): Promise<void> {
      const opened = await openStore().catch(() => undefined);
      if (!opened) return;
      const found = await opened.load(key);
      setConflict(false);
      if (found) {
        setDirty(false);
        setDraft(found);
        writeDraft(form, instrument, found);
      }
      bumpVersion();
      paint();
    },
    /** Opens again the sheet sent from this device and set aside (its sender correcting it). */
    reopenSent(): void {
      const sent = sentAside;
      if (!sent) return;
      setSentAside(undefined);
      setSplitFrom(undefined);
      setDraft(sent);
      setStored(true);
      writeDraft(form, instrument, sent);
      bumpVersion();
      paint();
    },
    /** Keeps this tab's answers, writing them over the other tab's. */
    async keepMine(): Promise<void> {
      setConflict(false);
      setDirty(false);
      setDraft(changeDraft(draft, { answers: readAnswers(form, instrument) }, Date.now()));
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
    /** Settles when opening the form is done: the stored draft read and painted (see ./start.ts). */
    started,
    stop(): void {
      stopAnswers();
      form.removeEventListener('input', onInput);
      form.removeEventListener('change', onInput);
      form.removeEventListener('submit', onSubmit);
      for (const [type, listener] of onDocument) document.removeEventListener(type, listener, true);
      window.clearTimeout(letGo);
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

// The answers as the controls hold them, and what follows a change. A tap or a key reads only its
// question (dom.ts `readChanged`), marks the draft unsaved, and asks for a paint at the next
// animation frame, which scores and paints only the questions, sections, progress and total whose
// result changed (paint.ts). The draft, the panel under the form (a Preact render of the view) and
// the save wait for a pause in the member's taps and keys (400 ms), or come at once when the member
// touches something beside the form or exports. Issue 13: every tap within one frame, so a tap
// does nothing here beyond that (no new timer, no panel, no write).
import { isNotApplicable, type AnswerValue } from '../../core/answers.ts';
import type { Item } from '../../core/instrument.ts';
import { scoreApplicable } from '../../core/scoring.ts';
import { isStaleDraft } from '../../storage/draft-lite.ts';
import { readAnswers, readChanged, readContext } from './dom.ts';
import type { Reading } from './paint.ts';
import { numberProblemOf, type ProblemList } from './problems.ts';
import { commitDraft, flush, paintSave, saveProblem, store, writeAddress } from './saving.ts';
import { nextTask } from './schedule.ts';
import {
  afterPaint,
  conflict,
  contextNote,
  draft,
  form,
  instrument,
  lang,
  markChanged,
  onView,
  painter,
  pending,
  persisted,
  raw,
  saving,
  sentAside,
  setRaw,
  splitFrom,
  setView,
  tr,
  version,
  view,
  type FormView,
} from './state.ts';

/** How long the member's taps and keys must pause before the draft, the panel and the save follow. */
const PAUSE_MS = 400;

/** The questions in form order. */
let itemList: readonly Item[] = [];
/** Text questions no rule reads: typing in one changes no score while it stays non-empty. */
let inertTexts = new Set<string>();
let problemsOf: ProblemList;
/** Why a typed number cannot be taken, by item id (kept up to date like `raw`). */
let issues = new Map<string, string>();
/** The last reading scored. */
let reading: Reading | undefined;
/** A paint asked for at the next frame: with a new score, or only the save status. */
let paintDue: 'score' | 'status' | undefined;
let paintFrame: number | undefined;
/** Paints so far (a paint cut into steps stops when another one ran). */
let paints = 0;
/** The pause waited for, if any (see `schedulePause`). */
export let pauseTimer: number | undefined;
/** When the member last changed something (performance.now()). */
let lastChange = 0;

/**
 * Sets up the answers' part of a form just started: `items` its questions in form order, `inert`
 * the text questions no rule reads (FormData's `inertTexts`), `problems` its problem list.
 */
export function startAnswers(items: readonly Item[], inert: readonly string[], problems: ProblemList): void {
  itemList = items;
  inertTexts = new Set(inert);
  problemsOf = problems;
}

/** Stops what is waited for (the frame, the pause). */
export function stopAnswers(): void {
  if (pauseTimer !== undefined) window.clearTimeout(pauseTimer);
  if (paintFrame !== undefined) cancelAnimationFrame(paintFrame);
}

/** Whether two answers to one question are the same. */
function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (a === b) return true;
  return isNotApplicable(a) && isNotApplicable(b);
}

/** Why a number answer cannot be taken (text that reads no single way, bounds, decimals). */
function issueOf(item: Item): string | undefined {
  return numberProblemOf(form, item, raw[item.id], tr, lang);
}

/** Reads every control (at start, and after answers were written into the form). */
function readAll(): void {
  setRaw(readAnswers(form, instrument));
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
export function queuePaint(rescore: boolean): void {
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
export function paint(): void {
  paintDue = undefined;
  readAll();
  paintReading(score());
  setView(viewOf());
  afterPaint(showView);
}

/**
 * The first paint, the same as {@link paint} cut into short tasks so that the page opening
 * never blocks a slow phone for long. Stops if a change painted everything meanwhile.
 */
export async function paintInSteps(): Promise<void> {
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
  setView(viewOf());
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
    sentAside,
    splitFrom,
    contextNote,
    version,
  };
}

/** Shows the last view in the panel. */
export function showView(): void {
  if (view) onView(view);
}

/**
 * Waits for a pause in the member's taps and keys before doing what can wait: the draft, the
 * panel under the form (a Preact render) and the save. Each change restarts the wait.
 */
export function schedulePause(): void {
  // One timer, moved on when it fires early (cheaper than a new timer for every key).
  lastChange = performance.now();
  pauseTimer ??= window.setTimeout(pauseWhenQuiet, PAUSE_MS);
}

function pauseWhenQuiet(): void {
  const wait = lastChange + PAUSE_MS - performance.now();
  if (wait > 1) pauseTimer = window.setTimeout(pauseWhenQuiet, wait);
  else pause();
}

/**
 * The pause: the draft takes the answers, the panel shows them, the save and the address (a
 * change of cell or period) follow after the frame.
 */
export function pause(): void {
  if (pauseTimer !== undefined) window.clearTimeout(pauseTimer);
  pauseTimer = undefined;
  paintNow(); // a hidden page draws no frames: the score the panel shows is painted first
  commitDraft();
  setView(viewOf());
  showView();
  if (pending) afterPaint(flush);
  afterPaint(writeAddress);
}

/**
 * A tap or a key in a question (`item`), or in the member's name: only what the change needs
 * runs now (that answer read, the score, the questions whose result changed, the section, the
 * progress and the total); the draft, the panel and the save wait for a pause.
 */
export function onAnswersChanged(item: Item | undefined, target: EventTarget | null = null): void {
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

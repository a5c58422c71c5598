// What the parts of the form share: the form and its instrument, the draft and its storage key,
// the answers as read and whether the draft has taken them, how its saving goes, another tab's
// conflicting save, the view the panel under the form was last given; also the draft's key, id
// and respondent as every part makes them, and the messages tabs send each other about drafts.
//
// The page has one form, started once (controller.ts `startForm`, which sets what is fixed with
// `startState`), and its state lives in module variables, here and in each part. The parts read
// the shared fields as plain imports and change them only through the functions here, so that
// every change of shared state is a call that names it. Module variables rather than one object's
// fields: the minifier shortens their names (the form's script is weighed against a budget,
// size-budget.json), and a tap reads them as directly as it read the one closure they came from.
import type { Draft } from '../../core/draft.ts';
import type { Instrument } from '../../core/instrument.ts';
import type { Score } from '../../core/scoring.ts';
import type { Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import { createResponseId, draftKey, type LastContext } from '../../storage/draft-lite.ts';
import type { RawStore, StorageProblem } from '../../storage/idb.ts';
import type { AnswerMap, ContextFields } from './dom.ts';
import type { Painter, SaveState } from './paint.ts';
import type { Problem } from './problems.ts';

/** The state the panel shows. */
export interface FormView {
  score: Score;
  draft: Draft;
  /** Everything that blocks sending, in form order. */
  problems: Problem[];
  storage: { kind: 'indexeddb' | 'memory'; problem: StorageProblem | undefined; persisted: boolean | undefined };
  saving: SaveState;
  /** Another tab saved this same draft after us. */
  conflict: boolean;
  /** The draft waited unsent more than 5 days. */
  stale: boolean;
  /** The sheet sent from this device and set aside for an empty one (start.ts), if any. */
  sentAside: Draft | undefined;
  /** The name on the sent sheet this one was split from, another member's name written over it. */
  splitFrom: string | undefined;
  /** What happened at the last change of cell or period. */
  contextNote: string | undefined;
  /** Bumped on every change, so an export made before it is known to be out of date. */
  version: number;
}

// ---------------------------------------------------------------- set once per form

export let form: HTMLFormElement;
export let instrument: Instrument;
export let tr: Tr;
export let lang: Lang;
/** Whether the sheet carries the member's name (the instrument is not anonymous). */
export let named = false;
/** This tab's id in the messages between tabs. */
export let tab = '';
export let channel: BroadcastChannel | undefined;
/** Shows a view in the panel under the form. */
export let onView: (v: FormView) => void;
export let painter: Painter;
/** Runs a job once the next frame is painted (schedule.ts `createAfterPaint`). */
export let afterPaint: (job: () => void) => void;

// ---------------------------------------------------------------- changing

/** Whether the stored draft was read at start (until then, what is typed is only scored). */
export let restored = false;
/** The start-up read's own IndexedDB connection, until the store is open (see saving.ts `flushNow`). */
export let idb: RawStore | undefined;
/** The context last remembered for this instrument, as stored. */
export let lastContext: LastContext | undefined;
export let draft: Draft;
/** The storage key of the cell and period the form shows. */
export let key = '';
/** Whether the current draft exists in storage (a fresh, untouched one is not written). */
export let stored = false;
export let persisted: boolean | undefined;
export let saving: SaveState = 'idle';
/** Another tab saved this same draft after us (see FormView). */
export let conflict = false;
/** A sheet already sent from this device, set aside so the next member starts empty. */
export let sentAside: Draft | undefined;
export let contextNote: string | undefined;
/** The name on the sent sheet this one was split from (saving.ts `commitDraft`), until it is sent. */
export let splitFrom: string | undefined;
/** Bumped on every change of the answers or the context (a view with another is out of date). */
export let version = 0;
/** The answers as the controls hold them, kept up to date question by question (answers.ts). */
export let raw: AnswerMap = {};
/** The controls changed since the draft last took them (see saving.ts `commitDraft`). */
export let dirty = false;
/** A change waits to be written. */
export let pending = false;
/** The view the panel was last given. */
export let view: FormView | undefined;

/** Sets what is fixed for the form just started (the draft follows once the address is read, start.ts). */
export function startState(
  theForm: HTMLFormElement,
  theInstrument: Instrument,
  theTr: Tr,
  theLang: Lang,
  theOnView: (v: FormView) => void,
  thePainter: Painter,
  theAfterPaint: (job: () => void) => void,
): void {
  form = theForm;
  instrument = theInstrument;
  tr = theTr;
  lang = theLang;
  named = theInstrument.anonymity === 'named';
  tab = newResponseId();
  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
  onView = theOnView;
  painter = thePainter;
  afterPaint = theAfterPaint;
}

export function setRestored(value: boolean): void {
  restored = value;
}
export function setIdb(value: RawStore | undefined): void {
  idb = value;
}
export function setLastContext(value: LastContext | undefined): void {
  lastContext = value;
}
export function setDraft(value: Draft): void {
  draft = value;
}
export function setKey(value: string): void {
  key = value;
}
export function setStored(value: boolean): void {
  stored = value;
}
export function setPersisted(value: boolean | undefined): void {
  persisted = value;
}
export function setSaving(value: SaveState): void {
  saving = value;
}
export function setConflict(value: boolean): void {
  conflict = value;
}
export function setSentAside(value: Draft | undefined): void {
  sentAside = value;
}
/**
 * The stored sheet to set aside rather than show (returned, and kept in `sentAside`): one sent
 * from this device and unchanged since. On a phone handed round, the next member gets an empty
 * sheet of their own (a new response id), never the last one's answers (nor, on a named sheet,
 * their name and post), which leave the device at the new sheet's first save; the member who
 * sent it may open it again to correct it.
 */
export function asideIfSent(found: Draft | undefined): Draft | undefined {
  sentAside = found?.sentAt !== undefined && found.changedSinceSent !== true ? found : undefined;
  return sentAside;
}
export function setSplitFrom(value: string | undefined): void {
  splitFrom = value;
}
export function setContextNote(value: string | undefined): void {
  contextNote = value;
}
export function bumpVersion(): void {
  version += 1;
}
export function setRaw(value: AnswerMap): void {
  raw = value;
}
export function setDirty(value: boolean): void {
  dirty = value;
}
export function setPending(value: boolean): void {
  pending = value;
}
export function setView(value: FormView | undefined): void {
  view = value;
}

/** The answers changed: unsaved at once (a page hidden or closed now writes them, saving.ts `flushNow`). */
export function markChanged(): void {
  dirty = true;
  // The new sheet is being filled: the one set aside leaves the device at its save.
  sentAside = undefined;
  version += 1;
  contextNote = undefined;
  pending = true;
  // Said at once: the write follows the pause, and "saved" would not be true until then.
  if (!conflict) saving = 'saving';
}

// ---------------------------------------------------------------- the draft's key, id, respondent

/** The channel tabs tell each other about drafts on (the home page's draft list listens too). */
export const CHANNEL = 'phieu-chi-bo-drafts';

/** Messages between tabs about drafts. */
export type DraftMessage =
  { type: 'saved'; key: string; tab: string; updatedAt: number } | { type: 'removed'; key: string; tab: string };

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** A new random id (a draft's response id, this tab's id). */
export function newResponseId(): string {
  return createResponseId(randomBytes);
}

/** The storage key a draft is kept under (its instrument, cell and period). */
export function keyOf(d: Draft): string {
  return draftKey(d.instrument.id, d.cell, d.period);
}

/** Who the draft says answered, from the name fields (only on a named form, once something is typed). */
export function respondentOf(ctx: ContextFields): Draft['respondent'] {
  if (!named || (ctx.name.trim() === '' && ctx.post.trim() === '')) return undefined;
  return ctx.post.trim() ? { name: ctx.name, post: ctx.post } : { name: ctx.name };
}

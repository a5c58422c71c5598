// Keeping the draft on the device. The draft takes the answers read (at a pause, before a write);
// the drafts store (IndexedDB straight, storage/idb-store.ts, never localforage) opens on the
// first touch of the form or the first write; writes go one at a time, a change made meanwhile
// coalesced into the next; other tabs hear of each (BroadcastChannel). A page being hidden or
// closed writes in that very task: a localStorage journal first (storage/journal.ts, read back at
// the next start, start.ts), then the store's own write now, or IndexedDB's if the store is not
// open yet. Also what this device remembers for the next sheet: the cell, the period, the name.
import type { Draft } from '../../core/draft.ts';
import { changeDraft, sameAnswers, type LastContext } from '../../storage/draft-lite.ts';
import type { DraftStore } from '../../storage/drafts.ts';
import { classifyStorageError, type StorageProblem } from '../../storage/idb.ts';
import { clearJournal, writeJournal } from '../../storage/journal.ts';
import { readContext, type ContextFields } from './dom.ts';
import { whenIdle } from './schedule.ts';
import {
  channel,
  conflict,
  dirty,
  draft,
  form,
  idb,
  instrument,
  keyOf,
  lastContext,
  named,
  newResponseId,
  painter,
  pending,
  raw,
  respondentOf,
  saving,
  setDirty,
  setDraft,
  setIdb,
  setLastContext,
  setPending,
  setSaving,
  setSplitFrom,
  setStored,
  setView,
  tab,
  view,
  onView,
  type DraftMessage,
} from './state.ts';

/** The drafts store, once opened (IndexedDB, or memory when refused). */
export let store: DraftStore | undefined;
let opening: Promise<DraftStore> | undefined;
/** Why the last write failed (a full disk, storage taken away while the page was open). */
export let saveProblem: StorageProblem | undefined;
/** The write under way, if any. */
export let running: Promise<void> | undefined;

/** Paints the save status in the sticky bar. */
export function paintSave(): void {
  painter.status(store?.kind === 'memory', saving, conflict);
}

/** Opens the drafts store (a small chunk, then IndexedDB): on the first touch of the form or the first write. */
export function openStore(): Promise<DraftStore> {
  opening ??= import('../../storage/drafts.ts')
    .then((m) => m.openDrafts())
    .then(
      (opened) => {
        store = opened;
        idb?.close();
        setIdb(undefined);
        return opened;
      },
      (error: unknown) => {
        opening = undefined; // the code could not load (offline before the first visit ended): next time
        throw error;
      },
    );
  return opening;
}

/** Writes the current draft now; coalesces while a write is in flight. */
export function save(): Promise<void> {
  setPending(true);
  if (!running) running = loop().finally(() => (running = undefined));
  return running;
}

async function loop(): Promise<void> {
  while (pending) {
    if (!store && !conflict) {
      // The first write waits for the store to load: it is under way all the same.
      setSaving('saving');
      paintSave();
    }
    let opened: DraftStore;
    try {
      opened = await openStore();
    } catch (error) {
      setSaving('failed');
      saveProblem = classifyStorageError(error);
      paintSave();
      if (view) {
        setView({ ...view, saving, storage: { ...view.storage, problem: saveProblem } });
        onView(view);
      }
      return;
    }
    setPending(false);
    if (conflict) return;
    setSaving('saving');
    commitDraft();
    const snapshot = draft;
    const at = keyOf(snapshot);
    try {
      await opened.save(snapshot);
      // What the page wrote as it last went away is in IndexedDB now (or older than it).
      if (snapshot === draft) clearJournal(at);
      setStored(true);
      setSaving('saved');
      saveProblem = undefined;
      channel?.postMessage({ type: 'saved', key: at, tab, updatedAt: snapshot.updatedAt } satisfies DraftMessage);
    } catch (error) {
      setSaving('failed');
      saveProblem = classifyStorageError(error);
    }
    paintSave();
    if (view) {
      setView({ ...view, saving, storage: { ...view.storage, problem: opened.problem ?? saveProblem } });
      onView(view);
    }
  }
}

/** Starts the write a change waits for, unless one is under way (it takes the change too). */
export function flush(): void {
  if (pending && !running) void save();
}

/** The page is being hidden or closed: write now, straight to IndexedDB if the store is not open yet. */
export function flushNow(): void {
  writeAddress();
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

/** The draft takes the answers as read, when they changed since it last did. */
export function commitDraft(): void {
  if (!dirty) return;
  setDirty(false);
  const respondent = respondentOf(readContext(form));
  const sameRespondent = JSON.stringify(respondent ?? null) === JSON.stringify(draft.respondent ?? null);
  if (sameAnswers(raw, draft.answers) && sameRespondent) return;
  // A sent sheet given another member's name becomes theirs, a new sheet (core's `changeDraft`),
  // and the panel says so: a member who only corrected their own name must tell the secretary.
  const before = draft;
  setDraft(changeDraft(draft, { answers: { ...raw }, respondent }, Date.now(), named ? newResponseId() : undefined));
  if (draft.responseId !== before.responseId) setSplitFrom(before.respondent?.name ?? '');
  if (!sameRespondent) rememberName(respondent);
}

/** The address the form is to have (its cell and period), once {@link writeAddress} runs. */
let addressDue: string | undefined;

/**
 * Writes the address {@link rememberContext} asked for, when it differs from the page's. Callers
 * run it at a pause in the member's taps and keys, at an idle moment, or as the page is hidden:
 * Chrome takes each `history.replaceState` for a navigation within the page and fetches and
 * parses the page's icon again, 7 ms of the main thread at 4× slowdown beside the next taps.
 */
export function writeAddress(): void {
  const href = addressDue;
  addressDue = undefined;
  if (href !== undefined && href !== location.href) history.replaceState(history.state, '', href);
}

/**
 * Keeps the cell and period in the address (written by {@link writeAddress}) and, when they
 * changed, on this device for the next sheet.
 */
export function rememberContext(ctx: ContextFields): void {
  const url = new URL(location.href);
  if (ctx.cell) url.searchParams.set('cell', ctx.cell);
  else url.searchParams.delete('cell');
  url.searchParams.set('period', ctx.period);
  addressDue = url.href;
  if (lastContext?.cell === ctx.cell && lastContext.period === ctx.period) return;
  const context: LastContext = { ...lastContext, cell: ctx.cell, period: ctx.period };
  setLastContext(context);
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
  setLastContext(context);
  whenIdle(
    () =>
      void openStore()
        .then((s) => s.saveContext(instrument.id, context))
        .catch(() => undefined),
  );
}

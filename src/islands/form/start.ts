// Opening the form: the cell and period from the address, or from a round link (#v=1&cell=…,
// read by ./round.ts, loaded only then), which locks them; then the draft kept for them on this
// device, read straight from IndexedDB (storage/idb.ts) and checked without zod
// (storage/draft-lite.ts), or the journal the page wrote as it last went away when that is newer
// (storage/journal.ts); answers typed meanwhile win. Until then the form scores what is typed.
// Cut into short tasks, so that a cheap phone never freezes while the page opens.
import type { Draft } from '../../core/draft.ts';
import { isCellCode } from '../../core/patterns.ts';
import { periodOfDate } from '../../core/period.ts';
import type { Round } from '../../core/round-link.ts';
import {
  checkStoredDraft,
  CONTEXT_PREFIX,
  createDraft,
  draftKey,
  readLastContext,
  readStoredDraft,
  sameAnswers,
} from '../../storage/draft-lite.ts';
import { openRawStore, requestPersistence } from '../../storage/idb.ts';
import { clearJournal, journalText } from '../../storage/journal.ts';
import { onAnswersChanged, paint, paintInSteps, showView } from './answers.ts';
import { isValidPeriod, periodLabel } from './context.ts';
import { readAnswers, readContext, writeAnswers, writeContext } from './dom.ts';
import { openStore, rememberContext, save, store, writeAddress } from './saving.ts';
import { nextTask, whenIdle } from './schedule.ts';
import {
  afterPaint,
  asideIfSent,
  draft,
  form,
  idb,
  instrument,
  key,
  keyOf,
  lang,
  lastContext,
  named,
  newResponseId,
  persisted,
  respondentOf,
  restored,
  setDraft,
  setIdb,
  setKey,
  setLastContext,
  setPersisted,
  setRestored,
  setStored,
  setView,
  tr,
  view,
} from './state.ts';

/** The round this form was opened from (its link's cell, period and, for sealed surveys, key), once read. */
export let round: Round | undefined;

/** The stored draft under the context's key, checked (zod only for what the plain check refuses). */
async function readStored(at: string): Promise<Draft | undefined> {
  const value = await idb?.get(at).catch(() => undefined);
  return checkStoredDraft(value) ?? (await readStoredDraft(value).catch(() => undefined));
}

/** Whether the controls differ from the draft (the member typed while it was being read). */
function typedSinceStart(): boolean {
  const respondent = respondentOf(readContext(form));
  return (
    !sameAnswers(readAnswers(form, instrument), draft.answers) ||
    JSON.stringify(respondent ?? null) !== JSON.stringify(draft.respondent ?? null)
  );
}

/**
 * Takes the cell and period from the address (`?cell=…&period=…`, a round link's fragment) for a
 * new draft, then reads the stored draft into the form (see the head of this file); returns the
 * timer of the paint that comes anyway if reading takes long, and when all that is done (painted,
 * storage asked to persist), whether it went well or not.
 */
export function restoreDraft(): { slowRead: number; started: Promise<void> } {
  const now = new Date();
  const defaultPeriod = periodOfDate(instrument.periods[0] ?? 'quarter', {
    year: now.getFullYear(),
    month: now.getMonth() + 1,
  });
  const params = new URL(location.href).searchParams;
  // A round link (#v=1&cell=…&period=…) fills in the cell and period and locks them; its reader
  // loads only when the address has one (./round.ts), while storage opens.
  const roundRead = /(^#|&)v=/.test(location.hash)
    ? import('./round.ts').then((m) => ({ m, state: m.roundOfFragment(location.hash, lang, isValidPeriod) }))
    : undefined;
  let urlCell = (params.get('cell') ?? '').trim().slice(0, 64);
  const urlPeriod = params.get('period');
  let initialPeriod = isValidPeriod(urlPeriod) ? urlPeriod : defaultPeriod;
  // Until storage answers, the form scores what is typed; nothing is lost, it is saved once open.
  setDraft(createDraft(instrument, { cell: urlCell, period: initialPeriod }, newResponseId(), Date.now()));
  setKey(keyOf(draft));

  // The static page already shows an empty form's progress; the first paint waits for the stored
  // draft, unless reading it takes long (then the form scores what is typed, as it does until then).
  const slowRead = window.setTimeout(() => {
    if (!restored) paint();
  }, 1500);

  const started = (async () => {
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
    setIdb(db);
    // Storage refused: the store says why and keeps the draft in memory.
    if (refused) await openStore().catch(() => undefined);
    let cell = urlCell;
    setLastContext(readLastContext(await idb?.get(CONTEXT_PREFIX + instrument.id).catch(() => undefined)));
    if (!round && !params.has('cell') && lastContext?.cell && isCellCode(lastContext.cell)) cell = lastContext.cell;
    const ctx = readContext(form);
    if (ctx.cell === '' && cell !== '') writeContext(form, { cell });
    const finalCtx = readContext(form);
    setKey(draftKey(instrument.id, finalCtx.cell, finalCtx.period));
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
    if (found && !asideIfSent(found)) {
      setDraft(found);
      setStored(true);
      // Answers typed while storage was opening win over the stored ones for the same items.
      const merged = { ...found.answers, ...typed };
      writeAnswers(form, instrument, merged);
      if (found.respondent) writeContext(form, { name: found.respondent.name, post: found.respondent.post ?? '' });
    } else {
      setDraft(
        createDraft(
          instrument,
          { cell: finalCtx.cell, period: finalCtx.period, respondent: respondentOf(readContext(form)) },
          draft.responseId,
          Date.now(),
        ),
      );
    }
    setRestored(true);
    window.clearTimeout(slowRead);
    if (finalCtx.cell || params.has('period')) {
      rememberContext(finalCtx);
      whenIdle(writeAddress);
    }
    await nextTask();
    // Answers typed while storage was opening are saved now (and painted at once); else the
    // first paint is cut into steps.
    if (typedSinceStart()) onAnswersChanged(undefined);
    else await paintInSteps();
    if (fromJournal) void save();
    if (store?.kind !== 'memory') {
      setPersisted(await requestPersistence());
      if (view) {
        setView({ ...view, storage: { ...view.storage, persisted } });
        afterPaint(showView);
      }
    }
  })().catch((error: unknown) => {
    // As an unhandled failure would be: in the console, and the form goes on scoring what is typed.
    console.error(error);
  });

  return { slowRead, started };
}

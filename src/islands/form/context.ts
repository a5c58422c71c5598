// The sheet's cell and period: which periods the instrument takes, and a change of either. A change
// moves the form to the draft kept on this device under the new cell and period, or to a fresh
// one (a cell code corrected on a draft never sent moves that draft instead); a change still
// waiting for the pause is written under the old cell and period first. Changes are applied one
// after another, once the frame of the tap that made them is painted, and an export waits for
// the one under way (`switching`).
import { normalizeCellCode } from '../../core/patterns.ts';
import { formatPeriodLabel, parsePeriod } from '../../core/period.ts';
import { createDraft, draftKey } from '../../storage/draft-lite.ts';
import { paint, schedulePause } from './answers.ts';
import { announce, readContext, writeAnswers, writeDraft } from './dom.ts';
import { commitDraft, openStore, rememberContext, running, save } from './saving.ts';
import {
  afterPaint,
  asideIfSent,
  bumpVersion,
  channel,
  contextNote,
  draft,
  form,
  instrument,
  key,
  lang,
  newResponseId,
  pending,
  respondentOf,
  restored,
  setConflict,
  setContextNote,
  setDraft,
  setKey,
  setSplitFrom,
  setStored,
  stored,
  tab,
  tr,
  type DraftMessage,
} from './state.ts';

/** A change of cell or period being applied (loading the other draft). */
export let switching: Promise<void> | undefined;

/** Whether a period is one the form's instrument takes (its granularity listed in `periods`). */
export function isValidPeriod(p: string | null | undefined): p is string {
  const parts = p ? parsePeriod(p) : undefined;
  return parts !== undefined && instrument.periods.includes(parts.granularity);
}

/** The period's name for the member (`2026-Q3` → "Quý III/2026"). */
export function periodLabel(p: string): string {
  return formatPeriodLabel(p, lang);
}

/** The cell or the period changed (a `change` event): applied after any change under way. */
export function onContextChange(): void {
  const previous = switching;
  const next = (async () => {
    await previous;
    // The tap that left the field is painted first: the cell's change comes with a tap on the
    // next question, which must not wait for drafts to be saved and read (issue 13).
    await new Promise<void>((resolve) => afterPaint(resolve));
    await switchContext();
  })();
  switching = next;
  void next.finally(() => {
    if (switching === next) switching = undefined;
  });
}

async function switchContext(): Promise<void> {
  // One cell is one code however it is typed (cb-0001 is CB-0001), and the field shows it so.
  const cell = form.elements.namedItem('__cell');
  if (cell instanceof HTMLInputElement) {
    const code = normalizeCellCode(cell.value);
    if (code !== cell.value) cell.value = code;
  }
  if (!restored) return;
  const ctx = readContext(form);
  if (!isValidPeriod(ctx.period)) return;
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
  const aside = asideIfSent(target);
  if (target && !aside) {
    setDraft(target);
    writeDraft(form, instrument, target);
    setStored(true);
    setContextNote(tr('drafts.loaded.message', { period: periodLabel(ctx.period), cell: ctx.cell || '—' }));
  } else if (!aside && previous.period === ctx.period && previous.sentAt === undefined) {
    // Only the cell changed on a draft never sent: the member is correcting the cell code.
    setDraft({ ...previous, cell: ctx.cell, updatedAt: Date.now() });
    if (stored && Object.keys(previous.answers).length > 0) {
      await opened.save(draft);
      await opened.remove(previousKey);
      channel?.postMessage({ type: 'removed', key: previousKey, tab } satisfies DraftMessage);
    } else setStored(false);
    setContextNote(undefined);
  } else {
    setDraft(
      createDraft(
        instrument,
        { cell: ctx.cell, period: ctx.period, respondent: respondentOf(ctx) },
        newResponseId(),
        Date.now(),
      ),
    );
    writeAnswers(form, instrument, {});
    setStored(false);
    setContextNote(tr('drafts.fresh.message', { period: periodLabel(ctx.period), cell: ctx.cell || '—' }));
  }
  setKey(nextKey);
  setConflict(false);
  setSplitFrom(undefined);
  if (contextNote) announce(contextNote);
  bumpVersion();
  rememberContext(ctx); // the address follows at the member's pause
  schedulePause();
  paint();
  if (Object.keys(draft.answers).length > 0 || draft.respondent) void save();
}

// What a committee does with sealed files once HPKE has opened them (src/sealing): read the
// ordinary response file inside with core's one reader (re-scored with the committee's own copy
// of the instrument), check it against the label it travelled under, keep the latest revision of
// each sheet by the response id inside it, and build the cell's report and its comments. Pure.
import { readBundle, type InstrumentCatalog, type ReadWarning } from '../bundle.ts';
import { createResponseSet, reportOfResponses, type CollectedResponse } from '../collection.ts';
import type { Instrument } from '../instrument.ts';
import { normalizeCellCode } from '../patterns.ts';
import { isBreakdownHidden, type Report } from '../report.ts';
import type { Message } from '../text.ts';
import type { SealedHead } from './envelope.ts';
import { sealError } from './messages.ts';
import type { RandomIndex } from './shuffle.ts';
import { commentListsOf, type CommentList } from '../comments.ts';

/** An opened file read: the response inside, or why it is left out. */
export type OpenedRead =
  | { ok: true; response: CollectedResponse; instrument: Instrument; warnings: ReadWarning[] }
  | { ok: false; code: string; message: Message };

/**
 * Reads what an envelope held: the member's response file (padded with spaces), through
 * `readBundle`. It must be a response of exactly the cell, period and instrument on the label.
 */
export function readOpenedPlaintext(head: SealedHead, plaintext: Uint8Array, catalog: InstrumentCatalog): OpenedRead {
  const r = readBundle(plaintext, { catalog });
  if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message };
  if (r.kind !== 'response') {
    const e = sealError('sealed-mismatch', {
      detail: { vi: 'bên trong không phải phiếu', en: 'it holds no response' },
    });
    return { ok: false, code: e.code, message: e.message };
  }
  const b = r.bundle;
  const same =
    b.cell === head.cell &&
    b.period === head.period &&
    b.instrument.id === head.instrument.id &&
    b.instrument.version === head.instrument.version &&
    b.instrument.hash === head.instrument.hash;
  if (!same) {
    const e = sealError('sealed-mismatch', {
      detail: { vi: 'chi bộ, kỳ hoặc mẫu phiếu khác', en: 'another cell, period or instrument' },
    });
    return { ok: false, code: e.code, message: e.message };
  }
  return { ok: true, response: { bundle: b, score: r.score }, instrument: r.instrument, warnings: r.warnings };
}

export type { CommentList } from '../comments.ts';

/** What the committee sees of one cell's sealed sheets. */
export interface CommitteeView {
  /** The cell report: equal to the one an unsealed run of the same answers gives. */
  report: Report;
  /** Sheets counted (latest revision of each response id). */
  sheets: number;
  /** Earlier revisions set aside (a member sent again) and identical copies. */
  superseded: number;
  /** Below the instrument's anonymity threshold: breakdown and comments withheld. */
  hidden: boolean;
  /** Free-text answers, per question; empty when hidden. */
  comments: CommentList[];
  /** The sheets counted (in memory only; for a report over several cells). */
  kept: CollectedResponse[];
}

/**
 * The committee's view of one cell: latest revision of each sheet by its id (the same rules as
 * everywhere, `createResponseSet`), the report (`reportOfResponses`, scope = the cell, as the
 * collection page and `phieu aggregate` make it), then the anonymity threshold, then comments.
 * `cell` is the normalized code (`normalizeCellCode`): sheets spelling it otherwise are this cell's.
 */
export function committeeView(
  instrument: Instrument,
  period: string,
  cell: string,
  responses: readonly CollectedResponse[],
  random: RandomIndex,
): CommitteeView {
  const set = createResponseSet();
  let superseded = 0;
  for (const r of responses) {
    if (
      normalizeCellCode(r.bundle.cell) !== cell ||
      r.bundle.period !== period ||
      r.bundle.instrument.id !== instrument.id
    )
      continue;
    if (set.add(r).outcome !== 'added') superseded++;
  }
  const kept = set.values();
  const report = reportOfResponses(instrument, period, { code: cell }, kept);
  const hidden = isBreakdownHidden(instrument, kept.length);
  const comments = hidden ? [] : commentListsOf(instrument, kept, random);
  return { report, sheets: kept.length, superseded, hidden, comments, kept };
}

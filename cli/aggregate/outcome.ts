// What phieu aggregate keeps of one file it read: an error, a report file skipped, a response
// outside the selection, or a response's identity (enough to apply the duplicate rules and to read
// it again) with its CSV row. Made the same way on the main thread and in worker threads.
import {
  responseCsvRow,
  normalizeCellCode,
  type Lang,
  type ReadResponse,
  type ReadResult,
  type ResponseBundle,
} from '../../src/core/index.ts';
import type { Source } from '../files.ts';
import { say } from '../output.ts';
import { memberNameOf } from './member-name.ts';

/** The --instrument and --period selection. */
export interface Selection {
  instrument?: string | undefined;
  version?: string | undefined;
  period?: string | undefined;
}

/** A file outside the selection: which instrument, version and period it is of, to list them. */
export interface SkippedOutcome {
  kind: 'skipped';
  instrument?: string;
  version?: string;
  period?: string;
}

/** A response file read and checked, as the duplicate rules see it. */
export interface ResponseOutcome {
  kind: 'response';
  /** Instrument, version and period: responses of one group are aggregated together. */
  group: string;
  instrument: string;
  version: string;
  period: string;
  /**
   * The cell, normalized (core `normalizeCellCode`: case, spaces, dashes, invisible characters):
   * one cell is one unit however its files spell it, as on the collection page; with the id, one
   * answer sheet (collection.ts `responseKey`'s parts).
   */
  cell: string;
  digest: string;
  createdAt: string;
  id: string;
  revision: number;
  source: { file: string; index?: number };
  /** A named sheet's name, and its matching form (members.ts). */
  name?: string;
  member?: string;
  /** Its CSV row, when a CSV is asked for. */
  row?: string[];
  /** What readBundle warned of (the file is counted, re-scored), in the language asked for. */
  warnings?: { code: string; message: string }[];
}

/** What is kept of one source read. */
export type Outcome =
  | { kind: 'invalid'; file: string; code: string; message: string; path: string | null }
  | { kind: 'report'; label: string }
  | SkippedOutcome
  | ResponseOutcome;

/** The outcome of a source read into `r`. */
export function outcomeOf(source: Source, r: ReadResult, selection: Selection, lang: Lang, csv: boolean): Outcome {
  if (!r.ok)
    return {
      kind: 'invalid',
      file: source.label,
      code: r.error.code,
      message: say(lang, r.error.message),
      path: r.error.path ?? null,
    };
  if (r.kind !== 'response') return { kind: 'report', label: source.label };
  const o = responseOutcomeOf(source, r.bundle, selection, csv ? () => rowOf(r, source, lang) : undefined);
  if (o.kind === 'response' && r.warnings.length > 0)
    o.warnings = r.warnings.map((w) => ({ code: w.code, message: say(lang, w.message) }));
  return o;
}

/** The outcome of a response file read (`row` makes its CSV row, when one is asked for). */
export function responseOutcomeOf(
  source: Pick<Source, 'file' | 'index'>,
  b: ResponseBundle,
  selection: Selection,
  row?: () => string[],
): ResponseOutcome | SkippedOutcome {
  if (
    (selection.instrument !== undefined && b.instrument.id !== selection.instrument) ||
    (selection.version !== undefined && b.instrument.version !== selection.version) ||
    (selection.period !== undefined && b.period !== selection.period)
  )
    return { kind: 'skipped', instrument: b.instrument.id, version: b.instrument.version, period: b.period };
  const response = b.payload.response;
  const out: ResponseOutcome = {
    kind: 'response',
    group: groupOf(b.instrument.id, b.instrument.version, b.period),
    instrument: b.instrument.id,
    version: b.instrument.version,
    period: b.period,
    cell: normalizeCellCode(response.cell),
    digest: b.digest,
    createdAt: b.createdAt,
    id: response.id,
    revision: response.revision,
    source: source.index === undefined ? { file: source.file } : { file: source.file, index: source.index },
  };
  const who = response.respondent?.name;
  if (who !== undefined) {
    out.name = who;
    out.member = memberNameOf(who);
  }
  if (row) out.row = row();
  return out;
}

/** The last group met, whose text is made again only when a file names another. */
let last = { id: '', version: '', period: '', group: '' };
function groupOf(id: string, version: string, period: string): string {
  // The same text object each time: a map looks it up without hashing a new string per file.
  if (id !== last.id || version !== last.version || period !== last.period)
    last = { id, version, period, group: `${id}@${version}|${period}` };
  return last.group;
}

function rowOf(r: ReadResponse, source: Source, lang: Lang): string[] {
  return responseCsvRow(r.instrument, { bundle: r.bundle, score: r.score, source: source.file }, 0, lang);
}

// The duplicate rules of phieu aggregate, applied to the files' outcomes in the order the files
// were listed: one count per answer sheet (the newest send wins, the same file twice counts once)
// and per member of a cell (names that match: the latest send). Counting is done as files are read
// (one thread), or by worker threads whose counts are added up (parallel.ts); either way a cell
// whose files changed hands is counted again from the files kept, so the report is the same.
import {
  createUnitTally,
  isNewerSend,
  mergeTallyStates,
  normalizeCellCode,
  responseKey,
  suppressIfTooFew,
  toCanonicalJson,
  type Instrument,
  type ReadOptions,
  type ReadResponse,
  type ReportUnit,
  type ResponseBundle,
  type TallyState,
  type UnitTally,
} from '../../src/core/index.ts';
import type { FastScorer } from '../../src/core/fast-score.ts';
import { createFastUnitTally, type FastUnitTally } from '../../src/core/fast-tally.ts';
import { isCodesFile, readSources, type Source } from '../files.ts';
import { readSource } from '../reader.ts';
import { readResponseFileFast } from './fast-read.ts';
import type { Outcome, ResponseOutcome } from './outcome.ts';

/** What is remembered of a kept send: enough to compare a later one and to read it again. */
interface Entry {
  cell: string;
  createdAt: string;
  digest: string;
  id: string;
  revision: number;
  /** Where it was read: the file, and which code of a .txt file. */
  file: string;
  index?: number;
  name?: string;
  member?: string;
}

/** Responses of one instrument, version and period. */
export interface Group {
  instrument: Instrument;
  period: string;
  tallies: Map<string, UnitTally | FastUnitTally>;
  entries: Map<string, Entry>;
  /** Cells counted again from the kept files: where a newer send replaced one counted. */
  dirty: Set<string>;
  /** Also counted again when counts were made elsewhere: where any sheet came twice. */
  recount: Set<string>;
  rows: Map<string, string[]>;
}

/** An invalid file, as listed on stderr and in --json. */
export interface Invalid {
  file: string;
  code: string;
  message: string;
  path: string | null;
}

/** One string object for each cell and date met again, kept once rather than once a file. */
const SHARED = new Map<string, string>();
function shared(text: string): string {
  const known = SHARED.get(text);
  if (known !== undefined) return known;
  if (SHARED.size >= 65536) SHARED.clear();
  SHARED.set(text, text);
  return text;
}

/** What isNewerSend reads of a send, made only when two sends of a sheet are compared. */
function stubOf(o: Pick<Entry, 'createdAt' | 'digest' | 'id' | 'revision'>): ResponseBundle {
  // isNewerSend reads only these fields.
  return {
    createdAt: o.createdAt,
    digest: o.digest,
    payload: { response: { id: o.id, revision: o.revision } },
  } as unknown as ResponseBundle;
}

/** The instrument a group's outcome names (what the reader scored it with). */
export function instrumentOf(options: ReadOptions, o: ResponseOutcome): Instrument {
  const ins = options.catalog.versions(o.instrument).find((i) => i.version === o.version);
  if (!ins) throw new Error(`instrument ${o.instrument} ${o.version} is not in the catalog`);
  return ins;
}

/**
 * A response read on this thread, to count: with its Score (readBundle), or scored by a FastScorer
 * that holds the score until it scores the next (fast-read.ts).
 */
export type Counted =
  | Pick<ReadResponse, 'bundle' | 'instrument' | 'score'>
  | { bundle: ReadResponse['bundle']; instrument: ReadResponse['instrument']; scorer: FastScorer };

/** Applies the duplicate rules to outcomes given in file order. */
export class Collector {
  readonly groups = new Map<string, Group>();
  readonly invalid: Invalid[] = [];
  skipped = 0;
  replaced = 0;
  older = 0;
  sameFile = 0;
  /** Report files met (each gets a line). */
  readonly reports: string[] = [];

  private readonly options: ReadOptions;

  constructor(options: ReadOptions) {
    this.options = options;
  }

  /**
   * Takes one outcome. With its read (`r`), a first send is counted at once (one thread); without,
   * counts come from elsewhere and every cell where a sheet came twice is counted again at the end.
   */
  accept(o: Outcome, r?: Counted): void {
    if (o.kind === 'invalid') {
      this.invalid.push({ file: o.file, code: o.code, message: o.message, path: o.path });
      return;
    }
    if (o.kind === 'report') {
      this.skipped += 1;
      this.reports.push(o.label);
      return;
    }
    if (o.kind === 'skipped') {
      this.skipped += 1;
      return;
    }
    let g = this.groups.get(o.group);
    if (!g) {
      g = {
        instrument: r?.instrument ?? instrumentOf(this.options, o),
        period: o.period,
        tallies: new Map(),
        entries: new Map(),
        dirty: new Set(),
        recount: new Set(),
        rows: new Map(),
      };
      this.groups.set(o.group, g);
    }
    const previous = g.entries.get(o.key);
    if (previous) {
      // Counted elsewhere: which of the two was counted is not known here, so both cells are recounted.
      if (!r) {
        g.recount.add(previous.cell);
        g.recount.add(o.cell);
      }
      if (previous.digest === o.digest) {
        this.sameFile += 1;
        return;
      }
      if (!isNewerSend(stubOf(o), stubOf(previous))) {
        this.older += 1;
        return;
      }
      // A newer send of a response already counted: its cell (and the new one) are recounted
      // from the kept files at the end; rare, so the stream stays one pass.
      this.replaced += 1;
      g.dirty.add(previous.cell);
      g.dirty.add(o.cell);
    }
    const entry: Entry = {
      cell: shared(o.cell),
      createdAt: shared(o.createdAt),
      digest: o.digest,
      id: o.id,
      revision: o.revision,
      file: o.source.file,
    };
    if (o.source.index !== undefined) entry.index = o.source.index;
    if (o.name !== undefined) entry.name = o.name;
    if (o.member !== undefined) entry.member = o.member;
    g.entries.set(o.key, entry);
    if (!previous) {
      // The cell's tally is made where one thread would make it (units keep that order).
      let tally = g.tallies.get(o.cell);
      if (!tally) {
        tally = r ? createFastUnitTally(g.instrument, o.cell) : createUnitTally(g.instrument, o.cell);
        g.tallies.set(o.cell, tally);
      }
      if (r)
        if ('score' in r) tally.add(r.bundle.payload.response, r.score);
        else (tally as FastUnitTally).addScored(r.bundle.payload.response, r.scorer);
    }
    if (o.row) g.rows.set(o.key, o.row);
  }

  /** Adds counts made elsewhere (a worker's share) to a group's cells that are not recounted. */
  addCounts(group: string, cell: string, state: TallyState): void {
    const g = this.groups.get(group);
    if (!g || g.dirty.has(cell) || g.recount.has(cell)) return;
    let tally = g.tallies.get(cell);
    if (!tally) {
      tally = createUnitTally(g.instrument, cell);
      g.tallies.set(cell, tally);
    }
    mergeTallyStates(tally.state(), state);
  }
}

/**
 * One member, one count: sheets of one cell whose names match (members.ts: case, diacritics,
 * spacing, invisible characters aside) are one member on two devices, or two people with one
 * name, which only the roster on the collection page can tell. Never counted twice: the latest
 * send counts. Returns each such case (the kept entry first), for a line each.
 */
export function settleSameMembers(g: Group): { cell: string; name: string; ids: string[]; kept: string }[] {
  // Most members have one sheet: remember the first of each member, and make a list only for a second.
  const first = new Map<string, [string, Entry]>();
  const more = new Map<string, [string, Entry][]>();
  let cell = '';
  let norm = '';
  for (const [key, e] of g.entries)
    if (e.member !== undefined) {
      if (e.cell !== cell) {
        cell = e.cell;
        norm = normalizeCellCode(cell);
      }
      const k = `${norm}|${e.member}`;
      const one = first.get(k);
      if (!one) first.set(k, [key, e]);
      else {
        const list = more.get(k);
        if (list) list.push([key, e]);
        else more.set(k, [one, [key, e]]);
      }
    }
  const cases: { cell: string; name: string; ids: string[]; kept: string }[] = [];
  // In the order members were first met, as before.
  for (const k of first.keys()) {
    const list = more.get(k);
    if (!list) continue;
    const newer = (a: Entry, b: Entry): boolean => isNewerSend(stubOf(a), stubOf(b));
    list.sort(([, a], [, b]) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
    const [kept, ...others] = list;
    for (const [key, e] of others) {
      g.entries.delete(key);
      g.rows.delete(key);
      g.dirty.add(e.cell);
    }
    const ids = list.map(([, e]) => e.id);
    cases.push({ cell: kept![1].cell, name: kept![1].name ?? '', ids, kept: kept![1].id });
  }
  return cases;
}

/**
 * Counts again, from the kept files, the cells where a newer send replaced one already counted
 * (and, when counts were made elsewhere, where a sheet came twice). Each file is read once, a
 * .txt file's codes in one pass (a cell's unit does not depend on the order its sheets are counted).
 */
export function recountDirtyCells(g: Group, options: ReadOptions): void {
  const cells = new Set([...g.dirty, ...g.recount]);
  if (cells.size === 0) return;
  const tallies = new Map<string, FastUnitTally>();
  for (const cell of cells) tallies.set(cell, createFastUnitTally(g.instrument, cell));
  // The kept sources of those cells, by file: which codes of a .txt file (undefined: the whole file).
  const wanted = new Map<string, Set<number | undefined>>();
  for (const e of g.entries.values()) {
    if (!cells.has(e.cell)) continue;
    let at = wanted.get(e.file);
    if (!at) wanted.set(e.file, (at = new Set()));
    at.add(e.index);
  }
  /** The entry kept for this sheet, when it was read from `file` (code `index`) and its cell is recounted. */
  const keptAt = (bundle: ResponseBundle, file: string, index: number | undefined): Entry | undefined => {
    const entry = g.entries.get(responseKey(bundle));
    return entry && entry.file === file && entry.index === index && cells.has(entry.cell) ? entry : undefined;
  };
  for (const [file, at] of wanted) {
    // A whole .json file: read the fast way when it is an ordinary response file (as it was first).
    if (at.size === 1 && at.has(undefined) && !isCodesFile(file)) {
      const fast = readResponseFileFast(file, options);
      if (fast) {
        const entry = keptAt(fast.bundle, file, undefined);
        if (entry) tallies.get(entry.cell)!.addScored(fast.bundle.payload.response, fast.scorer);
        continue;
      }
    }
    for (const s of readSources(file) as Iterable<Source>) {
      if (!at.has(s.index)) continue;
      at.delete(s.index);
      const r = readSource(s, options);
      if (r.ok && r.kind === 'response') {
        // Only the send kept for its sheet, in its cell.
        const entry = keptAt(r.bundle, file, s.index);
        if (entry) tallies.get(entry.cell)!.add(r.bundle.payload.response, r.score);
      }
      if (at.size === 0) break;
    }
  }
  for (const [cell, tally] of tallies) g.tallies.set(cell, tally);
}

/** The group's units with at least one response counted. */
export function unitsOf(g: Group): ReportUnit[] {
  return [...g.tallies.values()].map((t) => t.unit()).filter((u) => u.responses > 0);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The group's units made one at a time, for a report: each one's canonical JSON in UTF-8, in the
 * report's order (buildReport's: by cell, too few anonymous answers suppressed), and the units of
 * {@link unitsOf} without their items (for the summary, which reads no item). A unit's objects are
 * dropped once written: keeping a province's ~11 MB of them until the file was written cost the
 * collector more than making them.
 */
export function unitTextsOf(g: Group): { texts: Uint8Array[]; units: ReportUnit[] } {
  const tallies = [...g.tallies.values()].filter((t) => t.state().responses > 0);
  const cells = tallies.map((t) => t.state().cell);
  const order = tallies.map((_, i) => i).sort((a, b) => compareText(cells[a]!, cells[b]!));
  const units = new Array<ReportUnit>(tallies.length);
  const texts = order.map((i) => {
    const unit = tallies[i]!.unit();
    units[i] = { ...unit, items: {} };
    return Buffer.from(toCanonicalJson(suppressIfTooFew(g.instrument, unit)), 'utf8');
  });
  return { texts, units };
}

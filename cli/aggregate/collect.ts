// The duplicate rules of phieu aggregate, applied to the files' outcomes in the order the files
// were listed: one count per answer sheet (the newest send wins, the same file twice counts once)
// and per member of a cell (names that match: the latest send). Counting is done as files are read
// (one thread), or by worker threads whose counts are added up (parallel.ts); either way a cell
// whose files changed hands is counted again from the files kept, so the report is the same.
import {
  createUnitTally,
  isBreakdownHidden,
  isNewerSend,
  mergeTallyStates,
  normalizeCellCode,
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
import { unitWithJsonOfState } from '../../src/core/unit-tally.ts';
import { isCodesFile, readSources, type Source } from '../files.ts';
import { readSource } from '../reader.ts';
import { readResponseFileFast } from './fast-read.ts';
import { KeptSends, stubOf, type Send } from './kept-sends.ts';
import type { Outcome, ResponseOutcome } from './outcome.ts';
import { oneLine } from '../output.ts';

/** Responses of one instrument, version and period. */
export interface Group {
  instrument: Instrument;
  period: string;
  tallies: Map<string, UnitTally | FastUnitTally>;
  /** The send kept for each answer sheet. */
  sends: KeptSends;
  /** Cells counted again from the kept files: where a newer send replaced one counted. */
  dirty: Set<string>;
  /** Also counted again when counts were made elsewhere: where any sheet came twice. */
  recount: Set<string>;
  /** CSV rows, by the row of their send. */
  rows: Map<number, string[]>;
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
  /** Files counted with a warning (re-scored: an edited instrument, a score note that differs). */
  readonly warnings: { file: string; code: string; message: string }[] = [];
  skipped = 0;
  /** Sheets outside the selection, by "instrument version period". */
  readonly outside = new Map<string, number>();
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
      if (o.instrument !== undefined) {
        const key = `${o.instrument} ${o.version} ${o.period}`;
        this.outside.set(key, (this.outside.get(key) ?? 0) + 1);
      }
      return;
    }
    if (o.warnings) {
      const name = oneLine(o.source.file);
      const file = o.source.index === undefined ? name : `${name}#${o.source.index}`;
      for (const w of o.warnings) this.warnings.push({ file, ...w });
    }
    let g = this.groups.get(o.group);
    if (!g) {
      g = {
        instrument: r?.instrument ?? instrumentOf(this.options, o),
        period: o.period,
        tallies: new Map(),
        sends: new KeptSends(),
        dirty: new Set(),
        recount: new Set(),
        rows: new Map(),
      };
      this.groups.set(o.group, g);
    }
    const sends = g.sends;
    const previous = sends.find(o.cell, o.id);
    if (previous >= 0) {
      // Counted elsewhere: which of the two was counted is not known here, so both cells are recounted.
      if (!r) {
        g.recount.add(sends.cellOf(previous));
        g.recount.add(o.cell);
      }
      if (sends.hasDigest(previous, o.digest)) {
        this.sameFile += 1;
        return;
      }
      if (!isNewerSend(stubOf(o), stubOf(sends.send(previous)))) {
        this.older += 1;
        return;
      }
      // A newer send of a response already counted: its cell (and the new one) are recounted
      // from the kept files at the end; rare, so the stream stays one pass.
      this.replaced += 1;
      g.dirty.add(sends.cellOf(previous));
      g.dirty.add(o.cell);
    }
    const row = sends.put(previous, o.cell, {
      cell: shared(o.cell),
      createdAt: shared(o.createdAt),
      digest: o.digest,
      id: o.id,
      revision: o.revision,
      file: o.source.file,
      index: o.source.index,
      name: o.name,
      member: o.member,
    });
    if (previous < 0) {
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
    if (o.row) g.rows.set(row, o.row);
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

/** Sheets of one cell counted as one member: the kept sheet first, each with its name as written. */
export interface SameMember {
  cell: string;
  /** The kept sheet's name. */
  name: string;
  ids: string[];
  /** The names as written on the sheets, in the order of `ids`. */
  names: string[];
  kept: string;
}

/**
 * One member, one count: sheets of one cell whose names match (members.ts: case, diacritics,
 * spacing, invisible characters aside) are one member on two devices, or two people with one
 * name, which only the roster on the collection page can tell. Never counted twice: the latest
 * send counts. Returns each such case (the kept entry first), for a line each.
 */
export function settleSameMembers(g: Group): SameMember[] {
  const sends = g.sends;
  // Most members have one sheet: remember the first row of each member (by cell, then matched
  // name: no key text per sheet), and make a list only for a second.
  const first = new Map<string, Map<string, number>>();
  const more = new Map<number, number[]>();
  let cell = '';
  let members: Map<string, number> | undefined;
  for (const row of sends.rows()) {
    const member = sends.memberOf(row);
    if (member === undefined) continue;
    const c = sends.cellOf(row);
    if (c !== cell || !members) {
      cell = c;
      const norm = normalizeCellCode(cell);
      members = first.get(norm);
      if (!members) first.set(norm, (members = new Map<string, number>()));
    }
    const one = members.get(member);
    if (one === undefined) members.set(member, row);
    else {
      const list = more.get(one);
      if (list) list.push(row);
      else more.set(one, [one, row]);
    }
  }
  const cases: SameMember[] = [];
  // In the order members were first met (rows are in that order), as before.
  for (const one of [...more.keys()].sort((a, b) => a - b)) {
    const list = more.get(one)!.map((row) => ({ row, send: sends.send(row) }));
    const newer = (a: Send, b: Send): boolean => isNewerSend(stubOf(a), stubOf(b));
    list.sort(({ send: a }, { send: b }) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0));
    const [kept, ...others] = list;
    for (const { row, send } of others) {
      sends.remove(row);
      g.rows.delete(row);
      g.dirty.add(send.cell);
    }
    const ids = list.map(({ send }) => send.id);
    const names = list.map(({ send }) => send.name ?? '');
    cases.push({ cell: kept!.send.cell, name: kept!.send.name ?? '', ids, names, kept: kept!.send.id });
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
  const sends = g.sends;
  const wanted = new Map<string, Set<number | undefined>>();
  for (const row of sends.rows()) {
    if (!cells.has(sends.cellOf(row))) continue;
    const file = sends.fileOf(row);
    let at = wanted.get(file);
    if (!at) wanted.set(file, (at = new Set()));
    at.add(sends.indexOf(row));
  }
  /** The cell of the send kept for this sheet, when it was read from `file` (code `index`) and its cell is recounted. */
  const keptAt = (bundle: ResponseBundle, file: string, index: number | undefined): string | undefined => {
    const r = bundle.payload.response;
    const row = sends.find(normalizeCellCode(r.cell), r.id);
    return sends.isKeptIn(row, cells) && sends.fileOf(row) === file && sends.indexOf(row) === index
      ? sends.cellOf(row)
      : undefined;
  };
  for (const [file, at] of wanted) {
    // A whole .json file: read the fast way when it is an ordinary response file (as it was first).
    if (at.size === 1 && at.has(undefined) && !isCodesFile(file)) {
      const fast = readResponseFileFast(file, options);
      if (fast) {
        const cell = keptAt(fast.bundle, file, undefined);
        if (cell !== undefined) tallies.get(cell)!.addScored(fast.bundle.payload.response, fast.scorer);
        continue;
      }
    }
    for (const s of readSources(file) as Iterable<Source>) {
      if (!at.has(s.index)) continue;
      at.delete(s.index);
      const r = readSource(s, options);
      if (r.ok && r.kind === 'response') {
        // Only the send kept for its sheet, in its cell.
        const cell = keptAt(r.bundle, file, s.index);
        if (cell !== undefined) tallies.get(cell)!.add(r.bundle.payload.response, r.score);
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
 * {@link unitsOf} without their items (for the summary, which reads no item) nor, unless one has a
 * decided level, their members (the summary reads only that of them). A unit's objects are dropped
 * once written: keeping a province's ~11 MB of them until the file was written cost the collector
 * more than making them; a fast tally makes its members for its unit alone (unitWithJson), so they
 * die young too.
 */
export function unitTextsOf(g: Group): { texts: Uint8Array[]; units: ReportUnit[] } {
  const headOf = (t: UnitTally | FastUnitTally) => ('head' in t ? t.head() : t.state());
  const tallies = [...g.tallies.values()].filter((t) => headOf(t).responses > 0);
  const cells = tallies.map((t) => headOf(t).cell);
  const order = tallies.map((_, i) => i).sort((a, b) => compareText(cells[a]!, cells[b]!));
  const units = new Array<ReportUnit>(tallies.length);
  const ins = g.instrument;
  const named = ins.anonymity === 'named';
  const texts = order.map((i) => {
    const t = tallies[i]!;
    const { unit, json } = 'unitWithJson' in t ? t.unitWithJson() : unitWithJsonOfState(t.state(), named);
    // decidedLevelsOf (the quota) reads members only for their decided levels: none, none kept.
    const decided = unit.members?.some((m) => m.decided !== undefined) === true;
    // A cell whose breakdown the report hides keeps only its counts (suppressIfTooFew), in the
    // report and in the summary said on screen alike: a mean or level count with its scores in
    // would give back what the report hides (the summary less the report's sum).
    if (isBreakdownHidden(ins, unit.responses)) {
      const hidden = suppressIfTooFew(ins, unit);
      units[i] = hidden;
      return Buffer.from(toCanonicalJson(hidden), 'utf8');
    }
    units[i] = { ...unit, items: {}, members: decided ? unit.members : undefined };
    return Buffer.from(json, 'utf8');
  });
  return { texts, units };
}

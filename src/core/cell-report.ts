// A cell's collection as its report says it: core's tally of the counted sheets (members.ts), with
// the levels the cell decided (recorded by response id on the collection page) put on each
// member's result and counted in `decidedLevels` (contract 2; the quota reads them).
import { decidedLevelsOf } from './quota.ts';
import { buildReport, isBreakdownHidden, summarizeUnits, type MemberResult, type ReportUnit } from './report.ts';
import { commentListsOf, type CommentList } from './comments.ts';
import type { RandomIndex } from './seal/shuffle.ts';
import type { Instrument } from './instrument.ts';
import type { Collection } from './cell-collection.ts';
import { sortedResponses, tallyCollection, type CollectionTally } from './stats.ts';

/**
 * The unit's members with the decided levels of `decided` (response id → level id; levels the
 * instrument does not have are ignored). The tally lists members by name, members of one name in
 * the order their sheets were counted (by response id): so each result is matched to its own
 * sheet, and two members with one name keep their own decided levels.
 */
export function withDecidedBySheet(
  instrument: Instrument,
  unit: ReportUnit,
  sheetIds: ReadonlyMap<string, string[]>,
  decided: Readonly<Record<string, string>>,
): ReportUnit {
  if (!unit.members) return unit;
  const levelIds = new Set(instrument.levels.map((l) => l.id));
  const seen = new Map<string, number>();
  const members: MemberResult[] = unit.members.map((m) => {
    const i = seen.get(m.name) ?? 0;
    seen.set(m.name, i + 1);
    const id = sheetIds.get(m.name)?.[i];
    const d = id !== undefined ? decided[id] : undefined;
    const { decided: _old, ...rest } = m;
    return d !== undefined && levelIds.has(d) ? { ...rest, decided: d } : rest;
  });
  const out: ReportUnit = { ...unit, members };
  delete out.decidedLevels;
  const counts = decidedLevelsOf(out);
  if (counts) out.decidedLevels = counts;
  return out;
}

/** The collection's tally, its report and summary carrying the cell's decided levels. */
export function tallyCell(instrument: Instrument, c: Collection): CollectionTally {
  const base = tallyCollection(instrument, c);
  const decided = c.decisions.decided ?? {};
  if (instrument.anonymity !== 'named' || Object.keys(decided).length === 0) return base;
  const sheetIds = new Map<string, string[]>();
  for (const r of sortedResponses(c)) {
    const name = r.bundle.payload.response.respondent?.name;
    if (name === undefined) continue;
    const list = sheetIds.get(name) ?? [];
    list.push(r.bundle.payload.response.id);
    sheetIds.set(name, list);
  }
  for (const list of sheetIds.values()) list.sort();
  const unit = withDecidedBySheet(instrument, base.unit, sheetIds, decided);
  const report = buildReport(instrument, c.key.period, c.key.cell, [unit], c.cellName);
  return { unit, report, summary: summarizeUnits(instrument, [unit]) };
}

/** The comments of one free-text question, in a random order (as the committee's view gives them). */
export type CellComments = CommentList;

/**
 * A cell's free-text answers for the report's reader: one shuffled list per text question, only
 * when the cell has at least the instrument's anonymity threshold of counted sheets (an anonymous
 * survey below it gives none, like its scores). `random` is the caller's randomness. Never in the CSV.
 */
export function commentsOf(instrument: Instrument, c: Collection, random: RandomIndex): CellComments[] | undefined {
  const sheets = c.responses.values();
  if (isBreakdownHidden(instrument, sheets.length)) return undefined;
  return commentListsOf(instrument, sheets, random);
}

import * as z from 'zod/mini';
import { IdSchema } from './fields.ts';
import type { Instrument } from './instrument.ts';
import { InstrumentRefSchema, refInstrument } from './instrument-ref.ts';
import { PeriodSchema } from './fields.ts';
import { CellCodeSchema } from './fields.ts';
import { normalizeCellCode } from './patterns.ts';
import { levelOfFraction } from './scoring.ts';
import { addDecimals, floorFraction, hundredthsOf } from './decimal.ts';
import { HISTOGRAM_BINS } from './unit-tally.ts';

export { HISTOGRAM_BINS, createUnitTally, histogramBin, mergeTallyStates } from './unit-tally.ts';
export type { TallyState, UnitTally } from './unit-tally.ts';
import { toCanonicalJson } from './canonical-json.ts';
import { checkReport } from './report-checks.ts';
import { checkOrganisationQuota, type QuotaCheck } from './quota.ts';

const Count = z.int().check(z.gte(0), z.lte(100_000_000));
const Sum = z.number().check(z.refine(Number.isFinite, 'must be finite'));

/** Counts and sums for one item over a unit's responses. */
export const ItemTallySchema = z.strictObject({
  /** Responses that answered it (not "does not apply"). */
  answered: Count,
  /** Responses where it did not apply. */
  na: Count,
  /** Sum of points earned. */
  points: Sum,
  /** Sum of the maxima it counted toward. */
  max: Sum,
  /** Number items: sum of the values answered. */
  sum: z.optional(Sum),
  /** Discrete items: how many gave each answer (option id, `true`/`false`, step value). */
  values: z.optional(z.record(z.string().check(z.maxLength(64)), Count)),
});
/** Counts for one item. */
export type ItemTally = z.infer<typeof ItemTallySchema>;

/** A named member's result in a cell report (named instruments only). */
export const MemberResultSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  post: z.optional(z.string().check(z.maxLength(120))),
  total: Sum,
  level: IdSchema,
  proposed: z.optional(IdSchema),
  /** The level the cell decided for the member (the computed `level` is a proposal until then). */
  decided: z.optional(IdSchema),
});
/** A member's result. */
export type MemberResult = z.infer<typeof MemberResultSchema>;

/** One cell's counts and sums. Mergeable: no averages, only what adds up. */
export const ReportUnitSchema = z.strictObject({
  /** The cell's code. */
  cell: CellCodeSchema,
  /** Responses counted. */
  responses: Count,
  /** Members expected to answer (roster size), when the secretary gave it. */
  expected: z.optional(Count),
  /** Sum, sum of squares, lowest and highest of the scaled totals. */
  total: z.strictObject({ sum: Sum, sumSq: Sum, min: z.optional(Sum), max: z.optional(Sum) }),
  /** Scaled totals per bin, {@link HISTOGRAM_BINS} bins. */
  histogram: z.array(Count).check(z.length(HISTOGRAM_BINS)),
  /** Responses per final level. */
  levels: z.record(IdSchema, Count),
  /** Members per level the cell decided (named instruments), once every member's level is decided. */
  decidedLevels: z.optional(z.record(IdSchema, Count)),
  /** Sum of points and of maxima per section. */
  sections: z.record(IdSchema, z.strictObject({ points: Sum, max: Sum })),
  /** Per item tallies. */
  items: z.record(IdSchema, ItemTallySchema),
  /** Proposed level against computed: same, lower, higher (flagged). */
  proposals: z.strictObject({ same: Count, lower: Count, higher: Count }),
  /** Responses whose level a gate lowered. */
  gated: Count,
  /** Responses a disqualifier forced down. */
  disqualified: Count,
  /** Responses with required items missing. */
  incomplete: Count,
  /**
   * Answers of members whose status leaves the counts (admitted under 6 months, suspended,
   * exempted: the instrument's `memberStatus`), per status. They are in no other figure here.
   */
  unrated: z.optional(z.record(IdSchema, Count)),
  /** Named instruments: each member's result. */
  members: z.optional(z.array(MemberResultSchema)),
  /**
   * Anonymous cells with fewer answers than the instrument's minimum: only `responses` and
   * `expected` are kept (every score field is empty), so no answer can be traced to a person.
   */
  suppressed: z.optional(z.literal(true)),
});
/** One cell's counts. */
export type ReportUnit = z.infer<typeof ReportUnitSchema>;

/** The longest name a report's unit may carry (`scopeName`), in UTF-16 code units. */
export const MAX_SCOPE_NAME = 200;

/** A report: one cell's, or the merge of many. Units are kept per cell so any level sees every cell. */
export const ReportSchema = z.strictObject({
  /** The instrument the responses answered. */
  instrument: InstrumentRefSchema,
  /** The period. */
  period: PeriodSchema,
  /** Code of the unit that made the report (the cell, or the committee that merged). */
  scope: CellCodeSchema,
  /** Name of that unit, for people. */
  scopeName: z.optional(z.string().check(z.maxLength(MAX_SCOPE_NAME))),
  /** One entry per cell, sorted by cell code. */
  units: z.array(ReportUnitSchema),
});
/** A report. */
export type Report = z.infer<typeof ReportSchema>;

/** Adds to a count in a record, never touching inherited keys (`constructor` is a valid id). */
function bump(record: Record<string, number>, key: string, by: number): void {
  record[key] = (Object.hasOwn(record, key) ? record[key]! : 0) + by;
}

function emptyUnit(cell: string): ReportUnit {
  return {
    cell,
    responses: 0,
    total: { sum: 0, sumSq: 0 },
    histogram: new Array<number>(HISTOGRAM_BINS).fill(0),
    levels: {},
    sections: {},
    items: {},
    proposals: { same: 0, lower: 0, higher: 0 },
    gated: 0,
    disqualified: 0,
    incomplete: 0,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a cell report (or any report) from units. */
export function buildReport(
  instrument: Instrument,
  period: string,
  scope: string,
  units: ReportUnit[],
  scopeName?: string,
): Report {
  const report: Report = {
    instrument: refInstrument(instrument),
    period,
    scope,
    units: units.map((u) => suppressIfTooFew(instrument, u)).sort((a, b) => compareText(a.cell, b.cell)),
  };
  if (scopeName) report.scopeName = scopeName;
  return report;
}

/**
 * An anonymous cell with fewer answers than the minimum keeps only its counts: its scores would
 * let the level above read one or two members' answers. Participation still adds up.
 */
export function suppressIfTooFew(instrument: Instrument, unit: ReportUnit): ReportUnit {
  if (unit.suppressed || unit.responses === 0 || !isBreakdownHidden(instrument, unit.responses)) return unit;
  const out = emptyUnit(unit.cell);
  out.responses = unit.responses;
  if (unit.expected !== undefined) out.expected = unit.expected;
  out.suppressed = true;
  return out;
}

/** Why reports cannot be merged. */
export interface MergeConflict {
  code: 'instrument' | 'period' | 'report-invalid';
  message: { vi: string; en: string };
}

/**
 * A cell that came in two reports with different figures: which report's unit was kept, and which
 * report caused the conflict (a report carrying a cell that is not its own, against the cell's own
 * report), so the person is told which file to look at, never the victim.
 */
export interface MergeDuplicate {
  cell: string;
  /** The report (file name, else its scope) whose unit was kept. */
  kept: string;
  /** The report whose unit was dropped. */
  dropped: string;
  /** The report that caused the conflict, when one can be named: it carried a cell not its own. */
  culprit?: string;
  message: { vi: string; en: string };
}

/** Options of {@link mergeReports}. */
export interface MergeOptions {
  /** How each report is named to people (its file), in the order of the reports; else its scope. */
  sources?: readonly string[];
  /** The instrument, when known: the reports are checked against it too. */
  instrument?: Instrument;
}

/** A cell met again with the same figures in another report (or the same one twice): counted once. */
export interface MergeCopy {
  cell: string;
  /** The report whose unit was met first, and the one that repeats it (file names when given). */
  kept: string;
  copy: string;
}

/**
 * Merges reports into one for `scope`. Every report is checked first ({@link checkReport}); one
 * that does not hold together refuses the merge, naming it. Units are united by cell: merging is
 * associative, commutative, and the report with no units is its identity. When a cell comes twice
 * with different figures, the cell's own report (its scope is the cell) wins over one that carries
 * it; otherwise the unit with more responses is kept (ties: a fixed order). Each such cell is listed
 * in `duplicates` and explained in `conflicts`, naming the file that caused it. A cell that comes
 * again with the same figures (the same report twice) counts once; each such copy is in `copies`.
 */
export function mergeReports(
  reports: readonly Report[],
  scope: { code: string; name?: string },
  options: MergeOptions = {},
):
  | { ok: true; report: Report; duplicates: string[]; conflicts: MergeDuplicate[]; copies: MergeCopy[] }
  | { ok: false; conflict: MergeConflict } {
  const first = reports[0];
  if (!first)
    return {
      ok: false,
      conflict: { code: 'instrument', message: { vi: 'Không có báo cáo nào để gộp.', en: 'No report to merge.' } },
    };
  const nameOf = (i: number): string => options.sources?.[i] ?? (reports[i] as Report).scope;
  const byCell = new Map<string, { unit: ReportUnit; own: boolean; from: number }>();
  const conflicts = new Map<string, MergeDuplicate>();
  const copies: MergeCopy[] = [];
  for (const [i, r] of reports.entries()) {
    if (r.instrument.id !== first.instrument.id || r.instrument.version !== first.instrument.version)
      return {
        ok: false,
        conflict: {
          code: 'instrument',
          message: {
            vi: `Báo cáo của ${r.scope} dùng mẫu phiếu khác (${r.instrument.id} ${r.instrument.version}); chỉ gộp được các báo cáo cùng mẫu phiếu.`,
            en: `The report of ${r.scope} uses another instrument (${r.instrument.id} ${r.instrument.version}); only reports of one instrument merge.`,
          },
        },
      };
    if (r.period !== first.period)
      return {
        ok: false,
        conflict: {
          code: 'period',
          message: {
            vi: `Báo cáo của ${r.scope} thuộc kỳ ${r.period}, khác kỳ ${first.period}; chỉ gộp được các báo cáo cùng kỳ.`,
            en: `The report of ${r.scope} is for ${r.period}, not ${first.period}; only reports of one period merge.`,
          },
        },
      };
    const problem = checkReport(r, options.instrument);
    if (problem)
      return {
        ok: false,
        conflict: {
          code: 'report-invalid',
          message: {
            vi: `Báo cáo ${nameOf(i)} bị từ chối (${problem.path}): ${problem.message.vi}.`,
            en: `The report ${nameOf(i)} is refused (${problem.path}): ${problem.message.en}.`,
          },
        },
      };
    for (const unit of r.units) {
      // One cell is one unit however its code was spelt (`cb-0001`, `CB-0001`).
      const cell = normalizeCellCode(unit.cell);
      const mine = { unit, own: normalizeCellCode(r.scope) === cell, from: i };
      const seen = byCell.get(cell);
      if (!seen) {
        byCell.set(cell, mine);
        continue;
      }
      if (toCanonicalJson(seen.unit) === toCanonicalJson(unit)) {
        copies.push({ cell, kept: nameOf(seen.from), copy: nameOf(i) });
        if (mine.own && !seen.own) byCell.set(cell, mine);
        continue;
      }
      const keep = preferEntry(seen, mine);
      const drop = keep === seen ? mine : seen;
      byCell.set(cell, keep);
      conflicts.set(cell, duplicateOf(cell, keep, drop, nameOf));
    }
  }
  const report: Report = {
    instrument: first.instrument,
    period: first.period,
    scope: scope.code,
    units: [...byCell.values()].map((e) => e.unit).sort((a, b) => compareText(a.cell, b.cell)),
  };
  if (scope.name) report.scopeName = scope.name;
  const duplicates = [...conflicts.keys()].sort();
  return {
    ok: true,
    report,
    duplicates,
    conflicts: duplicates.map((c) => conflicts.get(c) as MergeDuplicate),
    copies,
  };
}

type Candidate = { unit: ReportUnit; own: boolean; from: number };

/** The cell's own report first; then more responses; ties by a fixed order (never by arrival). */
function preferEntry(a: Candidate, b: Candidate): Candidate {
  if (a.own !== b.own) return a.own ? a : b;
  return preferUnit(a.unit, b.unit) === a.unit ? a : b;
}

function duplicateOf(cell: string, keep: Candidate, drop: Candidate, nameOf: (i: number) => string): MergeDuplicate {
  const kept = nameOf(keep.from);
  const dropped = nameOf(drop.from);
  const n = (c: Candidate): number => c.unit.responses;
  if (keep.own && !drop.own)
    return {
      cell,
      kept,
      dropped,
      culprit: dropped,
      message: {
        vi: `${dropped} mang số liệu của chi bộ ${cell} (${n(drop)} phiếu), khác báo cáo của chính chi bộ đó (${kept}, ${n(keep)} phiếu): giữ báo cáo của chi bộ; hãy hỏi lại đơn vị gửi ${dropped}.`,
        en: `${dropped} carries figures for cell ${cell} (${n(drop)} responses) that differ from the cell's own report (${kept}, ${n(keep)} responses): the cell's own is kept; check ${dropped} with its sender.`,
      },
    };
  return {
    cell,
    kept,
    dropped,
    message: {
      vi: `Chi bộ ${cell} có số liệu khác nhau trong ${kept} (${n(keep)} phiếu, được giữ) và ${dropped} (${n(drop)} phiếu); hãy kiểm tra hai tệp này.`,
      en: `Cell ${cell} has different figures in ${kept} (${n(keep)} responses, kept) and ${dropped} (${n(drop)} responses); check these two files.`,
    },
  };
}

/** Of two different units for the same cell, the one with more responses; ties by a fixed order. */
function preferUnit(a: ReportUnit, b: ReportUnit): ReportUnit {
  if (a.responses !== b.responses) return a.responses > b.responses ? a : b;
  return toCanonicalJson(a) >= toCanonicalJson(b) ? a : b;
}

/** What a report adds up to, for a dashboard or a print: averages are computed here, never stored. */
export interface ReportSummary {
  cells: number;
  /** Every response counted, suppressed cells' included (participation). */
  responses: number;
  /** Responses whose scores the means are made of (suppressed cells left out). */
  scored: number;
  expected: number | undefined;
  /** Mean scaled total, undefined with no responses. */
  mean: number | undefined;
  /** Level of the mean total (the unit's overall result). */
  meanLevel: string | undefined;
  levels: Record<string, number>;
  histogram: number[];
  /** Per section: mean points and mean maximum. */
  sections: { id: string; mean: number; max: number }[];
  proposals: { same: number; lower: number; higher: number };
  gated: number;
  disqualified: number;
  incomplete: number;
  quota: QuotaCheck | undefined;
  /** Anonymous instruments: below the threshold, no breakdown may be shown. */
  breakdownHidden: boolean;
}

/** Adds up the units of a report (all of them, or those given). */
export function summarizeUnits(instrument: Instrument, units: readonly ReportUnit[]): ReportSummary {
  const levels: Record<string, number> = {};
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const sections = new Map<string, { points: number; max: number }>();
  const proposals = { same: 0, lower: 0, higher: 0 };
  let responses = 0;
  let scored = 0;
  let sumH = 0;
  let expected: number | undefined;
  let gated = 0;
  let disqualified = 0;
  let incomplete = 0;
  for (const u of units) {
    responses += u.responses;
    if (!u.suppressed) scored += u.responses;
    sumH += hundredthsOf(u.total.sum);
    if (u.expected !== undefined) expected = (expected ?? 0) + u.expected;
    for (const [k, v] of Object.entries(u.levels)) bump(levels, k, v);
    u.histogram.forEach((v, i) => (histogram[i]! += v));
    for (const [k, v] of Object.entries(u.sections)) {
      const t = sections.get(k) ?? { points: 0, max: 0 };
      t.points = addDecimals(t.points, v.points);
      t.max = addDecimals(t.max, v.max);
      sections.set(k, t);
    }
    proposals.same += u.proposals.same;
    proposals.lower += u.proposals.lower;
    proposals.higher += u.proposals.higher;
    gated += u.gated;
    disqualified += u.disqualified;
    incomplete += u.incomplete;
  }
  // Means count only the answers whose scores are in the report (suppressed cells have none).
  // The mean is banded as the exact fraction sum / scored and shown rounded down to hundredths
  // (the same band: level edges have at most two decimals).
  const mean = scored > 0 ? floorFraction(sumH, scored * 100) : undefined;
  return {
    cells: units.length,
    responses,
    scored,
    expected,
    mean,
    meanLevel: scored > 0 ? levelOfFraction(instrument.levels, sumH, scored * 100) : undefined,
    levels,
    histogram,
    sections: instrument.sections.map((s) => {
      const t = sections.get(s.id);
      return {
        id: s.id,
        mean: t && scored ? t.points / scored : 0,
        max: t && scored ? t.max / scored : s.max,
      };
    }),
    proposals,
    gated,
    disqualified,
    incomplete,
    // Per grassroots organisation (every unit summarised), on decided levels where recorded.
    quota: checkOrganisationQuota(instrument, units),
    breakdownHidden: isBreakdownHidden(instrument, scored),
  };
}

/** Whether an anonymous instrument's breakdown must stay hidden for this many responses. */
export function isBreakdownHidden(instrument: Instrument, responses: number): boolean {
  return instrument.anonymity === 'anonymous' && responses < (instrument.minRespondents ?? 3);
}

// The collective quota (xuất sắc ≤ 20 % of those rated Hoàn thành tốt), as the sources have it:
// checked per grassroots party organisation (sheets.md B.2: "in each grassroots party
// organisation"), i.e. over every cell of the merged report's scope, not cell by cell; and on the
// levels the cells decided (a member's computed level is only a proposal until the cell decides).
// Where a cell has not recorded its decisions, its computed levels stand in, and the check says so.
import type { Instrument, Quota } from './instrument.ts';
import type { ReportUnit } from './report.ts';
import type { LocalText } from './text.ts';
import { decimalFraction, floorDiv } from './decimal.ts';

/** Which levels a check counted. */
export type QuotaBasis = 'decided' | 'computed' | 'mixed';

/** A quota check's result. */
export interface QuotaCheck {
  level: string;
  count: number;
  base: number;
  /** The most allowed: ⌊maxShare × base⌋, computed exactly. */
  allowed: number;
  ok: boolean;
  reason: LocalText;
  /** How the instrument reads the ambiguous base, when it says (a local choice). */
  baseNote?: LocalText;
  /** Cells counted. */
  cells?: number;
  /** Whether the decided levels were counted, the computed ones, or some of each. */
  basis?: QuotaBasis;
  /** Cells whose computed levels stood in for decided ones (none recorded), sorted. */
  computedCells?: string[];
}

/** ⌊share × base⌋ exactly (0.2 × 15 is 3, never 2.9999… floored to 2). */
export function quotaAllowed(maxShare: number, base: number): number {
  const { p, q } = decimalFraction(maxShare);
  return Number(floorDiv(p * BigInt(base), q));
}

function countOf(levels: Readonly<Record<string, number>>, id: string): number {
  return Object.hasOwn(levels, id) ? (levels[id] ?? 0) : 0;
}

function checkCounts(q: Quota, levels: Readonly<Record<string, number>>): QuotaCheck {
  const count = countOf(levels, q.level);
  const base = q.of.reduce((s, id) => s + countOf(levels, id), 0);
  const allowed = quotaAllowed(q.maxShare, base);
  const out: QuotaCheck = { level: q.level, count, base, allowed, ok: count <= allowed, reason: q.reason };
  if (q.baseNote) out.baseNote = q.baseNote;
  return out;
}

/** Checks the instrument's collective quota on level counts (undefined when it has none). */
export function checkQuota(instrument: Instrument, levels: Readonly<Record<string, number>>): QuotaCheck | undefined {
  return instrument.quota ? checkCounts(instrument.quota, levels) : undefined;
}

/** A unit's decided level counts: its `decidedLevels`, else counted from its members' `decided`, else undefined. */
export function decidedLevelsOf(unit: ReportUnit): Record<string, number> | undefined {
  if (unit.decidedLevels) return unit.decidedLevels;
  const members = unit.members ?? [];
  if (members.length === 0 || members.some((m) => m.decided === undefined)) return undefined;
  const out: Record<string, number> = {};
  for (const m of members) out[m.decided!] = countOf(out, m.decided!) + 1;
  return out;
}

/**
 * The quota over every cell of a grassroots organisation (the units of its merged report), on the
 * levels each cell decided; a cell without recorded decisions counts with its computed levels and
 * is named in `computedCells`. Undefined when the instrument has no quota.
 */
export function checkOrganisationQuota(instrument: Instrument, units: readonly ReportUnit[]): QuotaCheck | undefined {
  const q = instrument.quota;
  if (!q) return undefined;
  const levels: Record<string, number> = {};
  const computedCells: string[] = [];
  let decided = 0;
  for (const u of units) {
    if (u.suppressed) continue;
    const d = decidedLevelsOf(u);
    if (d) decided += 1;
    else computedCells.push(u.cell);
    for (const [k, v] of Object.entries(d ?? u.levels)) levels[k] = countOf(levels, k) + v;
  }
  const check = checkCounts(q, levels);
  check.cells = decided + computedCells.length;
  check.basis = computedCells.length === 0 ? 'decided' : decided === 0 ? 'computed' : 'mixed';
  check.computedCells = computedCells.sort();
  return check;
}

/**
 * Records the levels a cell decided for its named members (by name): each member result gains
 * `decided`, and the unit gains `decidedLevels` when every member has one. Names not in the unit
 * are returned in `unknown`, levels not of the instrument in `invalid`: nothing is dropped silently.
 */
export function withDecidedLevels(
  instrument: Instrument,
  unit: ReportUnit,
  decided: ReadonlyMap<string, string>,
): { unit: ReportUnit; unknown: string[]; invalid: string[] } {
  const levelIds = new Set(instrument.levels.map((l) => l.id));
  const names = new Set((unit.members ?? []).map((m) => m.name));
  const unknown = [...decided.keys()].filter((n) => !names.has(n)).sort();
  const invalid = [...decided.entries()]
    .filter(([, l]) => !levelIds.has(l))
    .map(([n]) => n)
    .sort();
  const members = (unit.members ?? []).map((m) => {
    const d = decided.get(m.name);
    if (d === undefined || !levelIds.has(d)) {
      const { decided: _old, ...rest } = m;
      return rest;
    }
    return { ...m, decided: d };
  });
  const out: ReportUnit = { ...unit, members };
  delete out.decidedLevels;
  const counts = decidedLevelsOf(out);
  if (counts) out.decidedLevels = counts;
  return { unit: out, unknown, invalid };
}

/**
 * The check in words, for the CLI and the page: the counts, whether the quota is met, on which
 * levels it was counted (and which cells fell back to computed levels), and the local reading of
 * the base when the instrument gives one.
 */
export function describeQuota(check: QuotaCheck, levelName: (id: string, lang: 'vi' | 'en') => string): LocalText {
  const word = (lang: 'vi' | 'en'): string => levelName(check.level, lang);
  const cells = check.cells !== undefined ? check.cells : undefined;
  const listed =
    (check.computedCells ?? []).slice(0, 10).join(', ') + ((check.computedCells?.length ?? 0) > 10 ? ', …' : '');
  const basis = {
    vi:
      check.basis === 'decided'
        ? 'tính trên mức chi bộ đã quyết định'
        : check.basis === 'computed'
          ? 'tính trên mức tính được từ phiếu, vì chưa chi bộ nào ghi mức đã quyết định'
          : check.basis === 'mixed'
            ? `tính trên mức chi bộ đã quyết định; ${check.computedCells?.length ?? 0} chi bộ chưa ghi nên dùng mức tính được (${listed})`
            : 'tính trên mức tính được từ phiếu',
    en:
      check.basis === 'decided'
        ? 'counted on the levels the cells decided'
        : check.basis === 'computed'
          ? 'counted on the levels computed from the forms, as no cell has recorded its decided levels'
          : check.basis === 'mixed'
            ? `counted on the decided levels; ${check.computedCells?.length ?? 0} cells recorded none, so their computed levels stand in (${listed})`
            : 'counted on the levels computed from the forms',
  };
  const scope = {
    vi: cells !== undefined ? ` trong toàn tổ chức cơ sở (${cells} chi bộ)` : '',
    en: cells !== undefined ? ` across the grassroots organisation (${cells} cells)` : '',
  };
  const note = check.baseNote;
  return {
    vi:
      `${word('vi')}: ${check.count} người, tối đa ${check.allowed} (trên ${check.base} người làm cơ số)${scope.vi}: ` +
      `${check.ok ? 'đạt hạn mức' : 'VƯỢT hạn mức'}; ${basis.vi}.` +
      (note ? ` Cách hiểu cơ số (quy ước của đơn vị): ${note.vi}` : ''),
    en:
      `${word('en')}: ${check.count}, at most ${check.allowed} (of a base of ${check.base})${scope.en}: ` +
      `${check.ok ? 'within the quota' : 'OVER the quota'}; ${basis.en}.` +
      (note ? ` Reading of the base (a local choice): ${note.en ?? note.vi}` : ''),
  };
}

// Checks a report against itself before anything is merged: a report arrives from another unit
// and may be forged or damaged, and its figures become the level above's. A report that fails any
// check is refused with the first reason found (the JSON path and a plain explanation); nothing in
// it is merged. Pure: the instrument, when the reader knows it, is passed in.
import type { Instrument } from './instrument.ts';
import type { Report, ReportUnit } from './report.ts';
import type { Message } from './text.ts';

/** Largest scaled total accepted in a report whose instrument the reader does not know (a local choice). */
export const UNKNOWN_SCALE_LIMIT = 1_000_000;

/** Why a report does not hold together: where, and what is wrong. */
export interface ReportProblem {
  /** JSON path inside the report's payload, e.g. `units[2].levels`. */
  path: string;
  message: Message;
}

/**
 * Slack allowed when sums of points (binary floats of hundredths, added per response) are compared
 * with what counts allow: a millionth of the larger side, never less than 1e-6.
 */
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}
/** a ≤ b with the same slack. */
function atMost(a: number, b: number): boolean {
  return a <= b || near(a, b);
}

function sumOf(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function problem(path: string, vi: string, en: string): ReportProblem {
  return { path, message: { vi, en } };
}

/** The checks on one unit; `max` is the instrument's maxScore when known. */
function checkUnit(u: ReportUnit, at: string, instrument: Instrument | undefined): ReportProblem | undefined {
  const n = u.responses;
  const cell = u.cell;
  if (u.expected !== undefined && n > u.expected)
    return problem(
      `${at}.responses`,
      `chi bộ ${cell} có ${n} phiếu, nhiều hơn số đảng viên dự kiến (${u.expected})`,
      `cell ${cell} has ${n} responses, more than the ${u.expected} members expected`,
    );
  const levelCount = sumOf(Object.values(u.levels));
  const histogramCount = sumOf(u.histogram);
  if (u.suppressed) {
    // A suppressed unit keeps only its counts: any score left in it is not what a writer makes.
    const empty =
      levelCount === 0 &&
      histogramCount === 0 &&
      u.total.sum === 0 &&
      u.total.sumSq === 0 &&
      u.total.min === undefined &&
      u.total.max === undefined &&
      Object.keys(u.sections).length === 0 &&
      Object.keys(u.items).length === 0 &&
      u.members === undefined;
    if (!empty)
      return problem(
        at,
        `chi bộ ${cell} được ẩn chi tiết (quá ít phiếu) nhưng vẫn mang điểm`,
        `cell ${cell} is marked hidden (too few answers) yet carries scores`,
      );
    return undefined;
  }
  if (levelCount !== n)
    return problem(
      `${at}.levels`,
      `chi bộ ${cell}: tổng số theo xếp loại là ${levelCount}, khác số phiếu ${n}`,
      `cell ${cell}: the level counts add up to ${levelCount}, not the ${n} responses`,
    );
  if (histogramCount !== n)
    return problem(
      `${at}.histogram`,
      `chi bộ ${cell}: biểu đồ điểm đếm ${histogramCount} phiếu, khác số phiếu ${n}`,
      `cell ${cell}: the score histogram counts ${histogramCount}, not the ${n} responses`,
    );
  const { sum, sumSq, min, max } = u.total;
  if (instrument) {
    for (const id of Object.keys(u.levels))
      if (!instrument.levels.some((l) => l.id === id))
        return problem(
          `${at}.levels.${id}`,
          `chi bộ ${cell}: mức xếp loại "${id}" không có trong mẫu phiếu`,
          `cell ${cell}: level "${id}" is not one of the instrument's`,
        );
  }
  if (n === 0) {
    if (sum !== 0 || sumSq !== 0 || min !== undefined || max !== undefined)
      return problem(
        `${at}.total`,
        `chi bộ ${cell} không có phiếu nhưng có tổng điểm`,
        `cell ${cell} has no response yet has a total`,
      );
    return undefined;
  }
  if (min === undefined || max === undefined)
    return problem(
      `${at}.total`,
      `chi bộ ${cell}: thiếu điểm thấp nhất hoặc cao nhất`,
      `cell ${cell}: the lowest or highest total is missing`,
    );
  // Without the instrument, a scale no instrument of ours comes near (a local bound): 1e308 is no score.
  const top = instrument?.maxScore ?? UNKNOWN_SCALE_LIMIT;
  if (min < 0 || !atMost(max, top))
    return problem(
      `${at}.total`,
      `chi bộ ${cell}: điểm nằm ngoài thang điểm (${min} đến ${max}, thang ${top})`,
      `cell ${cell}: totals outside the scale (${min} to ${max}, scale ${top})`,
    );
  const mean = sum / n;
  if (!(atMost(min, max) && atMost(min, mean) && atMost(mean, max)))
    return problem(
      `${at}.total`,
      `chi bộ ${cell}: điểm thấp nhất ≤ trung bình ≤ cao nhất không đúng (${min}, ${mean}, ${max})`,
      `cell ${cell}: lowest ≤ mean ≤ highest does not hold (${min}, ${mean}, ${max})`,
    );
  // Squares: n·min² ≤ Σx² ≤ n·max², and Σx² ≥ (Σx)²/n (a variance is never negative).
  if (!(atMost(n * min * min, sumSq) && atMost(sumSq, n * max * max) && atMost((sum * sum) / n, sumSq)))
    return problem(
      `${at}.total.sumSq`,
      `chi bộ ${cell}: tổng bình phương điểm không khớp với tổng điểm`,
      `cell ${cell}: the sum of squared totals does not fit the totals`,
    );
  const p = u.proposals;
  for (const [name, count] of [
    ['proposals', p.same + p.lower + p.higher],
    ['gated', u.gated],
    ['disqualified', u.disqualified],
    ['incomplete', u.incomplete],
  ] as const)
    if (count > n)
      return problem(
        `${at}.${name}`,
        `chi bộ ${cell}: ${count} phiếu ở mục "${name}", nhiều hơn số phiếu ${n}`,
        `cell ${cell}: ${count} responses under "${name}", more than the ${n} responses`,
      );
  for (const [id, s] of Object.entries(u.sections)) {
    const bound = instrument?.sections.find((x) => x.id === id)?.max;
    if (s.points < 0 || !atMost(s.points, s.max) || (bound !== undefined && !atMost(s.max, n * bound)))
      return problem(
        `${at}.sections.${id}`,
        `chi bộ ${cell}: điểm phần "${id}" vượt điểm tối đa`,
        `cell ${cell}: the points of section "${id}" exceed its maximum`,
      );
  }
  for (const [id, t] of Object.entries(u.items)) {
    const counted = sumOf(Object.values(t.values ?? {}));
    if (t.answered + t.na > n || counted > t.answered || t.points < 0 || !atMost(t.points, t.max))
      return problem(
        `${at}.items.${id}`,
        `chi bộ ${cell}: số liệu câu "${id}" vượt số phiếu hoặc điểm tối đa`,
        `cell ${cell}: the figures of item "${id}" exceed the responses or the maximum`,
      );
  }
  if (u.members) {
    if (u.members.length > n)
      return problem(
        `${at}.members`,
        `chi bộ ${cell}: danh sách có ${u.members.length} đảng viên, nhiều hơn số phiếu ${n}`,
        `cell ${cell}: ${u.members.length} members listed, more than the ${n} responses`,
      );
    const outside = u.members.findIndex((m) => !atMost(min, m.total) || !atMost(m.total, max));
    if (outside >= 0)
      return problem(
        `${at}.members[${outside}].total`,
        `chi bộ ${cell}: điểm của một đảng viên nằm ngoài khoảng thấp nhất – cao nhất`,
        `cell ${cell}: a member's total lies outside the lowest–highest range`,
      );
  }
  return undefined;
}

/**
 * Checks a report against itself (and its instrument when known): every unit's level counts and
 * histogram add up to its responses, sums are within what the counts allow (lowest ≤ mean ≤
 * highest, squares consistent, totals on the scale), no count exceeds the responses, responses
 * do not exceed the expected count, each cell appears once, and a cell's own report (its scope is
 * one of its cells) holds that unit only. Undefined when the report holds together.
 */
export function checkReport(report: Report, instrument?: Instrument): ReportProblem | undefined {
  const seen = new Set<string>();
  for (const [i, u] of report.units.entries()) {
    if (seen.has(u.cell))
      return problem(
        `units[${i}].cell`,
        `chi bộ ${u.cell} có mặt hai lần trong một báo cáo`,
        `cell ${u.cell} appears twice in one report`,
      );
    seen.add(u.cell);
  }
  if (seen.has(report.scope) && report.units.length > 1) {
    const other = report.units.find((u) => u.cell !== report.scope)?.cell ?? '';
    return problem(
      'units',
      `báo cáo của chi bộ ${report.scope} chỉ được có số liệu của chính chi bộ đó, nhưng có cả của ${other}`,
      `the report of cell ${report.scope} may only hold that cell's figures, yet it holds ${other}'s too`,
    );
  }
  for (const [i, u] of report.units.entries()) {
    const found = checkUnit(u, `units[${i}]`, instrument);
    if (found) return found;
  }
  return undefined;
}

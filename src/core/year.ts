// A year's result from its monthly meeting sheets, as the sources have it (sheets.md A.3, Form A-2,
// Phú Thọ): a Tốt year needs every regular meeting at Khá or better and at least 7 at Tốt; a Khá
// year needs every one at Trung bình or better. The rest of that sentence was cut off in the source:
// what the year is when neither holds was not seen. So:
// - a year with missing months gives no level: it lists the months missing;
// - when every month is in and no seen rule holds, the year has no level unless the instrument sets
//   `otherwise`, which is then shown as a local choice, never as the source's rule;
// - a rule the source states only in part (`partial`: the Khá sentence is cut off, so "every month at
//   Trung bình or better" is known to be needed, not to be enough) gives its level only where the
//   instrument's `partialRules` is `local-level`, and then as a local reading; otherwise none.
// A member's year from quarters: the sources give no rule; no year level unless the instrument
// sets `yearFromQuarters`, a local choice shown as such.
import type { InstrumentCatalog } from './bundle.ts';
import type { Instrument } from './instrument.ts';
import { compareVersions } from './instrument-ref.ts';
import { levelRank } from './scoring.ts';
import type { LocalText } from './text.ts';

/** One period's level (a month's sheet, a member's quarter). `level` undefined: present but without a level. */
export interface PeriodLevel {
  period: string;
  level: string | undefined;
}

/** How a year came out. */
export type YearOutcome =
  /** One of the instrument's rules (from the source) holds: `rule` is its index. */
  | { kind: 'level'; level: string; by: 'rule'; rule: number }
  /**
   * Every period is in and the instrument's local setting gives this level: `otherwise` (no rule
   * holds), or a rule the source states only in part (`rule` is its index) read as enough.
   */
  | { kind: 'level'; level: string; by: 'local'; rule?: number }
  /** Periods are missing: no level until they are in. */
  | { kind: 'missing'; missing: string[] }
  /** Every period is in but no rule holds and there is no local setting: no level. */
  | { kind: 'no-rule' };

/** A year's view: what is in, what is missing, the result and its reason in words. */
export interface YearView {
  year: string;
  /** The periods present, sorted, each with its level. */
  present: PeriodLevel[];
  /** Periods of the year with nothing in, sorted. */
  missing: string[];
  /** Periods present more than once (should be one sheet each): counted once, with the lowest level. */
  repeated: string[];
  /** How many periods a full year has. */
  needed: number;
  outcome: YearOutcome;
  reason: LocalText;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const QUARTERS = ['Q1', 'Q2', 'Q3', 'Q4'];

/** The periods of a year, the present ones (lowest level kept when one repeats), and the missing. */
function collect(
  instrument: Instrument,
  year: string,
  suffixes: readonly string[],
  entries: readonly PeriodLevel[],
): { present: PeriodLevel[]; missing: string[]; repeated: string[] } {
  const all = suffixes.map((s) => `${year}-${s}`);
  const byPeriod = new Map<string, { level: string | undefined; n: number }>();
  for (const e of entries) {
    if (!all.includes(e.period)) continue;
    const seen = byPeriod.get(e.period);
    if (!seen) byPeriod.set(e.period, { level: e.level, n: 1 });
    else {
      seen.n += 1;
      // Two sheets for one month: the lower level counts (never the more favourable one).
      const rank = (id: string): number => levelRank(instrument.levels, id);
      if (e.level !== undefined && (seen.level === undefined || rank(e.level) > rank(seen.level))) seen.level = e.level;
    }
  }
  const present = all.filter((p) => byPeriod.has(p)).map((p) => ({ period: p, level: byPeriod.get(p)!.level }));
  const missing = all.filter((p) => !byPeriod.has(p) || byPeriod.get(p)!.level === undefined);
  const repeated = all.filter((p) => (byPeriod.get(p)?.n ?? 0) > 1);
  return { present, missing, repeated };
}

function list(periods: readonly string[]): string {
  return periods.map((p) => p.slice(5)).join(', ');
}

/**
 * The instrument a year is read by: the newest version of `instrument`'s id that the catalog knows
 * (`instrument` itself when it knows none newer). A year rule says how the source rates a year, not
 * how one sheet was scored, so the newest reading of it counts for every year, whatever version each
 * month's sheet was filled on (a year begun on 2026.1 and finished on 2026.2 is read by 2026.2).
 */
export function yearInstrumentOf(catalog: InstrumentCatalog, instrument: Instrument): Instrument {
  let newest = instrument;
  for (const other of catalog.versions(instrument.id))
    if (compareVersions(other.version, newest.version) > 0) newest = other;
  return newest;
}

/**
 * The year from monthly sheets (instruments with `yearFromMonths`); undefined for others.
 * `entries` may hold any periods: those outside the year are ignored.
 */
export function yearOfMonths(
  instrument: Instrument,
  year: string,
  entries: readonly PeriodLevel[],
): YearView | undefined {
  const y = instrument.yearFromMonths;
  if (!y) return undefined;
  const { present, missing, repeated } = collect(instrument, year, MONTHS, entries);
  const needed = y.months;
  const name = (id: string): LocalText => instrument.levels.find((l) => l.id === id)?.label ?? { vi: id };
  const base = { year, present, missing, repeated, needed };
  const levels = present.flatMap((p) => (p.level === undefined ? [] : [p.level]));
  // Fewer months than the year has: the rules ("every meeting of the year") cannot be applied.
  if (levels.length < needed) {
    const named = needed === 12 ? missing : [];
    return {
      ...base,
      outcome: { kind: 'missing', missing: named },
      reason: {
        vi:
          `Chưa xếp loại năm ${year}: có ${levels.length}/${needed} tháng` +
          (named.length ? `, thiếu tháng ${list(named)}.` : '.'),
        en:
          `No year result for ${year} yet: ${levels.length} of ${needed} months in` +
          (named.length ? `, missing ${list(named)}.` : '.'),
      },
    };
  }
  const rank = (id: string): number => levelRank(instrument.levels, id);
  for (const [i, rule] of y.rules.entries()) {
    if (rule.allAtLeast !== undefined && levels.some((l) => rank(l) > rank(rule.allAtLeast!))) continue;
    if (rule.count !== undefined && rule.countLevel !== undefined) {
      if (levels.filter((l) => rank(l) <= rank(rule.countLevel!)).length < rule.count) continue;
    }
    const n = name(rule.level);
    const parts = {
      vi: [
        rule.allAtLeast !== undefined ? `mọi tháng từ ${name(rule.allAtLeast).vi} trở lên` : '',
        rule.count !== undefined && rule.countLevel !== undefined
          ? `ít nhất ${rule.count} tháng ${name(rule.countLevel).vi}`
          : '',
      ].filter(Boolean),
      en: [
        rule.allAtLeast !== undefined
          ? `every month ${name(rule.allAtLeast).en ?? name(rule.allAtLeast).vi} or better`
          : '',
        rule.count !== undefined && rule.countLevel !== undefined
          ? `at least ${rule.count} months ${name(rule.countLevel).en ?? name(rule.countLevel).vi}`
          : '',
      ].filter(Boolean),
    };
    if (rule.partial) {
      // Met, but only a part of the source's rule is known: a level only as a local reading.
      const vi = parts.vi.join(', ');
      const en = parts.en.join(', ');
      if (y.partialRules === 'local-level')
        return {
          ...base,
          outcome: { kind: 'level', level: rule.level, by: 'local', rule: i },
          reason: {
            vi:
              `Năm ${year}: ${n.vi}, theo cách hiểu của đơn vị (${vi}). Nguồn chỉ cho thấy đây là điều kiện ` +
              `cần của mức ${n.vi}; phần còn lại của quy định không đọc được, đơn vị coi điều kiện này là đủ.`,
            en:
              `${year}: ${n.en ?? n.vi}, by this unit's reading (${en}). The source shows this only as a ` +
              `condition ${n.en ?? n.vi} needs; the rest of its rule could not be read, and this unit takes the condition as enough.`,
          },
        };
      return {
        ...base,
        outcome: { kind: 'no-rule' },
        reason: {
          vi:
            `Năm ${year}: đủ tháng và thỏa điều kiện cần của mức ${n.vi} mà nguồn nêu (${vi}), nhưng phần ` +
            `còn lại của quy định không đọc được trong nguồn, nên không tự xếp.`,
          en:
            `${year}: every month is in and meets what the source says ${n.en ?? n.vi} needs (${en}), ` +
            `but the rest of its rule could not be read, so none is given.`,
        },
      };
    }
    return {
      ...base,
      outcome: { kind: 'level', level: rule.level, by: 'rule', rule: i },
      reason: {
        vi: `Năm ${year}: ${n.vi} (${parts.vi.join(', ')}).`,
        en: `${year}: ${n.en ?? n.vi} (${parts.en.join(', ')}).`,
      },
    };
  }
  if (y.otherwise !== undefined) {
    const n = name(y.otherwise);
    return {
      ...base,
      outcome: { kind: 'level', level: y.otherwise, by: 'local' },
      reason: {
        vi: `Năm ${year}: ${n.vi}, theo quy ước của đơn vị khi không điều kiện nào của nguồn thỏa (nguồn không nêu trường hợp này).`,
        en: `${year}: ${n.en ?? n.vi}, by this unit's local setting for when no condition of the source holds (the source does not cover this case).`,
      },
    };
  }
  return {
    ...base,
    outcome: { kind: 'no-rule' },
    reason: {
      vi: `Năm ${year}: đủ tháng nhưng không thỏa điều kiện nào của nguồn; nguồn không nêu xếp loại trong trường hợp này, nên không tự xếp.`,
      en: `${year}: every month is in but no condition of the source holds; the source does not say what the year is then, so none is given.`,
    },
  };
}

/**
 * A member's year from quarterly self-assessments. The sources give no rule: no level unless the
 * instrument sets `yearFromQuarters` (a local choice, shown as such). Undefined for instruments
 * that are not answered by quarter.
 */
export function yearOfQuarters(
  instrument: Instrument,
  year: string,
  entries: readonly PeriodLevel[],
): YearView | undefined {
  if (!instrument.periods.includes('quarter')) return undefined;
  const { present, missing, repeated } = collect(instrument, year, QUARTERS, entries);
  const base = { year, present, missing, repeated, needed: 4 };
  const setting = instrument.yearFromQuarters;
  const levels = present.flatMap((p) => (p.level === undefined ? [] : [p.level]));
  if (!setting)
    return {
      ...base,
      outcome: { kind: 'no-rule' },
      reason: {
        vi: `Năm ${year}: ${levels.length}/4 quý. Các văn bản không quy định cách tính xếp loại năm từ các quý, nên không tự xếp.`,
        en: `${year}: ${levels.length} of 4 quarters. The sources give no rule for a year from quarters, so none is given.`,
      },
    };
  if (levels.length < 4)
    return {
      ...base,
      outcome: { kind: 'missing', missing },
      reason: {
        vi: `Chưa xếp loại năm ${year}: có ${levels.length}/4 quý, thiếu ${list(missing)}.`,
        en: `No year result for ${year} yet: ${levels.length} of 4 quarters in, missing ${list(missing)}.`,
      },
    };
  // 'lowest': the year is the lowest quarter (nothing is rated above what a quarter showed).
  const level = levels.reduce((a, b) => (levelRank(instrument.levels, b) > levelRank(instrument.levels, a) ? b : a));
  const n = instrument.levels.find((l) => l.id === level)?.label ?? { vi: level };
  return {
    ...base,
    outcome: { kind: 'level', level, by: 'local' },
    reason: {
      vi: `Năm ${year}: ${n.vi}, mức thấp nhất của bốn quý, theo quy ước của đơn vị (các văn bản không quy định cách tính này).`,
      en: `${year}: ${n.en ?? n.vi}, the lowest of the four quarters, by this unit's local setting (the sources give no such rule).`,
    },
  };
}

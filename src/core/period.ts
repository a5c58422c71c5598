import { isPeriod } from './patterns.ts';
import type { Granularity } from './instrument.ts';
import type { Lang } from './text.ts';

/** A period string: `2026`, `2026-Q4` or `2026-11` (schema in fields.ts). */
export type Period = string;

/** A period taken apart. `index` is the quarter (1–4) or month (1–12); 1 for a year. */
export interface PeriodParts {
  year: number;
  granularity: Granularity;
  index: number;
}

/** Takes a period string apart; undefined when it is not one. */
export function parsePeriod(period: string): PeriodParts | undefined {
  if (!isPeriod(period)) return undefined;
  const year = Number(period.slice(0, 4));
  if (period.length === 4) return { year, granularity: 'year', index: 1 };
  if (period[5] === 'Q') return { year, granularity: 'quarter', index: Number(period.slice(6)) };
  return { year, granularity: 'month', index: Number(period.slice(5)) };
}

/** Writes a period from its parts. */
export function formatPeriod(p: PeriodParts): Period {
  if (p.granularity === 'year') return String(p.year);
  if (p.granularity === 'quarter') return `${p.year}-Q${p.index}`;
  return `${p.year}-${String(p.index).padStart(2, '0')}`;
}

/** The period of a granularity that contains a calendar date (the clock is the caller's). */
export function periodOfDate(granularity: Granularity, date: { year: number; month: number }): Period {
  const index = granularity === 'year' ? 1 : granularity === 'quarter' ? Math.ceil(date.month / 3) : date.month;
  return formatPeriod({ year: date.year, granularity, index });
}

/** The period `steps` periods after (negative: before) the given one. */
export function shiftPeriod(period: Period, steps: number): Period {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`not a period: ${period}`);
  const per = p.granularity === 'year' ? 1 : p.granularity === 'quarter' ? 4 : 12;
  const n = p.year * per + (p.index - 1) + steps;
  return formatPeriod({ year: Math.floor(n / per), granularity: p.granularity, index: (n % per) + 1 });
}

/** Orders periods of the same granularity in time (usable with Array#sort). */
export function comparePeriods(a: Period, b: Period): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The granularity of a period string, or undefined. */
export function granularityOf(period: string): Granularity | undefined {
  return parsePeriod(period)?.granularity;
}

/** How a period reads to people: "Quý IV/2026", "Tháng 11/2026", "Năm 2026" (or English). */
export function formatPeriodLabel(period: Period, lang: Lang): string {
  const p = parsePeriod(period);
  if (!p) return period;
  const roman = ['I', 'II', 'III', 'IV'];
  if (lang === 'en') {
    if (p.granularity === 'year') return `Year ${p.year}`;
    if (p.granularity === 'quarter') return `Q${p.index} ${p.year}`;
    return `${String(p.index).padStart(2, '0')}/${p.year}`;
  }
  if (p.granularity === 'year') return `Năm ${p.year}`;
  if (p.granularity === 'quarter') return `Quý ${roman[p.index - 1] ?? p.index}/${p.year}`;
  return `Tháng ${p.index}/${p.year}`;
}

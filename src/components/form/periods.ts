// The periods offered in the form's period picker (build time; the island adds the device's
// current period if the site is older than the clock).
import type { Granularity } from '../../core/instrument.ts';
import { formatPeriod, formatPeriodLabel } from '../../core/period.ts';
import type { Lang } from '../../core/text.ts';

/** A group of periods of one granularity, newest first. */
export interface PeriodGroup {
  granularity: Granularity;
  options: { value: string; label: string }[];
}

/** Periods from `fromYear` to `toYear`, newest first, grouped by granularity. */
export function listPeriodOptions(
  granularities: readonly Granularity[],
  fromYear: number,
  toYear: number,
  lang: Lang,
): PeriodGroup[] {
  return granularities.map((granularity) => {
    const options: { value: string; label: string }[] = [];
    const per = granularity === 'year' ? 1 : granularity === 'quarter' ? 4 : 12;
    for (let year = toYear; year >= fromYear; year--) {
      for (let index = per; index >= 1; index--) {
        const value = formatPeriod({ year, granularity, index });
        options.push({ value, label: formatPeriodLabel(value, lang) });
      }
    }
    return { granularity, options };
  });
}

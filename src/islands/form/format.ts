// Small formatting helpers shared by the static pages (build time) and the form island.
import type { Lang } from '../../core/text.ts';

/**
 * A number as people of the language write it (1,5 in Vietnamese), at most 2 decimals. Written
 * by hand: the first Intl.NumberFormat of a page loads locale data, tens of milliseconds on a
 * cheap phone, and scores never reach the thousands that would need grouping.
 */
export function formatNumber(value: number, lang: Lang): string {
  const text = String(Math.round(value * 100) / 100);
  return lang === 'vi' ? text.replace('.', ',') : text;
}

/** A share 0–1 as a percentage. */
export function formatPercent(value: number, lang: Lang): string {
  return `${formatNumber(value * 100, lang)}%`;
}

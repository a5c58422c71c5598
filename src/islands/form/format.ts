// Small formatting helpers shared by the static pages (build time) and the form island.
import type { Lang } from '../../core/text.ts';
import { parseTypedNumber, type NumberSeparators, type NumberTextResult } from '../../core/number-text.ts';

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

const separatorCache = new Map<Lang, NumberSeparators>();

/**
 * The language's decimal and group separators, from Intl (core takes them as parameters). Read
 * lazily, the first time a typed number has a separator in it (see formatNumber on Intl's cost).
 */
export function separatorsFor(lang: Lang): NumberSeparators {
  let s = separatorCache.get(lang);
  if (!s) {
    const parts = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').formatToParts(12345.6);
    s = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? (lang === 'vi' ? ',' : '.'),
      group: parts.find((p) => p.type === 'group')?.value ?? (lang === 'vi' ? '.' : ','),
    };
    separatorCache.set(lang, s);
  }
  return s;
}

/** A number typed in a field, read as people write it ("1,5" and "1.5" alike); plain digits skip Intl. */
export function readTypedNumber(text: string, lang: Lang): NumberTextResult {
  const t = text.trim();
  if (/^\d{1,15}$/.test(t)) return { ok: true, value: Number(t) };
  return parseTypedNumber(t, separatorsFor(lang));
}

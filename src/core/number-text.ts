// Numbers as people type them. "1,5" and "1.5" are both one and a half; thousands are grouped with
// the page language's group separator (the caller reads both separators from
// Intl.NumberFormat(locale).formatToParts: core has no locale). Anything that cannot be read one
// way only is refused with what to type instead: "1,5" never becomes 15, "1.2.3" never becomes 123.

/** The separators of the page's language (vi: decimal ",", group "."; en: decimal ".", group ","). */
export interface NumberSeparators {
  decimal: string;
  group: string;
}

/** What a field accepts. */
export interface NumberRules {
  /** Whole numbers only ("1,5" is refused). Default false. */
  integer?: boolean;
  /** Most decimals accepted (default 2: points and shares are written with at most two). */
  maxDecimals?: number;
  min?: number;
  max?: number;
}

/** Why a typed number was refused. */
export type NumberTextProblem = 'unreadable' | 'not-integer' | 'too-many-decimals' | 'out-of-range';

/** A typed number read: its value, or why not (empty text is `empty`, not an error). */
export type NumberTextResult =
  { ok: true; value: number } | { ok: false; empty: true } | { ok: false; empty: false; problem: NumberTextProblem };

const SPACES = /[\s\u00a0\u202f\u2009]/g;

/** Whether `parts` (split at a group separator) are proper thousands groups: 1–3 digits, then 3s. */
function isGrouped(parts: string[]): boolean {
  return parts.length > 1 && /^\d{1,3}$/.test(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}

/**
 * Reads a number typed by a person. Both "," and "." are read as the decimal mark; the language's
 * group separator also groups thousands when it does so properly ("1.234.567" in Vietnamese,
 * "1,234" in English; a single separator before exactly three digits is read the language's way).
 * Spaces between digit groups are ignored; a leading "-" or "−" makes it negative.
 */
export function parseTypedNumber(
  text: string,
  separators: NumberSeparators,
  rules: NumberRules = {},
): NumberTextResult {
  let s = text.normalize('NFKC').replace(SPACES, '');
  if (s === '') return { ok: false, empty: true };
  const refuse = (problem: NumberTextProblem): NumberTextResult => ({ ok: false, empty: false, problem });
  let sign = '';
  if (/^[-\u2212]/.test(s)) {
    sign = '-';
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  const group = separators.group.replace(SPACES, '');
  // Only digits and the two marks (and the language's own group mark, if it is another character).
  const allowed = new Set(['.', ',', ...(group && group.length === 1 ? [group] : [])]);
  if (s === '' || [...s].some((c) => !/\d/.test(c) && !allowed.has(c))) return refuse('unreadable');
  const marks = [...new Set([...s].filter((c) => !/\d/.test(c)))];
  let whole: string;
  let frac = '';
  if (marks.length === 0) whole = s;
  else if (marks.length === 2) {
    // Both marks: the last one is the decimal mark and appears once; the other groups thousands.
    const last = s[Math.max(s.lastIndexOf('.'), s.lastIndexOf(','))]!;
    const other = marks.find((m) => m !== last)!;
    const at = s.lastIndexOf(last);
    if (s.indexOf(last) !== at) return refuse('unreadable');
    const head = s.slice(0, at);
    if (!isGrouped(head.split(other))) return refuse('unreadable');
    whole = head.split(other).join('');
    frac = s.slice(at + 1);
    if (!/^\d+$/.test(frac)) return refuse('unreadable');
  } else if (marks.length === 1) {
    const mark = marks[0]!;
    const parts = s.split(mark);
    if (parts.length > 2) {
      // The same mark several times: only thousands grouping reads that way ("1.234.567").
      if (!isGrouped(parts)) return refuse('unreadable');
      whole = parts.join('');
    } else if (mark === group && isGrouped(parts)) {
      whole = parts.join(''); // "1.500" in Vietnamese, "1,500" in English: fifteen hundred
    } else {
      [whole, frac] = parts as [string, string];
      if (!/^\d+$/.test(frac)) return refuse('unreadable'); // "1," or "1.": say what to type
      if (whole === '') whole = '0'; // ",5" is 0,5
    }
  } else return refuse('unreadable');
  if (!/^\d+$/.test(whole)) return refuse('unreadable');
  const decimals = frac.replace(/0+$/, '');
  if (rules.integer && decimals.length > 0) return refuse('not-integer');
  if (decimals.length > (rules.maxDecimals ?? 2)) return refuse('too-many-decimals');
  const value = Number(`${sign}${whole}${decimals ? `.${decimals}` : ''}`);
  if (!Number.isFinite(value)) return refuse('unreadable');
  const clean = Object.is(value, -0) ? 0 : value;
  if ((rules.min !== undefined && clean < rules.min) || (rules.max !== undefined && clean > rules.max))
    return refuse('out-of-range');
  return { ok: true, value: clean };
}

/** A number written for a person with the language's decimal mark and no grouping ("1,5", "1500"). */
export function writeTypedNumber(value: number, separators: NumberSeparators): string {
  return String(value).replace('.', separators.decimal);
}

// The shapes of the small strings files carry, as regular expressions: shared by the schemas
// (fields.ts) and by code that must check a string without loading any schema (the form page).

/** Ids of items, sections, options, levels and metrics. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9.-]{0,63}$/;
/** A year (`2026`), a quarter (`2026-Q4`) or a month (`2026-11`). */
export const PERIOD_PATTERN = /^(19|20|21)[0-9]{2}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
/** A cell code as the secretary gives it out: letters (with diacritics), digits, space, `.-_/`. */
export const CELL_CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/]{0,63}$/u;
/** `sha256:` and 64 hex digits: an instrument definition's hash (instrument-ref.ts). */
export const DEFINITION_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** A random response id. */
export const RESPONSE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** Whether a string is a valid cell code. */
export function isCellCode(text: string): boolean {
  return CELL_CODE_PATTERN.test(text);
}

/** Whether a string is a valid period. */
export function isPeriod(text: string): boolean {
  return PERIOD_PATTERN.test(text);
}

/** Characters that show nothing: zero-width, joiners, direction marks and overrides, BOM, soft hyphen. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
/** Dashes of every kind (hyphen, non-breaking hyphen, en and em dash, minus, small/full-width hyphen). */
const DASHES = /[\p{Pd}\u2212]/gu;

/**
 * A cell (or unit) code in its one canonical form, so one cell never splits in two: invisible
 * characters dropped, compatibility forms folded (NFKC: full-width `ＣＢ－０１` → `CB-01`), every
 * dash made `-`, runs of spaces made one, trimmed, upper case, NFC. `cb‑0001 ` and `CB-0001` are
 * one code. The result may still be invalid ({@link isCellCode} says).
 */
export function normalizeCellCode(text: string): string {
  // A province's files name its 2,000 cells again and again: each spelling is worked out once.
  const known = NORMALIZED.get(text);
  if (known !== undefined) return known;
  const code = normalizeUncached(text);
  if (NORMALIZED.size >= 8192) NORMALIZED.clear();
  NORMALIZED.set(text, code);
  return code;
}

const NORMALIZED = new Map<string, string>();

function normalizeUncached(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim()
    .toUpperCase()
    .normalize('NFC');
}

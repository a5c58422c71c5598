// The shapes of the small strings files carry, as regular expressions: shared by the schemas
// (fields.ts) and by code that must check a string without loading any schema (the form page).

/** Ids of items, sections, options, levels and metrics. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9.-]{0,63}$/;
/** A year (`2026`), a quarter (`2026-Q4`) or a month (`2026-11`). */
export const PERIOD_PATTERN = /^(19|20|21)[0-9]{2}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
/** A cell code as the secretary gives it out: letters (with diacritics), digits, space, `.-_/`. */
export const CELL_CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._\-/]{0,63}$/u;
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

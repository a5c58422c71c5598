// A look at a large JSON text's shape before JSON.parse, whose memory grows with the number of
// arrays and objects, not the bytes: 30 MB of "[[[[…" took 7 s and 1.6 GB to parse, 30 MB of
// "[{},{},…" 6 s and 1.1 GB. A text nested deeper or holding more of them than any file the app
// writes is refused before it is parsed. Pure; one pass over the text, no copy.

/** Texts up to this many UTF-16 units are parsed without a look (at most ~130,000 containers). */
export const SHAPE_CHECK_FROM = 256 * 1024;
/** Deeper than any file the app writes: a report is 7 levels deep, a response or backup less. */
export const MAX_JSON_DEPTH = 64;
/**
 * More arrays and objects than the largest file the app may write holds: a province's report has
 * one per ~56 bytes (186,815 in 10.5 MB), so a report of the 32 MB limit ~600,000.
 */
export const MAX_JSON_CONTAINERS = 1_500_000;

/** Whether a JSON text stays within {@link MAX_JSON_DEPTH} and {@link MAX_JSON_CONTAINERS}. */
export function jsonShapeFits(text: string): boolean {
  if (text.length <= SHAPE_CHECK_FROM) return true;
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote (a backslash escapes the next unit).
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH || ++containers > MAX_JSON_CONTAINERS) return false;
    } else if (c === 93 || c === 125) depth--;
  }
  return true;
}

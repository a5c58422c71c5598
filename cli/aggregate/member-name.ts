// The matching form of a respondent's name for phieu aggregate's one-member-one-count rule: core's
// matchName (members.ts), worked out letter by letter for a name made only of Latin letters and
// spaces, the normalizations only for other names. A province has ~8,000 distinct names, most met
// first while the code is still cold; folding them letter by letter is ~3 times faster. Kept here,
// not in core: the pages need no such speed, and their bundles stay as they are.
import { matchName } from '../../src/core/index.ts';

/**
 * Per UTF-16 unit of the Latin letter blocks: 0 not yet known, 1 none, else the code of the one
 * lower-case ASCII letter that matchName makes of it alone.
 */
const LETTER = new Uint8Array(0x1f00);
const letters: number[] = [];

/** A letter's matching form (see LETTER). */
function letterOf(c: number): number {
  let f = LETTER[c]!;
  if (f === 0) {
    f = 1;
    const latin = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f) || c >= 0x1e00;
    const ch = String.fromCharCode(c);
    if (latin && ch.normalize('NFKC') === ch) {
      const m = matchName(ch);
      const k = m.length === 1 ? m.charCodeAt(0) : 0;
      if (k >= 0x61 && k <= 0x7a) f = k;
    }
    LETTER[c] = f;
  }
  return f;
}

/**
 * matchName of a name made only of letters of the Latin blocks (ASCII, Latin-1, Extended-A and -B,
 * Extended Additional: Vietnamese's precomposed letters) that compatibility leaves as they are,
 * each matching as one ASCII letter, and ASCII spaces; undefined for any other name. Letter by
 * letter it is the same: no such letter composes with another or is invisible, each decomposes,
 * loses its marks and lower-cases on its own (toLowerCase has no context outside Greek), and spaces
 * are then made single and trimmed.
 */
function matchByLetter(name: string): string | undefined {
  letters.length = 0;
  let space = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x20) {
      space = letters.length > 0;
      continue;
    }
    if (c >= 0x1f00) return undefined;
    const f = letterOf(c);
    if (f === 1) return undefined;
    if (space) {
      letters.push(0x20);
      space = false;
    }
    letters.push(f);
  }
  return String.fromCharCode(...letters);
}

/** Names met again (a province's files share many): each is worked out once. */
const MATCHED = new Map<string, string>();

/** matchName(name), the same form (tests/cli/member-name.test.ts). */
export function memberNameOf(name: string): string {
  const known = MATCHED.get(name);
  if (known !== undefined) return known;
  const form = matchByLetter(name) ?? matchName(name);
  if (MATCHED.size >= 65536) MATCHED.clear();
  MATCHED.set(name, form);
  return form;
}

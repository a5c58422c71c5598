// Member identity in a named collection. A sheet is one member's by its own id (the response id
// inside the file: later sends of it replace it) and by the roster entry its name matches, never
// by the name alone:
// - names are matched ignoring case, diacritics, spacing, zero-width and direction characters
//   (`matchName`), so "Nguyen Van An" typed on a second phone is Nguyễn Văn An;
// - two roster entries with one name take two sheets: members with one name stay two;
// - more sheets than entries for one name (one member on two devices, or a name the roster does
//   not have twice) is a conflict: every sheet stays visible, one is counted (the newest send)
//   until the secretary keeps one (the others are set aside) or says they are different people.
// Nothing here is silent: `viewMembers` gives every sheet's place, and what is counted.
import type { ResponseBundle } from './bundle.ts';
import { isNewerSend, normalizeName } from './collection.ts';

/** What the secretary decided about sheets (by response id); kept with the collection. */
export interface MemberDecisions {
  /** Sheets set aside: kept and shown, never counted. */
  setAside?: readonly string[] | undefined;
  /** Sheets the secretary confirmed belong to different members despite one name. */
  separate?: readonly string[] | undefined;
}

/** A sheet as identity sees it. */
export interface Sheet {
  bundle: ResponseBundle;
}

/** Sheets whose names match, with the roster entries they match. */
export interface MemberGroup<T extends Sheet> {
  /** The matching form of the name ({@link matchName}). */
  key: string;
  /** Roster entries with this name (none: the name is not on the roster). */
  roster: string[];
  /** Every sheet, newest send first. */
  sheets: T[];
  /** Those counted. */
  counted: T[];
  /** Those the secretary set aside. */
  setAside: T[];
  /**
   * `ok`: as many sheets as entries (or fewer); `conflict`: more, not settled (the newest are
   * counted meanwhile); `settled`: the secretary kept one or said they are different people.
   */
  state: 'ok' | 'conflict' | 'settled';
}

/** A named collection seen member by member. */
export interface MemberView<T extends Sheet> {
  /** Groups by name, in the order of their first roster entry, then of the name. */
  groups: MemberGroup<T>[];
  /** Every counted sheet (sheets without a name, of anonymous instruments, all counted). */
  counted: T[];
  /** Groups still to settle. */
  conflicts: MemberGroup<T>[];
  /** Roster entries with a counted sheet. */
  answered: string[];
  /** Roster entries without one. */
  missing: string[];
  /** Counted sheets with no roster entry (a name not on the roster, or more sheets than entries settled as different people). */
  unknown: T[];
}

/** Characters that show nothing or only steer direction: they never tell two names apart. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu;

/**
 * A name in the form used to match it: compatibility forms folded (NFKC), invisible and direction
 * characters dropped, diacritics removed (đ → d), lower case, single spaces, trimmed.
 */
export function matchName(name: string): string {
  // Names come back often (a province's files share many): each is worked out once.
  const known = MATCHED.get(name);
  if (known !== undefined) return known;
  const form = matchUncached(name);
  if (MATCHED.size >= 65536) MATCHED.clear();
  MATCHED.set(name, form);
  return form;
}

const MATCHED = new Map<string, string>();

function matchUncached(name: string): string {
  return name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The name on a sheet, if any. */
export function nameOfSheet(s: Sheet): string | undefined {
  return s.bundle.payload.response.respondent?.name;
}

/** The id of a sheet (its response id). */
export function idOfSheet(s: Sheet): string {
  return s.bundle.payload.response.id;
}

/**
 * Sees a collection's sheets member by member against the roster (`rosterNames`, may be empty)
 * and the secretary's decisions. Order-free: the same sheets give the same view in any order.
 */
export function viewMembers<T extends Sheet>(
  sheets: readonly T[],
  rosterNames: readonly string[],
  decisions: MemberDecisions = {},
): MemberView<T> {
  const aside = new Set(decisions.setAside ?? []);
  const separate = new Set(decisions.separate ?? []);
  const byKey = new Map<string, { roster: string[]; sheets: T[]; order: number }>();
  const group = (key: string, order: number) => {
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { roster: [], sheets: [], order }));
    return g;
  };
  rosterNames.forEach((n, i) => group(matchName(n), i).roster.push(n));
  const counted: T[] = [];
  for (const s of sheets) {
    const name = nameOfSheet(s);
    if (name === undefined) counted.push(s);
    else group(matchName(name), Number.POSITIVE_INFINITY).sheets.push(s);
  }
  const groups: MemberGroup<T>[] = [];
  const answered: string[] = [];
  const missing: string[] = [];
  const unknown: T[] = [];
  const entries = [...byKey.entries()].sort(
    ([ka, a], [kb, b]) => a.order - b.order || (ka < kb ? -1 : ka > kb ? 1 : 0),
  );
  for (const [key, g] of entries) {
    const all = g.sheets.sort((a, b) =>
      isNewerSend(a.bundle, b.bundle) ? -1 : isNewerSend(b.bundle, a.bundle) ? 1 : 0,
    );
    const setAside = all.filter((s) => aside.has(idOfSheet(s)));
    const active = all.filter((s) => !aside.has(idOfSheet(s)));
    const capacity = Math.max(1, g.roster.length);
    let state: MemberGroup<T>['state'];
    let kept: T[];
    if (active.length <= capacity) {
      state = setAside.length > 0 ? 'settled' : 'ok';
      kept = active;
    } else if (active.every((s) => separate.has(idOfSheet(s)))) {
      state = 'settled';
      kept = active;
    } else {
      state = 'conflict';
      kept = active.slice(0, capacity);
    }
    counted.push(...kept);
    if (all.length > 0) groups.push({ key, roster: g.roster, sheets: all, counted: kept, setAside, state });
    // Entries whose exact (normalised) name a counted sheet carries are answered first.
    const exact = new Set(kept.map((s) => normalizeName(nameOfSheet(s) ?? '')));
    const order = [...g.roster].sort(
      (a, b) => Number(exact.has(normalizeName(b))) - Number(exact.has(normalizeName(a))),
    );
    answered.push(...order.slice(0, kept.length));
    missing.push(...order.slice(kept.length));
    unknown.push(...kept.slice(g.roster.length));
  }
  // Roster order for the lists people read.
  const rank = new Map(rosterNames.map((n, i) => [n, i] as const));
  const byRoster = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  return {
    groups,
    counted,
    conflicts: groups.filter((g) => g.state === 'conflict'),
    answered: answered.sort(byRoster),
    missing: missing.sort(byRoster),
    unknown: rosterNames.length > 0 ? unknown : [],
  };
}

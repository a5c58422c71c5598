// A collection: one cell's responses to one instrument for one period, deduplicated by core's
// response set (same response or same member: the newest send wins; the same file twice is a no-op).
import type { ReadWarning, ResponseBundle } from './bundle.ts';
import { createResponseSet, normalizeName, type CollectedResponse, type ResponseSet } from './collection.ts';
import type { Message } from './text.ts';
import type { CollectionKey, Decisions, Roster } from './backup.ts';
import { normalizeCellCode } from './patterns.ts';
import { viewMembers, type MemberView } from './members.ts';

/** A response kept in a secretary's collection: read, re-scored, with what the reader noticed. */
export interface ImportedResponse extends CollectedResponse {
  warnings: ReadWarning[];
  /** Where it came from (file name or "code 3"). */
  source: string;
}

/**
 * The responses of a collection. `values()` and `size` are what is counted: every sheet of an
 * anonymous survey; of a named instrument, one per member as identity sees it ({@link viewMembers}:
 * a conflict counts once until settled, sheets set aside never). `all()` is every sheet kept
 * (what is saved and backed up); `members()` the member by member view.
 */
export interface CollectedSet {
  readonly size: number;
  values(): ImportedResponse[];
  all(): ImportedResponse[];
  members(): MemberView<ImportedResponse>;
}

/** What the secretary decided for a named collection (by response id); kept with it. */
export type CollectionDecisions = Decisions;

/** A collection in memory. */
export interface Collection {
  key: CollectionKey;
  cellName?: string;
  roster: Roster;
  /** Settled conflicts and decided levels (replace the object to change it). */
  decisions: CollectionDecisions;
  responses: CollectedSet;
  /** Core's set behind `responses` (add through {@link addResponse}). */
  set: ResponseSet;
}

/** What happened to one imported response. */
export type ApplyStatus =
  | { status: 'added' }
  | { status: 'replaced'; from: number; to: number }
  | { status: 'duplicate' }
  | { status: 'older'; kept: number; got: number }
  | { status: 'wrong-collection'; found: CollectionKey };

/** One line of the import log. */
export type ImportNote =
  | ({ source: string; warnings: ReadWarning[] } & ApplyStatus)
  | { source: string; status: 'rejected'; code: string; message: Message }
  /** Not a file to read (a hidden file or a nested archive inside a ZIP…), said with its reason. */
  | { source: string; status: 'skipped'; code: string; message: Message }
  | { source: string; status: 'report'; scope: string }
  | { source: string; status: 'backup'; count: number }
  // Sealed files kept sealed (src/islands/seal): how many new, how many already there.
  | { source: string; status: 'sealed'; added: number; duplicate: number };

/** The storage-independent id of a collection (its cell code normalised: `cb-0001` is `CB-0001`). */
export function collectionId(key: CollectionKey): string {
  return `${key.instrumentId}@${key.instrumentVersion}|${key.period}|${normalizeCellCode(key.cell)}`;
}

/** A key with its cell code in canonical form ({@link normalizeCellCode}). */
export function normalizeKey(key: CollectionKey): CollectionKey {
  return { ...key, cell: normalizeCellCode(key.cell) };
}

/** The collection a response file belongs to (its cell code normalised). */
export function keyOfBundle(bundle: ResponseBundle): CollectionKey {
  return {
    cell: normalizeCellCode(bundle.cell),
    instrumentId: bundle.instrument.id,
    instrumentVersion: bundle.instrument.version,
    period: bundle.period,
  };
}

/** Whether two keys name the same collection (cell codes compared normalised). */
export function isSameKey(a: CollectionKey, b: CollectionKey): boolean {
  return (
    normalizeCellCode(a.cell) === normalizeCellCode(b.cell) &&
    a.instrumentId === b.instrumentId &&
    a.instrumentVersion === b.instrumentVersion &&
    a.period === b.period
  );
}

/** An empty collection. */
export function createCollection(
  key: CollectionKey,
  roster: Roster = { names: [] },
  cellName?: string,
  decisions: CollectionDecisions = {},
): Collection {
  const set = createResponseSet();
  // Only ImportedResponse objects are ever added (see addResponse).
  const all = () => set.values() as ImportedResponse[];
  // The member view, computed again only when the sheets, the roster or the decisions change.
  let cache:
    | {
        size: number;
        sheets: ImportedResponse[];
        roster: Roster;
        decisions: CollectionDecisions;
        view: MemberView<ImportedResponse>;
      }
    | undefined;
  const members = (): MemberView<ImportedResponse> => {
    const sheets = all();
    if (
      cache &&
      cache.size === set.size &&
      cache.roster === c.roster &&
      cache.decisions === c.decisions &&
      sameItems(cache.sheets, sheets)
    )
      return cache.view;
    const view = viewMembers(sheets, c.roster.names, c.decisions);
    cache = { size: set.size, sheets, roster: c.roster, decisions: c.decisions, view };
    return view;
  };
  // Anonymous sheets (no name) are all counted: no view is needed.
  const hasNames = () => named > 0;
  let named = 0;
  const responses: CollectedSet = {
    get size() {
      return hasNames() ? members().counted.length : set.size;
    },
    values: () => (hasNames() ? members().counted : all()),
    all,
    members,
  };
  const c: Collection = { key, roster, decisions, responses, set, ...(cellName ? { cellName } : {}) };
  namedCounters.set(c, () => (named += 1));
  return c;
}

/** Counts named sheets as they are added (so anonymous collections skip the member view). */
const namedCounters = new WeakMap<Collection, () => void>();

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Adds a read response through core's response set: idempotent and order-free. A file of another
 * cell, instrument or period is refused.
 */
export function addResponse(c: Collection, entry: ImportedResponse): ApplyStatus {
  const found = keyOfBundle(entry.bundle);
  if (!isSameKey(found, c.key)) return { status: 'wrong-collection', found };
  const { outcome, previous } = c.set.add(entry);
  if (outcome === 'added' && entry.bundle.payload.response.respondent) namedCounters.get(c)?.();
  const got = entry.bundle.payload.response.revision;
  const kept = previous?.bundle.payload.response.revision ?? got;
  switch (outcome) {
    case 'added':
      return { status: 'added' };
    case 'same-file':
      return { status: 'duplicate' };
    case 'replaced':
      return { status: 'replaced', from: kept, to: got };
    case 'older':
      return { status: 'older', kept, got };
  }
}

/** A name without diacritics (members sometimes type without them). */
export function foldName(name: string): string {
  return normalizeName(name)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd');
}

/** Names from pasted text: one per line, list numbering and blank lines dropped. */
export function parseRosterText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/^\s*(\d+[.)]|[-*•])\s*/u, '')
        .replace(/\s+/gu, ' ')
        .trim(),
    )
    .filter((l) => l.length > 0)
    .map((l) => l.slice(0, 120));
}

/** Who has answered, by roster name. */
export interface RosterCheck {
  /** Roster names with a response. */
  answered: string[];
  /** Roster names without one. */
  missing: string[];
  /** Respondent names not found on the roster. */
  unknown: string[];
  /** Names that answered more than once (different response ids). */
  repeated: string[];
}

/** Matches respondents' names against the roster: exact (normalised) first, then without diacritics. */
export function checkRoster(rosterNames: readonly string[], respondentNames: readonly string[]): RosterCheck {
  const exact = new Map<string, number>();
  const folded = new Map<string, number[]>();
  rosterNames.forEach((n, i) => {
    exact.set(normalizeName(n), i);
    const f = foldName(n);
    folded.set(f, [...(folded.get(f) ?? []), i]);
  });
  const hit = new Array<number>(rosterNames.length).fill(0);
  const unknown: string[] = [];
  const repeatedSet = new Set<string>();
  const seen = new Map<string, number>();
  for (const name of respondentNames) {
    const norm = normalizeName(name);
    seen.set(norm, (seen.get(norm) ?? 0) + 1);
    if ((seen.get(norm) ?? 0) === 2) repeatedSet.add(name);
    let i = exact.get(norm);
    if (i === undefined) {
      const candidates = folded.get(foldName(name)) ?? [];
      if (candidates.length === 1) i = candidates[0];
    }
    if (i === undefined) unknown.push(name);
    else hit[i]! += 1;
  }
  return {
    answered: rosterNames.filter((_, i) => hit[i]! > 0),
    missing: rosterNames.filter((_, i) => hit[i] === 0),
    unknown,
    repeated: [...repeatedSet],
  };
}

/** How many are expected to answer: the roster's names, else its count, else unknown. */
export function expectedOf(roster: Roster): number | undefined {
  if (roster.names.length > 0) return roster.names.length;
  return roster.count && roster.count > 0 ? roster.count : undefined;
}

import type { ResponseBundle } from './bundle.ts';
import { normalizeCellCode } from './patterns.ts';
import type { Instrument } from './instrument.ts';
import { buildReport, createUnitTally, type Report, type UnitTally } from './report.ts';
import type { Score } from './scoring.ts';
import { compareInstants } from './send-time.ts';

/** A response file that was read and re-scored, as a collection keeps it. */
export interface CollectedResponse {
  bundle: ResponseBundle;
  /** Recomputed from the raw answers. */
  score: Score;
}

/** What adding a file did: `added`; `replaced` an older send of the same response or member;
 * `same-file` (already there: nothing changed); `older` (a newer send is already there: ignored). */
export type AddOutcome = 'added' | 'replaced' | 'same-file' | 'older';

/** Normalises a name for matching: trimmed, single spaces, lower case, NFC (Vietnamese needs no locale rules to lower-case). */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Which answer sheet a file is a send of: its cell (normalised) and its random response id, named
 * or not. Two files with the same key are two sends of one sheet (the newest counts). A name never
 * makes two sheets one: two members with one name stay two, and a second sheet of one member (from
 * another device) is a conflict the secretary settles (members.ts), never merged in silence.
 */
export function responseKey(bundle: ResponseBundle): string {
  const r = bundle.payload.response;
  return `response|${normalizeCellCode(r.cell)}|${r.id}`;
}

/**
 * Whether `a` was sent after `b`. Sends of one sheet (same response id): the higher revision; then,
 * and for sheets of one member from two devices, the later instant (offsets read: 10:00+07:00 is
 * earlier than 05:00+00:00); then the higher revision; last the digest, so the order is total.
 */
export function isNewerSend(a: ResponseBundle, b: ResponseBundle): boolean {
  const ra = a.payload.response;
  const rb = b.payload.response;
  if (ra.id === rb.id && ra.revision !== rb.revision) return ra.revision > rb.revision;
  const when = compareInstants(a.createdAt, b.createdAt);
  if (when !== 0) return when > 0;
  if (ra.revision !== rb.revision) return ra.revision > rb.revision;
  return a.digest > b.digest;
}

/** A set of responses with the duplicate rules applied: importing is idempotent and order-free. */
export interface ResponseSet {
  /** Adds one read file; says what happened and, when replaced, what was dropped. */
  add(item: CollectedResponse): { outcome: AddOutcome; previous?: CollectedResponse };
  /** The kept responses. */
  values(): CollectedResponse[];
  /** How many are kept. */
  readonly size: number;
}

/** An empty set of responses. */
export function createResponseSet(): ResponseSet {
  const byKey = new Map<string, CollectedResponse>();
  return {
    add(item) {
      const key = responseKey(item.bundle);
      const previous = byKey.get(key);
      if (!previous) {
        byKey.set(key, item);
        return { outcome: 'added' };
      }
      if (previous.bundle.digest === item.bundle.digest) return { outcome: 'same-file' };
      if (!isNewerSend(item.bundle, previous.bundle)) return { outcome: 'older', previous };
      byKey.set(key, item);
      return { outcome: 'replaced', previous };
    },
    values: () => [...byKey.values()],
    get size() {
      return byKey.size;
    },
  };
}

/**
 * Builds a report from collected responses, one unit per cell (its code normalized). `expected` gives each cell's
 * roster size when known. Responses of another instrument or period than `period` are ignored.
 */
export function reportOfResponses(
  instrument: Instrument,
  period: string,
  scope: { code: string; name?: string },
  responses: Iterable<CollectedResponse>,
  expected: Readonly<Record<string, number>> = {},
): Report {
  // A unit per cell by its normalized code (normalizeCellCode), however its sheets spell it.
  const expectedOf = new Map(Object.entries(expected).map(([cell, n]) => [normalizeCellCode(cell), n]));
  const tallies = new Map<string, UnitTally>();
  for (const { bundle, score } of responses) {
    if (bundle.instrument.id !== instrument.id || bundle.period !== period) continue;
    const cell = normalizeCellCode(bundle.cell);
    let tally = tallies.get(cell);
    if (!tally) {
      tally = createUnitTally(instrument, cell, expectedOf.get(cell));
      tallies.set(cell, tally);
    }
    tally.add(bundle.payload.response, score);
  }
  for (const [cell, n] of expectedOf) if (!tallies.has(cell)) tallies.set(cell, createUnitTally(instrument, cell, n));
  return buildReport(
    instrument,
    period,
    scope.code,
    [...tallies.values()].map((t) => t.unit()),
    scope.name,
  );
}

// Read outcomes as the import worker posts them to the page. A response's item and section scores
// are most of what copying an outcome between threads costs (about 190 small objects and 80
// strings a file, three times the bundle's share, measured). Here they travel packed: each
// distinct item score and section score of a chunk once (most files of a cell share them), each
// response as indexes into those, all numbers in one Float64Array (transferred, not copied) and
// their strings once each in a table. Everything else is posted as it is.
//
// `unpackOutcomes` gives back outcomes deep-equal to those packed, key order included
// (tests/workers/outcome-wire.test.ts); responses of a chunk with the same item score share one
// object for it (scores are only ever read once made: scoring builds them, the page reads them).
import type { ReadOutcome } from '../core/import.ts';
import type { ItemScore, Score, SectionScore } from '../core/scoring.ts';

/** A score without its items and sections (those are packed). */
type ScoreRest = Omit<Score, 'items' | 'sections'>;
type ResponseOutcome = Extract<ReadOutcome, { kind: 'response' }>;

/** A response outcome whose items and sections are packed at `at` in the chunk's numbers. */
type PackedResponse = Omit<ResponseOutcome, 'score'> & { score: ScoreRest; at: number };

/** One outcome as posted: packed (a response) or as read (anything else, or a score of another shape). */
export type WireOutcome = ReadOutcome | PackedResponse;

/**
 * A chunk of outcomes as posted; `numbers` goes in the transfer list. It holds the distinct item
 * scores (`items` of them, 6 numbers each: id, section id, required, status, points, max; strings
 * as indexes into `strings`), then the distinct section scores (`sections`, 4 each: id, raw
 * points, max, points), then each packed response at its `at`: its item count and item indexes,
 * its section count and section indexes.
 */
export interface PackedOutcomes {
  outcomes: WireOutcome[];
  strings: string[];
  items: number;
  sections: number;
  numbers: Float64Array;
}

/** Keys of an item's and a section's score, in the order scoring writes them. */
const ITEM_KEYS = 6; // id, sectionId, required, status, points, max
const SECTION_KEYS = 4; // id, rawPoints, max, points

/** Whether a score has the shape this packing knows (else it is posted as it is). */
function packable(score: Score): boolean {
  if (!Array.isArray(score.items) || !Array.isArray(score.sections)) return false;
  for (const it of score.items)
    if (
      typeof it.id !== 'string' ||
      typeof it.sectionId !== 'string' ||
      typeof it.status !== 'string' ||
      typeof it.required !== 'boolean' ||
      typeof it.points !== 'number' ||
      typeof it.max !== 'number'
    )
      return false;
  for (const s of score.sections)
    if (typeof s.id !== 'string' || typeof s.rawPoints !== 'number' || typeof s.max !== 'number') return false;
    else if (typeof s.points !== 'number') return false;
  const item = score.items[0];
  const section = score.sections[0];
  return (
    (item === undefined || Object.keys(item).length === ITEM_KEYS) &&
    (section === undefined || Object.keys(section).length === SECTION_KEYS)
  );
}

/** Distinct scores of one item or section looked through before packing one again. */
const MAX_SHAPES = 64;

/** Packs a chunk of outcomes for posting (the outcomes given are left as they are). */
export function packOutcomes(outcomes: readonly ReadOutcome[]): PackedOutcomes {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  // The distinct scores seen, by the index of their id: an item has few (a section a few more),
  // so a look through them beats building a key (Object.is tells -0 from 0 and NaN from NaN).
  // Past MAX_SHAPES for one id, further ones are packed each time (a look would cost more).
  const itemShapes: number[] = [];
  const itemsById: number[][] = [];
  const sectionShapes: number[] = [];
  const sectionsById: number[][] = [];
  let items = 0;
  let sections = 0;
  const refs: number[] = [];
  const out: WireOutcome[] = [];
  for (const o of outcomes) {
    if (o.kind !== 'response' || o.unverified !== undefined || !packable(o.score)) {
      out.push(o);
      continue;
    }
    const { items: itemList, sections: sectionList, ...rest } = o.score;
    const at = refs.length;
    refs.push(itemList.length);
    for (const it of itemList) {
      const id = str(it.id);
      const sectionId = str(it.sectionId);
      const required = it.required ? 1 : 0;
      const status = str(it.status);
      const seen = (itemsById[id] ??= []);
      let i = -1;
      for (let k = 0; k < seen.length; k += 6)
        if (
          seen[k] === sectionId &&
          seen[k + 1] === required &&
          seen[k + 2] === status &&
          Object.is(seen[k + 3], it.points) &&
          Object.is(seen[k + 4], it.max)
        ) {
          i = seen[k + 5]!;
          break;
        }
      if (i < 0) {
        i = items++;
        if (seen.length < MAX_SHAPES * 6) seen.push(sectionId, required, status, it.points, it.max, i);
        itemShapes.push(id, sectionId, required, status, it.points, it.max);
      }
      refs.push(i);
    }
    refs.push(sectionList.length);
    for (const sec of sectionList) {
      const id = str(sec.id);
      const seen = (sectionsById[id] ??= []);
      let i = -1;
      for (let k = 0; k < seen.length; k += 4)
        if (
          Object.is(seen[k], sec.rawPoints) &&
          Object.is(seen[k + 1], sec.max) &&
          Object.is(seen[k + 2], sec.points)
        ) {
          i = seen[k + 3]!;
          break;
        }
      if (i < 0) {
        i = sections++;
        if (seen.length < MAX_SHAPES * 4) seen.push(sec.rawPoints, sec.max, sec.points, i);
        sectionShapes.push(id, sec.rawPoints, sec.max, sec.points);
      }
      refs.push(i);
    }
    out.push({ source: o.source, kind: 'response', bundle: o.bundle, score: rest, warnings: o.warnings, at });
  }
  const numbers = new Float64Array(itemShapes.length + sectionShapes.length + refs.length);
  numbers.set(itemShapes, 0);
  numbers.set(sectionShapes, itemShapes.length);
  numbers.set(refs, itemShapes.length + sectionShapes.length);
  return { outcomes: out, strings, items, sections, numbers };
}

/** The outcomes a packed chunk holds (their scores whole again). */
export function unpackOutcomes({ outcomes, strings, items, sections, numbers }: PackedOutcomes): ReadOutcome[] {
  const itemScores: ItemScore[] = [];
  for (let i = 0, p = 0; i < items; i++, p += 6)
    itemScores.push({
      id: strings[numbers[p]!]!,
      sectionId: strings[numbers[p + 1]!]!,
      required: numbers[p + 2] === 1,
      status: strings[numbers[p + 3]!]! as ItemScore['status'],
      points: numbers[p + 4]!,
      max: numbers[p + 5]!,
    });
  const sectionScores: SectionScore[] = [];
  for (let i = 0, p = items * 6; i < sections; i++, p += 4)
    sectionScores.push({
      id: strings[numbers[p]!]!,
      rawPoints: numbers[p + 1]!,
      max: numbers[p + 2]!,
      points: numbers[p + 3]!,
    });
  const base = items * 6 + sections * 4;
  return outcomes.map((o) => {
    if (o.kind !== 'response' || !('at' in o)) return o;
    let p = base + o.at;
    const itemList: ItemScore[] = [];
    for (let n = numbers[p++]!; n > 0; n--) itemList.push(itemScores[numbers[p++]!]!);
    const sectionList: SectionScore[] = [];
    for (let n = numbers[p++]!; n > 0; n--) sectionList.push(sectionScores[numbers[p++]!]!);
    return {
      source: o.source,
      kind: 'response',
      bundle: o.bundle,
      score: { items: itemList, sections: sectionList, ...o.score },
      warnings: o.warnings,
    };
  });
}

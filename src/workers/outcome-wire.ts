// Read outcomes as the import worker posts them to the page. A response's item and section scores
// are most of what copying an outcome between threads costs (about 190 small objects and 80
// strings a file, three times the bundle's share, measured). Here they travel packed: the numbers
// of a whole chunk in one Float64Array (transferred, not copied) and their strings once each in a
// table. Everything else is posted as it is. `unpackOutcomes` gives back outcomes deep-equal to
// those packed, key order included (tests/workers/outcome-wire.test.ts).
import type { ReadOutcome } from '../core/import.ts';
import type { ItemScore, Score, SectionScore } from '../core/scoring.ts';

/** A score without its items and sections (those are packed). */
type ScoreRest = Omit<Score, 'items' | 'sections'>;
type ResponseOutcome = Extract<ReadOutcome, { kind: 'response' }>;

/** A response outcome whose items and sections are packed at `at` in the chunk's numbers. */
type PackedResponse = Omit<ResponseOutcome, 'score'> & { score: ScoreRest; at: number };

/** One outcome as posted: packed (a response) or as read (anything else, or a score of another shape). */
export type WireOutcome = ReadOutcome | PackedResponse;

/** A chunk of outcomes as posted; `numbers` goes in the transfer list. */
export interface PackedOutcomes {
  outcomes: WireOutcome[];
  strings: string[];
  numbers: Float64Array;
}

/** Keys of an item's and a section's score, in the order scoring writes them. */
const ITEM_KEYS = 6; // id, sectionId, required, status, points, max
const SECTION_KEYS = 4; // id, rawPoints, max, points

/** Whether a score has the shape this packing knows (else it is posted as it is). */
function packable(score: Score): boolean {
  const item = score.items[0];
  const section = score.sections[0];
  return (
    Array.isArray(score.items) &&
    Array.isArray(score.sections) &&
    (item === undefined || Object.keys(item).length === ITEM_KEYS) &&
    (section === undefined || Object.keys(section).length === SECTION_KEYS)
  );
}

/** Packs a chunk of outcomes for posting (the outcomes given are left as they are). */
export function packOutcomes(outcomes: readonly ReadOutcome[]): PackedOutcomes {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const numbers: number[] = [];
  const out: WireOutcome[] = [];
  for (const o of outcomes) {
    if (o.kind !== 'response' || o.unverified !== undefined || !packable(o.score)) {
      out.push(o);
      continue;
    }
    const { items, sections, ...rest } = o.score;
    const at = numbers.length;
    numbers.push(items.length);
    let ok = true;
    for (const it of items) {
      if (typeof it.id !== 'string' || typeof it.sectionId !== 'string' || typeof it.status !== 'string') ok = false;
      if (typeof it.required !== 'boolean' || typeof it.points !== 'number' || typeof it.max !== 'number') ok = false;
      numbers.push(str(it.id), str(it.sectionId), it.required ? 1 : 0, str(it.status), it.points, it.max);
    }
    numbers.push(sections.length);
    for (const s of sections) {
      if (typeof s.id !== 'string' || typeof s.rawPoints !== 'number' || typeof s.max !== 'number') ok = false;
      if (typeof s.points !== 'number') ok = false;
      numbers.push(str(s.id), s.rawPoints, s.max, s.points);
    }
    if (!ok) {
      numbers.length = at;
      out.push(o);
      continue;
    }
    out.push({ source: o.source, kind: 'response', bundle: o.bundle, score: rest, warnings: o.warnings, at });
  }
  return { outcomes: out, strings, numbers: new Float64Array(numbers) };
}

/** The outcomes a packed chunk holds (their scores whole again). */
export function unpackOutcomes({ outcomes, strings, numbers }: PackedOutcomes): ReadOutcome[] {
  return outcomes.map((o) => {
    if (o.kind !== 'response' || !('at' in o)) return o;
    let p = o.at;
    const items: ItemScore[] = [];
    for (let n = numbers[p++]!; n > 0; n--, p += 6)
      items.push({
        id: strings[numbers[p]!]!,
        sectionId: strings[numbers[p + 1]!]!,
        required: numbers[p + 2] === 1,
        status: strings[numbers[p + 3]!]! as ItemScore['status'],
        points: numbers[p + 4]!,
        max: numbers[p + 5]!,
      });
    const sections: SectionScore[] = [];
    for (let n = numbers[p++]!; n > 0; n--, p += 4)
      sections.push({
        id: strings[numbers[p]!]!,
        rawPoints: numbers[p + 1]!,
        max: numbers[p + 2]!,
        points: numbers[p + 3]!,
      });
    return {
      source: o.source,
      kind: 'response',
      bundle: o.bundle,
      score: { items, sections, ...o.score },
      warnings: o.warnings,
    };
  });
}

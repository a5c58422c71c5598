// Counting one cell's scored responses, one at a time (so a caller can stream files), into the
// counts and sums of a report unit (report.ts). Every sum is kept as an integer (hundredths; sums
// of squares in ten-thousandths), so counts made in parts and added up (a share of the files per
// worker thread) give the same unit as counting them in one pass, in any order.
import { isNotApplicable } from './answers.ts';
import { toCanonicalJson } from './canonical-json.ts';
import { fromHundredths, hundredthsOf } from './decimal.ts';
import type { Instrument, Item } from './instrument.ts';
import { listItems } from './items.ts';
import type { MemberResult, ReportUnit } from './report.ts';
import type { Response } from './response.ts';
import type { Score } from './score.ts';

/** Scaled totals are counted in this many bins of equal width over 0..maxScore (the top bin includes the maximum). */
export const HISTOGRAM_BINS = 10;

/** The histogram bin of a scaled total. */
export function histogramBin(scaled: number, maxScore: number): number {
  // In integers of hundredths, so a total on a bin's edge (70 of 100) falls in that bin exactly.
  const max = hundredthsOf(maxScore);
  const bin = max > 0 ? Math.floor((hundredthsOf(scaled) * HISTOGRAM_BINS) / max) : 0;
  return Math.min(HISTOGRAM_BINS - 1, Math.max(0, bin));
}

/** One item's counts, in integers. */
interface ItemCounts {
  answered: number;
  na: number;
  pointsH: number;
  maxH: number;
  /** Number items: Σ values answered, in hundredths (undefined until one is answered). */
  sumH: number | undefined;
  /** Discrete items: how many gave each answer (undefined until one is answered). */
  values: Map<string, number> | undefined;
}

/**
 * The counts of a cell so far, as plain data: it can be sent between threads, and two of the same
 * cell and instrument add up with {@link mergeTallyStates}. Items and sections are kept by id.
 */
export interface TallyState {
  cell: string;
  expected: number | undefined;
  responses: number;
  sumH: number;
  /** Σ scaled², in ten-thousandths. */
  sumSq: number;
  minH: number | undefined;
  maxH: number | undefined;
  histogram: number[];
  levels: Map<string, number>;
  sections: Map<string, { pointsH: number; maxH: number }>;
  items: Map<string, ItemCounts>;
  proposals: { same: number; lower: number; higher: number };
  gated: number;
  disqualified: number;
  incomplete: number;
  unrated: Map<string, number> | undefined;
  members: MemberResult[];
}

/** Adds up scored responses of one cell, one at a time (so a caller can stream files). */
export interface UnitTally {
  /** Counts one response and its score (recomputed by the caller from the raw answers). */
  add(response: Response, score: Score): void;
  /** The counts so far. */
  unit(): ReportUnit;
  /**
   * The counts so far as data (shared, not copied: counting more changes it); counts of the same
   * cell made elsewhere (another share of the files) are added to it with {@link mergeTallyStates}.
   */
  state(): TallyState;
}

function emptyState(cell: string, expected: number | undefined): TallyState {
  return {
    cell,
    expected,
    responses: 0,
    sumH: 0,
    sumSq: 0,
    minH: undefined,
    maxH: undefined,
    histogram: new Array<number>(HISTOGRAM_BINS).fill(0),
    levels: new Map(),
    sections: new Map(),
    items: new Map(),
    proposals: { same: 0, lower: 0, higher: 0 },
    gated: 0,
    disqualified: 0,
    incomplete: 0,
    unrated: undefined,
    members: [],
  };
}

function bumpMap(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The items a tally reads, in the instrument's order (score.items follow it). */
const itemLists = new WeakMap<Instrument, Item[]>();
function itemsOf(instrument: Instrument): Item[] {
  let list = itemLists.get(instrument);
  if (!list) {
    list = listItems(instrument).map(({ item }) => item);
    itemLists.set(instrument, list);
  }
  return list;
}

/** Starts counting one cell's responses to an instrument. */
export function createUnitTally(instrument: Instrument, cell: string, expected?: number): UnitTally {
  const st = emptyState(cell, expected);
  const items = itemsOf(instrument);
  const named = instrument.anonymity === 'named';
  return {
    add(response, score) {
      // A member whose status leaves the counts is counted apart, and nowhere else.
      if (score.unrated) {
        bumpMap((st.unrated ??= new Map<string, number>()), score.unrated.status, 1);
        return;
      }
      st.responses += 1;
      // Exact sums: every figure is a number of hundredths (sums of squares, ten-thousandths).
      const h = hundredthsOf(score.scaled);
      st.sumH += h;
      st.sumSq += h * h;
      st.minH = st.minH === undefined || h < st.minH ? h : st.minH;
      st.maxH = st.maxH === undefined || h > st.maxH ? h : st.maxH;
      st.histogram[histogramBin(score.scaled, instrument.maxScore)]! += 1;
      bumpMap(st.levels, score.level, 1);
      for (const s of score.sections) {
        let t = st.sections.get(s.id);
        if (!t) st.sections.set(s.id, (t = { pointsH: 0, maxH: 0 }));
        t.pointsH += hundredthsOf(s.points);
        t.maxH += hundredthsOf(s.max);
      }
      // score.items follow the instrument's order, the same as `items`.
      const answers = response.answers;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const s = score.items[i];
        if (!s || s.id !== item.id || item.type === 'text') continue;
        let t = st.items.get(item.id);
        if (!t) {
          t = { answered: 0, na: 0, pointsH: 0, maxH: 0, sumH: undefined, values: undefined };
          st.items.set(item.id, t);
        }
        t.pointsH += hundredthsOf(s.points);
        t.maxH += hundredthsOf(s.max);
        if (s.status === 'not-applicable') t.na += 1;
        if (s.status !== 'answered' || item.type === 'band') continue;
        const value = answers[item.id];
        if (value === undefined || isNotApplicable(value)) continue;
        t.answered += 1;
        if (item.type === 'number') t.sumH = (t.sumH ?? 0) + hundredthsOf(typeof value === 'number' ? value : 0);
        else bumpMap((t.values ??= new Map<string, number>()), String(value), 1);
      }
      if (score.proposal) st.proposals[score.proposal.status] += 1;
      if (score.gates.length > 0) st.gated += 1;
      if (score.disqualifiers.length > 0) st.disqualified += 1;
      if (!score.complete) st.incomplete += 1;
      if (named && response.respondent) {
        // Keys in canonical order, so sealing a report shares these rather than copying them.
        const { name, post } = response.respondent;
        const m = { level: score.level, name } as MemberResult;
        if (post) m.post = post;
        if (score.proposal) m.proposed = score.proposal.level;
        m.total = score.scaled;
        st.members.push(m);
      }
    },
    unit: () => unitOfState(st, named),
    state: () => st,
  };
}

/** Adds `from` (counts of the same cell and instrument) into `into`. */
export function mergeTallyStates(into: TallyState, from: TallyState): void {
  into.responses += from.responses;
  into.sumH += from.sumH;
  into.sumSq += from.sumSq;
  if (from.minH !== undefined) into.minH = into.minH === undefined ? from.minH : Math.min(into.minH, from.minH);
  if (from.maxH !== undefined) into.maxH = into.maxH === undefined ? from.maxH : Math.max(into.maxH, from.maxH);
  from.histogram.forEach((n, i) => (into.histogram[i]! += n));
  for (const [k, n] of from.levels) bumpMap(into.levels, k, n);
  for (const [id, s] of from.sections) {
    const t = into.sections.get(id);
    if (t) {
      t.pointsH += s.pointsH;
      t.maxH += s.maxH;
    } else into.sections.set(id, { ...s });
  }
  for (const [id, s] of from.items) {
    const t = into.items.get(id);
    if (!t) {
      into.items.set(id, { ...s, values: s.values && new Map(s.values) });
      continue;
    }
    t.answered += s.answered;
    t.na += s.na;
    t.pointsH += s.pointsH;
    t.maxH += s.maxH;
    if (s.sumH !== undefined) t.sumH = (t.sumH ?? 0) + s.sumH;
    if (s.values) for (const [k, n] of s.values) bumpMap((t.values ??= new Map<string, number>()), k, n);
  }
  into.proposals.same += from.proposals.same;
  into.proposals.lower += from.proposals.lower;
  into.proposals.higher += from.proposals.higher;
  into.gated += from.gated;
  into.disqualified += from.disqualified;
  into.incomplete += from.incomplete;
  if (from.unrated) for (const [k, n] of from.unrated) bumpMap((into.unrated ??= new Map<string, number>()), k, n);
  for (const m of from.members) into.members.push(m);
}

/** A record of counts with its keys in canonical (code-unit) order. */
function countsRecord(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...map.keys()].sort()) defineKey(out, k, map.get(k)!);
  return out;
}

/** Defined, not assigned: a "__proto__" key stays a key and never sets a prototype. */
function defineKey<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The unit of a state (a tally's unit(); `named`: the instrument is): a new object (counting may go
 * on) with every key in canonical order, which a writer then seals without copying again; members
 * are never changed once counted, so they are shared. Without `items`, its items are left empty
 * (for a summary, which reads none).
 */
export function unitOfState(st: TallyState, named: boolean, items = true): ReportUnit {
  // Records of many keys made at once (Object.fromEntries defines each key, "__proto__" too): added
  // one key at a time, V8 keeps them as dictionaries, slower to make, walk and stringify.
  const itemEntries: [string, ReportUnit['items'][string]][] = [];
  for (const id of items ? [...st.items.keys()].sort() : []) {
    const t = st.items.get(id)!;
    const tally: ReportUnit['items'][string] = {
      answered: t.answered,
      max: fromHundredths(t.maxH),
      na: t.na,
      points: fromHundredths(t.pointsH),
    };
    if (t.sumH !== undefined) tally.sum = fromHundredths(t.sumH);
    if (t.values) tally.values = countsRecord(t.values);
    itemEntries.push([id, tally]);
  }
  const itemRecord: Record<string, ReportUnit['items'][string]> = Object.fromEntries(itemEntries);
  const sectionEntries: [string, ReportUnit['sections'][string]][] = [];
  for (const id of [...st.sections.keys()].sort()) {
    const s = st.sections.get(id)!;
    sectionEntries.push([id, { max: fromHundredths(s.maxH), points: fromHundredths(s.pointsH) }]);
  }
  const sections: ReportUnit['sections'] = Object.fromEntries(sectionEntries);
  const sum = fromHundredths(st.sumH);
  const sumSq = st.sumSq / 10000;
  const total: ReportUnit['total'] =
    st.maxH === undefined || st.minH === undefined
      ? { sum, sumSq }
      : { max: fromHundredths(st.maxH), min: fromHundredths(st.minH), sum, sumSq };
  // Keys in canonical order: cell, disqualified, expected, gated, histogram, incomplete, items,
  // levels, members, proposals, responses, sections, total, unrated.
  const unit = { cell: st.cell, disqualified: st.disqualified } as ReportUnit;
  if (st.expected !== undefined) unit.expected = st.expected;
  unit.gated = st.gated;
  unit.histogram = [...st.histogram];
  unit.incomplete = st.incomplete;
  unit.items = itemRecord;
  unit.levels = countsRecord(st.levels);
  if (named) unit.members = [...st.members].sort((a, b) => compareText(a.name, b.name));
  unit.proposals = { higher: st.proposals.higher, lower: st.proposals.lower, same: st.proposals.same };
  unit.responses = st.responses;
  unit.sections = sections;
  unit.total = total;
  if (st.unrated) unit.unrated = countsRecord(st.unrated);
  return unit;
}

/** Whether no key starts with a digit: an object lists index-like keys ("12") before the others. */
function hasNoIndexLikeKey(keys: Iterable<string>): boolean {
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c >= 48 && c <= 57) return false;
  }
  return true;
}

/**
 * The unit of a state ({@link unitOfState}) with its canonical JSON: the native stringify of the
 * unit, which is made with every key in canonical order (its members too, as the tallies make
 * them), unless a key of one of its records starts with a digit (objects list index-like keys
 * first), where toCanonicalJson sorts them. The walk that checks the order of a province's 2,006
 * units took longer than stringifying them.
 */
export function unitWithJsonOfState(st: TallyState, named: boolean): { unit: ReportUnit; json: string } {
  const unit = unitOfState(st, named);
  let native =
    hasNoIndexLikeKey(st.items.keys()) &&
    hasNoIndexLikeKey(st.sections.keys()) &&
    hasNoIndexLikeKey(st.levels.keys()) &&
    (!st.unrated || hasNoIndexLikeKey(st.unrated.keys()));
  if (native)
    for (const t of st.items.values())
      if (t.values && !hasNoIndexLikeKey(t.values.keys())) {
        native = false;
        break;
      }
  return { unit, json: native ? JSON.stringify(unit) : toCanonicalJson(unit) };
}

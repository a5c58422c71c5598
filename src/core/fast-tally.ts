// A cell's counts fed straight from a FastScorer (fast-score.ts), for phieu aggregate (the pages
// never import this): items and sections are added up in integer arrays by slot and handed to a
// unit-tally.ts tally (its TallyState) when the unit or the state is asked for, so the unit is
// the one createUnitTally gives for the same responses and scores, in any mix of the two ways.
import { isNotApplicable } from './answers.ts';
import { hundredthsOf } from './decimal.ts';
import { ANSWERED, NOT_APPLICABLE, type FastScorer } from './fast-score.ts';
import type { Instrument, Item } from './instrument.ts';
import { listItems } from './items.ts';
import type { MemberResult, ReportUnit } from './report.ts';
import type { Response } from './response.ts';
import type { Score } from './score.ts';
import { createUnitTally, histogramBin, unitWithJsonOfState, type TallyState, type UnitTally } from './unit-tally.ts';

/** What the counts read of an instrument, per item of listItems' order and per section. */
interface Layout {
  items: Item[];
  /** Per item: whether unit-tally counts it from the score's slot of the same index. */
  counted: Uint8Array;
  isNumber: Uint8Array;
  isBand: Uint8Array;
  /** Distinct section ids, and each plan section's index among them. */
  sectionIds: string[];
  sectionOf: number[];
}

const layouts = new WeakMap<FastScorer, Layout>();
function layoutOf(scorer: FastScorer): Layout {
  let layout = layouts.get(scorer);
  if (layout) return layout;
  const items = listItems(scorer.instrument).map(({ item }) => item);
  const plan = scorer.plan;
  // unit-tally pairs the i-th item with score.items[i], the i-th slot's score, by id.
  const slotIds: string[] = new Array<string>(plan.slots);
  for (const p of plan.items) slotIds[p.slot] ??= p.item.id;
  const counted = new Uint8Array(items.length);
  const isNumber = new Uint8Array(items.length);
  const isBand = new Uint8Array(items.length);
  items.forEach((item, i) => {
    counted[i] = i < plan.slots && slotIds[i] === item.id && item.type !== 'text' ? 1 : 0;
    isNumber[i] = item.type === 'number' ? 1 : 0;
    isBand[i] = item.type === 'band' ? 1 : 0;
  });
  const sectionIds: string[] = [];
  const sectionOf = plan.sections.map((s) => {
    const at = sectionIds.indexOf(s.id);
    if (at >= 0) return at;
    sectionIds.push(s.id);
    return sectionIds.length - 1;
  });
  layout = { items, counted, isNumber, isBand, sectionIds, sectionOf };
  layouts.set(scorer, layout);
  return layout;
}

/** A unit tally that also counts a response scored by a {@link FastScorer}. */
export interface FastUnitTally extends UnitTally {
  /**
   * Counts a response the scorer has just scored (its fields hold that response's score): the same
   * as `add(response, scoreResponse(instrument, response.answers))`.
   */
  addScored(response: Response, scorer: FastScorer): void;
  /**
   * The unit and its canonical JSON, as unitWithJsonOfState of the state gives them, with the
   * members counted here made for it alone (not kept in the state, which gets its own when it is
   * asked for): a writer that drops the unit once written leaves them to die young.
   */
  unitWithJson(): { unit: ReportUnit; json: string };
  /** The cell and the responses counted so far (no counts handed over, unlike state()). */
  head(): Pick<TallyState, 'cell' | 'responses'>;
}

/**
 * One string object for each text met again (posts, proposed levels): a province's 46,000 members
 * hold a handful of them, and one copy each is less for the collector to move than one a member.
 */
const SHARED = new Map<string, string>();
function shared(text: string): string {
  const known = SHARED.get(text);
  if (known !== undefined) return known;
  if (SHARED.size >= 4096) SHARED.clear();
  SHARED.set(text, text);
  return text;
}

function bump(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Starts counting one cell's responses to an instrument, either way. */
export function createFastUnitTally(instrument: Instrument, cell: string, expected?: number): FastUnitTally {
  const base = createUnitTally(instrument, cell, expected);
  const st = base.state();
  const named = instrument.anonymity === 'named';
  let layout: Layout | undefined;
  // Per item (by index, which is its slot): counts not yet handed to `st`.
  let seen: Uint8Array;
  let answered: Float64Array;
  let na: Float64Array;
  let pointsH: Float64Array;
  let maxH: Float64Array;
  let sumSeen: Uint8Array;
  let sumH: Float64Array;
  let yes: Float64Array;
  let no: Float64Array;
  let others: (Map<string, number> | undefined)[];
  let sectionSeen: Uint8Array;
  let sectionPointsH: Float64Array;
  let sectionMaxH: Float64Array;
  let pending = false;
  // Members counted and not yet handed to `st`, by column: 46,000 objects kept through a province's
  // whole read were work for the collector; they are made when the unit or the state is asked for.
  const memberLevels: string[] = [];
  const memberNames: string[] = [];
  const memberPosts: (string | undefined)[] = [];
  const memberProposed: (string | undefined)[] = [];
  const memberTotals: number[] = [];

  const start = (scorer: FastScorer): Layout => {
    const l = layoutOf(scorer);
    const n = l.items.length;
    seen = new Uint8Array(n);
    answered = new Float64Array(n);
    na = new Float64Array(n);
    pointsH = new Float64Array(n);
    maxH = new Float64Array(n);
    sumSeen = new Uint8Array(n);
    sumH = new Float64Array(n);
    yes = new Float64Array(n);
    no = new Float64Array(n);
    others = new Array<Map<string, number> | undefined>(n);
    sectionSeen = new Uint8Array(l.sectionIds.length);
    sectionPointsH = new Float64Array(l.sectionIds.length);
    sectionMaxH = new Float64Array(l.sectionIds.length);
    layout = l;
    return l;
  };

  /** The members counted and not yet handed to `st`, as unit-tally's add would have made them, after `into`'s. */
  const membersOf = (into: MemberResult[]): MemberResult[] => {
    for (let k = 0; k < memberNames.length; k++) {
      const level = memberLevels[k]!;
      const name = memberNames[k]!;
      const post = memberPosts[k];
      const proposed = memberProposed[k];
      const total = memberTotals[k]!;
      // Keys in canonical order (unit-tally's), each object made whole (no key added later).
      into.push(
        post !== undefined
          ? proposed !== undefined
            ? { level, name, post, proposed, total }
            : { level, name, post, total }
          : proposed !== undefined
            ? { level, name, proposed, total }
            : { level, name, total },
      );
    }
    return into;
  };

  /** Hands what the arrays hold to the state, as unit-tally's add would have written it. */
  const flush = (): void => {
    flushCounts();
    if (memberNames.length === 0) return;
    membersOf(st.members);
    for (const column of [memberLevels, memberNames, memberPosts, memberProposed, memberTotals]) column.length = 0;
  };

  /** flush(), but for the members. */
  const flushCounts = (): void => {
    if (!pending || !layout) return;
    pending = false;
    countsInto(layout, st.sections, st.items);
    for (const a of [
      seen,
      answered,
      na,
      pointsH,
      maxH,
      sumSeen,
      sumH,
      yes,
      no,
      sectionSeen,
      sectionPointsH,
      sectionMaxH,
    ])
      a.fill(0);
    others.fill(undefined);
  };

  /** Adds what the arrays hold to a state's sections and items, as unit-tally's add would have. */
  const countsInto = (l: Layout, sections: TallyState['sections'], items: TallyState['items']): void => {
    for (let k = 0; k < l.sectionIds.length; k++) {
      if (sectionSeen[k] === 0) continue;
      const id = l.sectionIds[k]!;
      let t = sections.get(id);
      if (!t) sections.set(id, (t = { pointsH: 0, maxH: 0 }));
      t.pointsH += sectionPointsH[k]!;
      t.maxH += sectionMaxH[k]!;
    }
    for (let i = 0; i < l.items.length; i++) {
      if (seen[i] === 0) continue;
      const id = l.items[i]!.id;
      let t = items.get(id);
      if (!t) {
        t = { answered: 0, na: 0, pointsH: 0, maxH: 0, sumH: undefined, values: undefined };
        items.set(id, t);
      }
      t.answered += answered[i]!;
      t.na += na[i]!;
      t.pointsH += pointsH[i]!;
      t.maxH += maxH[i]!;
      if (sumSeen[i] === 1) t.sumH = (t.sumH ?? 0) + sumH[i]!;
      if (yes[i]! > 0) bump((t.values ??= new Map<string, number>()), 'true', yes[i]!);
      if (no[i]! > 0) bump((t.values ??= new Map<string, number>()), 'false', no[i]!);
      const more = others[i];
      if (more) for (const [k, c] of more) bump((t.values ??= new Map<string, number>()), k, c);
    }
  };

  return {
    add(response: Response, score: Score): void {
      flush();
      base.add(response, score);
    },
    addScored(response, scorer) {
      if (scorer.unrated !== undefined) {
        bump((st.unrated ??= new Map<string, number>()), scorer.unrated, 1);
        return;
      }
      const l = layout ?? start(scorer);
      pending = true;
      st.responses += 1;
      const scaled = scorer.scaled;
      const h = hundredthsOf(scaled);
      st.sumH += h;
      st.sumSq += h * h;
      st.minH = st.minH === undefined || h < st.minH ? h : st.minH;
      st.maxH = st.maxH === undefined || h > st.maxH ? h : st.maxH;
      st.histogram[histogramBin(scaled, instrument.maxScore)]! += 1;
      bump(st.levels, scorer.level, 1);
      const sectionOf = l.sectionOf;
      for (let k = 0; k < sectionOf.length; k++) {
        const at = sectionOf[k]!;
        sectionSeen[at] = 1;
        sectionPointsH[at]! += scorer.sectionPointsH[k]!;
        sectionMaxH[at]! += scorer.sectionMaxH[k]!;
      }
      // The scorer's answers by slot: an item counted here is at its slot's index (layoutOf).
      const values = scorer.values;
      const items = l.items;
      const counted = l.counted;
      for (let i = 0; i < items.length; i++) {
        if (counted[i] === 0) continue;
        seen[i] = 1;
        pointsH[i]! += scorer.pointsH[i]!;
        maxH[i]! += scorer.maxH[i]!;
        const status = scorer.status[i];
        if (status === NOT_APPLICABLE) na[i]! += 1;
        if (status !== ANSWERED || l.isBand[i] === 1) continue;
        const value = values[i];
        if (value === undefined || isNotApplicable(value)) continue;
        answered[i]! += 1;
        if (l.isNumber[i] === 1) {
          sumSeen[i] = 1;
          sumH[i]! += hundredthsOf(typeof value === 'number' ? value : 0);
        } else if (value === true) yes[i]! += 1;
        else if (value === false) no[i]! += 1;
        else bump((others[i] ??= new Map<string, number>()), String(value), 1);
      }
      if (scorer.proposal) st.proposals[scorer.proposal] += 1;
      if (scorer.gated) st.gated += 1;
      if (scorer.disqualified) st.disqualified += 1;
      if (!scorer.complete) st.incomplete += 1;
      if (named && response.respondent) {
        const { name, post } = response.respondent;
        memberLevels.push(scorer.level);
        memberNames.push(name);
        memberPosts.push(post ? shared(post) : undefined);
        memberProposed.push(scorer.proposed !== undefined ? shared(scorer.proposed) : undefined);
        memberTotals.push(scaled);
      }
    },
    unit(): ReportUnit {
      flush();
      return base.unit();
    },
    unitWithJson() {
      // Counted here only (the usual case): the unit's items, sections and members are made for it
      // alone, and the arrays keep the counts for a later state() (nothing kept for the collector
      // to copy: ~30 items and their answer counts a cell).
      if (pending && layout && st.items.size === 0 && st.sections.size === 0) {
        const sections: TallyState['sections'] = new Map();
        const items: TallyState['items'] = new Map();
        countsInto(layout, sections, items);
        return unitWithJsonOfState({ ...st, sections, items, members: membersOf([...st.members]) }, named);
      }
      flushCounts();
      if (memberNames.length === 0) return unitWithJsonOfState(st, named);
      return unitWithJsonOfState({ ...st, members: membersOf([...st.members]) }, named);
    },
    head: () => st,
    state(): TallyState {
      flush();
      return st;
    },
  };
}

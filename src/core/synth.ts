import type { Condition } from './condition.ts';
import type { Instrument, Item, Metric } from './instrument.ts';
import { itemMaxPoints, listItems } from './items.ts';
import { granularityOf } from './period.ts';
import type { AnswerValue, Answers } from './answers.ts';
import type { Respondent, Response } from './response.ts';
import { levelRank, scoreResponse } from './scoring.ts';
import { keepStatusesRare, repairChecks, voteAdoption } from './synth-checks.ts';

// Synthetic responses for demos, tests and benchmarks. Generic by construction: nothing here
// looks at an instrument's id or wording. Each response draws a latent "quality" (its cell's plus
// its own), and every item is answered from its structure: options ranked by points, numbers
// placed in the regions that bands, gates and disqualifiers cut, counts generated as shares of
// their denominators. The constants below are tuned so the two main instruments land in the
// ranges of the domain brief ("Realistic figures": ratings ≈ 12% / 77% / 10% / <1%; meeting
// surveys ≈ 60–75% Tốt, 20–35% Khá, few Trung bình).

/** A seeded generator of numbers in [0, 1). */
export type Random = () => number;

/** 128 bits of state from a string (cyrb128). */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A seeded pseudo-random generator (sfc32 over a cyrb128 hash of the seed): the same seed always
 * gives the same sequence, on every platform. Not for anything secret.
 */
export function createRandom(seed: string | number): Random {
  let [a, b, c, d] = hashSeed(String(seed));
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function normal(rng: Random): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pick<T>(rng: Random, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

function intBetween(rng: Random, lo: number, hi: number): number {
  return hi <= lo ? lo : lo + Math.floor(rng() * (hi - lo + 1));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Picks from weighted entries. */
function pickWeighted<T>(rng: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of entries) {
    r -= w;
    if (r < 0) return v;
  }
  return (entries.at(-1) as readonly [T, number])[0];
}

/* ------------------------------------------------------------------------------------------ */
/* Tuning. One set for every instrument; see tests/core/synth.test.ts for the checked ranges.  */

const TUNING = {
  /** Share of the latent quality's variance that is the cell's (members of a cell are alike). */
  cellShare: 0.45,
  /**
   * P(best grade) = logistic(topBase[kind] + topSlope × quality), quality ~ N(0, 1). By kind of
   * answer: `scale` an opinion on graded options (choice, rating), `check` met / not met
   * (yes-no), `count` a fact counted (numbers placed in a band's or a gate's regions).
   */
  topBase: { scale: 3.15, check: 3.4, count: 2.7 },
  topSlope: 1.1,
  /** Lowers P(best grade) by this × (item's points / the instrument's maximum), on the logit scale. */
  weightPenalty: 9,
  /** In a lower region of a count, how far below its better edge: P(one more step down). */
  countStep: 0.12,
  /** After missing the best grade, the chance of dropping one grade further (× (1 − P(best))). */
  deeper: 0.9,
  /**
   * "In which…" counts (a subset of the best count, e.g. tasks exceeding): P(reach the cut). Set
   * high enough that, after cells keep the instrument's quota, the top level still lands at ≈ 12%.
   */
  subsetBase: -1.5,
  subsetSlope: 1.1,
  /** Points entered directly: share of the maximum = mean + quality × z + noise × z'. */
  points: { mean: 0.935, quality: 0.055, noise: 0.03 },
  /** Parts of a base after the best one (tasks late after those on time): P(they take all that is left). */
  restDone: 0.97,
  /** Answers that trigger a disqualifier: mean rate per item. */
  disqualifierRate: 0.0008,
  /** Answers that force a band's lowest step (absent without reason…): mean rate per item. */
  lowestRate: 0.05,
  /** Answers that make other items apply (a thematic meeting was held): per month, else per quarter or year. */
  enableMonth: 0.35,
  enableOther: 0.92,
  /** Answers that give full marks by condition (a one-person committee). */
  grantRate: 0.1,
  /** Optional free text is written this often. */
  textRate: 0.12,
  /** Items that allow "does not apply" get it this often. */
  naRate: 0.02,
  /** Proposed level: same as computed, one lower, one higher (rarely). */
  proposal: { same: 0.86, lower: 0.12, higher: 0.02 },
  /** Base counts (members on roll, tasks assigned): log-normal median, spread between cells and within one. */
  countMedian: 12,
  countSigmaCell: 0.35,
  countSigma: 0.2,
  /** Chance a cell ignores the instrument's quota (the aggregation warning then has something to say). */
  quotaIgnored: 0.05,
  /** Chance a response was sent a second time (revision 2). */
  resend: 0.02,
} as const;

/* ------------------------------------------------------------------------------------------ */
/* The plan: what the instrument's structure says about each item, computed once.             */

/** A cut on a value: values on the better side of `at` are better (`dir` +1: higher is better). */
interface Cut {
  at: number;
  /** The better side excludes `at` itself. */
  strict: boolean;
  dir: 1 | -1;
}

type Role = 'good' | 'bad-disqualifier' | 'bad-lowest' | 'enable' | 'grant';

interface ValueRoles {
  /** Roles each literal value of an item plays (yes-no and choice answers in conditions). */
  values: Map<string, Set<Role>>;
  /** Cuts on the item's number. */
  cuts: Cut[];
  /** Every role the item is referenced in (an item referenced only by bad roles is a rare event). */
  roles: Set<Role>;
}

/** A term over a number item (the only kind synth draws answers for). */
interface ItemTerm {
  item: string;
  weight?: number | undefined;
}

/** A metric made of item terms only, without cases: the shape synth plans numbers for. */
interface PlainMetric {
  id: string;
  numerator: ItemTerm[];
  denominator?: ItemTerm[] | undefined;
}

/** The metric as a plain one, or undefined when it has constants, metric terms or cases. */
function plainMetric(m: Metric): PlainMetric | undefined {
  const isItemTerms = (ts: Metric['numerator']): ts is ItemTerm[] => ts.every((t) => t.item !== undefined);
  if (m.cases || !isItemTerms(m.numerator)) return undefined;
  if (m.denominator && !isItemTerms(m.denominator)) return undefined;
  return { id: m.id, numerator: m.numerator, denominator: m.denominator };
}

interface MetricPlan {
  metric: PlainMetric;
  dir: -1 | 0 | 1;
  cuts: Cut[];
}

interface Plan {
  items: { item: Item; sectionId: string }[];
  roles: Map<string, ValueRoles>;
  metrics: MetricPlan[];
  numbers: Extract<Item, { type: 'number' }>[];
  levelItem: Item | undefined;
  maxScore: number;
}

const plans = new WeakMap<Instrument, Plan>();

function rolesOf(plan: Map<string, ValueRoles>, id: string): ValueRoles {
  let r = plan.get(id);
  if (!r) {
    r = { values: new Map(), cuts: [], roles: new Set() };
    plan.set(id, r);
  }
  return r;
}

/** A comparison seen in a condition of some role, as a cut on the better side. */
function cutOf(op: 'gte' | 'gt' | 'lte' | 'lt', value: number, wanted: boolean): Cut {
  // `wanted`: the comparison holding is good. Turn "x > 0 is bad" into "x ≤ 0 is better".
  const higher = op === 'gte' || op === 'gt';
  if (wanted) return { at: value, strict: op === 'gt' || op === 'lt', dir: higher ? 1 : -1 };
  return { at: value, strict: op === 'gte' || op === 'lte', dir: higher ? -1 : 1 };
}

function walkCondition(
  cond: Condition,
  role: Role,
  positive: boolean,
  roles: Map<string, ValueRoles>,
  metricCuts: Map<string, Cut[]>,
): void {
  const wanted = role === 'good' || role === 'enable' || role === 'grant' ? positive : !positive;
  switch (cond.op) {
    case 'answered':
    case 'full-marks':
      return;
    case 'eq':
    case 'in': {
      const r = rolesOf(roles, cond.item);
      r.roles.add(role);
      const values = cond.op === 'eq' ? [cond.value] : cond.values;
      for (const v of values) {
        // A negated "x = v" plays the role for every other value; mark v with the opposite sense.
        const key = positive ? String(v) : `!${String(v)}`;
        const set = r.values.get(key) ?? new Set<Role>();
        set.add(role);
        r.values.set(key, set);
      }
      return;
    }
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt': {
      const cut = cutOf(cond.op, cond.value, wanted);
      if (cond.metric !== undefined) {
        const list = metricCuts.get(cond.metric) ?? [];
        list.push(cut);
        metricCuts.set(cond.metric, list);
      } else if (cond.item !== undefined) {
        const r = rolesOf(roles, cond.item);
        r.roles.add(role);
        r.cuts.push(cut);
      }
      return;
    }
    case 'all':
    case 'any':
      for (const c of cond.of) walkCondition(c, role, positive, roles, metricCuts);
      return;
    case 'not':
      walkCondition(cond.cond, role, !positive, roles, metricCuts);
      return;
  }
}

function planOf(instrument: Instrument): Plan {
  const cached = plans.get(instrument);
  if (cached) return cached;
  const items = listItems(instrument).map(({ item, section }) => ({ item, sectionId: section.id }));
  const roles = new Map<string, ValueRoles>();
  const metricCuts = new Map<string, Cut[]>();
  for (const g of instrument.gates ?? []) walkCondition(g.requires, 'good', true, roles, metricCuts);
  for (const d of instrument.disqualifiers ?? []) walkCondition(d.when, 'bad-disqualifier', true, roles, metricCuts);
  for (const { item } of items) {
    if (item.appliesWhen) walkCondition(item.appliesWhen, 'enable', true, roles, metricCuts);
    if (item.fullMarksWhen) walkCondition(item.fullMarksWhen, 'grant', true, roles, metricCuts);
    if (item.type === 'band') {
      if (item.lowestWhen) walkCondition(item.lowestWhen, 'bad-lowest', true, roles, metricCuts);
      const list = metricCuts.get(item.metric) ?? [];
      if (item.linear) list.push({ at: item.linear.full, strict: false, dir: 1 });
      else {
        const steps = item.steps ?? [];
        // Steps are listed highest min first; points normally fall with them (higher is better).
        const dir = (steps[0]?.points ?? 0) >= (steps.at(-1)?.points ?? 0) ? 1 : -1;
        for (const s of steps) list.push({ at: s.min, strict: false, dir });
      }
      metricCuts.set(item.metric, list);
    }
  }
  const metrics = (instrument.metrics ?? []).flatMap((m): MetricPlan[] => {
    const metric = plainMetric(m);
    if (!metric) return [];
    const cuts = metricCuts.get(metric.id) ?? [];
    const sum = cuts.reduce((s, c) => s + c.dir, 0);
    const dir = sum > 0 ? 1 : sum < 0 ? -1 : 0;
    return [{ metric, dir, cuts: cuts.filter((c) => c.dir === dir) }];
  });
  const numbers = items.flatMap(({ item }) => (item.type === 'number' ? [item] : []));
  const levelItem = items.find(({ item }) => item.type === 'level')?.item;
  const plan: Plan = { items, roles, metrics, numbers, levelItem, maxScore: instrument.maxScore };
  plans.set(instrument, plan);
  return plan;
}

/* ------------------------------------------------------------------------------------------ */
/* Answering.                                                                                 */

/** How an answer is graded: an opinion on a scale, a check met or not, a count. */
type GradeKind = 'scale' | 'check' | 'count';

/** What a respondent brings to every answer. */
interface Respondent0 {
  rng: Random;
  /** Latent quality, ~ N(0, 1). */
  quality: number;
  /** P(best grade) for this respondent, by kind of answer. */
  pTop: Record<GradeKind, number>;
  /** The response's period granularity. */
  monthly: boolean;
  /** The cell's typical base count (members on roll, tasks assigned). */
  cellBase: number;
}

/** The index of the grade chosen among `n`, best first. */
function chooseGrade(r: Respondent0, n: number, kind: GradeKind, weight = 0): number {
  if (n <= 1) return 0;
  // A criterion carrying much of the total is harder to meet in full (all targets of the last
  // resolution reached) than a small one (documents sent a day ahead).
  const p = weight > 0 ? logistic(logit(r.pTop[kind]) - TUNING.weightPenalty * weight) : r.pTop[kind];
  if (r.rng() < p) return 0;
  let g = 1;
  // How deep a miss goes follows the respondent, not the criterion.
  while (g < n - 1 && r.rng() < TUNING.deeper * (1 - r.pTop[kind])) g++;
  return g;
}

/** A rare event (a disqualifier, an unexcused absence) at about `rate`, likelier for weaker respondents. */
function rare(r: Respondent0, rate: number): boolean {
  return r.rng() < rate * 2 * logistic(-1.5 * r.quality);
}

function roleOfBoolean(roles: ValueRoles | undefined, value: boolean): Set<Role> {
  const out = new Set<Role>(roles?.values.get(String(value)) ?? []);
  for (const role of roles?.values.get(`!${String(!value)}`) ?? []) out.add(role);
  return out;
}

/** A yes/no worth the same either way: answered from what its answers do elsewhere. */
function answerNeutralYesNo(r: Respondent0, roles: ValueRoles | undefined): boolean {
  const yes = roleOfBoolean(roles, true);
  const no = roleOfBoolean(roles, false);
  const withRole = (role: Role): boolean | undefined => (yes.has(role) ? true : no.has(role) ? false : undefined);
  const disq = withRole('bad-disqualifier');
  if (disq !== undefined) return rare(r, TUNING.disqualifierRate) ? disq : !disq;
  const enable = withRole('enable');
  if (enable !== undefined) return r.rng() < (r.monthly ? TUNING.enableMonth : TUNING.enableOther) ? enable : !enable;
  const lowest = withRole('bad-lowest');
  if (lowest !== undefined) return rare(r, TUNING.lowestRate) ? lowest : !lowest;
  const grant = withRole('grant');
  if (grant !== undefined) return r.rng() < TUNING.grantRate ? grant : !grant;
  const good = withRole('good');
  if (good !== undefined) return chooseGrade(r, 2, 'check') === 0 ? good : !good;
  return r.rng() < 0.5;
}

const SENTENCES = [
  'Cần duy trì nền nếp sinh hoạt đều đặn, đúng giờ.',
  'Nội dung sinh hoạt cần gắn hơn với nhiệm vụ cụ thể của đơn vị.',
  'Mong chi bộ dành thêm thời gian để đảng viên trao đổi, góp ý.',
  'Tài liệu nên được gửi sớm hơn để mọi người kịp nghiên cứu.',
  'Không khí dân chủ, cởi mở; đảng viên mạnh dạn phát biểu.',
  'Cần theo dõi, đôn đốc việc thực hiện nghị quyết sau mỗi kỳ.',
  'Bản thân sẽ khắc phục hạn chế về thời gian hoàn thành công việc.',
  'Đã cố gắng hoàn thành tốt nhiệm vụ được giao trong kỳ.',
  'Đề nghị tăng cường ứng dụng công nghệ số trong sinh hoạt.',
  'Cần biểu dương kịp thời những đồng chí làm tốt.',
];

function answerText(r: Respondent0, item: Extract<Item, { type: 'text' }>): string | undefined {
  if (r.rng() >= TUNING.textRate) return undefined;
  const s = pick(r.rng, SENTENCES);
  return s.slice(0, item.maxLength ?? 2000);
}

/* Numbers ---------------------------------------------------------------------------------- */

type NumberItem = Extract<Item, { type: 'number' }>;

function isInteger(item: NumberItem): boolean {
  return item.integer ?? true;
}

function clampNumber(item: NumberItem, v: number): number {
  const x = Math.min(item.max, Math.max(item.min, v));
  return isInteger(item) ? Math.min(Math.floor(item.max), Math.max(Math.ceil(item.min), Math.round(x))) : x;
}

/** An interval of values with open or closed ends. */
interface Region {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
}

/** The regions the cuts make, best first. `floor`/`ceil` bound the whole range. */
function regionsOf(cuts: Cut[], floor: number, ceil: number): Region[] {
  const dir = cuts[0]?.dir ?? 1;
  const sorted = [...new Map(cuts.map((c) => [`${c.at}:${c.strict}`, c])).values()].sort((a, b) =>
    dir === 1 ? b.at - a.at : a.at - b.at,
  );
  const regions: Region[] = [];
  if (dir === 1) {
    let hi = ceil;
    let hiOpen = false;
    for (const c of sorted) {
      if (c.at > hi || c.at < floor) continue;
      regions.push({ lo: c.at, loOpen: c.strict, hi, hiOpen });
      hi = c.at;
      hiOpen = !c.strict;
    }
    if (hi > floor || (hi === floor && !hiOpen)) regions.push({ lo: floor, loOpen: false, hi, hiOpen });
  } else {
    let lo = floor;
    let loOpen = false;
    for (const c of sorted) {
      if (c.at < lo || c.at > ceil) continue;
      regions.push({ lo, loOpen, hi: c.at, hiOpen: c.strict });
      lo = c.at;
      loOpen = !c.strict;
    }
    if (lo < ceil || (lo === ceil && !loOpen)) regions.push({ lo, loOpen, hi: ceil, hiOpen: false });
  }
  return regions.filter((g) => g.lo < g.hi || (g.lo === g.hi && !g.loOpen && !g.hiOpen));
}

/** Integers k with k / scale inside the region (scale 1: the integers themselves). */
function integerRange(g: Region, scale: number): [number, number] | undefined {
  const eps = 1e-9;
  let a = Math.ceil(g.lo * scale - eps);
  if (g.loOpen && a / scale <= g.lo + eps / scale) a += 1;
  let b = Math.floor(g.hi * scale + eps);
  if (g.hiOpen && b / scale >= g.hi - eps / scale) b -= 1;
  return a <= b ? [a, b] : undefined;
}

/**
 * A value inside a region. In the best region values lean toward the cut (just enough is more
 * common than far beyond it); in a lower region they lean toward the better edge (a miss is
 * usually a near miss). `scale`: sample integers k with k / scale in the region.
 */
function sampleRegion(r: Respondent0, g: Region, best: boolean, dir: 1 | -1, scale: number | undefined): number {
  const u = r.rng();
  const t = best ? u ** 1.5 : u * u * u;
  // Measured from the low end when the near end is low.
  const fromLow = best === (dir === 1);
  if (scale !== undefined) {
    const range = integerRange(g, scale);
    if (!range) return Math.round(((g.lo + g.hi) / 2) * scale);
    const [a, b] = range;
    let k = Math.min(b - a, Math.floor((b - a + 1) * t));
    if (!best) {
      // Counts below the best region: usually one short, sometimes two, rarely more.
      k = 0;
      while (k < b - a && r.rng() < TUNING.countStep) k++;
    }
    return fromLow ? a + k : b - k;
  }
  const span = g.hi - g.lo;
  return fromLow ? g.lo + span * t : g.hi - span * t;
}

/** Picks a region by grade and a value in it. */
function sampleByCuts(
  r: Respondent0,
  cuts: Cut[],
  floor: number,
  ceil: number,
  scale: number | undefined,
  grade?: number,
): number {
  const regions = regionsOf(cuts, floor, ceil);
  if (regions.length === 0) return floor;
  const g = Math.min(grade ?? chooseGrade(r, regions.length, 'count'), regions.length - 1);
  return sampleRegion(r, regions[g] as Region, g === 0, cuts[0]?.dir ?? 1, scale);
}

interface NumberContext {
  plan: Plan;
  byId: Map<string, Item>;
  values: Map<string, number>;
}

function termsValue(ctx: NumberContext, terms: ItemTerm[]): number | undefined {
  let s = 0;
  for (const t of terms) {
    const v = ctx.values.get(t.item);
    if (v === undefined) return undefined;
    s += v * (t.weight ?? 1);
  }
  return s;
}

/** The key of a metric's denominator: metrics with the same key share a base. */
function denominatorKey(m: PlainMetric): string | undefined {
  return m.denominator?.map((t) => `${t.item}*${t.weight ?? 1}`).join('+');
}

/** Number items answered consistently: bases first, then shares of them, then the rest. */
function answerNumbers(r: Respondent0, plan: Plan, byId: Map<string, Item>): Map<string, number> {
  const ctx: NumberContext = { plan, byId, values: new Map() };
  const numbers = plan.numbers;
  if (numbers.length === 0) return ctx.values;
  const inNumerator = new Set<string>();
  const inDenominator = new Map<string, number>();
  for (const { metric } of plan.metrics) {
    for (const t of metric.numerator) inNumerator.add(t.item);
    for (const t of metric.denominator ?? []) {
      const w = t.weight ?? 1;
      inDenominator.set(t.item, Math.max(inDenominator.get(t.item) ?? -Infinity, w));
    }
  }
  const set = (item: NumberItem, v: number): void => {
    ctx.values.set(item.id, clampNumber(item, v));
  };

  // 1. Bases: counts that only ever divide (members on roll, tasks assigned).
  for (const item of numbers) {
    if ((inDenominator.get(item.id) ?? 0) > 0 && !inNumerator.has(item.id)) {
      const v = Math.round(r.cellBase * Math.exp(TUNING.countSigma * normal(r.rng)));
      set(item, Math.max(item.min, 1, v));
    }
  }
  // 2. Parts taken off a base (members exempted): usually none, sometimes a few.
  for (const item of numbers) {
    if (ctx.values.has(item.id) || inNumerator.has(item.id) || !inDenominator.has(item.id)) continue;
    const base = Math.max(
      ...plan.metrics.flatMap(({ metric }) => (metric.denominator ?? []).map((t) => ctx.values.get(t.item) ?? 0)),
    );
    set(item, r.rng() < 0.75 ? 0 : intBetween(r.rng, 1, Math.max(1, Math.round(base * 0.1))));
  }
  // 3. Shares of a base, metric by metric as their denominators become known.
  const goodness = new Map<string, number>();
  for (const { metric, dir } of plan.metrics)
    for (const t of metric.numerator) goodness.set(t.item, (goodness.get(t.item) ?? 0) + dir * (t.weight ?? 1));
  const soleCuts = (itemId: string, key: string): Cut[] =>
    plan.metrics
      .filter(
        ({ metric }) =>
          denominatorKey(metric) === key && metric.numerator.length === 1 && metric.numerator[0]?.item === itemId,
      )
      .flatMap(({ cuts }) => cuts);
  const groupsDone = new Set<string>();
  for (let progress = true; progress;) {
    progress = false;
    for (const { metric } of plan.metrics) {
      const key = denominatorKey(metric);
      if (key === undefined || groupsDone.has(key)) continue;
      const base = termsValue(ctx, metric.denominator ?? []);
      if (base === undefined) continue;
      groupsDone.add(key);
      progress = true;
      const same = plan.metrics.filter(({ metric: m }) => denominatorKey(m) === key).map(({ metric: m }) => m);
      const pending = [...new Set(same.flatMap((m) => m.numerator.map((t) => t.item)))].filter(
        (id) => !ctx.values.has(id) && byId.get(id)?.type === 'number',
      );
      // Parts: items added together in one numerator are disjoint parts of the base
      // (on time + late ≤ assigned). The best part is drawn first, the others share the rest.
      const partners = new Map<string, Set<string>>(pending.map((id) => [id, new Set([id])]));
      for (const m of same) {
        const ids = m.numerator.filter((t) => (t.weight ?? 1) > 0 && partners.has(t.item)).map((t) => t.item);
        for (const a of ids) for (const b of ids) partners.get(a)?.add(b);
      }
      const byGoodness = (a: string, b: string): number => (goodness.get(b) ?? 0) - (goodness.get(a) ?? 0);
      const partIds = pending.filter((id) => (partners.get(id)?.size ?? 0) > 1).sort(byGoodness);
      const primary = partIds[0];
      const whole = Math.max(0, base);
      if (primary !== undefined) {
        const item = byId.get(primary) as NumberItem;
        const cuts = soleCuts(primary, key);
        const scale = isInteger(item) ? whole : undefined;
        const share =
          whole > 0 ? sampleByCuts(r, cuts.length ? cuts : [{ at: 0.9, strict: false, dir: 1 }], 0, 1, scale) : 0;
        set(item, scale !== undefined ? share : share * whole);
        let rest = whole - (ctx.values.get(primary) ?? 0);
        for (const id of partIds.slice(1)) {
          const part = byId.get(id) as NumberItem;
          // Nearly everyone finishes what is left, late (a task never done is rare: it costs
          // "Hoàn thành" under the 2025 rules, which under 1% of members get).
          const take = r.rng() < TUNING.restDone ? rest : rest * r.rng();
          set(part, isInteger(part) ? Math.round(take) : take);
          rest -= ctx.values.get(id) ?? 0;
        }
      }
      for (const id of pending) {
        if (ctx.values.has(id)) continue;
        const item = byId.get(id) as NumberItem;
        const cuts = soleCuts(id, key);
        const scale = isInteger(item) ? whole : undefined;
        if (primary !== undefined && (goodness.get(id) ?? 0) > 0) {
          // "In which…": a subset of the best part (tasks exceeding among those on time); reaching
          // its cut is the exception, not the rule.
          const top = cuts.length ? cuts : [{ at: 0.3, strict: false, dir: 1 as const }];
          const reach = r.rng() < logistic(TUNING.subsetBase + TUNING.subsetSlope * r.quality);
          const share = whole > 0 ? sampleByCuts(r, top, 0, 1, scale, reach ? 0 : 1) : 0;
          const v = scale !== undefined ? share : share * whole;
          set(item, Math.min(v, ctx.values.get(primary) ?? v));
        } else {
          const dirCuts = cuts.length ? cuts : [{ at: 0.9, strict: false, dir: 1 as const }];
          const share = whole > 0 ? sampleByCuts(r, dirCuts, 0, 1, scale) : 0;
          set(item, scale !== undefined ? share : share * whole);
        }
      }
    }
  }
  // 4. Plain values (minutes): placed by the cuts of the sums they feed and of conditions.
  for (const item of numbers) {
    if (ctx.values.has(item.id)) continue;
    const cuts: Cut[] = [];
    for (const { metric, cuts: mc } of plan.metrics) {
      if (metric.denominator) continue;
      const term = metric.numerator.find((t) => t.item === item.id);
      const w = term?.weight ?? 1;
      if (term && w !== 0)
        cuts.push(...mc.map((c) => ({ ...c, at: c.at / w, dir: (w > 0 ? c.dir : -c.dir) as 1 | -1 })));
    }
    const roles = plan.roles.get(item.id);
    const direct = roles?.cuts ?? [];
    const all = [...cuts, ...direct];
    if (all.length === 0) continue;
    const sum = all.reduce((s, c) => s + c.dir, 0);
    const dir: 1 | -1 = sum >= 0 ? 1 : -1;
    const kept = all.filter((c) => c.dir === dir);
    const onlyBad = cuts.length === 0 && roles !== undefined && [...roles.roles].every((x) => x.startsWith('bad'));
    const scale = isInteger(item) ? 1 : undefined;
    const edge = dir === 1 ? Math.max(...kept.map((c) => c.at)) : Math.min(...kept.map((c) => c.at));
    const floor = item.min;
    const ceil =
      dir === 1
        ? Math.min(item.max, Math.max(edge * 1.3, edge + 1))
        : Math.min(item.max, Math.max(edge * 1.5, edge + 3));
    const rate = roles?.roles.has('bad-disqualifier') ? TUNING.disqualifierRate : TUNING.lowestRate;
    const grade = onlyBad ? (rare(r, rate) ? 1 : 0) : undefined;
    set(item, sampleByCuts(r, kept, floor, ceil, scale, grade));
  }
  // 5. Counts nothing computes with, in the unit of a base: the rest of that base (absent with
  //    reason = on roll − exempted − present − absent without reason). Otherwise a small count.
  const unitOf = (id: string): string | undefined => {
    const it = byId.get(id);
    return it?.type === 'number' ? it.unit?.vi : undefined;
  };
  const inMetric = new Set([...inNumerator, ...inDenominator.keys()]);
  const leftovers = numbers.filter((item) => !inMetric.has(item.id));
  const baseMetric = plan.metrics.find(
    ({ metric }) => metric.denominator && termsValue(ctx, metric.denominator) !== undefined,
  )?.metric;
  let rest: number | undefined;
  if (baseMetric?.denominator) {
    const unit = unitOf(baseMetric.denominator[0]?.item ?? '');
    const whole = termsValue(ctx, baseMetric.denominator) ?? 0;
    const used = [
      ...baseMetric.numerator.map((t) => t.item),
      ...leftovers.filter((i) => ctx.values.has(i.id)).map((i) => i.id),
    ];
    if (unit !== undefined) {
      rest = whole;
      for (const id of used) if (unitOf(id) === unit) rest -= ctx.values.get(id) ?? 0;
      // Values chosen above may not fit what is left (someone absent while everyone was present).
      for (const item of leftovers) {
        const v = ctx.values.get(item.id);
        if (v !== undefined && rest < 0 && unitOf(item.id) === unit) {
          const cut = Math.min(v, -rest);
          set(item, v - cut);
          rest += cut;
        }
      }
    }
    const fill = leftovers.filter((item) => !ctx.values.has(item.id) && unit !== undefined && item.unit?.vi === unit);
    fill.forEach((item, i) => {
      const share = i === fill.length - 1 ? (rest ?? 0) : Math.round((rest ?? 0) * r.rng());
      set(item, Math.max(0, share));
      rest = (rest ?? 0) - (ctx.values.get(item.id) ?? 0);
    });
  }
  for (const item of numbers) {
    if (ctx.values.has(item.id)) continue;
    set(item, item.min + (r.rng() < 0.5 ? 0 : intBetween(r.rng, 1, 3)));
  }
  return ctx.values;
}

/* Whole responses -------------------------------------------------------------------------- */

function answerItem(r: Respondent0, plan: Plan, item: Item, numbers: Map<string, number>): AnswerValue | undefined {
  if (item.naChoosable && r.rng() < TUNING.naRate) return { na: true };
  switch (item.type) {
    case 'yes-no': {
      const yes = item.yesPoints ?? 0;
      const no = item.noPoints ?? 0;
      if (yes === no) return answerNeutralYesNo(r, plan.roles.get(item.id));
      const best = yes > no;
      return chooseGrade(r, 2, 'check', itemMaxPoints(item) / plan.maxScore) === 0 ? best : !best;
    }
    case 'bonus':
      return r.rng() < 0.15 * r.pTop.check;
    case 'choice': {
      const ranked = [...item.options].sort((a, b) => b.points - a.points);
      return (ranked[chooseGrade(r, ranked.length, 'scale', itemMaxPoints(item) / plan.maxScore)] ?? ranked[0])?.id;
    }
    case 'rating': {
      const ranked = [...item.steps].sort((a, b) => b.points - a.points || b.value - a.value);
      return (ranked[chooseGrade(r, ranked.length, 'scale', itemMaxPoints(item) / plan.maxScore)] ?? ranked[0])?.value;
    }
    case 'number':
      return numbers.get(item.id);
    case 'points': {
      if (item.reviews !== undefined) return undefined;
      // Parts scored directly, in quarter points: a share of the part's maximum that follows the
      // respondent's quality (the brief's meeting scores: mostly 80–98, about two in three ≥ 90).
      const share = TUNING.points.mean + TUNING.points.quality * r.quality + TUNING.points.noise * normal(r.rng);
      return Math.round(item.max * Math.min(1, Math.max(0, share)) * 4) / 4;
    }
    case 'text':
      return answerText(r, item);
    case 'band':
    case 'level':
      return undefined;
  }
}

function answerAll(instrument: Instrument, r: Respondent0): Answers {
  const plan = planOf(instrument);
  const byId = new Map(plan.items.map(({ item }) => [item.id, item]));
  const numbers = answerNumbers(r, plan, byId);
  const answers: Answers = {};
  for (const { item } of plan.items) {
    const v = answerItem(r, plan, item, numbers);
    if (v !== undefined) answers[item.id] = v;
  }
  voteAdoption(instrument, answers, r.rng);
  repairChecks(instrument, answers);
  keepStatusesRare(instrument, answers, r.rng);
  // Items that do not apply (no thematic meeting) are left unanswered, as the form would.
  for (let pass = 0; pass < 4; pass++) {
    const score = scoreResponse(instrument, answers);
    let changed = false;
    for (const s of score.items) {
      const v = answers[s.id];
      if (s.status === 'not-applicable' && v !== undefined && !(typeof v === 'object' && v !== null)) {
        delete answers[s.id];
        changed = true;
      }
    }
    if (!changed) break;
  }
  if (plan.levelItem) {
    const level = scoreResponse(instrument, answers).level;
    const rank = levelRank(instrument.levels, level);
    const which = pickWeighted(r.rng, [
      ['same', TUNING.proposal.same],
      ['lower', TUNING.proposal.lower],
      ['higher', TUNING.proposal.higher],
    ] as const);
    const to = which === 'lower' ? rank + 1 : which === 'higher' ? rank - 1 : rank;
    answers[plan.levelItem.id] = (instrument.levels[to] ?? instrument.levels[rank])?.id ?? level;
  }
  return answers;
}

/* Names ------------------------------------------------------------------------------------ */

// Family names with rough shares; middle and given names by sex. Common names, no real people.
const FAMILY: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 2],
  ['Phan', 4.5],
  ['Vũ', 3],
  ['Võ', 2],
  ['Đặng', 2],
  ['Bùi', 2],
  ['Đỗ', 1.5],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Trịnh', 0.6],
  ['Mai', 0.5],
  ['Lương', 0.4],
];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Xuân', 'Thanh', 'Ngọc', 'Đình', 'Quốc', 'Trung'];
const MIDDLE_F = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Hồng', 'Phương', 'Bích', 'Mỹ'];
const GIVEN_M = [
  'Hùng',
  'Dũng',
  'Minh',
  'Tuấn',
  'Hải',
  'Nam',
  'Long',
  'Thắng',
  'Sơn',
  'Bình',
  'Cường',
  'Đạt',
  'Hiếu',
  'Khánh',
  'Phong',
  'Quân',
  'Trung',
  'Việt',
  'Hoàng',
  'Toàn',
  'Thành',
  'Huy',
  'Tài',
  'Lâm',
  'Phúc',
];
const GIVEN_F = [
  'Lan',
  'Hương',
  'Hoa',
  'Mai',
  'Linh',
  'Trang',
  'Thảo',
  'Hằng',
  'Nga',
  'Phương',
  'Thủy',
  'Yến',
  'Hà',
  'Nhung',
  'Oanh',
  'Loan',
  'Dung',
  'Hạnh',
  'Huyền',
  'Ngân',
  'Vân',
  'Liên',
  'Tâm',
  'Giang',
  'Ánh',
];

function personName(rng: Random): string {
  const family = pickWeighted(rng, FAMILY);
  const female = rng() < 0.38;
  const middle = pick(rng, female ? MIDDLE_F : MIDDLE_M);
  let given = pick(rng, female ? GIVEN_F : GIVEN_M);
  // "Nguyễn Minh Minh" is not a name people have.
  while (given === middle) given = pick(rng, female ? GIVEN_F : GIVEN_M);
  return `${family} ${middle} ${given}`;
}

/** The post of the n-th member of a cell of `size` (the secretary first, then the committee). */
function postOf(n: number, size: number): string {
  if (n === 0) return 'Bí thư chi bộ';
  if (n === 1 && size >= 8) return 'Phó Bí thư chi bộ';
  if (n <= 3 && size >= 15) return 'Chi ủy viên';
  return 'Đảng viên';
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function responseId(rng: Random): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += ID_CHARS[Math.floor(rng() * 64)];
  return s;
}

/* Cells ------------------------------------------------------------------------------------ */

/**
 * Splits `count` members over `cells` cells with realistic, uneven sizes (log-normal around the
 * mean; at least 3 a cell when there are enough members). Deterministic for a seed.
 */
export function planCellSizes(count: number, cells: number, seed: string | number): number[] {
  const n = Math.max(1, Math.floor(cells));
  const total = Math.max(0, Math.floor(count));
  const rng = createRandom(`${String(seed)}:cells:${total}:${n}`);
  const weights = Array.from({ length: n }, () => Math.exp(0.55 * normal(rng)));
  const sum = weights.reduce((s, w) => s + w, 0);
  const least = total >= 3 * n ? 3 : total >= n ? 1 : 0;
  const raw = weights.map((w) => (total * w) / sum);
  const sizes = raw.map((x) => Math.max(least, Math.floor(x)));
  let diff = total - sizes.reduce((s, x) => s + x, 0);
  const byRemainder = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; diff > 0; k = (k + 1) % n) {
    sizes[byRemainder[k]![1]]! += 1;
    diff -= 1;
  }
  while (diff < 0) {
    // Take from the largest cells first.
    let big = 0;
    for (let i = 1; i < n; i++) if (sizes[i]! > sizes[big]!) big = i;
    if (sizes[big]! <= least) break;
    sizes[big]! -= 1;
    diff += 1;
  }
  return sizes;
}

/** The code of the n-th cell (1-based): `CB-0001`. */
export function cellCode(n: number): string {
  return `CB-${String(n).padStart(4, '0')}`;
}

/* Entry points ----------------------------------------------------------------------------- */

/** Options of {@link synthesizeResponses}. */
export interface SynthOptions {
  /** How many responses (members, or meetings for a meeting sheet). */
  count: number;
  /** The seed: the same seed and options always give the same responses. */
  seed: string | number;
  /** How many cells the responses are spread over (sizes vary around count / cells). */
  cells: number;
  /** The period answered for. */
  period: string;
  /**
   * Number of the first cell (default 1): cells are `CB-0001`, `CB-0002`… from it. Separate runs
   * with disjoint numbers make disjoint cells (each cell depends only on the seed, its number and
   * its size), e.g. to build reports for several committees and merge them.
   */
  startId?: number;
}

/**
 * Synthetic responses, one by one, cell by cell (for writing many files without holding them).
 * Pure and deterministic: no clock, no global randomness.
 */
export function* generateResponses(instrument: Instrument, options: SynthOptions): Generator<Response> {
  const sizes = planCellSizes(options.count, options.cells, options.seed);
  const first = Math.max(1, Math.floor(options.startId ?? 1));
  const monthly = granularityOf(options.period) === 'month';
  const named = instrument.anonymity === 'named';
  const rho = TUNING.cellShare;
  for (let c = 0; c < sizes.length; c++) {
    const size = sizes[c] ?? 0;
    if (size === 0) continue;
    const number = first + c;
    const cell = cellCode(number);
    const rng = createRandom(`${String(options.seed)}:${instrument.id}:${options.period}:${cell}:${size}`);
    const cellQuality = normal(rng);
    const cellBase = TUNING.countMedian * Math.exp(TUNING.countSigmaCell * normal(rng));
    const names = new Set<string>();
    const members: { response: Response; quality: number }[] = [];
    for (let m = 0; m < size; m++) {
      const quality = Math.sqrt(rho) * cellQuality + Math.sqrt(1 - rho) * normal(rng);
      const id = responseId(rng);
      const response: Response = {
        id,
        instrument: { id: instrument.id, version: instrument.version },
        cell,
        period: options.period,
        revision: rng() < TUNING.resend ? 2 : 1,
        answers: answerAll(instrument, respondentOf(rng, quality, monthly, cellBase)),
      };
      if (named) {
        let name = personName(rng);
        for (let k = 0; names.has(name) && k < 20; k++) name = personName(rng);
        names.add(name);
        const respondent: Respondent = { name, post: postOf(m, size) };
        response.respondent = respondent;
      }
      members.push({ response, quality });
    }
    if (instrument.quota && rng() >= TUNING.quotaIgnored)
      keepQuota(instrument, members, (quality) => respondentOf(rng, quality, monthly, cellBase));
    for (const { response } of members) yield response;
  }
}

function respondentOf(rng: Random, quality: number, monthly: boolean, cellBase: number): Respondent0 {
  return {
    rng,
    quality,
    pTop: {
      scale: logistic(TUNING.topBase.scale + TUNING.topSlope * quality),
      check: logistic(TUNING.topBase.check + TUNING.topSlope * quality),
      count: logistic(TUNING.topBase.count + TUNING.topSlope * quality),
    },
    monthly,
    cellBase,
  };
}

/**
 * A cell rates its members within the instrument's quota (xuất sắc ≤ 20% of tốt): while the cell
 * is over it, the member with the lowest total among those at the limited level answers again as
 * a somewhat weaker member (up to a few times), as a cell's review would lower a rating.
 */
function keepQuota(
  instrument: Instrument,
  members: { response: Response; quality: number }[],
  respondent: (quality: number) => Respondent0,
): void {
  const quota = instrument.quota;
  if (!quota) return;
  const scored = members.map((m) => ({ m, score: scoreResponse(instrument, m.response.answers) }));
  const over = (): boolean => {
    const count = scored.filter((x) => x.score.level === quota.level).length;
    const base = scored.filter((x) => quota.of.includes(x.score.level)).length;
    return count > Math.floor(quota.maxShare * base + 1e-9);
  };
  const tried = new Set<number>();
  while (over()) {
    let pick = -1;
    scored.forEach((x, i) => {
      if (x.score.level !== quota.level || tried.has(i)) return;
      const best = scored[pick];
      if (pick < 0 || (best && x.score.scaled <= best.score.scaled)) pick = i;
    });
    const target = scored[pick];
    if (!target) break;
    tried.add(pick);
    for (let k = 1; k <= 6; k++) {
      const answers = answerAll(instrument, respondent(target.m.quality - 0.75 * k));
      const score = scoreResponse(instrument, answers);
      if (score.level !== quota.level) {
        target.m.response.answers = answers;
        target.score = score;
        break;
      }
    }
  }
}

/**
 * Synthesizes `count` realistic responses to an instrument over `cells` cells for a period.
 * Deterministic for a seed; every response passes `checkResponse`. Never branches on the
 * instrument's id: answers follow from its structure (see the notes at the top of this file).
 */
export function synthesizeResponses(instrument: Instrument, options: SynthOptions): Response[] {
  return [...generateResponses(instrument, options)];
}

// Small builders so tests read like specifications: `instrument({ sections: [section('s', [yesNo('q', 10)])] })`
// instead of large literal blobs. Every builder returns plain data in the shape of the core schemas;
// `instrument()` parses through `InstrumentSchema`, so a test never runs on an instrument the site
// would refuse. `rawInstrument()` skips the parse, for tests of broken instruments.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  InstrumentSchema,
  levelRank,
  listItems,
  scoreResponse,
  type Answers,
  type AnswerValue,
  type Condition,
  type Instrument,
  type Item,
  type Level,
  type Response,
  type Score,
  type Section,
} from '../src/core/index.ts';
import { sumDecimals } from '../src/core/decimal.ts';

/** An item of one kind. */
export type ItemOf<K extends Item['type']> = Extract<Item, { type: K }>;
/** Optional fields of an item of one kind (everything but `id` and `type`). */
type Extra<K extends Item['type']> = Partial<Omit<ItemOf<K>, 'id' | 'type'>>;

/** A Vietnamese-only text. */
export function local(vi: string): { vi: string } {
  return { vi };
}

/** Yes/no: `points` for yes, `noPoints` (default 0) for no. */
export function yesNo(id: string, points = 0, extra: Extra<'yes-no'> = {}): ItemOf<'yes-no'> {
  return { id, type: 'yes-no', label: local(`Câu ${id}`), yesPoints: points, noPoints: 0, ...extra };
}

/** Graded choice from `[optionId, points]` pairs, in display order. */
export function choice(id: string, options: [string, number][], extra: Extra<'choice'> = {}): ItemOf<'choice'> {
  return {
    id,
    type: 'choice',
    label: local(`Câu ${id}`),
    options: options.map(([oid, points]) => ({ id: oid, label: local(`Lựa chọn ${oid}`), points })),
    ...extra,
  };
}

/** Rating scale: step values 1..n with the given points, lowest step first. */
export function rating(id: string, points: number[], extra: Extra<'rating'> = {}): ItemOf<'rating'> {
  return {
    id,
    type: 'rating',
    label: local(`Câu ${id}`),
    steps: points.map((p, i) => ({ value: i + 1, points: p })),
    ...extra,
  };
}

/** A number between `min` and `max` (whole numbers unless `integer: false`). */
export function number(id: string, min = 0, max = 1000, extra: Extra<'number'> = {}): ItemOf<'number'> {
  return { id, type: 'number', label: local(`Số ${id}`), min, max, ...extra };
}

/** A band over a metric: `steps` as `[min, points]` pairs (highest min first), or `linear`. */
export function band(
  id: string,
  metric: string,
  scale: { steps: [number, number][] } | { linear: { points: number; full: number } },
  extra: Extra<'band'> = {},
): ItemOf<'band'> {
  const base = { id, type: 'band' as const, label: local(`Mục ${id}`), metric };
  return 'steps' in scale
    ? { ...base, steps: scale.steps.map(([min, points]) => ({ min, points })), ...extra }
    : { ...base, linear: scale.linear, ...extra };
}

/** A bonus worth `points` when answered yes. */
export function bonus(id: string, points: number, extra: Extra<'bonus'> = {}): ItemOf<'bonus'> {
  return { id, type: 'bonus', label: local(`Điểm thưởng ${id}`), points, ...extra };
}

/** Free text. */
export function text(id: string, extra: Extra<'text'> = {}): ItemOf<'text'> {
  return { id, type: 'text', label: local(`Ý kiến ${id}`), ...extra };
}

/** The proposed level (self-assessments only). */
export function level(id = 'de-xuat', extra: Extra<'level'> = {}): ItemOf<'level'> {
  return { id, type: 'level', label: local('Tự đề xuất mức xếp loại'), ...extra };
}

/** The most points an item gives toward its section (written here, not taken from core). */
function maxPointsOf(item: Item): number {
  switch (item.type) {
    case 'yes-no':
      return Math.max(item.yesPoints ?? 0, item.noPoints ?? 0);
    case 'choice':
      return Math.max(...item.options.map((o) => o.points));
    case 'rating':
      return Math.max(...item.steps.map((s) => s.points));
    case 'band':
      return item.linear?.points ?? Math.max(0, ...(item.steps ?? []).map((s) => s.points));
    default:
      return 0;
  }
}

/** A section; `max` defaults to the sum of its items' maxima. */
export function section(id: string, items: Item[], extra: Partial<Omit<Section, 'id' | 'items'>> = {}): Section {
  return {
    id,
    title: local(`Phần ${id}`),
    max: sumDecimals(items.map(maxPointsOf)),
    items,
    ...extra,
  };
}

/** Meeting levels: Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50, Kém ≥ 0 (half-open bands). */
export function levels4(): Level[] {
  return [
    { id: 'tot', label: local('Tốt'), min: 90 },
    { id: 'kha', label: local('Khá'), min: 70 },
    { id: 'trung-binh', label: local('Trung bình'), min: 50 },
    { id: 'kem', label: local('Kém'), min: 0 },
  ];
}

/** Member levels: xuất sắc ≥ 90, tốt ≥ 70, hoàn thành ≥ 50, không hoàn thành ≥ 0. */
export function memberLevels(): Level[] {
  return [
    { id: 'xuat-sac', label: local('Hoàn thành xuất sắc nhiệm vụ'), min: 90 },
    { id: 'tot', label: local('Hoàn thành tốt nhiệm vụ'), min: 70 },
    { id: 'hoan-thanh', label: local('Hoàn thành nhiệm vụ'), min: 50 },
    { id: 'khong-hoan-thanh', label: local('Không hoàn thành nhiệm vụ'), min: 0 },
  ];
}

/** A condition: the item's answer equals `value`. */
export function eq(item: string, value: string | number | boolean): Condition {
  return { op: 'eq', item, value };
}

/** An instrument definition as written, before the schema checks it. */
export function rawInstrument(overrides: Partial<Instrument> = {}): Instrument {
  const sections = overrides.sections ?? [
    section('s1', [
      choice('q1', [
        ['a', 100],
        ['b', 50],
        ['c', 0],
      ]),
    ]),
  ];
  return {
    id: 'thu-nghiem',
    version: '1',
    kind: 'meeting-survey',
    title: local('Phiếu thử nghiệm'),
    shortTitle: local('Thử nghiệm'),
    description: local('Phiếu dùng trong kiểm thử.'),
    periods: ['quarter'],
    anonymity: 'anonymous',
    legalBasis: [{ code: '42-HD/BTCTW', title: local('Hướng dẫn về sinh hoạt chi bộ'), date: '2025-10-28' }],
    validFrom: '2025-10-28',
    maxScore: sumDecimals(sections.map((sec) => sec.max)),
    levels: levels4(),
    ...overrides,
    sections,
  };
}

/** A valid instrument: the defaults, overridden, parsed by `InstrumentSchema` (throws with the issues). */
export function instrument(overrides: Partial<Instrument> = {}): Instrument {
  const parsed = InstrumentSchema.safeParse(rawInstrument(overrides));
  if (!parsed.success)
    throw new Error(
      `test instrument is invalid:\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return parsed.data;
}

/** A named self-assessment with member levels and a proposed-level item in its own section. */
export function selfAssessment(overrides: Partial<Instrument> = {}): Instrument {
  const sections = overrides.sections ?? [
    section('a', [
      choice('q1', [
        ['a', 100],
        ['b', 75],
        ['c', 55],
        ['d', 0],
      ]),
    ]),
    section('d', [level('de-xuat')]),
  ];
  return instrument({
    id: 'tu-danh-gia',
    kind: 'self-assessment',
    anonymity: 'named',
    periods: ['quarter', 'year'],
    levels: memberLevels(),
    ...overrides,
    sections,
  });
}

/** A response with defaults (instrument `thu-nghiem` 1, cell `CB-01`, 2026-Q1). */
export function response(overrides: Partial<Response> = {}): Response {
  return {
    id: 'phieu-0001',
    instrument: { id: 'thu-nghiem', version: '1' },
    cell: 'CB-01',
    period: '2026-Q1',
    revision: 1,
    answers: {},
    ...overrides,
  };
}

/** A response to `ins` with these answers. */
export function responseFor(ins: Instrument, answers: Answers, overrides: Partial<Response> = {}): Response {
  return response({
    instrument: { id: ins.id, version: ins.version },
    period: ins.periods[0] === 'month' ? '2026-03' : ins.periods[0] === 'year' ? '2026' : '2026-Q1',
    ...(ins.anonymity === 'named' ? { respondent: { name: 'Nguyễn Văn An' } } : {}),
    answers,
    ...overrides,
  });
}

// ---------------------------------------------------------------------------------------------
// Extreme answers, found generically (per item kind, never by id).

const OMIT = Symbol('omit');
type Candidate = AnswerValue | typeof OMIT;

/** Candidate values of a number item: the ends, values near them, and an even spread between. */
function numberCandidates(item: ItemOf<'number'>): number[] {
  const whole = item.integer ?? true;
  const lo = whole ? Math.ceil(item.min) : item.min;
  const hi = whole ? Math.floor(item.max) : item.max;
  const out = new Set<number>([lo, hi]);
  if (whole && hi - lo <= 60) for (let v = lo; v <= hi; v++) out.add(v);
  else {
    for (let k = 1; k <= 30; k++) {
      if (whole) {
        out.add(Math.min(hi, lo + k));
        out.add(Math.max(lo, hi - k));
      }
    }
    for (let k = 1; k < 40; k++) {
      const v = lo + ((hi - lo) * k) / 40;
      out.add(whole ? Math.round(v) : v);
    }
  }
  return [...out];
}

/** Answers an item may be given, fitting its kind (and none, where it may be left out). */
export function answerCandidates(ins: Instrument, item: Item): (AnswerValue | undefined)[] {
  return candidatesOf(ins, item).map((c) => (c === OMIT ? undefined : c));
}

function candidatesOf(ins: Instrument, item: Item): Candidate[] {
  const na: Candidate[] = item.naChoosable ? [{ na: true }] : [];
  switch (item.type) {
    case 'yes-no':
      return [false, true, ...na];
    case 'bonus':
      return [OMIT, false, true, ...na];
    case 'choice':
      return [...item.options.map((o) => o.id), ...na];
    case 'rating':
      return [...item.steps.map((s) => s.value), ...na];
    case 'number':
      return [...numberCandidates(item), ...na];
    case 'points':
      return item.reviews === undefined ? [0, item.max / 2, item.max, ...na] : [OMIT];
    case 'text':
      return item.required ? ['Ý kiến.'] : [OMIT];
    case 'level':
      return ins.levels.map((l) => l.id);
    case 'band':
      return [];
  }
}

/** A first guess: the answer with the most (or fewest) points for the item's kind. */
function firstGuess(ins: Instrument, item: Item, best: boolean): Candidate {
  const byPoints = <T extends { points: number }>(xs: T[]): T | undefined =>
    [...xs].sort((a, b) => (best ? b.points - a.points : a.points - b.points))[0];
  switch (item.type) {
    case 'yes-no':
      return best ? (item.yesPoints ?? 0) > (item.noPoints ?? 0) : (item.yesPoints ?? 0) < (item.noPoints ?? 0);
    case 'bonus':
      return item.required ? best : OMIT;
    case 'choice':
      return byPoints(item.options)?.id ?? OMIT;
    case 'rating':
      return byPoints(item.steps)?.value ?? OMIT;
    case 'number':
      return best ? item.max : item.min;
    case 'points':
      return item.reviews !== undefined ? OMIT : best ? item.max : 0;
    case 'text':
      return item.required ? 'Ý kiến.' : OMIT;
    case 'level':
      return (best ? ins.levels[0] : ins.levels.at(-1))?.id ?? OMIT;
    case 'band':
      return OMIT;
  }
}

/** Orders scores: complete first, then the level, then the scaled total, then an honest proposal. */
function objective(ins: Instrument, s: Score, best: boolean): number[] {
  const rank = levelRank(ins.levels, s.level);
  return [s.complete ? 1 : 0, best ? -rank : rank, best ? s.scaled : -s.scaled, s.proposal?.status === 'same' ? 1 : 0];
}

function isBetter(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (Math.abs(x - y) > 1e-9) return x > y;
  }
  return false;
}

/** Improves answers one item at a time, then two number items at a time, until nothing changes. */
function climb(
  ins: Instrument,
  items: Item[],
  start: Map<string, Candidate>,
  best: boolean,
): { answers: Map<string, Candidate>; score: number[] } {
  const current = new Map(start);
  let score = objective(ins, scoreResponse(ins, answersOf(current)), best);
  const tryMove = (moves: [string, Candidate][]): boolean => {
    const trial = new Map(current);
    for (const [id, c] of moves) trial.set(id, c);
    const s = objective(ins, scoreResponse(ins, answersOf(trial)), best);
    if (!isBetter(s, score)) return false;
    for (const [id, c] of moves) current.set(id, c);
    score = s;
    return true;
  };
  // Counts feed ratios together (present / on roll), so a pair may need to move at once.
  const numbers = items.filter((i): i is ItemOf<'number'> => i.type === 'number');
  const coarse = (i: ItemOf<'number'>): number[] => [
    ...new Set([i.min, Math.min(i.max, i.min + 1), Math.round((i.min + i.max) / 2), i.max]),
  ];
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (const item of items) for (const c of candidatesOf(ins, item)) changed = tryMove([[item.id, c]]) || changed;
    if (!changed)
      for (const a of numbers)
        for (const b of numbers)
          if (a.id < b.id)
            for (const x of coarse(a))
              for (const y of coarse(b))
                changed =
                  tryMove([
                    [a.id, x],
                    [b.id, y],
                  ]) || changed;
    if (!changed) break;
  }
  return { answers: current, score };
}

function answersOf(m: Map<string, Candidate>): Answers {
  const out: Answers = {};
  for (const [id, v] of m) if (v !== OMIT) out[id] = v;
  return out;
}

/**
 * The best (or worst) complete answers an instrument allows, found without knowing any item id:
 * start from the answer with the most (fewest) points per item kind, with every number at its
 * maximum and again at its minimum, then improve one item at a time (coordinate ascent over each
 * kind's possible answers, pairs of numbers when single moves are stuck) until nothing changes.
 * Unscored answers (counts, flags, the proposed level) settle on whatever gives the best (worst) outcome.
 */
export function extremeAnswers(ins: Instrument, which: 'best' | 'worst'): Answers {
  const best = which === 'best';
  const items = listItems(ins).map(({ item }) => item);
  let winner: { answers: Map<string, Candidate>; score: number[] } | undefined;
  for (const numbersAt of ['max', 'min'] as const) {
    const start = new Map<string, Candidate>(
      items.map((i) => [i.id, i.type === 'number' ? i[numbersAt] : firstGuess(ins, i, best)]),
    );
    const result = climb(ins, items, start, best);
    if (!winner || isBetter(result.score, winner.score)) winner = result;
  }
  return answersOf(winner?.answers ?? new Map<string, Candidate>());
}

// ---------------------------------------------------------------------------------------------
// The real instruments.

/** Folder of the instrument definitions the site ships. */
export const INSTRUMENTS_DIR = fileURLToPath(new URL('../src/content/instruments/', import.meta.url));

/** Every instrument file: its name and its parsed JSON (unchecked). */
export function readInstrumentFiles(): { file: string; json: unknown }[] {
  let files: string[];
  try {
    files = readdirSync(INSTRUMENTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  return files
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(INSTRUMENTS_DIR + file, 'utf8')) as unknown }));
}

/** The real instruments, parsed (throws when one does not parse; instrument.test.ts reports which). */
export function realInstruments(): Instrument[] {
  return readInstrumentFiles().map(({ json }) => InstrumentSchema.parse(json));
}

/** Folder of the superseded versions readers keep (the home page does not list them). */
export const SUPERSEDED_DIR = fileURLToPath(new URL('../src/content/instruments/superseded/', import.meta.url));

/** Every superseded version's file: its name and its parsed JSON (unchecked). */
export function readSupersededFiles(): { file: string; json: unknown }[] {
  let files: string[];
  try {
    files = readdirSync(SUPERSEDED_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    files = [];
  }
  return files
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(SUPERSEDED_DIR + file, 'utf8')) as unknown }));
}

/** Every version readers know, current and superseded: what a catalog holds. */
export function allInstrumentVersions(): Instrument[] {
  return [...readInstrumentFiles(), ...readSupersededFiles()].map(({ json }) => InstrumentSchema.parse(json));
}

/** Folder of the frozen instrument versions (`<id>@<version>.json`) and their answer corpora. */
export const FROZEN_INSTRUMENTS_DIR = fileURLToPath(new URL('./fixtures/instruments/', import.meta.url));

/** Every instrument a scorer must agree on: the real ones, the superseded and the frozen versions. */
export function everyInstrumentToScore(): Instrument[] {
  const frozen = readdirSync(FROZEN_INSTRUMENTS_DIR)
    .filter((f) => /@[^.]+\.json$/.test(f))
    .sort()
    .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(FROZEN_INSTRUMENTS_DIR + f, 'utf8'))));
  return [...allInstrumentVersions(), ...frozen];
}

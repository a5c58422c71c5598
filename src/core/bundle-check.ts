// A fast yes-or-"ask the schema" check of a response file, for readers of many files (the CLI's
// aggregate): a plain loop over the fields a response file has, with the schemas' own patterns.
// It says yes only to values ResponseBundleSchema accepts; anything unusual (a key left undefined,
// a string near a length limit, an odd prototype) gets "not sure", and the schema decides.
import { ResponseBundleSchema, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './bundle.ts';
import { CELL_CODE_PATTERN, ID_PATTERN, PERIOD_PATTERN, RESPONSE_ID_PATTERN } from './patterns.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The patterns of the createdAt schemas (an ISO date, an ISO date-time with offset), read from them
 * on first use (nothing runs when the module is loaded, so bundles that do not use it drop it).
 */
let createdAtPatterns: RegExp[] | null | undefined;
function createdAtOf(): RegExp[] | null {
  if (createdAtPatterns === undefined) {
    const patterns = ResponseBundleSchema.shape.createdAt._zod.def.options.map(
      (o) => (o._zod.def as { pattern?: unknown }).pattern,
    );
    const found = patterns.filter((p) => p instanceof RegExp);
    createdAtPatterns = found.length === patterns.length ? found : null;
  }
  return createdAtPatterns;
}

/** Dates that matched one of the createdAt patterns. */
const knownDates = new Set<string>();
function isCreatedAt(at: unknown, patterns: readonly RegExp[]): boolean {
  if (typeof at !== 'string') return false;
  if (knownDates.has(at)) return true;
  if (!patterns.some((p) => p.test(at))) return false;
  if (knownDates.size >= 8192) knownDates.clear();
  knownDates.add(at);
  return true;
}

/** Whether keys must also come in canonical order (set for one check by {@link isCertainlyCanonicalResponseBundle}). */
let ordered = false;

/**
 * A plain object made by JSON.parse (no other prototype), whose own keys are all in `allowed`
 * (and, when `ordered`, own and in code-unit order, as canonical-json.ts' fast path wants them).
 */
function isPlain(value: unknown, allowed: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let previous: string | undefined;
  // hasOwnProperty on a for…in key of the same object is known to the compiler (Object.hasOwn is looked up).
  for (const k in value) {
    if (!allowed.includes(k)) return false;
    if (ordered) {
      if (!Object.prototype.hasOwnProperty.call(value, k) || (previous !== undefined && k <= previous)) return false;
      previous = k;
    }
  }
  return true;
}

/** A string of `min`..`max` UTF-16 units (lengths at the limits are left to the schema). */
function isText(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= Math.max(min, 2) && v.length <= max;
}

function matches(v: unknown, pattern: RegExp): boolean {
  return typeof v === 'string' && pattern.test(v);
}

/**
 * A test of a pattern that remembers the strings found to match it: a province's files repeat the
 * same instrument, period, cells and answer ids again and again, and a lookup costs less than a test.
 */
function knownMatcher(pattern: RegExp): (v: unknown) => boolean {
  const known = new Set<string>();
  return (v) => {
    if (typeof v !== 'string') return false;
    if (known.has(v)) return true;
    if (!pattern.test(v)) return false;
    if (known.size >= 8192) known.clear();
    known.add(v);
    return true;
  };
}
const isId = knownMatcher(ID_PATTERN);
const isPeriod = knownMatcher(PERIOD_PATTERN);
const isCell = knownMatcher(CELL_CODE_PATTERN);
const isKnownDigest = knownMatcher(DIGEST);

/** An answer the schema accepts: boolean, finite number, text of at most 20,000 units, or `{ "na": true }`. */
function isAnswer(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'string':
      return v.length <= 20000;
    default:
      return isPlain(v, ['na']) && v.na === true;
  }
}

const TOP = [
  'app',
  'cell',
  'createdAt',
  'digest',
  'format',
  'formatVersion',
  'instrument',
  'kind',
  'payload',
  'period',
];
const REF = ['hash', 'id', 'version'];
const REF_SHORT = ['id', 'version'];
const PAYLOAD = ['response', 'score'];
const SCORE = ['level', 'total'];
const WHO = ['name', 'post'];
const RESPONSE = ['answers', 'cell', 'id', 'instrument', 'period', 'respondent', 'revision'];

/**
 * Whether a value is certainly a response file as {@link ResponseBundleSchema} accepts it. `false`
 * means "not sure": the caller asks the schema, which accepts or explains.
 */
export function isCertainlyResponseBundle(value: unknown): boolean {
  const createdAt = createdAtOf();
  if (!createdAt || !isPlain(value, TOP)) return false;
  const v = value;
  if (v.format !== BUNDLE_FORMAT || v.formatVersion !== BUNDLE_FORMAT_VERSION || v.kind !== 'response') return false;
  if (typeof v.app !== 'string' || v.app.length > 32) return false;
  const ins = v.instrument;
  if (!isPlain(ins, REF) || !isId(ins.id) || !isText(ins.version, 1, 32)) return false;
  if (!isKnownDigest(ins.hash) || !matches(v.digest, DIGEST)) return false;
  if (!isPeriod(v.period) || !isCell(v.cell)) return false;
  if (!isCreatedAt(v.createdAt, createdAt)) return false;
  const payload = v.payload;
  if (!isPlain(payload, PAYLOAD)) return false;
  if ('score' in payload) {
    const s = payload.score;
    if (!isPlain(s, SCORE) || typeof s.total !== 'number' || !Number.isFinite(s.total)) return false;
    if (typeof s.level !== 'string' || s.level.length > 64) return false;
  }
  return isCertainlyResponse(payload.response);
}

function isCertainlyResponse(value: unknown): boolean {
  if (!isPlain(value, RESPONSE)) return false;
  const r = value;
  if (!matches(r.id, RESPONSE_ID_PATTERN) || !isCell(r.cell) || !isPeriod(r.period)) return false;
  const ins = r.instrument;
  if (!isPlain(ins, REF_SHORT) || !isId(ins.id) || !isText(ins.version, 1, 32)) return false;
  if ('respondent' in r) {
    const who = r.respondent;
    if (!isPlain(who, WHO) || !isText(who.name, 1, 120)) return false;
    if ('post' in who && (typeof who.post !== 'string' || who.post.length > 120)) return false;
  }
  const rev = r.revision;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 1 || rev > 1_000_000) return false;
  const answers = r.answers;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return false;
  if (Object.getPrototypeOf(answers) !== Object.prototype) return false;
  let previous: string | undefined;
  for (const k in answers) {
    if (!Object.prototype.hasOwnProperty.call(answers, k) || !isId(k)) return false;
    if (!isAnswer((answers as Record<string, unknown>)[k])) return false;
    if (ordered && previous !== undefined && k <= previous) return false;
    previous = k;
  }
  return true;
}

/**
 * {@link isCertainlyResponseBundle}, and every object's keys in canonical order besides: then the
 * native JSON.stringify of the file without its digest is the canonical JSON the digest is over
 * (every value is a string, a finite number, a boolean or such an object). `false`: not sure.
 */
export function isCertainlyCanonicalResponseBundle(value: unknown): boolean {
  ordered = true;
  try {
    return isCertainlyResponseBundle(value);
  } finally {
    ordered = false;
  }
}

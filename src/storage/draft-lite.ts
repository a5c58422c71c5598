// Reading stored drafts without zod, for the form page's start. The draft functions the form needs
// (create, change, mark sent, stale; keys and ids) are core/draft.ts's, which has no schema; the
// schema is core/draft-schema.ts. Here:
//
// - `checkStoredDraft`, a plain check that accepts only what core's `readDraft` accepts, with the
//   same value (tests/storage/draft-lite.test.ts, on generated and broken drafts). Anything it does
//   not accept goes to core's `readDraft`, loaded then (`readStoredDraft`): old versions are
//   migrated there and broken values refused as before.
import { DRAFT_STORE_VERSION, type Draft } from '../core/draft.ts';
import { ID_PATTERN, RESPONSE_ID_PATTERN } from '../core/patterns.ts';

export {
  DRAFT_STORE_VERSION,
  STALE_AFTER_MS,
  changeDraft,
  createDraft,
  createResponseId,
  draftKey,
  hasUnsentChanges,
  isStaleDraft,
  markDraftSent,
  sameAnswers,
} from '../core/draft.ts';

// ---------------------------------------------------------------- reading

type Plain = Record<string, unknown>;

/** An object made by a structured clone or a literal: no class, no array, no symbol keys. */
function isPlain(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** Own keys all among `allowed` (the checks that follow say which must hold what). */
function onlyKeys(value: Plain, allowed: ReadonlySet<string>): boolean {
  return Object.getOwnPropertyNames(value).every((k) => allowed.has(k));
}

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const DRAFT_KEYS = new Set([
  'storeVersion',
  'instrument',
  'cell',
  'period',
  'respondent',
  'answers',
  'responseId',
  'revision',
  'updatedAt',
  'sentAt',
  'changedSinceSent',
]);
const INSTRUMENT_KEYS = new Set(['id', 'version']);
const RESPONDENT_KEYS = new Set(['name', 'post']);
const NA_KEYS = new Set(['na']);

function isAnswer(v: unknown): boolean {
  if (typeof v === 'boolean' || isFiniteNumber(v) || isString(v, 20000)) return true;
  return isPlain(v) && onlyKeys(v, NA_KEYS) && v.na === true;
}

/**
 * A stored value as a draft of this version, checked without zod: undefined unless it is
 * plainly one (then core's `readDraft` gives the same). Never throws.
 */
export function checkStoredDraft(raw: unknown): Draft | undefined {
  if (!isPlain(raw) || !onlyKeys(raw, DRAFT_KEYS)) return undefined;
  const { instrument, respondent, answers } = raw;
  const ok =
    raw.storeVersion === DRAFT_STORE_VERSION &&
    isPlain(instrument) &&
    onlyKeys(instrument, INSTRUMENT_KEYS) &&
    typeof instrument.id === 'string' &&
    ID_PATTERN.test(instrument.id) &&
    isString(instrument.version, 32) &&
    isString(raw.cell, 64) &&
    isString(raw.period, 16) &&
    (respondent === undefined ||
      (isPlain(respondent) &&
        onlyKeys(respondent, RESPONDENT_KEYS) &&
        isString(respondent.name, 120) &&
        (respondent.post === undefined || isString(respondent.post, 120)))) &&
    isPlain(answers) &&
    Object.getOwnPropertyNames(answers).every((k) => ID_PATTERN.test(k) && isAnswer(answers[k])) &&
    typeof raw.responseId === 'string' &&
    RESPONSE_ID_PATTERN.test(raw.responseId) &&
    Number.isSafeInteger(raw.revision) &&
    (raw.revision as number) >= 1 &&
    isFiniteNumber(raw.updatedAt) &&
    (raw.sentAt === undefined || isFiniteNumber(raw.sentAt)) &&
    (raw.changedSinceSent === undefined || typeof raw.changedSinceSent === 'boolean');
  return ok ? (raw as Draft) : undefined;
}

/**
 * Reads a stored draft (untrusted): the plain check, else core's `readDraft` (loaded then, with
 * zod: migrations of older versions, and the verdict on anything odd).
 */
export async function readStoredDraft(raw: unknown): Promise<Draft | undefined> {
  if (raw === undefined || raw === null) return undefined;
  const checked = checkStoredDraft(raw);
  if (checked) return checked;
  const { readDraft } = await import('../core/draft-schema.ts');
  return readDraft(raw);
}

/** The cell and period last used with an instrument (to open the form where the member was). */
export interface LastContext {
  cell: string;
  period: string;
  /** The member's name and post (named instruments), so they are not typed again on every form. */
  name?: string;
  post?: string;
}

/** Prefix of every draft key (see {@link draftKey}). */
export const DRAFT_PREFIX = 'draft|';
/** Prefix of the "last context" entries: the cell last used with an instrument. */
export const CONTEXT_PREFIX = 'ctx|';

/** Reads a stored "last context" (untrusted). */
export function readLastContext(raw: unknown): LastContext | undefined {
  const value = raw as Partial<LastContext> | null | undefined;
  if (!value || typeof value.cell !== 'string' || typeof value.period !== 'string') return undefined;
  const out: LastContext = { cell: value.cell.slice(0, 64), period: value.period.slice(0, 16) };
  if (typeof value.name === 'string' && value.name.trim()) out.name = value.name.slice(0, 120);
  if (typeof value.post === 'string' && value.post.trim()) out.post = value.post.slice(0, 120);
  return out;
}

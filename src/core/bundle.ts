import { hasAtMostTwoDecimals } from './decimal.ts';
import * as z from 'zod/mini';
import { canonicalize, toCanonicalJson } from './canonical-json.ts';
import { sha256Hex, type Sha256Hex } from './digest.ts';
import type { Instrument } from './instrument.ts';
import { InstrumentRefSchema, isEditionOf, refInstrument, type InstrumentRef } from './instrument-ref.ts';
import { readError, type ReadError } from './messages.ts';
import { PeriodSchema } from './fields.ts';
import { ReportSchema, type Report } from './report.ts';
import { CellCodeSchema } from './fields.ts';
import { ResponseSchema, checkResponse, type Response } from './response.ts';
import { scoreResponse, type Score } from './scoring.ts';
import { jsonShapeFits } from './json-shape.ts';
import { isLaterThanTomorrow } from './send-time.ts';
import { checkReport } from './report-checks.ts';

/** The `format` every file of ours carries. */
export const BUNDLE_FORMAT = 'phieu-chi-bo';
/** The envelope version this app writes. Older versions are migrated on read; newer are refused. */
export const BUNDLE_FORMAT_VERSION = 1;
/** Default largest file accepted, before parsing. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;
/** Largest response file accepted (a response is a few KB; anything near this is not one). */
export const MAX_RESPONSE_BYTES = 512 * 1024;

/** The score a writer saw: informational only, every reader recomputes. */
export const ScoreNoteSchema = z.strictObject({
  total: z.number(),
  level: z.string().check(z.maxLength(64)),
});

/** Payload of a response file. */
export const ResponsePayloadSchema = z.strictObject({
  /** The answers. */
  response: ResponseSchema,
  /** The score at export, for people reading the file; never trusted. */
  score: z.optional(ScoreNoteSchema),
});

/** A file's `createdAt`: a date (anonymous responses: no exact time) or a date-time with its offset, ISO 8601. */
export const CreatedAtSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const head = {
  /** Always `phieu-chi-bo`. */
  format: z.literal(BUNDLE_FORMAT),
  /** Envelope version. */
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  /** Version of the app that wrote the file. */
  app: z.string().check(z.maxLength(32)),
  /** The instrument. */
  instrument: InstrumentRefSchema,
  /** The period. */
  period: PeriodSchema,
  /** The cell code (a response) or the reporting unit's code (a report). */
  cell: CellCodeSchema,
  /** When the file was written: a date (anonymous responses: no exact time) or date-time, ISO 8601. */
  createdAt: CreatedAtSchema,
  /** `sha256:` of the canonical JSON of every other field of the envelope. */
  digest: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
};

/** A response file. */
export const ResponseBundleSchema = z.strictObject({
  ...head,
  kind: z.literal('response'),
  payload: ResponsePayloadSchema,
});
/** A response file. */
export type ResponseBundle = z.infer<typeof ResponseBundleSchema>;

/** A report file (a cell's, or merged from several). */
export const ReportBundleSchema = z.strictObject({
  ...head,
  kind: z.literal('report'),
  payload: ReportSchema,
});
/** A report file. */
export type ReportBundle = z.infer<typeof ReportBundleSchema>;

/** Any file of ours, discriminated by `kind`. */
export const BundleSchema = z.discriminatedUnion('kind', [ResponseBundleSchema, ReportBundleSchema]);
/** Any file of ours. */
export type Bundle = z.infer<typeof BundleSchema>;

/** The instruments a reader knows, looked up by id and version. */
export interface InstrumentCatalog {
  /** Every version known of an id (empty when the id is unknown). */
  versions(id: string): Instrument[];
}

/** Builds a catalog from instrument definitions. */
export function createCatalog(instruments: readonly Instrument[]): InstrumentCatalog {
  const byId = new Map<string, Instrument[]>();
  for (const ins of instruments) byId.set(ins.id, [...(byId.get(ins.id) ?? []), ins]);
  return { versions: (id) => byId.get(id) ?? [] };
}

/**
 * Seals an envelope: computes the digest over every field but the digest. Keys are written in
 * canonical order, so a reader can check the digest with the native JSON.stringify. Also gives
 * the file's compact text, made from the same canonical parts (no second stringify of a large
 * payload). Parts of the payload already in order are shared with the caller's objects.
 */
function sealWithText<T extends { digest?: string }>(
  unsealed: Omit<T, 'digest'>,
  sha256: Sha256Hex = sha256Hex,
): { bundle: T; text: string } {
  const record = unsealed as Record<string, unknown>;
  const entries: [string, unknown][] = [];
  const parts: [string, string][] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    const { value, text } = canonicalize(record[key]);
    entries.push([key, value]);
    parts.push([key, `${JSON.stringify(key)}:${text}`]);
  }
  const digest = `sha256:${sha256(`{${parts.map(([, p]) => p).join(',')}}`)}`;
  // The digest takes its place in order among the top-level keys.
  const at = entries.findIndex(([key]) => key > 'digest');
  const where = at < 0 ? entries.length : at;
  entries.splice(where, 0, ['digest', digest]);
  parts.splice(where, 0, ['digest', `"digest":${JSON.stringify(digest)}`]);
  return {
    bundle: Object.fromEntries(entries) as T,
    text: `{${parts.map(([, p]) => p).join(',')}}`,
  };
}

function seal<T extends { digest?: string }>(unsealed: Omit<T, 'digest'>, sha256?: Sha256Hex): T {
  return sealWithText<T>(unsealed, sha256).bundle;
}

/** What a response file is made from. `createdAt` is an ISO date-time from the caller's clock. */
export interface ResponseBundleInput {
  instrument: Instrument;
  response: Response;
  app: string;
  createdAt: string;
  /** A faster SHA-256 where the platform has one; the digest is the same. */
  sha256?: Sha256Hex;
  /**
   * The reference of the full definition, computed beforehand (a form page scores with a slimmer
   * copy of the instrument and carries the published definition's hash, made at build time).
   */
  ref?: InstrumentRef;
}

/**
 * Writes a response file. Anonymous instruments get only the date (no time) and never a name.
 * The score inside is informational.
 */
export function writeResponseBundle({
  instrument,
  response,
  app,
  createdAt,
  sha256,
  ref,
}: ResponseBundleInput): ResponseBundle {
  const anonymous = instrument.anonymity === 'anonymous';
  const clean: Response = anonymous ? { ...response, respondent: undefined } : response;
  const score = scoreResponse(instrument, clean.answers);
  return seal<ResponseBundle>(
    {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      kind: 'response',
      app,
      instrument:
        ref && ref.id === instrument.id && ref.version === instrument.version ? ref : refInstrument(instrument),
      period: clean.period,
      cell: clean.cell,
      createdAt: anonymous ? createdAt.slice(0, 10) : createdAt,
      payload: {
        response: JSON.parse(JSON.stringify(clean)) as Response,
        score: { total: score.total, level: score.level },
      },
    },
    sha256,
  );
}

/** What a report file is made from. */
export interface ReportBundleInput {
  report: Report;
  app: string;
  createdAt: string;
  /** A faster SHA-256 where the platform has one; the digest is the same. */
  sha256?: Sha256Hex;
}

/** Writes a report file. */
export function writeReportBundle(input: ReportBundleInput): ReportBundle {
  return writeReportFile(input).bundle;
}

/** Every field of a report file but its digest (also the CLI's streaming writer's, cli/aggregate/write-report.ts). */
export function reportFileFields(report: Report, app: string, createdAt: string): Omit<ReportBundle, 'digest'> {
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kind: 'report',
    app,
    instrument: report.instrument,
    period: report.period,
    cell: report.scope,
    createdAt,
    payload: report,
  };
}

/**
 * Writes a report file and its text at once: the text is {@link serializeBundle}'s compact one,
 * made from the parts the digest was computed over (a province's report is ~10 MB: this saves a
 * second stringify of it).
 */
export function writeReportFile({ report, app, createdAt, sha256 }: ReportBundleInput): {
  bundle: ReportBundle;
  text: string;
} {
  const sealed = sealWithText<ReportBundle>(reportFileFields(report, app, createdAt), sha256);
  return { bundle: sealed.bundle, text: `${sealed.text}\n` };
}

/** A file as text: two-space JSON with a final newline (compact: one line, for large reports). */
export function serializeBundle(bundle: Bundle, { compact = false }: { compact?: boolean } = {}): string {
  return `${compact ? JSON.stringify(bundle) : JSON.stringify(bundle, null, 2)}\n`;
}

/** Something the reader noticed that does not stop the file from being used. */
export interface ReadWarning {
  code: 'score-mismatch' | 'instrument-edited';
  message: { vi: string; en: string };
}

/** A response file read, checked and re-scored. */
export interface ReadResponse {
  ok: true;
  kind: 'response';
  bundle: ResponseBundle;
  instrument: Instrument;
  /** Recomputed from the raw answers. */
  score: Score;
  warnings: ReadWarning[];
}

/** A report file read and checked. */
export interface ReadReport {
  ok: true;
  kind: 'report';
  bundle: ReportBundle;
  warnings: ReadWarning[];
}

/** A digest left to check (see {@link ReadOptions.deferDigest}). */
export interface UnverifiedDigest {
  /** The canonical JSON the digest is computed over. */
  text: string;
  /** The digest the file states, `sha256:<hex>`. */
  digest: string;
}

/**
 * The result of reading: a file, or why not. Never an exception. With `deferDigest`, any result
 * reached after the digest step carries `unverified`.
 */
export type ReadResult = (ReadResponse | ReadReport | { ok: false; error: ReadError }) & {
  unverified?: UnverifiedDigest;
};

/**
 * Whether a deferred digest holds, given the SHA-256 (hex) of its text: when it does not, the
 * file reads as `digest-mismatch`, as a synchronous read would have said.
 */
export function digestHolds(unverified: UnverifiedDigest, hex: string): boolean {
  return `sha256:${hex}` === unverified.digest;
}

/** The error a file whose digest does not hold gets. */
export function digestMismatch(): { ok: false; error: ReadError } {
  return fail(readError('digest-mismatch'));
}

/** Options of {@link readBundle}. */
export interface ReadOptions {
  /** The instruments this reader knows. */
  catalog: InstrumentCatalog;
  /** Largest input accepted, in bytes (default {@link MAX_BUNDLE_BYTES}). */
  maxBytes?: number;
  /** A faster SHA-256 where the platform has one (Node's crypto); the result must be the same. */
  sha256?: Sha256Hex;
  /** A faster equivalent of {@link BundleSchema} (e.g. zod's `compile`, where eval is allowed). */
  schema?: Pick<typeof BundleSchema, 'safeParse'>;
  /**
   * Leave the digest to the caller: the result carries `unverified` (the canonical text and the
   * digest it must have) instead, for a batch of files to be hashed at once by an asynchronous
   * hash (WebCrypto) with {@link verifyDigest}. Every check after the digest still runs, so a
   * result whose digest then matches is exactly what a synchronous read gives.
   */
  deferDigest?: boolean;
  /**
   * A fast yes/no check equivalent to {@link BundleSchema} (e.g. zod's `validate` on a compiled
   * schema). When it says yes the parsed input is used as it is (the schemas are strict and
   * transform nothing, so the copy a parse makes would be equal); when no, `schema` explains why.
   */
  isValid?: (value: unknown) => boolean;
  /**
   * The reader's clock (ms since 1970 UTC): a file dated later than tomorrow is refused
   * (`future-time`), as it would otherwise win every "newest send" comparison. Core has no clock;
   * without it the date is not checked.
   */
  now?: number;
}

/**
 * Migrations of older envelopes, by the version they upgrade from: `MIGRATIONS[n]` turns a
 * version-n envelope into version n+1. Every older file passes through this one chain.
 */
const MIGRATIONS: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

/** Brings an older envelope up to the current version through {@link MIGRATIONS}. */
export function migrateEnvelope(raw: Record<string, unknown>, from: number): Record<string, unknown> | undefined {
  if (!Number.isInteger(from) || from < 1 || from > BUNDLE_FORMAT_VERSION) return undefined;
  let value = raw;
  for (let v = from; v < BUNDLE_FORMAT_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) return undefined;
    value = step(value);
  }
  return value;
}

/** A strict TextDecoder (its type as core declares it, src/core/env.d.ts). */
type Decoder = InstanceType<typeof TextDecoder>;
const decoders = new Map<string, Decoder>();
/**
 * A strict decoder, made once per encoding: making one cost more than decoding a member's file. A
 * decode that is not streamed starts afresh (Encoding standard), also after one that failed.
 */
function decoder(encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Decoder {
  let d = decoders.get(encoding);
  if (!d) {
    d = new TextDecoder(encoding, { fatal: true });
    decoders.set(encoding, d);
  }
  return d;
}

/** Decodes file bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; undefined for binary. */
export function decodeFileBytes(bytes: Uint8Array): string | undefined {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return decoder('utf-16le').decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decoder('utf-16be').decode(bytes.subarray(2));
    const text = decoder('utf-8').decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** A schema problem in words, in both languages (zod's own messages are English only). */
function describeIssue(issue: { code: string; message: string }): { vi: string; en: string } {
  const vi: Record<string, string> = {
    invalid_type: 'sai kiểu dữ liệu hoặc thiếu trường',
    invalid_union: 'giá trị không thuộc dạng nào được chấp nhận',
    unrecognized_keys: 'có trường không được phép',
    too_big: 'giá trị quá lớn hoặc quá dài',
    too_small: 'giá trị quá nhỏ hoặc quá ngắn',
    invalid_format: 'sai định dạng',
    invalid_value: 'giá trị không được chấp nhận',
    invalid_key: 'tên trường không hợp lệ',
    invalid_element: 'phần tử không hợp lệ',
    not_multiple_of: 'giá trị không hợp lệ',
    custom: issue.message,
  };
  return { vi: vi[issue.code] ?? 'giá trị không hợp lệ', en: issue.message };
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (!Array.isArray(v) && Object.hasOwn(v, '__proto__')) return true;
    for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

function fail(error: ReadError): { ok: false; error: ReadError } {
  return { ok: false, error };
}

/**
 * Reads a file of ours: bytes, text or an already-parsed value. Never throws.
 * unknown → size → text → JSON → envelope → migrate → schema → digest → instrument → answers →
 * re-score. A response is always re-scored from its raw answers; the score inside is only compared.
 */
export function readBundle(input: unknown, options: ReadOptions): ReadResult {
  const deferred: { unverified?: UnverifiedDigest } = {};
  try {
    return readUnsafe(input, options, deferred);
  } catch {
    const error = fail(readError('unreadable'));
    return deferred.unverified ? { ...error, unverified: deferred.unverified } : error;
  }
}

function readUnsafe(input: unknown, options: ReadOptions, deferred: { unverified?: UnverifiedDigest }): ReadResult {
  const envelope = readEnvelope(input, options);
  if (!envelope.ok) return envelope;
  const { bundle, size } = envelope;
  const { digest, ...sealed } = bundle;
  const text = toCanonicalJson(sealed);
  if (options.deferDigest) {
    deferred.unverified = { text, digest };
    return { ...readContent(bundle, size, options), unverified: deferred.unverified };
  }
  if (`sha256:${(options.sha256 ?? sha256Hex)(text)}` !== digest) return digestMismatch();
  return readContent(bundle, size, options);
}

/** The first half of reading, up to a schema-valid envelope. */
function readEnvelope(
  input: unknown,
  { maxBytes = MAX_BUNDLE_BYTES, schema = BundleSchema, isValid }: ReadOptions,
): { ok: true; bundle: Bundle; size: number } | { ok: false; error: ReadError } {
  let raw: unknown = input;
  // The input's size in bytes when it is at least that of the largest response (else 0): a
  // response file far larger than any real one is refused once its kind is known.
  let size = 0;
  if (input instanceof Uint8Array) {
    size = input.length;
    if (input.length === 0) return fail(readError('empty'));
    if (input.length > maxBytes) return fail(readError('too-large', { size: input.length, limit: maxBytes }));
    const text = decodeFileBytes(input);
    if (text === undefined) return fail(readError('not-text'));
    raw = text;
  }
  if (typeof raw === 'string') {
    const text = raw.replace(/^\uFEFF/, '');
    // Only white space (what trim() would leave nothing of), found without copying the text.
    if (!/\S/.test(text)) return fail(readError('empty'));
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only when it could matter.
    if (size === 0 && text.length * 3 > Math.min(maxBytes, MAX_RESPONSE_BYTES)) {
      size = utf8Length(text);
      if (size > maxBytes) return fail(readError('too-large', { size, limit: maxBytes }));
    }
    // Nested deeper or made of more parts than any file the app writes: refused before the parse.
    if (!jsonShapeFits(text)) return fail(readError('not-bundle'));
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(readError('not-json'));
    }
    // JSON.parse keeps a "__proto__" key as an own property, which schemas silently drop: a file
    // carrying one holds data its writer never sealed, so it is refused outright.
    // (Escapes such as "\u005f_proto__" make the same key, so any escape means a full look.)
    if ((text.includes('__proto__') || text.includes('\\u')) && hasProtoKey(raw))
      return fail(
        readError('schema', { path: '__proto__', detail: { vi: 'có trường bị cấm', en: 'a forbidden key' } }),
      );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(readError('not-bundle'));
  if (raw === input && hasProtoKey(raw))
    return fail(readError('schema', { path: '__proto__', detail: { vi: 'có trường bị cấm', en: 'a forbidden key' } }));
  let envelope = raw as Record<string, unknown>;
  if (envelope.format !== BUNDLE_FORMAT) return fail(readError('not-bundle'));
  const version = envelope.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail(readError('schema', { path: 'formatVersion' }));
  if (version > BUNDLE_FORMAT_VERSION) return fail(readError('newer-format', { found: String(version) }));
  if (version < BUNDLE_FORMAT_VERSION) {
    const migrated = migrateEnvelope(envelope, version);
    if (!migrated) return fail(readError('schema', { path: 'formatVersion' }));
    envelope = migrated;
  }

  let bundle: Bundle;
  if (isValid?.(envelope)) {
    bundle = envelope as Bundle;
  } else {
    const parsed = schema.safeParse(envelope);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        readError('schema', { path: pathOf(issue?.path ?? []), ...(issue ? { detail: describeIssue(issue) } : {}) }),
      );
    }
    bundle = parsed.data;
  }
  return { ok: true, bundle, size };
}

/** The second half, after the digest: consistency, instrument, answers, re-score. */
function readContent(bundle: Bundle, size: number, { catalog, now }: ReadOptions): ReadResult {
  if (now !== undefined && isLaterThanTomorrow(bundle.createdAt, now))
    return fail(readError('future-time', { path: 'createdAt', found: bundle.createdAt }));
  if (bundle.kind === 'report') {
    if (bundle.payload.period !== bundle.period || bundle.payload.scope !== bundle.cell)
      return fail(readError('inconsistent', { path: 'payload' }));
    const ref = bundle.payload.instrument;
    if (
      ref.id !== bundle.instrument.id ||
      ref.version !== bundle.instrument.version ||
      ref.hash !== bundle.instrument.hash
    )
      return fail(readError('inconsistent', { path: 'payload.instrument' }));
    // Counts, sums and units checked against each other before anything is merged.
    const known = catalog.versions(ref.id).find((i) => i.version === ref.version);
    const problem = checkReport(bundle.payload, known);
    if (problem) return fail(readError('report-invalid', { path: `payload.${problem.path}`, detail: problem.message }));
    return { ok: true, kind: 'report', bundle, warnings: [] };
  }

  if (size > MAX_RESPONSE_BYTES) return fail(readError('too-large', { size, limit: MAX_RESPONSE_BYTES }));
  const response = bundle.payload.response;
  if (response.cell !== bundle.cell) return fail(readError('inconsistent', { path: 'payload.response.cell' }));
  if (response.period !== bundle.period) return fail(readError('inconsistent', { path: 'payload.response.period' }));
  if (response.instrument.id !== bundle.instrument.id || response.instrument.version !== bundle.instrument.version)
    return fail(readError('inconsistent', { path: 'payload.response.instrument' }));

  const versions = catalog.versions(bundle.instrument.id);
  if (versions.length === 0) return fail(readError('unknown-instrument', { found: bundle.instrument.id }));
  const instrument = versions.find((i) => i.version === bundle.instrument.version);
  if (!instrument) return fail(readError('unknown-instrument-version', { found: bundle.instrument.version }));

  const issues = checkResponse(instrument, response);
  const first = issues[0];
  if (first) {
    const path = ['respondent', 'period'].includes(first.item)
      ? `payload.response.${first.item}`
      : `payload.response.answers.${first.item}`;
    return fail(readError('answers-invalid', { path, detail: first.message }));
  }

  const warnings: ReadWarning[] = [];
  if (!isEditionOf(instrument, bundle.instrument.hash))
    warnings.push({
      code: 'instrument-edited',
      message: {
        vi: 'Tệp được chấm theo một bản mẫu phiếu đã bị sửa; điểm đã được tính lại theo mẫu phiếu của trang này.',
        en: 'The file was scored with an edited copy of the instrument; it has been re-scored with this site\u2019s.',
      },
    });
  const score = scoreResponse(instrument, response.answers);
  const note = bundle.payload.score;
  if (note && (!sameNotedTotal(note.total, score.total) || note.level !== score.level))
    warnings.push({
      code: 'score-mismatch',
      message: {
        vi: `Điểm ghi trong tệp (${note.total}) khác điểm tính lại (${score.total}); dùng điểm tính lại.`,
        en: `The score in the file (${note.total}) differs from the recomputed one (${score.total}); the recomputed one is used.`,
      },
    });
  return { ok: true, kind: 'response', bundle, instrument, score, warnings };
}

/**
 * Whether the total written in a file agrees with the recomputed one. Files from before exact
 * arithmetic may carry a float error (89.99999999999999 for 90) or a linear band's repeating
 * decimal (94.08333333333334, now 94.08): such a total agrees when it is within a hundredth.
 */
export function sameNotedTotal(noted: number, recomputed: number): boolean {
  if (hasAtMostTwoDecimals(noted)) return noted === recomputed;
  return Math.abs(noted - recomputed) < 0.01;
}

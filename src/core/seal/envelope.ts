// The sealed envelope and the sealed batch: what a member sends when the round link carries the
// committee's key, and what the secretary sends up. Pure format code: the HPKE calls that make
// and open `enc` and `ct` are in src/sealing/ (WebCrypto), which this file never imports.
//
// Envelope, format 1 (fields in this order on disk; readers do not depend on the order):
//   format "phieu-chi-bo-sealed", formatVersion 1, kind "sealed-response",
//   suite        the HPKE suite (RFC 9180): DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM
//   instrument   { id, version, hash } of the instrument answered
//   cell, period the cell and period (the secretary counts by these)
//   key          the fingerprint of the committee key it is sealed to
//   enc          the HPKE encapsulated key (65 bytes, base64url)
//   ct           the HPKE ciphertext (base64url) of the member's ordinary response file, padded
// The head (every field but enc and ct, as canonical JSON) is the AEAD's associated data: a file
// whose label was changed (another cell, period, key) no longer opens.
import * as z from 'zod/mini';
import { toCanonicalJson } from '../canonical-json.ts';
import { sha256Hex } from '../digest.ts';
import { CellCodeSchema, PeriodSchema } from '../fields.ts';
import { InstrumentRefSchema, type InstrumentRef } from '../instrument-ref.ts';
import { decodeBase64Url } from '../base64url.ts';
import { FINGERPRINT_PATTERN } from './fingerprint.ts';
import { sealError, type SealError } from './messages.ts';
import { shuffled, type RandomIndex } from './shuffle.ts';
import { isSealedValue } from './sniff.ts';
import { jsonShapeFits } from '../json-shape.ts';

export { isSealedValue };

/** The `format` of sealed files and batches. */
export const SEALED_FORMAT = 'phieu-chi-bo-sealed';
/** The version written now; newer is refused in plain words. */
export const SEALED_FORMAT_VERSION = 1;
/** The HPKE suite of format 1 (RFC 9180 ids: KEM 0x0010, KDF 0x0001, AEAD 0x0001). */
export const SEAL_SUITE = 'DHKEM(P-256,HKDF-SHA256)/HKDF-SHA256/AES-128-GCM';
/** HPKE `info` of format 1: binds every key schedule to this use. */
export const SEAL_INFO = 'phieu-chi-bo sealed response v1';
/** Largest sealed file accepted (a response file is at most 512 KB; sealed and in base64, 700). */
export const MAX_SEALED_BYTES = 1024 * 1024;
/** Largest sealed batch accepted. */
export const MAX_SEALED_BATCH_BYTES = 64 * 1024 * 1024;
/** Most envelopes in one batch (a cell has at most a few hundred members, each sending a few times). */
export const MAX_BATCH_ENVELOPES = 20_000;

const B64URL = /^[A-Za-z0-9_-]*$/;

const headShape = {
  /** Always `phieu-chi-bo-sealed`. */
  format: z.literal(SEALED_FORMAT),
  /** Format version. */
  formatVersion: z.literal(SEALED_FORMAT_VERSION),
  /** Always `sealed-response`. */
  kind: z.literal('sealed-response'),
  /** The HPKE suite. */
  suite: z.literal(SEAL_SUITE),
  /** The instrument answered (its reference, as response files carry it). */
  instrument: InstrumentRefSchema,
  /** The cell's code. */
  cell: CellCodeSchema,
  /** The period answered for. */
  period: PeriodSchema,
  /** Fingerprint of the committee key sealed to. */
  key: z.string().check(z.regex(FINGERPRINT_PATTERN)),
};

/** A sealed response file. */
export const SealedEnvelopeSchema = z.strictObject({
  ...headShape,
  /** HPKE encapsulated key, 65 bytes, base64url (87 characters). */
  enc: z.string().check(z.length(87), z.regex(B64URL)),
  /** HPKE ciphertext, base64url. */
  ct: z.string().check(z.minLength(22), z.maxLength(MAX_SEALED_BYTES), z.regex(B64URL)),
});
/** A sealed response file. */
export type SealedEnvelope = z.infer<typeof SealedEnvelopeSchema>;
/** The label of a sealed file: what is readable without the key. */
export type SealedHead = Omit<SealedEnvelope, 'enc' | 'ct'>;

/** A batch of sealed files of one cell, period and instrument, as a secretary sends it up. */
export const SealedBatchSchema = z.strictObject({
  /** Always `phieu-chi-bo-sealed`. */
  format: z.literal(SEALED_FORMAT),
  /** Format version. */
  formatVersion: z.literal(SEALED_FORMAT_VERSION),
  /** Always `sealed-batch`. */
  kind: z.literal('sealed-batch'),
  /** The instrument every envelope answers. */
  instrument: InstrumentRefSchema,
  /** The cell. */
  cell: CellCodeSchema,
  /** The period. */
  period: PeriodSchema,
  /** How many envelopes (checked against the list). */
  count: z.int().check(z.gte(0), z.lte(MAX_BATCH_ENVELOPES)),
  /** The envelopes, shuffled: no file names, no arrival order, no times. */
  envelopes: z.array(SealedEnvelopeSchema).check(z.maxLength(MAX_BATCH_ENVELOPES)),
});
/** A sealed batch. */
export type SealedBatch = z.infer<typeof SealedBatchSchema>;

/** The label of a new sealed file. */
export function sealedHead(instrument: InstrumentRef, cell: string, period: string, key: string): SealedHead {
  return {
    format: SEALED_FORMAT,
    formatVersion: SEALED_FORMAT_VERSION,
    kind: 'sealed-response',
    suite: SEAL_SUITE,
    instrument: { id: instrument.id, version: instrument.version, hash: instrument.hash },
    cell,
    period,
    key,
  };
}

/** The associated data a sealed file's ciphertext is bound to: its label as canonical JSON, UTF-8. */
export function associatedData(head: SealedHead): Uint8Array {
  const { format, formatVersion, kind, suite, instrument, cell, period, key } = head;
  return new TextEncoder().encode(
    toCanonicalJson({ format, formatVersion, kind, suite, instrument, cell, period, key }),
  );
}

/** A sealed file from its label and the HPKE output (both already base64url). */
export function sealedEnvelope(head: SealedHead, enc: string, ct: string): SealedEnvelope {
  return { ...head, enc, ct };
}

/** The head of an envelope. */
export function headOf(envelope: SealedEnvelope): SealedHead {
  const { enc: _enc, ct: _ct, ...head } = envelope;
  return head;
}

/** Two-space JSON with a final newline, as every file of ours. */
export function serializeSealed(value: SealedEnvelope | SealedBatch): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** What identifies a sealed file: the SHA-256 of its canonical JSON (the same file twice is one). */
export function sealedId(envelope: SealedEnvelope): string {
  return sha256Hex(toCanonicalJson(envelope));
}

/** What the secretary sends up: distinct envelopes of one cell, period and instrument, shuffled. */
export interface SealedBatchInput {
  instrument: InstrumentRef;
  cell: string;
  period: string;
  envelopes: readonly SealedEnvelope[];
  /** Randomness for the shuffle (crypto.getRandomValues in the browser and the CLI). */
  random: RandomIndex;
}

/**
 * Writes a sealed batch: identical files once, envelopes of another cell, period or instrument
 * refused (they belong to another batch), the rest in a random order. Nothing else is carried:
 * no file name, no arrival order or time, no count of sends per member.
 */
export function writeSealedBatch({ instrument, cell, period, envelopes, random }: SealedBatchInput): SealedBatch {
  const seen = new Set<string>();
  const kept: SealedEnvelope[] = [];
  for (const e of envelopes) {
    if (e.cell !== cell || e.period !== period || e.instrument.id !== instrument.id) continue;
    if (e.instrument.version !== instrument.version || e.instrument.hash !== instrument.hash) continue;
    const id = sealedId(e);
    if (seen.has(id)) continue;
    seen.add(id);
    kept.push(e);
  }
  return {
    format: SEALED_FORMAT,
    formatVersion: SEALED_FORMAT_VERSION,
    kind: 'sealed-batch',
    instrument: { id: instrument.id, version: instrument.version, hash: instrument.hash },
    cell,
    period,
    count: kept.length,
    envelopes: shuffled(kept, random),
  };
}

/** A sealed file or batch read, or why not. Never an exception. */
export type SealedRead =
  | { ok: true; kind: 'sealed-response'; envelope: SealedEnvelope }
  | { ok: true; kind: 'sealed-batch'; batch: SealedBatch }
  | { ok: false; error: SealError };

function damaged(vi: string, en: string): { ok: false; error: SealError } {
  return { ok: false, error: sealError('sealed-damaged', { detail: { vi, en } }) };
}

/** Whether the start of a file's text claims to be sealed (the writer puts `format` first). */
export function looksSealed(start: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"phieu-chi-bo-sealed"/.test(start);
}

function checkEnvelope(e: SealedEnvelope): { ok: false; error: SealError } | undefined {
  const enc = decodeBase64Url(e.enc);
  if (!enc || enc.length !== 65 || enc[0] !== 0x04)
    return damaged('khóa tạm không hợp lệ', 'the encapsulated key is not valid');
  // AES-GCM output: at least the 16-byte tag.
  const ct = decodeBase64Url(e.ct);
  if (!ct || ct.length < 16) return damaged('phần mã hóa không hợp lệ', 'the ciphertext is not valid');
  return undefined;
}

/**
 * Reads a sealed file or batch: bytes, text or parsed JSON. unknown → size → text → JSON →
 * format and version → schema → base64 of every envelope → a batch's own consistency (count,
 * every envelope of its cell, period and instrument). Opening is src/sealing's.
 */
export function readSealed(input: unknown): SealedRead {
  try {
    return readUnsafe(input);
  } catch {
    return damaged('không đọc được', 'unreadable');
  }
}

function readUnsafe(input: unknown): SealedRead {
  let raw = input;
  if (input instanceof Uint8Array) {
    if (input.length > MAX_SEALED_BATCH_BYTES)
      return { ok: false, error: sealError('sealed-too-large', { size: input.length, limit: MAX_SEALED_BATCH_BYTES }) };
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return damaged('không phải văn bản', 'not text');
    }
  }
  if (typeof raw === 'string') {
    if (raw.length > MAX_SEALED_BATCH_BYTES)
      return { ok: false, error: sealError('sealed-too-large', { size: raw.length, limit: MAX_SEALED_BATCH_BYTES }) };
    // Nested deeper or made of more parts than a batch (json-shape.ts): not parsed.
    if (!jsonShapeFits(raw)) return damaged('không phải tệp phiếu kín', 'not a sealed file');
    try {
      raw = JSON.parse(raw.replace(/^\uFEFF/, ''));
    } catch {
      return damaged('dữ liệu bị cắt hoặc hỏng', 'cut short or damaged');
    }
  }
  if (!isSealedValue(raw)) return damaged('không phải tệp phiếu kín', 'not a sealed file');
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > SEALED_FORMAT_VERSION)
    return { ok: false, error: sealError('sealed-newer-format', { found: String(version) }) };
  const kind = (raw as { kind?: unknown }).kind;
  if (kind === 'sealed-batch') {
    const parsed = SealedBatchSchema.safeParse(raw);
    if (!parsed.success) return damaged('lô phiếu kín sai cấu trúc', 'the batch does not have the expected fields');
    const batch = parsed.data;
    if (batch.count !== batch.envelopes.length)
      return damaged('số phiếu ghi trong lô không khớp', 'the batch’s count does not match its envelopes');
    for (const e of batch.envelopes) {
      if (
        e.cell !== batch.cell ||
        e.period !== batch.period ||
        e.instrument.id !== batch.instrument.id ||
        e.instrument.version !== batch.instrument.version ||
        e.instrument.hash !== batch.instrument.hash
      )
        return damaged(
          'lô có phiếu của chi bộ, kỳ hoặc mẫu phiếu khác',
          'the batch holds a file of another cell, period or instrument',
        );
      const bad = checkEnvelope(e);
      if (bad) return bad;
    }
    return { ok: true, kind: 'sealed-batch', batch };
  }
  if (typeof raw === 'object' && raw !== null && JSON.stringify(raw).length > MAX_SEALED_BYTES)
    return {
      ok: false,
      error: sealError('sealed-too-large', { size: JSON.stringify(raw).length, limit: MAX_SEALED_BYTES }),
    };
  const parsed = SealedEnvelopeSchema.safeParse(raw);
  if (!parsed.success)
    return damaged('tệp phiếu kín sai cấu trúc', 'the sealed file does not have the expected fields');
  const bad = checkEnvelope(parsed.data);
  if (bad) return bad;
  return { ok: true, kind: 'sealed-response', envelope: parsed.data };
}

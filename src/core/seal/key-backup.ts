// The committee key's backup file, format 1: the private key encrypted under a passphrase.
// Pure format code (schema, label, checks); the PBKDF2 and AES-GCM calls are src/sealing's.
//
//   format "phieu-chi-bo-key", formatVersion 1, kind "committee-key-backup"
//   suite, fingerprint, publicKey   the key pair's public half (base64url, 65 bytes) and its fingerprint
//   label (optional)                the committee's own name for the key
//   createdAt                       the day the key was made
//   kdf    { name "PBKDF2-SHA-256", iterations ≥ 600,000, salt (16 bytes) }
//   cipher { name "AES-256-GCM", iv (12 bytes) }
//   sealedKey                       AES-GCM of the 32-byte private scalar (48 bytes with the tag)
// Every field but sealedKey, as canonical JSON, is the associated data: a changed label, count of
// rounds or public key makes the backup refuse to open rather than open to something else.
import * as z from 'zod/mini';
import { toCanonicalJson } from '../canonical-json.ts';
import { decodeBase64Url } from '../base64url.ts';
import { SEAL_SUITE } from './envelope.ts';
import { FINGERPRINT_PATTERN, fingerprintOf, isP256PublicKey } from './fingerprint.ts';
import { sealError, type SealError } from './messages.ts';

/** The `format` of key backups. */
export const KEY_BACKUP_FORMAT = 'phieu-chi-bo-key';
/** The version written now. */
export const KEY_BACKUP_FORMAT_VERSION = 1;
/**
 * PBKDF2-SHA-256 rounds written now: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (600,000). A
 * backup with fewer is refused (someone weakened it); more than the ceiling is refused too (a
 * forged file must not keep a device busy for minutes).
 */
export const KEY_BACKUP_ROUNDS = 600_000;
/** Most rounds accepted on read. */
export const MAX_KEY_BACKUP_ROUNDS = 10_000_000;
/** Shortest passphrase accepted when a backup is made. */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Largest backup file accepted. */
export const MAX_KEY_BACKUP_BYTES = 16 * 1024;

const B64URL = /^[A-Za-z0-9_-]*$/;

/** A committee key backup file. */
export const KeyBackupSchema = z.strictObject({
  /** Always `phieu-chi-bo-key`. */
  format: z.literal(KEY_BACKUP_FORMAT),
  /** Format version. */
  formatVersion: z.literal(KEY_BACKUP_FORMAT_VERSION),
  /** Always `committee-key-backup`. */
  kind: z.literal('committee-key-backup'),
  /** The HPKE suite the key is for. */
  suite: z.literal(SEAL_SUITE),
  /** Fingerprint of the public key. */
  fingerprint: z.string().check(z.regex(FINGERPRINT_PATTERN)),
  /** Raw uncompressed P-256 public key, base64url (87 characters). */
  publicKey: z.string().check(z.length(87), z.regex(B64URL)),
  /** The committee's own name for the key, for people. */
  label: z.optional(z.string().check(z.maxLength(200))),
  /** The day the key was made (ISO date). */
  createdAt: z.iso.date(),
  /** How the passphrase becomes the wrapping key. */
  kdf: z.strictObject({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.int().check(z.gte(KEY_BACKUP_ROUNDS), z.lte(MAX_KEY_BACKUP_ROUNDS)),
    /** 16 random bytes, base64url. */
    salt: z.string().check(z.length(22), z.regex(B64URL)),
  }),
  /** How the private key is encrypted. */
  cipher: z.strictObject({
    name: z.literal('AES-256-GCM'),
    /** 12 random bytes, base64url. */
    iv: z.string().check(z.length(16), z.regex(B64URL)),
  }),
  /** The encrypted 32-byte private scalar with its 16-byte tag, base64url (64 characters). */
  sealedKey: z.string().check(z.length(64), z.regex(B64URL)),
});
/** A key backup file. */
export type KeyBackup = z.infer<typeof KeyBackupSchema>;

/** The associated data of a backup: every field but `sealedKey`, canonical JSON, UTF-8. */
export function keyBackupAssociatedData(backup: Omit<KeyBackup, 'sealedKey'>): Uint8Array {
  const { sealedKey: _drop, ...rest } = backup as KeyBackup;
  return new TextEncoder().encode(toCanonicalJson(rest));
}

/** A backup file read (not yet decrypted), or why not. */
export type KeyBackupRead = { ok: true; backup: KeyBackup; publicKey: Uint8Array } | { ok: false; error: SealError };

function damaged(vi: string, en: string): { ok: false; error: SealError } {
  return { ok: false, error: sealError('key-backup-damaged', { detail: { vi, en } }) };
}

/** Reads a backup's text or parsed JSON; checks that the fingerprint is the public key's. Never throws. */
export function readKeyBackup(input: unknown): KeyBackupRead {
  try {
    let raw = input;
    if (typeof raw === 'string') {
      if (raw.length > MAX_KEY_BACKUP_BYTES) return damaged('tệp quá lớn', 'the file is too large');
      try {
        raw = JSON.parse(raw.replace(/^\uFEFF/, ''));
      } catch {
        return damaged('không đọc được dữ liệu', 'its data cannot be read');
      }
    }
    if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== KEY_BACKUP_FORMAT)
      return damaged('không phải tệp sao lưu khóa', 'not a key backup');
    const version = (raw as { formatVersion?: unknown }).formatVersion;
    if (typeof version === 'number' && version > KEY_BACKUP_FORMAT_VERSION)
      return { ok: false, error: sealError('key-backup-newer', { found: String(version) }) };
    const parsed = KeyBackupSchema.safeParse(raw);
    if (!parsed.success) return damaged('sai cấu trúc', 'unexpected fields');
    const publicKey = decodeBase64Url(parsed.data.publicKey);
    if (!publicKey || !isP256PublicKey(publicKey)) return damaged('khóa công khai không hợp lệ', 'invalid public key');
    if (fingerprintOf(publicKey) !== parsed.data.fingerprint)
      return damaged('dấu vân tay không khớp khóa công khai', 'the fingerprint does not match the public key');
    return { ok: true, backup: parsed.data, publicKey };
  } catch {
    return damaged('không đọc được', 'unreadable');
  }
}

/** Two-space JSON with a final newline. */
export function serializeKeyBackup(backup: KeyBackup): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** A file name for a backup: the fingerprint, so several keys' backups do not overwrite each other. */
export function keyBackupFileName(fingerprint: string): string {
  return `khoa-ban-${fingerprint.toLowerCase()}.phieu-key.json`;
}

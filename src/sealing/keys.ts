// Committee keys: made in the browser (or by a test), kept as WebCrypto keys whose private half
// cannot be exported, backed up under a passphrase (PBKDF2-SHA-256 ≥ 600,000 rounds, then
// AES-256-GCM; format in src/core/seal/key-backup.ts), and restored from that backup.
import {
  KEY_BACKUP_FORMAT,
  KEY_BACKUP_FORMAT_VERSION,
  KEY_BACKUP_ROUNDS,
  MIN_PASSPHRASE_LENGTH,
  SEAL_SUITE,
  decodeBase64Url,
  encodeBase64Url,
  fingerprintOf,
  keyBackupAssociatedData,
  readKeyBackup,
  sealError,
  type KeyBackup,
  type SealError,
} from '../core/seal/index.ts';
import { bufferOf, subtleCrypto } from './suite.ts';
import type { EcJwk, Key, KeyPair, Subtle } from './webcrypto-types.ts';

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** A committee key held by this device: the public half in the clear, the private half non-extractable. */
export interface CommitteeKey {
  fingerprint: string;
  /** Raw uncompressed public key, 65 bytes (what round links carry). */
  publicKey: Uint8Array;
  /** The day it was made (ISO date). */
  createdAt: string;
  /** The committee's own name for it. */
  label?: string;
  /** The pair HPKE opens with; `privateKey.extractable` is false. */
  pair: KeyPair;
}

function subtle(): Subtle {
  const s = subtleCrypto();
  if (!s) throw new Error('WebCrypto is not available (the page must be served over https)');
  return s;
}

/** The public key's X and Y, for a JWK. */
function jwkOf(publicKey: Uint8Array, d?: Uint8Array): EcJwk {
  return {
    kty: 'EC',
    crv: 'P-256',
    x: encodeBase64Url(publicKey.subarray(1, 33)),
    y: encodeBase64Url(publicKey.subarray(33, 65)),
    ...(d ? { d: encodeBase64Url(d) } : {}),
    ext: !d,
  };
}

/**
 * The key pair of a private scalar, the private half non-extractable. WebCrypto refuses a scalar
 * that does not belong to the public key, so a damaged backup cannot import as a wrong key.
 */
export async function keyPairOf(d: Uint8Array, publicKey: Uint8Array): Promise<KeyPair> {
  const s = subtle();
  const privateKey = await s.importKey('jwk', jwkOf(publicKey, d), ECDH, false, ['deriveBits']);
  const pub = await s.importKey('raw', bufferOf(publicKey), ECDH, true, []);
  // Prove the pair: the shared secret with a throw-away key is the same from both sides.
  const probe = await s.generateKey(ECDH, false, ['deriveBits']);
  const a = new Uint8Array(await s.deriveBits({ name: 'ECDH', public: probe.publicKey }, privateKey, 256));
  const b = new Uint8Array(await s.deriveBits({ name: 'ECDH', public: pub }, probe.privateKey, 256));
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error('the private key is not the public key’s');
  return { privateKey, publicKey: pub };
}

/** What a backup is written from. Salt and iv are random unless a test pins them. */
export interface BackupInput {
  d: Uint8Array;
  publicKey: Uint8Array;
  passphrase: string;
  createdAt: string;
  label?: string;
  rounds?: number;
  salt?: Uint8Array;
  iv?: Uint8Array;
}

async function wrappingKey(
  passphrase: string,
  salt: Uint8Array,
  rounds: number,
  usage: 'encrypt' | 'decrypt',
): Promise<Key> {
  const s = subtle();
  const base = await s.importKey(
    'raw',
    bufferOf(new TextEncoder().encode(passphrase.normalize('NFC'))),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return s.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bufferOf(salt), iterations: rounds },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

/** Writes a key backup (the passphrase is NFC-normalised: the same words typed on another device open it). */
export async function writeKeyBackup(input: BackupInput): Promise<KeyBackup> {
  const rounds = input.rounds ?? KEY_BACKUP_ROUNDS;
  const salt = input.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const iv = input.iv ?? crypto.getRandomValues(new Uint8Array(12));
  const head: Omit<KeyBackup, 'sealedKey'> = {
    format: KEY_BACKUP_FORMAT,
    formatVersion: KEY_BACKUP_FORMAT_VERSION,
    kind: 'committee-key-backup',
    suite: SEAL_SUITE,
    fingerprint: fingerprintOf(input.publicKey),
    publicKey: encodeBase64Url(input.publicKey),
    ...(input.label ? { label: input.label } : {}),
    createdAt: input.createdAt,
    kdf: { name: 'PBKDF2-SHA-256', iterations: rounds, salt: encodeBase64Url(salt) },
    cipher: { name: 'AES-256-GCM', iv: encodeBase64Url(iv) },
  };
  const key = await wrappingKey(input.passphrase, salt, rounds, 'encrypt');
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv: bufferOf(iv), additionalData: bufferOf(keyBackupAssociatedData(head)) },
    key,
    bufferOf(input.d),
  );
  return { ...head, sealedKey: encodeBase64Url(new Uint8Array(sealed)) };
}

/** A new key and its backup. The only moment the private key exists in extractable form. */
export async function createCommitteeKey(options: {
  passphrase: string;
  createdAt: string;
  label?: string;
}): Promise<{ ok: true; key: CommitteeKey; backup: KeyBackup } | { ok: false; error: SealError }> {
  if (options.passphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH)
    return { ok: false, error: sealError('key-backup-weak') };
  const s = subtle();
  const fresh = await s.generateKey(ECDH, true, ['deriveBits']);
  const publicKey = new Uint8Array(await s.exportKey('raw', fresh.publicKey));
  const jwk = await s.exportKey('jwk', fresh.privateKey);
  const d = decodeBase64Url(jwk.d ?? '');
  if (!d || d.length !== 32) throw new Error('WebCrypto gave an unexpected private key');
  const backup = await writeKeyBackup({ d, publicKey, ...options });
  const pair = await keyPairOf(d, publicKey);
  d.fill(0);
  return {
    ok: true,
    backup,
    key: {
      fingerprint: backup.fingerprint,
      publicKey,
      createdAt: options.createdAt,
      ...(options.label ? { label: options.label } : {}),
      pair,
    },
  };
}

/** Restores a key from its backup file and passphrase; wrong passphrase and damage are told apart where they can be. */
export async function restoreCommitteeKey(
  backupText: unknown,
  passphrase: string,
): Promise<{ ok: true; key: CommitteeKey } | { ok: false; error: SealError }> {
  const read = readKeyBackup(backupText);
  if (!read.ok) return read;
  const { backup, publicKey } = read;
  const salt = decodeBase64Url(backup.kdf.salt);
  const iv = decodeBase64Url(backup.cipher.iv);
  const sealed = decodeBase64Url(backup.sealedKey);
  if (!salt || salt.length !== 16 || !iv || iv.length !== 12 || !sealed || sealed.length !== 48)
    return { ok: false, error: sealError('key-backup-damaged') };
  let d: Uint8Array;
  try {
    const key = await wrappingKey(passphrase, salt, backup.kdf.iterations, 'decrypt');
    d = new Uint8Array(
      await subtle().decrypt(
        { name: 'AES-GCM', iv: bufferOf(iv), additionalData: bufferOf(keyBackupAssociatedData(backup)) },
        key,
        bufferOf(sealed),
      ),
    );
  } catch {
    // AES-GCM cannot tell a wrong passphrase from a changed file: both fail the tag.
    return { ok: false, error: sealError('key-backup-passphrase') };
  }
  try {
    const pair = await keyPairOf(d, publicKey);
    return {
      ok: true,
      key: {
        fingerprint: backup.fingerprint,
        publicKey,
        createdAt: backup.createdAt,
        ...(backup.label ? { label: backup.label } : {}),
        pair,
      },
    };
  } catch {
    return { ok: false, error: sealError('key-backup-damaged') };
  } finally {
    d.fill(0);
  }
}

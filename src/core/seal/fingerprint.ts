// A committee key's fingerprint: what people compare by eye or read out on the phone to be sure a
// round link carries their committee's key. SHA-256 of the raw public key (the same bytes the
// link carries), first 10 bytes (80 bits: no one can make another key with the same fingerprint),
// in five groups of four upper-case hex digits, e.g. `3F2A-91BC-0D44-7E19-A2C5`.
import { sha256 } from '@noble/hashes/sha2.js';

/** Length of an uncompressed P-256 public key: 0x04, then X and Y of 32 bytes each. */
export const P256_PUBLIC_KEY_BYTES = 65;

/** What a fingerprint looks like. */
export const FINGERPRINT_PATTERN = /^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/;

/** Whether bytes look like an uncompressed P-256 public key (the curve check is WebCrypto's, on import). */
export function isP256PublicKey(bytes: Uint8Array): boolean {
  return bytes.length === P256_PUBLIC_KEY_BYTES && bytes[0] === 0x04;
}

/** The fingerprint of a raw public key. */
export function fingerprintOf(publicKey: Uint8Array): string {
  const hex = [...sha256(publicKey).subarray(0, 10)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.toUpperCase().match(/.{4}/g)!.join('-');
}

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { toCanonicalJson } from './canonical-json.ts';

// A pure-JS SHA-256 rather than WebCrypto: crypto.subtle exists only in secure contexts, and the
// site must also work from plain-http intranet hosts and file folders; it is also synchronous.

/** SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** A SHA-256 of a string's UTF-8 bytes as hex; a faster native one may stand in for {@link sha256Hex}. */
export type Sha256Hex = (text: string) => string;

/** SHA-256 of a value's canonical JSON, as `sha256:<hex>`. */
export function digestOf(value: unknown, hash: Sha256Hex = sha256Hex): string {
  return `sha256:${hash(toCanonicalJson(value))}`;
}

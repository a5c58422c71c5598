import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { toCanonicalJson } from './canonical-json.ts';

// A pure-JS SHA-256 rather than WebCrypto: crypto.subtle exists only in secure contexts, and the
// site must also work from plain-http intranet hosts and file folders; it is also synchronous.

/** SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex digits. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** SHA-256 of a value's canonical JSON, as `sha256:<hex>`. */
export function digestOf(value: unknown): string {
  return `sha256:${sha256Hex(toCanonicalJson(value))}`;
}

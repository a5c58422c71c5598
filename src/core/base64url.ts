// base64url without padding (RFC 4648 §5): paste codes, keys and sealed bytes inside JSON files, and
// the committee key in round links. One copy for all of them.
// Strict on read: only the alphabet, no padding, no length that cannot come from whole bytes.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Bytes as base64url, no padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += ALPHABET[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += ALPHABET[n & 63]!;
  }
  return out;
}

/** base64url (no padding) back to bytes; undefined when the text is not exactly that. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    let k = 0;
    for (; k < 4 && i + k < text.length; k++) {
      const v = INDEX.get(text[i + k]!);
      if (v === undefined) return undefined;
      n |= v << (18 - 6 * k);
    }
    out[o++] = (n >> 16) & 255;
    if (k > 2) out[o++] = (n >> 8) & 255;
    if (k > 3) out[o++] = n & 255;
  }
  const bytes = out.subarray(0, o);
  // Non-canonical trailing bits (two texts for one byte string) are refused.
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}

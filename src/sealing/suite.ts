// The HPKE suite (RFC 9180) of sealed-survey format 1, from @hpke/core over WebCrypto:
// DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM. Every browser with WebCrypto has all
// three (in a secure context); so has Node.
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import type { Subtle } from './webcrypto-types.ts';

let suite: CipherSuite | undefined;

/** The suite, made once. */
export function sealSuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
  return suite;
}

/** WebCrypto's subtle API, or undefined where there is none (a page on plain http, an old browser). */
export function subtleCrypto(): Subtle | undefined {
  const c = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  return c && typeof c.subtle === 'object' && c.subtle !== null ? c.subtle : undefined;
}

/** Random 32-bit words from crypto.getRandomValues, for core's shuffle. */
export function randomWords(): () => number {
  const buf = new Uint32Array(256);
  let i = buf.length;
  return () => {
    if (i >= buf.length) {
      crypto.getRandomValues(buf);
      i = 0;
    }
    return buf[i++]!;
  };
}

/** Bytes as an ArrayBuffer of exactly their length (WebCrypto and HPKE take BufferSource). */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

// The committee's public key a round link carries (`pk=` in the fragment, contract 1 in
// src/core/round-link.ts: base64url of the raw uncompressed P-256 key, 65 bytes). Loaded with the
// export code only. When the fragment has no `pk`, the survey is sent unsealed, as before.
import { decodeBase64Url, fingerprintOf, isP256PublicKey } from '../../core/seal/index.ts';

/** What the link says about sealing: nothing, a usable key, or a key that is damaged. */
export type RoundKey = { kind: 'none' } | { kind: 'key'; publicKey: Uint8Array; fingerprint: string } | { kind: 'bad' };

/** Reads `pk` from a location fragment (`#v=1&cell=…&pk=…`). */
export function roundKeyOf(fragment: string): RoundKey {
  let pk: string | null;
  try {
    pk = new URLSearchParams(fragment.replace(/^#/, '')).get('pk');
  } catch {
    return { kind: 'none' };
  }
  if (pk === null || pk === '') return { kind: 'none' };
  const bytes = decodeBase64Url(pk.trim());
  if (!bytes || !isP256PublicKey(bytes)) return { kind: 'bad' };
  return { kind: 'key', publicKey: bytes, fingerprint: fingerprintOf(bytes) };
}

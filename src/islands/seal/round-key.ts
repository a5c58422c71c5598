// The committee's public key a round link carries (`pk=` in the fragment, read by core's
// readRoundLink, src/core/round-link.ts). Loaded with the export code only. A fragment without
// `pk` sends unsealed, as before; a fragment that mentions `pk` but cannot be read as a round
// link with a valid key never sends at all (no silent unsealed fallback).
import { readRoundLink } from '../../core/round-link.ts';
import { fingerprintOf } from '../../core/seal/fingerprint.ts';

/** What the link says about sealing: nothing, a usable key, or a key that cannot be used. */
export type RoundKey = { kind: 'none' } | { kind: 'key'; publicKey: Uint8Array; fingerprint: string } | { kind: 'bad' };

/** Whether a fragment has a `pk` parameter at all. */
function mentionsKey(fragment: string): boolean {
  return /(^#?|&)pk=/.test(fragment);
}

/** Reads the key from a location fragment (`#v=1&cell=…&period=…&pk=…`). */
export function roundKeyOf(fragment: string): RoundKey {
  if (!mentionsKey(fragment)) return { kind: 'none' };
  const r = readRoundLink(fragment);
  if (!r.ok || !r.round.publicKey) return { kind: 'bad' };
  return { kind: 'key', publicKey: r.round.publicKey, fingerprint: fingerprintOf(r.round.publicKey) };
}

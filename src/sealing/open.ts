// The committee's side: opens sealed files with the keys this device (or the CLI) holds, then
// hands the response files inside to core (src/core/seal/opened.ts) to read, re-score and count.
import {
  SEAL_INFO,
  associatedData,
  decodeBase64Url,
  headOf,
  sealError,
  type SealError,
  type SealedEnvelope,
} from '../core/seal/index.ts';
import type { CommitteeKey } from './keys.ts';
import { bufferOf, sealSuite } from './suite.ts';

/** An envelope opened: the padded plaintext (the member's response file), or why not. */
export type Opened = { ok: true; plaintext: Uint8Array } | { ok: false; error: SealError };

/**
 * Opens one envelope. The key is found by the fingerprint on its label: none held at all is a
 * lost key; another key is a wrong (or older, not restored) key; the right key that does not
 * open it means the file was damaged or its label changed.
 */
export async function openEnvelope(envelope: SealedEnvelope, keys: readonly CommitteeKey[]): Promise<Opened> {
  if (keys.length === 0) return { ok: false, error: sealError('sealed-no-key', { sealedTo: envelope.key }) };
  const key = keys.find((k) => k.fingerprint === envelope.key);
  if (!key)
    return {
      ok: false,
      error: sealError('sealed-other-key', { sealedTo: envelope.key, held: keys.map((k) => k.fingerprint) }),
    };
  const enc = decodeBase64Url(envelope.enc);
  const ct = decodeBase64Url(envelope.ct);
  if (!enc || !ct) return { ok: false, error: sealError('sealed-damaged') };
  try {
    const pt = await sealSuite().open(
      { recipientKey: key.pair, enc: bufferOf(enc), info: bufferOf(new TextEncoder().encode(SEAL_INFO)) },
      bufferOf(ct),
      bufferOf(associatedData(headOf(envelope))),
    );
    return { ok: true, plaintext: new Uint8Array(pt) };
  } catch {
    return { ok: false, error: sealError('sealed-damaged') };
  }
}

// The member's side: seals a response file to the committee's public key. Loaded with import()
// only when a sealed survey is exported (nothing of it is in the form's first load).
import {
  SEAL_INFO,
  associatedData,
  encodeBase64Url,
  fingerprintOf,
  isP256PublicKey,
  padPlaintext,
  sealedEnvelope,
  sealedHead,
  type SealedEnvelope,
} from '../core/seal/index.ts';
import type { InstrumentRef } from '../core/instrument-ref.ts';
import { bufferOf, sealSuite, subtleCrypto } from './suite.ts';
import type { Key } from './webcrypto-types.ts';

/** Why sealing could not happen: no WebCrypto (plain http), or a key that is not a P-256 key. */
export class SealingUnavailable extends Error {
  readonly reason: 'insecure-context' | 'bad-key';
  constructor(reason: 'insecure-context' | 'bad-key') {
    super(reason);
    this.reason = reason;
  }
}

/** Whether this page can seal: WebCrypto is only given to secure contexts (https, localhost). */
export function canSeal(): boolean {
  const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext;
  return secure !== false && subtleCrypto() !== undefined;
}

/** What to seal: the response file's text (exactly as it would be sent unsealed) and its label. */
export interface SealInput {
  /** The response file's text. */
  text: string;
  instrument: InstrumentRef;
  cell: string;
  period: string;
  /** The committee's raw public key (65 bytes), from the round link. */
  publicKey: Uint8Array;
  /**
   * Known-answer tests only: input keying material for the ephemeral key (RFC 9180 DeriveKeyPair),
   * so that a fixed input seals to fixed bytes. Never set by the product: each seal gets a fresh key.
   */
  ephemeralIkm?: Uint8Array;
  /**
   * Known-answer tests only: the padded plaintext to seal as it is (a frozen file's, padded as in
   * its day), instead of `text` padded today. Never set by the product.
   */
  paddedPlaintext?: Uint8Array;
}

/**
 * Seals a response file: HPKE base mode, single shot, to the committee's key. The label (cell,
 * period, instrument, key fingerprint) is the associated data. A fresh ephemeral key each time:
 * sealing the same answers twice gives two different files.
 */
export async function sealResponseText({
  text,
  instrument,
  cell,
  period,
  publicKey,
  ephemeralIkm,
  paddedPlaintext,
}: SealInput): Promise<SealedEnvelope> {
  if (!canSeal()) throw new SealingUnavailable('insecure-context');
  if (!isP256PublicKey(publicKey)) throw new SealingUnavailable('bad-key');
  const suite = sealSuite();
  let recipientPublicKey: Key;
  try {
    recipientPublicKey = await suite.kem.deserializePublicKey(bufferOf(publicKey));
  } catch {
    throw new SealingUnavailable('bad-key');
  }
  const head = sealedHead(instrument, cell, period, fingerprintOf(publicKey));
  const { ct, enc } = await suite.seal(
    {
      recipientPublicKey,
      info: bufferOf(new TextEncoder().encode(SEAL_INFO)),
      ...(ephemeralIkm ? { ekm: bufferOf(ephemeralIkm) } : {}),
    },
    bufferOf(paddedPlaintext ?? padPlaintext(text)),
    bufferOf(associatedData(head)),
  );
  return sealedEnvelope(head, encodeBase64Url(new Uint8Array(enc)), encodeBase64Url(new Uint8Array(ct)));
}

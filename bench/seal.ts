// Sealing as a browser module, for `npm run bench` (bench/seal.mjs): bundled with esbuild and run
// in headless Chromium, on a secure page (127.0.0.1), with the CPU slowed down by CDP. What is
// timed is what a member's export adds when the link carries a key: import the committee's key
// and seal one response file (HPKE), then serialise the envelope and make its paste code.
import { encodeBundleCode } from '../src/core/code.ts';
import { serializeSealed } from '../src/core/seal/index.ts';
import { sealResponseText } from '../src/sealing/seal.ts';

/** A fresh committee public key (raw, 65 bytes). */
export async function makePublicKey(): Promise<Uint8Array> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
}

/** Seals the file `runs` times (after `warm` untimed runs); each time in ms. */
export async function timeSealing(text: string, publicKey: Uint8Array, runs: number, warm = 5): Promise<number[]> {
  const b = JSON.parse(text) as {
    instrument: { id: string; version: string; hash: string };
    cell: string;
    period: string;
  };
  const once = async (): Promise<void> => {
    const e = await sealResponseText({ text, instrument: b.instrument, cell: b.cell, period: b.period, publicKey });
    serializeSealed(e);
    encodeBundleCode(e);
  };
  for (let i = 0; i < warm; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  return times;
}

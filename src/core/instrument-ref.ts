import * as z from 'zod/mini';
import { toCanonicalJson } from './canonical-json.ts';
import { sha256Hex } from './digest.ts';
import { IdSchema } from './fields.ts';
import type { Instrument } from './instrument.ts';

/** Which instrument, version and definition a file was made with. */
export const InstrumentRefSchema = z.strictObject({
  /** Instrument id. */
  id: IdSchema,
  /** Instrument version. */
  version: z.string().check(z.minLength(1), z.maxLength(32)),
  /** `sha256:` of the canonical JSON of the definition: tells an edited definition of the same version. */
  hash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
});
/** A reference to an instrument definition. */
export type InstrumentRef = z.infer<typeof InstrumentRefSchema>;

const instrumentHashes = new WeakMap<Instrument, string>();
/**
 * `sha256:` of an instrument definition's canonical JSON (memoised per definition object). `sha256`:
 * another SHA-256 of a text in hex, the same digest only faster (the CLI's native one: core's takes
 * ~10 ms over a definition of ~50 KB).
 */
export function hashInstrument(instrument: Instrument, sha256: (text: string) => string = sha256Hex): string {
  let h = instrumentHashes.get(instrument);
  if (!h) {
    h = `sha256:${sha256(toCanonicalJson(instrument))}`;
    instrumentHashes.set(instrument, h);
  }
  return h;
}

/** A reference to an instrument, as files carry it. */
export function refInstrument(instrument: Instrument): InstrumentRef {
  return { id: instrument.id, version: instrument.version, hash: hashInstrument(instrument) };
}

/** Compares versions like `2025.1` < `2025.10` < `2026` (negative, 0 or positive). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

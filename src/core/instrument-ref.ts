import * as z from 'zod/mini';
import { toCanonicalJson } from './canonical-json.ts';
import { sha256Hex } from './digest.ts';
import { IdSchema } from './fields.ts';
import { DEFINITION_HASH_PATTERN } from './patterns.ts';
import type { Instrument } from './instrument.ts';

/** Which instrument, version and definition a file was made with. */
export const InstrumentRefSchema = z.strictObject({
  /** Instrument id. */
  id: IdSchema,
  /** Instrument version. */
  version: z.string().check(z.minLength(1), z.maxLength(32)),
  /** `sha256:` of the canonical JSON of the definition: tells an edited definition of the same version. */
  hash: z.string().check(z.regex(DEFINITION_HASH_PATTERN)),
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

/**
 * Whether a file's definition hash is this definition's or one of its earlier editions' (the same
 * version, only its notes different: `earlierEditions`), so it scores as this one. `sha256` as in
 * {@link hashInstrument}.
 */
export function isEditionOf(instrument: Instrument, hash: string, sha256?: (text: string) => string): boolean {
  return hash === hashInstrument(instrument, sha256) || (instrument.earlierEditions?.includes(hash) ?? false);
}

/** The keys of a definition that are notes, not scoring: what an edition of a version may change. */
export const NOTE_KEYS: ReadonlySet<string> = new Set(['source', 'baseNote', 'earlierEditions']);

/**
 * A definition without its notes ({@link NOTE_KEYS}, at any depth): two editions of one version
 * must be equal so.
 */
export function withoutNotes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNotes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !NOTE_KEYS.has(k))
      .map(([k, v]) => [k, withoutNotes(v)]),
  );
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

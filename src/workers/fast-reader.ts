// The import worker's reader, also run by `npm run bench` so the figures are the page's own: the
// envelope schema compiled by zod (a yes/no check with no copy of the file; the ordinary parser
// only explains failures) and digests checked by WebCrypto, a batch at a time, off the thread.
// Both give the same outcomes as core's defaults (tests/core/fast-reader.test.ts); where eval or
// WebCrypto is refused (a strict CSP, a plain-http intranet host) core's defaults are used.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compile, validate } from 'zod/mini';
import { BundleSchema, createCatalog, type CodeBudget, type Instrument } from '../core/index.ts';
import { readInput, verifyDigests, type ImportInput, type ReadOutcome, type Reader } from '../core/import.ts';

/** WebCrypto's SHA-256 as hex, or undefined where there is none (not a secure context). */
export function webCryptoSha256(): ((text: string) => Promise<string>) | undefined {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const encoder = new TextEncoder();
  return async (text) => bytesToHex(new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text))));
}

let compiled: typeof BundleSchema | null | undefined;
function compiledSchema(): typeof BundleSchema | null {
  if (compiled === undefined) {
    try {
      compiled = compile(BundleSchema);
    } catch {
      compiled = null; // eval refused: the ordinary parser
    }
  }
  return compiled;
}

/** Reads inputs in batches; `read` gives the same outcomes as core's `readInputs`. */
export interface FastReader {
  /** Reads inputs; codes in text files within `budget` when given (one per import). */
  read(inputs: readonly ImportInput[], budget?: CodeBudget): Promise<ReadOutcome[]>;
  /** How digests are checked: 'webcrypto' (deferred, batched) or 'js' (core's own SHA-256). */
  digests: 'webcrypto' | 'js';
  /** How envelopes are checked: 'compiled' or 'parser'. */
  schema: 'compiled' | 'parser';
}

/** A reader for the instruments given, as fast as the platform allows. */
export function createFastReader(instruments: Instrument[], now?: number): FastReader {
  const schema = compiledSchema();
  const hash = webCryptoSha256();
  const reader: Reader = {
    catalog: createCatalog(instruments),
    ...(now !== undefined ? { now } : {}),
    ...(schema ? { schema, isValid: (value: unknown) => validate(schema, value) } : {}),
    ...(hash ? { deferDigest: true } : {}),
  };
  return {
    digests: hash ? 'webcrypto' : 'js',
    schema: schema ? 'compiled' : 'parser',
    async read(inputs, budget) {
      const outcomes = inputs.flatMap((input) => readInput(input, reader, budget));
      return hash ? verifyDigests(outcomes, hash) : outcomes;
    },
  };
}

// phieu aggregate's reading of an ordinary response file: the checks of core's readBundle, in its
// order, up to and including the answers, then the score worked out by a FastScorer (no Score
// object: fast-score.ts) for fast-tally.ts to count. It says only "yes, this response": for
// anything else (any check failing, a report, an older envelope, an escape or "__proto__" in the
// text, an instrument with several scoring columns, an exception) it returns undefined, and the
// caller reads the file with readBundle, which says what it is. A file readBundle would warn about
// (an edited instrument, a score note the recomputation does not give) is left to it too, so the
// warning is said. tests/cli/fast-read.test.ts checks that a yes is always readBundle's yes without
// a warning, with the same bundle and instrument.
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MAX_BUNDLE_BYTES,
  MAX_RESPONSE_BYTES,
  checkResponse,
  decodeFileBytes,
  fromHundredths,
  isCertainlyCanonicalResponseBundle,
  isEditionOf,
  isLaterThanTomorrow,
  sameNotedTotal,
  sha256Hex,
  toCanonicalJson,
  type Instrument,
  type ReadOptions,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { FastScorer, canScoreFast } from '../../src/core/fast-score.ts';
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { compactSealed } from './compact-sealed.ts';
import type { ReadAhead } from './read-ahead.ts';

/** A response file read and scored: the scorer holds its score until it scores another. */
export interface FastResponse {
  bundle: ResponseBundle;
  instrument: Instrument;
  scorer: FastScorer;
}

const scorers = new WeakMap<Instrument, FastScorer | null>();
function scorerOf(instrument: Instrument): FastScorer | undefined {
  let s = scorers.get(instrument);
  if (s === undefined) {
    s = canScoreFast(instrument) ? new FastScorer(instrument) : null;
    scorers.set(instrument, s);
  }
  return s ?? undefined;
}

/**
 * Reads a .json file of at most MAX_RESPONSE_BYTES as readFileLimited and readBundle would, when
 * it is an ordinary response file in UTF-8 (no byte-order mark): its bytes go into one buffer
 * reused from file to file and are decoded once, where readFileLimited gives each file its own
 * bytes for a decoder. Anything else (unreadable, too large, another encoding, not a response)
 * gives undefined, and the caller reads the file again the ordinary way, which says what it is.
 * With `ahead` (the files in the order they are asked for), the bytes come from the read-ahead
 * thread when it read them (read-ahead.ts), with the same checks.
 */
export function readResponseFileFast(file: string, options: ReadOptions, ahead?: ReadAhead): FastResponse | undefined {
  const maxBytes = Math.min(options.maxBytes ?? MAX_BUNDLE_BYTES, MAX_RESPONSE_BYTES);
  lastDigestChecked = false;
  lastBytes = undefined;
  try {
    const text = ahead ? readAheadUtf8File(file, maxBytes, ahead) : readUtf8File(file, maxBytes);
    if (text === undefined) return undefined;
    return readText(text, lastSize, options, lastDigestChecked, lastBytes);
  } catch {
    return undefined;
  } finally {
    // The bytes decoded last are in the read-ahead's ring until released (or in `buffer`).
    lastBytes = undefined;
    ahead?.release();
  }
}

let buffer: Buffer | undefined;
/** The size in bytes of the file readUtf8File last read. */
let lastSize = 0;
/** Whether the read-ahead thread checked the digest of the file last read (ReadAhead.digestChecked). */
let lastDigestChecked = false;
/** The bytes decoded last, while they are there (the reused buffer, or the ring until released). */
let lastBytes: Buffer | undefined;
/** The text of a UTF-8 file without a byte-order mark, of at most `maxBytes` bytes (readFileLimited's reading). */
function readUtf8File(file: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0 || size > maxBytes) return undefined;
    if (!buffer || buffer.length < size) buffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buffer, off, size - off, null);
      if (n === 0) break;
      off += n;
    }
    return utf8TextOf(buffer.subarray(0, off));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** readUtf8File, from the bytes the read-ahead thread read when it read them (else as it does). */
function readAheadUtf8File(file: string, maxBytes: number, ahead: ReadAhead): string | undefined {
  const bytes = ahead.take(file);
  if (bytes === undefined || bytes.length > maxBytes) {
    ahead.release();
    return readUtf8File(file, maxBytes);
  }
  // Released by the caller once it is done with them (lastBytes).
  const text = utf8TextOf(bytes);
  lastDigestChecked = text !== undefined && ahead.digestChecked;
  return text;
}

/** The text of a file's bytes (all of them, as read), when UTF-8 without a byte-order mark or NUL. */
function utf8TextOf(bytes: Buffer): string | undefined {
  const size = bytes.length;
  // decodeFileBytes: a byte-order mark (UTF-8's is dropped by its decoder), bytes that are not
  // UTF-8 and NUL characters are left to it.
  if (size === 0 || bytes[0] === 0xff || bytes[0] === 0xfe || bytes[0] === 0xef) return undefined;
  if (bytes.indexOf(0) !== -1 || !isUtf8(bytes)) return undefined;
  lastSize = size;
  lastBytes = bytes;
  return bytes.toString('utf8');
}

let compacted: Buffer | undefined;
const found = new Int32Array(2);
/** compactSealed of a file's bytes into `compacted`: its length, or -1. */
function compactedSealed(bytes: Uint8Array): number {
  if (!compacted || compacted.length < bytes.length) compacted = Buffer.allocUnsafe(Math.max(bytes.length, 64 * 1024));
  return compactSealed(bytes, 0, bytes.length, compacted, found);
}

/** isLaterThanTomorrow, worked out once per date written (a province's files share a few). */
const lateness = new Map<string, boolean>();
let latenessNow: number | undefined;
function isLate(createdAt: string, now: number): boolean {
  if (now !== latenessNow) {
    lateness.clear();
    latenessNow = now;
  }
  let late = lateness.get(createdAt);
  if (late === undefined) {
    late = isLaterThanTomorrow(createdAt, now);
    if (lateness.size >= 4096) lateness.clear();
    lateness.set(createdAt, late);
  }
  return late;
}

/** Reads the bytes of a file as readBundle would, when they are an ordinary response file. */
export function readResponseFast(input: Uint8Array | string, options: ReadOptions): FastResponse | undefined {
  if (!(input instanceof Uint8Array)) return undefined;
  try {
    return readUnsafe(input, options);
  } catch {
    return undefined;
  }
}

function readUnsafe(bytes: Uint8Array, options: ReadOptions): FastResponse | undefined {
  // readEnvelope, for bytes.
  const size = bytes.length;
  if (size === 0 || size > (options.maxBytes ?? MAX_BUNDLE_BYTES)) return undefined;
  let text = decodeFileBytes(bytes);
  if (text === undefined) return undefined;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // The bytes, for the digest: a byte-order mark there makes them no compact text (compact-sealed.ts).
  return readText(text, size, options, false, bytes);
}

/**
 * readUnsafe from the decoded text (no byte-order mark) of a file of `size` bytes. `digestChecked`:
 * the read-ahead thread found that `sha256:` of JSON.stringify of the same text's object without its
 * digest is the digest, which is this check's last step for a file in canonical order.
 */
function readText(
  text: string,
  size: number,
  options: ReadOptions,
  digestChecked = false,
  bytes?: Uint8Array,
): FastResponse | undefined {
  // A text of white space only fails to parse below: readBundle says it is empty.
  // readBundle looks for a "__proto__" key then: left to it.
  if (text.includes('__proto__') || text.includes('\\u')) return undefined;
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const envelope = raw as Record<string, unknown>;
  if (envelope.format !== BUNDLE_FORMAT || envelope.formatVersion !== BUNDLE_FORMAT_VERSION) return undefined;
  if (envelope.kind !== 'response') return undefined;
  // One walk says both "valid" and "in canonical order" for the files our writers make.
  const canonical = isCertainlyCanonicalResponseBundle(envelope);
  if (!canonical && !options.isValid?.(envelope)) return undefined;
  const bundle = envelope as unknown as ResponseBundle;
  // The digest (worked out on the read-ahead thread already for a file in canonical order). The
  // text it is over is made from the bytes when they are written as stringify writes it
  // (compact-sealed.ts, as the read-ahead thread does): then it is JSON.stringify of the rest.
  if (!(canonical && digestChecked)) {
    const n = canonical && bytes ? compactedSealed(bytes) : -1;
    if (n >= 0) {
      if (`sha256:${hash('sha256', compacted!.subarray(0, n), 'hex')}` !== bundle.digest) return undefined;
    } else {
      const { digest, ...sealed } = bundle;
      const canon = canonical ? JSON.stringify(sealed) : toCanonicalJson(sealed);
      if (`sha256:${(options.sha256 ?? sha256Hex)(canon)}` !== digest) return undefined;
    }
  }
  // readContent, for a response.
  if (options.now !== undefined && isLate(bundle.createdAt, options.now)) return undefined;
  if (size > MAX_RESPONSE_BYTES) return undefined;
  const response = bundle.payload.response;
  if (response.cell !== bundle.cell || response.period !== bundle.period) return undefined;
  if (response.instrument.id !== bundle.instrument.id || response.instrument.version !== bundle.instrument.version)
    return undefined;
  const instrument = options.catalog
    .versions(bundle.instrument.id)
    .find((i) => i.version === bundle.instrument.version);
  if (!instrument) return undefined;
  if (checkResponse(instrument, response).length > 0) return undefined;
  const scorer = scorerOf(instrument);
  if (!scorer) return undefined;
  scorer.score(response.answers, true);
  // readContent's warnings: the file's instrument is an edited copy, or its score note is not what
  // the recomputation gives.
  if (!isEditionOf(instrument, bundle.instrument.hash, options.sha256)) return undefined;
  const note = bundle.payload.score;
  if (note && (note.level !== scorer.level || !sameNotedTotal(note.total, fromHundredths(scorer.totalH))))
    return undefined;
  return { bundle, instrument, scorer };
}

// Turns dropped files and pasted codes into read outcomes, with core `readBundle` doing the work.
// Pure (no DOM, no storage): runs on the main thread for small batches and in the import worker
// for large ones. Outcomes are plain data (no instrument objects) so they cross postMessage cheaply.
import {
  MAX_BUNDLE_BYTES,
  type ReadOptions,
  type UnverifiedDigest,
  decodeFileBytes,
  digestHolds,
  digestMismatch,
  readBundle,
  type InstrumentCatalog,
  type ReadWarning,
  type ReportBundle,
  type ResponseBundle,
} from './bundle.ts';
import { decodeBundleCodes } from './code.ts';
import type { Score } from './scoring.ts';
import type { Message } from './text.ts';
import { unzipSync } from 'fflate';
import {
  MAX_BACKUP_BYTES,
  looksLikeBackup,
  readCollectionBackup,
  type CollectionKey,
  type Decisions,
  type Roster,
} from './backup.ts';

/**
 * What reads files: the instruments known, and optionally faster checks (the worker compiles the
 * schema and defers digests to WebCrypto, see {@link verifyDigests}).
 */
export type Reader =
  InstrumentCatalog | Pick<ReadOptions, 'catalog' | 'schema' | 'isValid' | 'sha256' | 'deferDigest' | 'now'>;

function optionsOf(reader: Reader): ReadOptions {
  return 'catalog' in reader ? reader : { catalog: reader };
}

/** One thing to read: a file's bytes, or pasted text. */
export type ImportInput = { name: string; bytes: Uint8Array } | { name: string; text: string };

/**
 * What reading one input gave. `source` names the file (or code) for the person. `unverified` is
 * there only when the reader deferred digests, until {@link verifyDigests} has checked them.
 */
export type ReadOutcome = (
  | { source: string; kind: 'response'; bundle: ResponseBundle; score: Score; warnings: ReadWarning[] }
  | { source: string; kind: 'report'; bundle: ReportBundle; warnings: ReadWarning[] }
  | {
      source: string;
      kind: 'backup';
      key: CollectionKey;
      cellName?: string;
      roster: Roster;
      count: number;
      decisions?: Decisions;
    }
  | { source: string; kind: 'error'; code: string; message: Message }
) & { unverified?: UnverifiedDigest };

function fromResult(source: string, input: unknown, reader: Reader): ReadOutcome {
  const r = readBundle(input, optionsOf(reader));
  const later = r.unverified ? { unverified: r.unverified } : {};
  if (!r.ok) return { source, kind: 'error', code: r.error.code, message: r.error.message, ...later };
  if (r.kind === 'report') return { source, kind: 'report', bundle: r.bundle, warnings: r.warnings, ...later };
  return { source, kind: 'response', bundle: r.bundle, score: r.score, warnings: r.warnings, ...later };
}

/** SHA-256 of a string's UTF-8 bytes as hex, asynchronously (WebCrypto where there is one). */
export type Sha256HexAsync = (text: string) => Promise<string>;

/**
 * Checks the digests a deferring reader left (all at once, so an asynchronous hash such as
 * WebCrypto's runs them in parallel, off the thread), in place: an outcome whose digest does not
 * hold becomes the `digest-mismatch` error a synchronous read gives; `unverified` is removed.
 */
export async function verifyDigests(outcomes: ReadOutcome[], hash: Sha256HexAsync): Promise<ReadOutcome[]> {
  const pending = outcomes.flatMap((o, i) => (o.unverified ? [[i, o.unverified] as const] : []));
  const hexes = await Promise.all(pending.map(([, u]) => hash(u.text)));
  pending.forEach(([i, u], k) => {
    const o = outcomes[i] as ReadOutcome;
    if (digestHolds(u, hexes[k] as string)) {
      delete o.unverified;
      return;
    }
    const { error } = digestMismatch();
    outcomes[i] = { source: o.source, kind: 'error', code: error.code, message: error.message };
  });
  return outcomes;
}

/** Reads a backup's text: its header, then every response inside through `readBundle`. */
function readBackupText(source: string, text: string, reader: Reader): ReadOutcome[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [fromResult(source, text, reader)];
  }
  const b = readCollectionBackup(raw);
  if (!b.ok) return [{ source, kind: 'error', code: 'backup-invalid', message: b.message }];
  const { backup } = b;
  const head: ReadOutcome = {
    source,
    kind: 'backup',
    key: backup.collection,
    roster: backup.roster,
    count: backup.responses.length,
    ...(backup.cellName ? { cellName: backup.cellName } : {}),
    ...(backup.decisions ? { decisions: backup.decisions } : {}),
  };
  return [head, ...backup.responses.map((r, i) => fromResult(`${source} #${i + 1}`, r, reader))];
}

/** Reads pasted text holding one or many codes (with chat text around them). */
export function readPastedText(text: string, reader: Reader, sourceOf: (index: number) => string): ReadOutcome[] {
  const trimmed = text.trim();
  // Someone may paste a whole file rather than a code.
  if (trimmed.startsWith('{'))
    return looksLikeBackup(trimmed)
      ? readBackupText(sourceOf(0), trimmed, reader)
      : [fromResult(sourceOf(0), trimmed, reader)];
  return decodeBundleCodes(text).map((c, i) =>
    c.ok
      ? fromResult(sourceOf(i), c.text, reader)
      : { source: sourceOf(i), kind: 'error', code: c.error.code, message: c.error.message },
  );
}

/** Largest total a ZIP may unpack to (a province's member files are about 80 MB). */
export const MAX_ZIP_TOTAL = 512 * 1024 * 1024;

const ZIP_DAMAGED: Message = {
  vi: 'Tệp nén .zip bị hỏng hoặc quá lớn, không mở được. Hãy nén lại các tệp phiếu rồi nhập lại.',
  en: 'The .zip archive is damaged or too large to open. Zip the response files again and import them.',
};

/** Whether bytes are a ZIP archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** One share of a job split over several workers: `index` of `of` (0-based). */
export interface Part {
  index: number;
  of: number;
}

/**
 * The files inside a ZIP (e.g. a chat's "download all"), to read like dropped files: one read of
 * the archive instead of one per file. Folders, hidden files, nested archives and entries claiming
 * more than a file's limit are skipped; a damaged or oversized archive gives one error outcome.
 * With `part`, only every `of`-th file (from the `index`-th) is unpacked, so several workers can
 * share one archive; the checks on the whole archive are the same in every part.
 */
export function unzipInputs(name: string, bytes: Uint8Array, part?: Part): ImportInput[] | ReadOutcome {
  let total = 0;
  let listed = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        const base = f.name.split('/').pop() ?? '';
        if (f.name.endsWith('/') || base.startsWith('.') || f.name.startsWith('__MACOSX/')) return false;
        total += f.originalSize;
        const mine = !part || listed++ % part.of === part.index;
        return mine && f.originalSize <= MAX_BUNDLE_BYTES && total <= MAX_ZIP_TOTAL;
      },
    });
  } catch {
    return { source: name, kind: 'error', code: 'zip-damaged', message: ZIP_DAMAGED };
  }
  if (total > MAX_ZIP_TOTAL) return { source: name, kind: 'error', code: 'zip-damaged', message: ZIP_DAMAGED };
  return Object.entries(entries)
    .filter(([, data]) => !isZip(data))
    .map(([entry, data]) => ({ name: `${name}/${entry}`, bytes: data }));
}

/** Reads one input: a response or report file, a backup, a ZIP of them, or a text file of codes. */
export function readInput(input: ImportInput, reader: Reader): ReadOutcome[] {
  if ('text' in input)
    return readPastedText(input.text, reader, (i) => (i === 0 ? input.name : `${input.name} #${i + 1}`));
  const { name, bytes } = input;
  if (isZip(bytes)) {
    const inner = unzipInputs(name, bytes);
    return Array.isArray(inner) ? inner.flatMap((i) => readInput(i, reader)) : [inner];
  }
  // Backups may exceed a single file's limit; everything else goes straight to readBundle, which
  // checks size, encoding and JSON itself.
  if (bytes.length > MAX_BUNDLE_BYTES && bytes.length <= MAX_BACKUP_BYTES) {
    const text = decodeFileBytes(bytes);
    if (text !== undefined && looksLikeBackup(text.replace(/^\uFEFF/, '')))
      return readBackupText(name, text.replace(/^\uFEFF/, ''), reader);
    return [fromResult(name, bytes, reader)];
  }
  // Peek at the start only: a response file is read once, by readBundle.
  const head = bytes.length > 0 ? decodeFileBytes(bytes.subarray(0, Math.min(bytes.length, 64))) : undefined;
  const start = head?.replace(/^\uFEFF/, '').trimStart() ?? '';
  if (start.startsWith('{') && /"phieu-chi-bo-collection"/.test(start)) {
    const text = decodeFileBytes(bytes);
    if (text !== undefined) return readBackupText(name, text.replace(/^\uFEFF/, ''), reader);
  }
  if (start.startsWith('PCB1.')) {
    const text = decodeFileBytes(bytes);
    if (text !== undefined) return readPastedText(text, reader, (i) => (i === 0 ? name : `${name} #${i + 1}`));
  }
  return [fromResult(name, bytes, reader)];
}

/** Reads many inputs in order. */
export function readInputs(inputs: readonly ImportInput[], reader: Reader): ReadOutcome[] {
  return inputs.flatMap((i) => readInput(i, reader));
}

/** Reads files kept on the device (already parsed), through the same reader as imports. */
export function readStored(values: readonly unknown[], reader: Reader, source: string): ReadOutcome[] {
  return values.map((v) => fromResult(source, v, reader));
}

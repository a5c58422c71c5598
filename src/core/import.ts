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
import { containsCode, scanBundleCodes, type CodeBudget } from './code.ts';
import { isSealedValue, mentionsSealedFormat } from './seal/sniff.ts';
import type { Score } from './scoring.ts';
import type { Message } from './text.ts';
import {
  MAX_BACKUP_BYTES,
  looksLikeBackup,
  readCollectionBackup,
  type CollectionKey,
  type Decisions,
  type Roster,
} from './backup.ts';
import { isZip, listZip, readZipEntry, type ZipEntryProblem } from './zip.ts';
import { jsonShapeFits } from './json-shape.ts';
import { readError } from './messages.ts';

export { isZip };

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
  /** Not a file to read (e.g. a hidden file inside a ZIP): said, with the reason, never counted. */
  | { source: string; kind: 'skipped'; code: string; message: Message }
  // A sealed file or batch (src/core/seal): recognised here, read (readSealed) and kept sealed
  // where sealed files are kept (src/islands/seal), never opened.
  | { source: string; kind: 'sealed'; value: unknown }
) & { unverified?: UnverifiedDigest };

function fromResult(source: string, input: unknown, reader: Reader): ReadOutcome {
  const r = readBundle(input, optionsOf(reader));
  const later = r.unverified ? { unverified: r.unverified } : {};
  // Not one of our plain files: a sealed one reads through its own reader.
  if (!r.ok && r.error.code === 'not-bundle') {
    const sealed = readSealedInput(input);
    if (sealed) return { source, ...sealed };
  }
  if (!r.ok) return { source, kind: 'error', code: r.error.code, message: r.error.message, ...later };
  if (r.kind === 'report') return { source, kind: 'report', bundle: r.bundle, warnings: r.warnings, ...later };
  return { source, kind: 'response', bundle: r.bundle, score: r.score, warnings: r.warnings, ...later };
}

/** A sealed file or batch as an outcome (parsed, not yet checked), or undefined when it is not one. */
function readSealedInput(input: unknown): { kind: 'sealed'; value: unknown } | undefined {
  const text = input instanceof Uint8Array ? decodeFileBytes(input) : input;
  if (typeof text !== 'string') return isSealedValue(text) ? { kind: 'sealed', value: text } : undefined;
  if (!mentionsSealedFormat(text) || !jsonShapeFits(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return isSealedValue(value) ? { kind: 'sealed', value } : undefined;
  } catch {
    return undefined;
  }
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
  // A text of the wrong shape (jsonShapeFits) is left to readBundle, which says so.
  if (!jsonShapeFits(text)) return [fromResult(source, text, reader)];
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

/**
 * Reads pasted text holding one or many codes (with chat text around them). Codes are unpacked
 * and read one at a time (memory holds one unpacked code), within the caps of `scanBundleCodes`;
 * the codes past a cap give one line saying how many were not read.
 */
export function readPastedText(
  text: string,
  reader: Reader,
  sourceOf: (index: number) => string,
  budget?: CodeBudget,
): ReadOutcome[] {
  const trimmed = text.trim();
  // Someone may paste a whole file rather than a code.
  if (trimmed.startsWith('{'))
    return looksLikeBackup(trimmed)
      ? readBackupText(sourceOf(0), trimmed, reader)
      : [fromResult(sourceOf(0), trimmed, reader)];
  const out: ReadOutcome[] = [];
  let i = 0;
  for (const c of scanBundleCodes(text, budget)) {
    out.push(
      c.ok
        ? fromResult(sourceOf(i), c.text, reader)
        : { source: sourceOf(i), kind: 'error', code: c.error.code, message: c.error.message },
    );
    i += 1;
  }
  return out;
}

/** Largest total a ZIP may unpack to (a province's member files are about 80 MB). */
export const MAX_ZIP_TOTAL = 512 * 1024 * 1024;
/** Most entries read from one ZIP (a province's member files are about 50,000): a local bound. */
export const MAX_ZIP_ENTRIES = 100_000;

const NO_CODE: Message = {
  vi: 'Tệp văn bản không có mã phiếu nào (không phải tệp phiếu): bỏ qua.',
  en: 'A text file with no response code in it (not a response file): skipped.',
};

const ZIP_DAMAGED: Message = {
  vi: 'Tệp nén .zip bị hỏng hoặc quá lớn, không mở được. Hãy nén lại các tệp phiếu rồi nhập lại.',
  en: 'The .zip archive is damaged or too large to open. Zip the response files again and import them.',
};
const ZIP_SKIPPED: Record<'hidden' | 'nested' | 'over-total' | 'folder', Message> = {
  hidden: {
    vi: 'Tệp ẩn hoặc tệp hệ thống trong tệp nén (không phải tệp phiếu): bỏ qua.',
    en: 'A hidden or system file inside the archive (not a response file): skipped.',
  },
  nested: {
    vi: 'Tệp .zip nằm trong tệp .zip không được mở: hãy giải nén nó rồi nhập các tệp bên trong.',
    en: 'A .zip inside the .zip is not opened: unzip it and import the files inside.',
  },
  'over-total': {
    vi: `Tệp nén vượt quá ${MAX_ZIP_TOTAL / 1024 / 1024} MB khi giải nén: tệp này không được đọc. Hãy chia thành nhiều tệp nén nhỏ hơn.`,
    en: `The archive unpacks to more than ${MAX_ZIP_TOTAL / 1024 / 1024} MB: this file is not read. Split it into smaller archives.`,
  },
  folder: {
    vi: 'Mục thư mục có dữ liệu trong tệp nén (không phải tệp phiếu): bỏ qua.',
    en: 'A folder entry carrying data inside the archive (not a response file): skipped.',
  },
};
const ZIP_ENTRY_PROBLEM: Record<Exclude<ZipEntryProblem, 'too-large'>, Message> = {
  damaged: {
    vi: 'Mục này trong tệp nén bị hỏng, không giải nén được. Hãy nén lại rồi nhập lại.',
    en: 'This entry of the archive is damaged and cannot be unpacked. Zip the files again and import them.',
  },
  encrypted: {
    vi: 'Mục này trong tệp nén có đặt mật khẩu: không mở được. Hãy nén lại không đặt mật khẩu.',
    en: 'This entry of the archive is password-protected and cannot be opened. Zip it again without a password.',
  },
  method: {
    vi: 'Mục này được nén theo cách trang không đọc được. Hãy nén lại bằng công cụ nén thông thường (.zip).',
    en: 'This entry is compressed in a way the site cannot read. Zip it again with an ordinary zip tool.',
  },
};

/** One share of a job split over several workers: `index` of `of` (0-based). */
export interface Part {
  index: number;
  of: number;
}

/** One entry of an archive: opened (unpacked) only when read, giving its input or the line saying why not. */
export interface ZipItem {
  /** How the entry is named to people: `archive.zip/path`, with ` (2)`… for a name met again. */
  name: string;
  open(): ImportInput | ReadOutcome;
}

/**
 * The entries of a ZIP (e.g. a chat's "download all"), to read like dropped files, each unpacked
 * only when opened so a batch holds a chunk of them at a time. Every entry gets a line: it is read,
 * or skipped with its reason (hidden or system file, a nested archive, past the archive's total),
 * or refused (over a file's limit, damaged, encrypted); entries with one name are all read, named
 * apart. Folders without data are no file and give none. A damaged archive gives one error outcome.
 * With `part`, only every `of`-th entry (from the `index`-th) is given, so several workers can
 * share one archive; what each entry gives never depends on the parts.
 */
export function unzipInputs(name: string, bytes: Uint8Array, part?: Part): ZipItem[] | ReadOutcome {
  const listing = listZip(bytes, MAX_ZIP_ENTRIES);
  if (!listing.ok) return { source: name, kind: 'error', code: 'zip-damaged', message: ZIP_DAMAGED };
  const items: ZipItem[] = [];
  const seen = new Map<string, number>();
  let total = 0;
  for (const entry of listing.entries) {
    const isFolder = entry.name.endsWith('/');
    if (isFolder && entry.size === 0) continue;
    const times = (seen.get(entry.name) ?? 0) + 1;
    seen.set(entry.name, times);
    total += entry.size;
    if (part && entry.index % part.of !== part.index) continue;
    const label = `${name}/${entry.name}${times > 1 ? ` (${times})` : ''}`;
    const skip = (why: keyof typeof ZIP_SKIPPED): ZipItem => ({
      name: label,
      open: () => ({ source: label, kind: 'skipped', code: `zip-${why}`, message: ZIP_SKIPPED[why] }),
    });
    const base = entry.name.split('/').pop() ?? '';
    if (isFolder) items.push(skip('folder'));
    else if (base.startsWith('.') || entry.name.startsWith('__MACOSX/')) items.push(skip('hidden'));
    else if (/\.zip$/i.test(base)) items.push(skip('nested'));
    else if (total > MAX_ZIP_TOTAL) items.push(skip('over-total'));
    else
      items.push({
        name: label,
        open: () => {
          const r = readZipEntry(bytes, entry, MAX_BUNDLE_BYTES);
          if (r.ok) return isZip(r.bytes) ? skip('nested').open() : { name: label, bytes: r.bytes };
          if (r.problem === 'too-large') {
            const e = readError('too-large', { size: entry.size, limit: MAX_BUNDLE_BYTES });
            return { source: label, kind: 'error', code: e.code, message: e.message };
          }
          return { source: label, kind: 'error', code: `zip-${r.problem}`, message: ZIP_ENTRY_PROBLEM[r.problem] };
        },
      });
  }
  if (listing.beyond > 0 && (!part || part.index === 0)) {
    const message: Message = {
      vi: `Tệp nén có hơn ${MAX_ZIP_ENTRIES} mục: ${listing.beyond} mục sau cùng không được đọc. Hãy chia thành nhiều tệp nén nhỏ hơn.`,
      en: `The archive has more than ${MAX_ZIP_ENTRIES} entries: the last ${listing.beyond} are not read. Split it into smaller archives.`,
    };
    items.push({ name, open: () => ({ source: name, kind: 'skipped', code: 'zip-too-many', message }) });
  }
  return items;
}

/** Whether an opened archive entry is a line (skipped or refused) rather than an input to read. */
export function isOutcome(x: ImportInput | ReadOutcome): x is ReadOutcome {
  return 'kind' in x;
}

/**
 * Reads one input: a response or report file, a backup, a ZIP of them, or a text file of codes
 * (codes unpacked one at a time, within the caps per text and what `budget`, shared by a batch,
 * has left).
 */
export function readInput(input: ImportInput, reader: Reader, budget?: CodeBudget): ReadOutcome[] {
  const sourceOf = (i: number): string => (i === 0 ? input.name : `${input.name} #${i + 1}`);
  if ('text' in input) return readPastedText(input.text, reader, sourceOf, budget);
  const { name, bytes } = input;
  if (isZip(bytes)) {
    const inner = unzipInputs(name, bytes);
    if (!Array.isArray(inner)) return [inner];
    return inner.flatMap((item) => {
      const x = item.open();
      return isOutcome(x) ? [x] : readInput(x, reader, budget);
    });
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
  // Codes: a file that starts with one, or any .txt (chat text saved around the codes).
  if (start.startsWith('PCB1.') || (/\.txt$/i.test(name) && !start.startsWith('{'))) {
    const text = decodeFileBytes(bytes);
    // A note saved beside the files (a readme, a chat with no code in it) is not a broken code.
    if (text !== undefined && !containsCode(text))
      return [{ source: name, kind: 'skipped', code: 'no-code', message: NO_CODE }];
    if (text !== undefined) return readPastedText(text, reader, sourceOf, budget);
  }
  return [fromResult(name, bytes, reader)];
}

/** Reads many inputs in order (codes in them within one `budget`, when given). */
export function readInputs(inputs: readonly ImportInput[], reader: Reader, budget?: CodeBudget): ReadOutcome[] {
  return inputs.flatMap((i) => readInput(i, reader, budget));
}

/** Reads files kept on the device (already parsed), through the same reader as imports. */
export function readStored(values: readonly unknown[], reader: Reader, source: string): ReadOutcome[] {
  return values.map((v) => fromResult(source, v, reader));
}

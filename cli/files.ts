// Input files: folders walked for *.json and *.txt, sizes checked before a file is read, and
// pasted codes (.txt) unpacked one by one, as they are read (never a whole file's codes at once). Nothing here interprets a file: core's readBundle does.
import { closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import {
  MAX_BUNDLE_BYTES,
  decodeFileBytes,
  pickText,
  readError,
  scanBundleCodes,
  type CodeBudget,
  type Lang,
  type Message,
  type ReadError,
} from '../src/core/index.ts';
import { UsageError } from './args.ts';
import { err, oneLine } from './output.ts';

/** Extensions looked for when a folder is walked. */
export const INPUT_EXTENSIONS = ['.json', '.txt'] as const;

/** What a folder's walk left out, other than files of another extension: each said to the user. */
export interface SkippedPath {
  /** As the person wrote it (the folder named, joined with the names below it). */
  path: string;
  /** A folder that cannot be listed, a link to nothing, a hidden file (its name starts with "."). */
  reason: 'unreadable' | 'broken-link' | 'hidden';
  /** The system's code (EACCES…), for an unreadable folder. */
  code?: string;
}

/**
 * Lists the files named on the command line: files as given (whatever their extension), folders
 * walked recursively (sorted, hidden entries skipped) for *.json and *.txt. The same file reached
 * twice (named twice, or through a link) is listed once. A path that does not exist is a usage error.
 * What the walk cannot read or leaves out (a folder without permission, a broken link, a hidden
 * file of a wanted extension) goes to `skipped`, for the command to say ({@link saySkipped}).
 */
export function collectFiles(
  paths: readonly string[],
  extensions: readonly string[] = INPUT_EXTENSIONS,
  skipped: SkippedPath[] = [],
): string[] {
  const out: string[] = [];
  // Real paths of the files listed. Files met while walking a folder by its real path have unique
  // paths already; only links, files named on the command line and a second walk need the set
  // (realpath per file is slow on 50,000 files), so walked files wait in `pending` until then.
  const seen = new Set<string>();
  let pending: string[] = [];
  const flush = (): void => {
    for (const p of pending) seen.add(p);
    pending = [];
  };
  const add = (file: string): void => {
    let real = file;
    try {
      real = realpathSync(file);
    } catch {
      // Keep the path as given; reading it will report the problem.
    }
    flush();
    if (seen.has(real)) return;
    seen.add(real);
    out.push(file);
  };
  const wanted = (name: string): boolean => {
    for (const x of extensions) if (hasExtension(name, x)) return true;
    return false;
  };
  // `dir` is a real path (links resolved); `shownDir` the path as the person wrote it.
  const walk = (dir: string, shownDir: string, visited: Set<string>): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let listed: Dirent[];
    try {
      listed = readdirSync(real, { withFileTypes: true });
    } catch (e) {
      const code = errorCode(e);
      skipped.push(code ? { path: shownDir, reason: 'unreadable', code } : { path: shownDir, reason: 'unreadable' });
      return;
    }
    const entries = listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // path.join(dir, name) for a plain name (no separator, not . or ..) is the joined prefix plus
    // the name: join once per folder instead of once per entry.
    const fullPrefix = path.join(real, '_').slice(0, -1);
    const shownPrefix = path.join(shownDir, '_').slice(0, -1);
    for (const e of entries) {
      const name = e.name;
      if (name.startsWith('.')) {
        // Hidden folders (.git, .Trash…) are left out quietly; a hidden file that would be read is said.
        if (!e.isDirectory() && wanted(name)) skipped.push({ path: shownPrefix + name, reason: 'hidden' });
        continue;
      }
      const full = fullPrefix + name;
      const shown = shownPrefix + name;
      const link = e.isSymbolicLink();
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (link) {
        try {
          const st = statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          // Said when it would have been read: a file of a wanted extension, or a name that may be a folder's.
          if (wanted(name) || !name.includes('.')) skipped.push({ path: shown, reason: 'broken-link' });
          continue;
        }
      }
      if (isDir) walk(full, shown, visited);
      else if (isFile && wanted(name)) {
        if (link) add(shown);
        else if (seen.size === 0 || !seen.has(full)) {
          pending.push(full);
          out.push(shown);
        }
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError({ vi: `không tìm thấy: ${p}`, en: `not found: ${p}` });
    }
    if (st.isDirectory()) {
      // Files of an earlier walk may be met again (the same folder named twice).
      flush();
      walk(p, p, new Set());
    } else add(p);
  }
  return out;
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Says on stderr what the walk left out ({@link saySkipped}); the number of paths not read. */
export function printSkipped(skipped: readonly SkippedPath[], lang: Lang): number {
  const { lines, unread } = saySkipped(skipped, lang);
  for (const line of lines) err(line);
  return unread;
}

/**
 * One line per path the walk left out, in the language asked for. Folders that cannot be listed
 * and broken links are files the person may have meant to include: the command fails (exit 1)
 * when there is one, as it does for an invalid file; a hidden file is said and not counted.
 */
export function saySkipped(skipped: readonly SkippedPath[], lang: Lang): { lines: string[]; unread: number } {
  const lines = skipped.map((s) => {
    const why: Message =
      s.reason === 'unreadable'
        ? {
            vi: `không mở được thư mục${s.code ? ` (${s.code})` : ''}: các tệp trong đó không được đọc; hãy cấp quyền đọc hoặc chép chúng ra thư mục khác`,
            en: `cannot open the folder${s.code ? ` (${s.code})` : ''}: its files were not read; give read permission or copy them elsewhere`,
          }
        : s.reason === 'broken-link'
          ? {
              vi: 'liên kết trỏ tới tệp không còn: không đọc được; hãy chép chính tệp đó vào đây',
              en: 'a link to nothing: not read; copy the file itself here',
            }
          : {
              vi: 'tệp ẩn (tên bắt đầu bằng "."): không đọc; đổi tên hoặc ghi tên tệp trên dòng lệnh nếu cần đọc',
              en: 'hidden file (its name starts with "."): not read; rename it or name it on the command line to read it',
            };
    return `${pickText({ vi: 'BỎ QUA', en: 'SKIPPED' }, lang)}  ${oneLine(s.path)}  ${pickText(why, lang)}`;
  });
  return { lines, unread: skipped.filter((s) => s.reason !== 'hidden').length };
}

/** One thing to read: a whole file, or one code pasted in a .txt file. */
export interface Source {
  /** How the source is named in output: the file, or `file#n` for the n-th code of a .txt. */
  label: string;
  file: string;
  /** 1-based position of the code in its .txt file, when the file holds several. */
  index?: number;
  /** The input for readBundle (bytes or text), or why it cannot be read. */
  input: { ok: true; value: Uint8Array | string } | { ok: false; error: ReadError };
}

// Small files get their bytes in slices of a shared block instead of an ArrayBuffer each: tens of
// thousands of separate allocations cost more than reading the files. A slice is a plain
// Uint8Array over exactly the file's bytes (only its .buffer is the larger block), never reused.
const SLICED_MAX = 64 * 1024;
const BLOCK_BYTES = 1024 * 1024;
let block = new ArrayBuffer(0);
let blockUsed = 0;
function allocBytes(size: number): Uint8Array {
  if (size > SLICED_MAX) return new Uint8Array(size);
  if (blockUsed + size > block.byteLength) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const bytes = new Uint8Array(block, blockUsed, size);
  blockUsed += (size + 7) & ~7;
  return bytes;
}

/**
 * Reads a file's bytes, refusing it by its size before reading when it is larger than `maxBytes`
 * (a 40 GB file is never loaded). The size is checked again on the open descriptor.
 */
export function readFileLimited(
  file: string,
  maxBytes: number,
): { ok: true; bytes: Uint8Array } | { ok: false; error: ReadError } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { ok: false, error: readError('unreadable') };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, error: readError('too-large', { size, limit: maxBytes }) };
    const bytes = allocBytes(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, null);
      if (n === 0) break;
      off += n;
    }
    return { ok: true, bytes: off === size ? bytes : bytes.subarray(0, off) };
  } catch {
    return { ok: false, error: readError('unreadable') };
  } finally {
    closeSync(fd);
  }
}

/** Whether a file holds pasted codes (by extension, in any case). */
export function isCodesFile(file: string): boolean {
  return hasExtension(file, '.txt');
}

/**
 * Whether a name ends with an extension (given in lower case), in any case: `.TXT` too. Compared
 * character by character: called for every file of a province, where lower-casing each name cost more.
 */
export function hasExtension(name: string, extension: string): boolean {
  const at = name.length - extension.length;
  if (at < 0) return false;
  for (let i = 0; i < extension.length; i++) {
    const c = name.charCodeAt(at + i);
    // ASCII upper case to lower case; extensions are ASCII.
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== extension.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The sources of one file, one at a time: a .json file is one source; a .txt file is one source
 * per code found in it (a .txt with no code but a JSON file inside is read as that file). Codes are
 * unpacked as they are asked for (memory holds one, whatever the file), within the caps per file
 * and what `budget` (shared by a whole run) has left; the codes past a cap give one last source
 * whose error says how many were not read.
 */
export function* readSources(
  file: string,
  maxBytes = MAX_BUNDLE_BYTES,
  budget?: CodeBudget,
): Generator<Source, void, undefined> {
  // The name as printed: one line whatever the file is called.
  const name = oneLine(file);
  const read = readFileLimited(file, maxBytes);
  if (!read.ok) {
    yield { label: name, file, input: read };
    return;
  }
  if (!isCodesFile(file)) {
    yield { label: name, file, input: { ok: true, value: read.bytes } };
    return;
  }
  const text = decodeFileBytes(read.bytes);
  if (text === undefined) {
    yield { label: name, file, input: { ok: false, error: readError('not-text') } };
    return;
  }
  if (!text.includes('PCB1.') && text.trimStart().startsWith('{')) {
    yield { label: name, file, input: { ok: true, value: text } };
    return;
  }
  // One code alone is named by its file; several by file#n. Looking one ahead tells which.
  const codes = scanBundleCodes(text, budget);
  let current = codes.next();
  if (current.done) {
    yield { label: name, file, input: { ok: false, error: readError('empty') } };
    return;
  }
  for (let i = 0; !current.done; i++) {
    const c = current.value;
    current = codes.next();
    const one = i === 0 && current.done === true;
    const at = 'unread' in c ? `${i + 1}-${i + c.unread}` : String(i + 1);
    const base = { label: one ? name : `${name}#${at}`, file, ...(one ? {} : { index: i + 1 }) };
    yield c.ok
      ? { ...base, input: { ok: true as const, value: c.text } }
      : { ...base, input: { ok: false as const, error: c.error } };
  }
}

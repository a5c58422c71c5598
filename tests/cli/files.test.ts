// How the CLI lists and reads its input files (cli/files.ts): folders walked in sorted order,
// hidden entries and other extensions skipped, paths shown as written, links followed once and the
// same file listed once however it is reached; file bytes read whole, a file over the limit refused
// by its size.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFiles, hasExtension, readFileLimited, saySkipped, type SkippedPath } from '../../cli/files.ts';
import { readError } from '../../src/core/index.ts';

let tmp: string;
let cwd: string;
const canLink = process.platform !== 'win32';

function listable(dir: string): boolean {
  try {
    readdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

function write(rel: string, text = `{"f":"${rel}"}`): void {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'phieu-files-'));
  // Names in an order readdir need not return: upper case, digits, dashes, dots, non-ASCII.
  for (const name of ['b.json', 'a.json', 'B.json', 'a-b.json', 'a.b.json', '10.json', '9.json', 'ạ.json', 'Z.TXT'])
    write(`in/${name}`);
  write('in/notes.md');
  write('in/data.csv');
  write('in/.hidden.json');
  write('in/.dot/inside.json');
  write('in/sub/x.json');
  write('in/sub/deeper/y.txt');
  write('in/sub2/z.json');
  write('other/o.json');
  if (canLink) {
    // A link to a file of the same folder (sorted before its target), a link to a folder, a loop
    // back to the parent folder, and a broken link.
    symlinkSync('z.json', path.join(tmp, 'in/sub2/a-link.json'));
    symlinkSync(path.join(tmp, 'other'), path.join(tmp, 'in/linked'));
    symlinkSync('..', path.join(tmp, 'in/sub/loop'));
    symlinkSync('nowhere.json', path.join(tmp, 'in/broken.json'));
    // A broken link to a file that would not be read anyway: nothing to say.
    symlinkSync('nowhere.png', path.join(tmp, 'in/anh.png'));
  }
  cwd = process.cwd();
  process.chdir(tmp);
});

afterAll(() => {
  process.chdir(cwd);
  rmSync(tmp, { recursive: true, force: true });
});

const sortedTop = ['10.json', '9.json', 'B.json', 'Z.TXT', 'a-b.json', 'a.b.json', 'a.json', 'b.json'];

describe('collectFiles', () => {
  it('walks folders in code-unit order, skipping hidden entries and other extensions', () => {
    const files = collectFiles(['in']);
    const top = files.filter((f) => path.dirname(f) === 'in').map((f) => path.basename(f));
    expect(top).toEqual([...sortedTop, 'ạ.json']);
    expect(files).toContain(path.join('in', 'sub', 'x.json'));
    expect(files).toContain(path.join('in', 'sub', 'deeper', 'y.txt'));
    expect(files.some((f) => f.includes('hidden') || f.includes('.dot') || f.endsWith('.md'))).toBe(false);
    // A folder's files come where the folder sorts, depth first.
    const i = files.indexOf(path.join('in', 'sub', 'deeper', 'y.txt'));
    expect(files[i + 1]).toBe(path.join('in', 'sub', 'x.json'));
  });

  it('shows paths as written (joined like path.join), relative or absolute', () => {
    for (const arg of ['in', 'in/', './in', 'in/../in', 'in//sub/..', path.join(tmp, 'in')]) {
      const files = collectFiles([arg]);
      expect(files[0]).toBe(path.join(arg, '10.json'));
      expect(files).toContain(path.join(arg, 'sub', 'deeper', 'y.txt'));
    }
    expect(collectFiles(['in/sub/deeper'])).toEqual([path.join('in', 'sub', 'deeper', 'y.txt')]);
  });

  it('lists a file once: named twice, named and walked, folder named twice', () => {
    const a = path.join('in', 'a.json');
    expect(collectFiles([a, a, `./${a}`])).toEqual([a]);
    const both = collectFiles([a, 'in']);
    expect(both[0]).toBe(a);
    expect(both.filter((f) => path.basename(f) === 'a.json')).toHaveLength(1);
    const twice = collectFiles(['in', './in', path.join(tmp, 'in')]);
    expect(twice).toEqual(collectFiles(['in']));
    // Walked first, then named: still once.
    expect(collectFiles(['in', a])).toEqual(collectFiles(['in']));
  });

  it('lists files named on the command line whatever their extension, in the order given', () => {
    expect(collectFiles(['in/notes.md', 'in/b.json'])).toEqual(['in/notes.md', 'in/b.json']);
    expect(collectFiles(['in/sub/deeper', 'in/sub2/z.json'], ['.txt'])).toEqual([
      path.join('in', 'sub', 'deeper', 'y.txt'),
      path.join('in', 'sub2', 'z.json'),
    ]);
  });

  it.runIf(canLink)('follows links once: a file link, a folder link, a loop, a broken link', () => {
    const files = collectFiles(['in']);
    // The link sorts before its target and stands for it; the target is not listed again.
    expect(files).toContain(path.join('in', 'sub2', 'a-link.json'));
    expect(files).not.toContain(path.join('in', 'sub2', 'z.json'));
    // The linked folder is walked under the name it was reached by.
    expect(files).toContain(path.join('in', 'linked', 'o.json'));
    // The loop back to in/ is not walked again, the broken link is skipped.
    expect(files.some((f) => f.includes('loop'))).toBe(false);
    expect(files.some((f) => f.includes('broken'))).toBe(false);
    expect(new Set(files).size).toBe(files.length);
    // The folder reached by a link and by its own name: its file once.
    expect(collectFiles(['in', 'other'])).toEqual(collectFiles(['in']));
    expect(collectFiles(['other', 'in']).filter((f) => path.basename(f) === 'o.json')).toEqual([
      path.join('other', 'o.json'),
    ]);
  });

  it('says what it leaves out: a hidden file it would read, a broken link (hidden folders quietly)', () => {
    const skipped: SkippedPath[] = [];
    collectFiles(['in'], undefined, skipped);
    expect(skipped).toContainEqual({ path: path.join('in', '.hidden.json'), reason: 'hidden' });
    expect(skipped.some((s) => s.path.includes('.dot'))).toBe(false);
    if (canLink) expect(skipped).toContainEqual({ path: path.join('in', 'broken.json'), reason: 'broken-link' });
    expect(skipped).toHaveLength(canLink ? 2 : 1);
    const { lines, unread } = saySkipped(skipped, 'vi');
    expect(lines[0]).toMatch(/^BỎ QUA {2}in.\.hidden\.json {2}tệp ẩn/);
    // Only the broken link is a file not read that the person may have meant: the command fails.
    expect(unread).toBe(canLink ? 1 : 0);
  });

  it.runIf(process.platform === 'linux')('goes on past a folder it cannot list, and says which (no crash)', () => {
    write('locked-parent/readable.json');
    const locked = path.join(tmp, 'locked-parent', 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0);
    if (listable(locked)) {
      // Root lists any folder whatever its mode, but not this one of the kernel's.
      chmodSync(locked, 0o700);
      rmSync(locked, { recursive: true });
      symlinkSync('/proc/1/map_files', locked);
      expect(listable(locked), 'no folder this user cannot list').toBe(false);
    }
    const skipped: SkippedPath[] = [];
    const files = collectFiles([path.join(tmp, 'locked-parent')], undefined, skipped);
    expect(files).toEqual([path.join(tmp, 'locked-parent', 'readable.json')]);
    expect(skipped).toEqual([{ path: locked, reason: 'unreadable', code: 'EACCES' }]);
    expect(saySkipped(skipped, 'en').lines[0]).toContain('cannot open the folder (EACCES)');
    expect(saySkipped(skipped, 'en').unread).toBe(1);
    rmSync(path.join(tmp, 'locked-parent'), { recursive: true, force: true });
  });

  it('refuses a path that does not exist', () => {
    expect(() => collectFiles(['no-such-folder'])).toThrow();
  });
});

describe('hasExtension', () => {
  it('tells an extension in any case, and only at the end of the name', () => {
    expect(hasExtension('codes.txt', '.txt')).toBe(true);
    expect(hasExtension('CODES.TXT', '.txt')).toBe(true);
    expect(hasExtension('a.Json', '.json')).toBe(true);
    expect(hasExtension('a.json.bak', '.json')).toBe(false);
    expect(hasExtension('ajson', '.json')).toBe(false);
    expect(hasExtension('.json', '.json')).toBe(true);
    expect(hasExtension('son', '.json')).toBe(false);
    expect(hasExtension('a.jsoN\u0131', '.json')).toBe(false);
    expect(hasExtension('a.\u0130son', '.json')).toBe(false);
  });
});

describe('readFileLimited', () => {
  it('reads each file whole, into bytes of its own', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(i * 37)}"}`);
    texts.forEach((t, i) => write(`read/${i}.json`, t));
    const read = texts.map((_, i) => readFileLimited(path.join('read', `${i}.json`), 1 << 20));
    const decoder = new TextDecoder();
    read.forEach((r, i) => {
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.bytes).toBeInstanceOf(Uint8Array);
        expect(r.bytes.length).toBe(Buffer.byteLength(texts[i] ?? ''));
        expect(decoder.decode(r.bytes)).toBe(texts[i]);
      }
    });
  });

  it('reads empty and large files', () => {
    write('read/empty.json', '');
    const empty = readFileLimited('read/empty.json', 10);
    expect(empty.ok && empty.bytes.length).toBe(0);
    const big = 'y'.repeat(3 * 1024 * 1024 + 5);
    write('read/big.json', big);
    const r = readFileLimited('read/big.json', 4 * 1024 * 1024);
    expect(r.ok && r.bytes.length).toBe(big.length);
    expect(r.ok && r.bytes[r.bytes.length - 1]).toBe('y'.charCodeAt(0));
  });

  it('refuses a file over the limit by its size, and a missing file', () => {
    write('read/over.json', 'z'.repeat(101));
    const r = readFileLimited('read/over.json', 100);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual(readError('too-large', { size: 101, limit: 100 }));
    const atLimit = readFileLimited('read/over.json', 101);
    expect(atLimit.ok).toBe(true);
    const missing = readFileLimited('read/none.json', 100);
    expect(!missing.ok && missing.error.code).toBe('unreadable');
  });
});

// phieu aggregate's read-ahead thread (cli/aggregate/read-ahead.ts) gives each file's exact bytes
// in the order of the list, through a ring smaller than some of the files; leaves to the main
// thread (undefined) what it cannot or should not read: empty, too large, missing, a folder, a file
// replaced by a folder or removed after the list was made; stops on a file asked out of order. And
// the aggregate's report, summary, messages and exit code are the same with it and without it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadAhead } from '../../cli/aggregate/read-ahead.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const TIMEOUT = 120_000;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'phieu-ahead-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bytes that show where they come from: file `i`, `size` bytes. */
function bytesOf(i: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let k = 0; k < size; k++) b[k] = (i * 31 + k * 7) & 0xff;
  return b;
}

const RING = 64 * 1024;
/** The most bytes read ahead: the limit given, here half the ring (the most it reads ahead of any limit). */
const LIMIT = RING / 2;

/** Files of every sort in a folder, in list order, and what take() gives for each when the worker reads it. */
function makeFiles(name: string): { dir: string; files: string[]; expected: (Buffer | undefined)[] } {
  const dir = path.join(tmp, name);
  mkdirSync(dir);
  const files: string[] = [];
  /** Its bytes, or undefined (left to the main thread). */
  const expected: (Buffer | undefined)[] = [];
  const add = (name: string, bytes: Buffer | undefined, want: boolean): void => {
    const file = path.join(dir, name);
    if (bytes) writeFileSync(file, bytes);
    files.push(file);
    expected.push(want ? bytes : undefined);
  };
  for (let i = 0; i < 300; i++) {
    // Sizes up to the limit: the ring wraps, fills (the main thread is slow to take) and its
    // slots (8) are reused many times over.
    const size = i % 37 === 5 ? LIMIT : 1 + ((i * 7919) % 9000);
    add(`f${String(i).padStart(3, '0')}.json`, bytesOf(i, size), true);
    if (i === 10) add('empty.json', Buffer.alloc(0), false);
    if (i === 20) add('missing.json', undefined, false);
    if (i === 30) add('over-the-limit.json', bytesOf(i, LIMIT + 1), false);
    if (i === 40) add('bigger-than-the-ring.json', bytesOf(i, RING + 5), false);
    if (i === 50) {
      mkdirSync(path.join(dir, 'a-folder.json'));
      add('a-folder.json', undefined, false);
    }
    if (i === 200) add('becomes-a-folder.json', bytesOf(i, 100), false);
    if (i === 250) add('removed.json', bytesOf(i, 100), false);
  }
  return { dir, files, expected };
}

/** Changes made after the list was made, before the worker gets there (it is at most 8 files ahead). */
function changeFiles(dir: string): void {
  rmSync(path.join(dir, 'becomes-a-folder.json'));
  mkdirSync(path.join(dir, 'becomes-a-folder.json'));
  rmSync(path.join(dir, 'removed.json'));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes every file from the thread in order: the exact bytes of each it read, nothing for the
 * ones it left to the main thread; `slow` is called after each, as a main thread that lags.
 */
async function expectEveryFile(
  ahead: ReadAhead,
  files: string[],
  expected: (Buffer | undefined)[],
  slow?: (i: number) => Promise<unknown> | undefined,
): Promise<void> {
  try {
    for (let i = 0; i < files.length; i++) {
      const got = ahead.take(files[i]!);
      const want = expected[i];
      if (want === undefined) expect(got, files[i]).toBeUndefined();
      else {
        expect(got, files[i]).toBeDefined();
        expect(Buffer.compare(got!, want), files[i]).toBe(0);
      }
      await slow?.(i);
      ahead.release();
    }
  } finally {
    ahead.close();
  }
}

describe('read-ahead', () => {
  it('gives each file its exact bytes in order, and leaves the unusual ones to the main thread', async () => {
    const { dir, files, expected } = makeFiles('files');
    // The main thread waits for each file (share: false), so the worker reads every one.
    const ahead = new ReadAhead(files, LIMIT, RING, 8, false);
    changeFiles(dir);
    // A slow main thread now and then: the worker fills the ring and waits.
    await expectEveryFile(ahead, files, expected, (i) => (i % 50 === 0 ? pause(20) : undefined));
  });

  it('shares the files with the main thread: the ones the worker has not reached are left to it', async () => {
    const { dir, files, expected } = makeFiles('shared');
    const ahead = new ReadAhead(files, LIMIT, RING, 8);
    changeFiles(dir);
    let byWorker = 0;
    let byMain = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        const got = ahead.take(files[i]!);
        const want = expected[i];
        if (got === undefined) byMain += 1;
        else {
          byWorker += 1;
          expect(want, files[i]).toBeDefined();
          expect(Buffer.compare(got, want!), files[i]).toBe(0);
        }
        // The main thread takes the first files before the worker is up, then waits for it now and then.
        if (i % 60 === 59) await pause(300);
        ahead.release();
      }
    } finally {
      ahead.close();
    }
    expect(byMain).toBeGreaterThan(expected.filter((e) => e === undefined).length);
    expect(byWorker).toBeGreaterThan(0);
  });

  it("says a file's digest is checked only when sha256 of the stringify of the rest is its digest, and only when ahead by the lead asked for", () => {
    const dir = path.join(tmp, 'digest');
    mkdirSync(dir);
    const sealedText = (value: Record<string, unknown>): string => {
      const digest = `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;
      return JSON.stringify({ ...value, digest });
    };
    const good = sealedText({ b: 1, a: ['x', { c: 'é' }] });
    const texts = [
      good,
      good.replace('"b":1', '"b":2'), // the content changed after sealing
      sealedText({ a: 1 }).replace(/sha256:[0-9a-f]{3}/, 'sha256:000'), // the digest changed
      JSON.stringify({ a: 1, digest: 42 }), // a digest that is no text
      `${good.slice(0, -1)}`, // cut short: no JSON
      '[1,2,3]',
    ];
    const files = texts.map((text, i) => {
      const file = path.join(dir, `${i}.json`);
      writeFileSync(file, text);
      return file;
    });
    const checkedWith = (lead: number): boolean[] => {
      const ahead = new ReadAhead(files, LIMIT, RING, 8, false, lead);
      const checked = files.map((file) => {
        const bytes = ahead.take(file);
        expect(bytes?.toString('utf8')).toBe(readFileSync(file, 'utf8'));
        return ahead.digestChecked;
      });
      ahead.close();
      return checked;
    };
    // Checked whenever the worker reads a file (no lead asked for).
    expect(checkedWith(0)).toEqual([true, false, false, false, false, false]);
    // Never ahead of the main thread by 100 files (8 slots): every digest is left to the main thread.
    expect(checkedWith(100)).toEqual([false, false, false, false, false, false]);
  });

  it('reads a list given after it started (before the listing), and stops without one', async () => {
    const { dir, files, expected } = makeFiles('later');
    const ahead = new ReadAhead(undefined, LIMIT, RING, 8, false);
    // Up and waiting before it has anything to read.
    await pause(50);
    ahead.begin(files);
    changeFiles(dir);
    await expectEveryFile(ahead, files, expected);
    // Never given a list: nothing to take, and close() stops it.
    const idle = new ReadAhead(undefined, LIMIT, RING, 8, false);
    expect(idle.take(files[0]!)).toBeUndefined();
    idle.close();
    const closed = new ReadAhead(undefined, LIMIT, RING, 8, false);
    closed.close();
    closed.begin(files);
    expect(closed.take(files[0]!)).toBeUndefined();
  });

  it('stops at a file asked for out of order, and after close()', () => {
    const dir = path.join(tmp, 'order');
    mkdirSync(dir);
    const files = [0, 1, 2, 3, 4].map((i) => {
      const file = path.join(dir, `${i}.json`);
      writeFileSync(file, bytesOf(i, 100 + i));
      return file;
    });
    const ahead = new ReadAhead(files, LIMIT, RING, 8, false);
    expect(Buffer.compare(ahead.take(files[0]!)!, bytesOf(0, 100))).toBe(0);
    expect(ahead.take(files[2]!)).toBeUndefined();
    expect(ahead.take(files[1]!)).toBeUndefined();
    expect(ahead.take(files[2]!)).toBeUndefined();
    ahead.close();
    ahead.close();
    const other = new ReadAhead(files, LIMIT, RING, 8, false);
    other.close();
    expect(other.take(files[0]!)).toBeUndefined();
  });
});

function phieu(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('phieu aggregate with the read-ahead', () => {
  it(
    'makes the same report, summary, messages and exit code as without it',
    () => {
      const data = path.join(tmp, 'data');
      expect(
        phieu(
          {},
          'synth',
          '--instrument',
          'tu-danh-gia-dang-vien',
          '--count',
          '300',
          '--cells',
          '9',
          '--seed',
          'ahead',
          '--period',
          '2026-Q3',
          '--out',
          data,
        ).status,
      ).toBe(0);
      const names = readdirSync(data)
        .filter((f) => f.endsWith('.json'))
        .sort();
      // Copies and newer sends (counted again from the kept files), the hostile corpus, an empty
      // file and a folder named like a file among them.
      names.forEach((f, i) => {
        if (i % 9 === 0) copyFileSync(path.join(data, f), path.join(data, `copy-${i}.json`));
      });
      const hostile = path.join(root, 'tests', 'fixtures', 'hostile');
      for (const f of readdirSync(hostile))
        if (f.endsWith('.json')) copyFileSync(path.join(hostile, f), path.join(data, `hostile-${f}`));
      writeFileSync(path.join(data, 'zz-empty.json'), '');
      mkdirSync(path.join(data, 'zz-folder.json'));
      writeFileSync(path.join(data, 'zz-folder.json', 'inside.json'), readFileSync(path.join(data, names[0]!)));
      const run = (ahead: string, ...extra: string[]) => {
        const out = path.join(tmp, `report-${ahead}.json`);
        rmSync(out, { force: true });
        const r = phieu(
          { PHIEU_READ_AHEAD: ahead },
          'aggregate',
          data,
          '--out',
          out,
          '--created-at',
          '2026-10-01T00:00:00.000Z',
          '--json',
          ...extra,
        );
        return {
          ...r,
          stdout: r.stdout.replaceAll(out, 'OUT'),
          stderr: r.stderr.replaceAll(out, 'OUT'),
          report: existsSync(out) ? readFileSync(out, 'utf8') : null,
        };
      };
      // With a selection: a report and the invalid files listed; without: a refusal (several instruments).
      for (const [extra, status] of [
        [['--instrument', 'tu-danh-gia-dang-vien', '--period', '2026-Q3'], 1],
        [[], 2],
      ] as const) {
        const without = run('0', ...extra);
        expect(without.status).toBe(status);
        expect(without.stderr).toContain('INVALID');
        // Shared with the main thread (as in use: on a few hundred files, mostly the main thread),
        // and every file read by the worker.
        for (const ahead of ['1', 'all']) {
          const withIt = run(ahead, ...extra);
          expect(withIt.status).toBe(without.status);
          expect(withIt.stdout).toBe(without.stdout);
          expect(withIt.stderr).toBe(without.stderr);
          expect(withIt.report).toBe(without.report);
        }
      }
    },
    TIMEOUT,
  );
});

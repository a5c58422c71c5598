// The launcher runs the bundled CLI only while it is up to date (cli/bundle.mjs), on a copy of the
// package in a temporary folder (its own node_modules/.cache): the bundle is built when missing,
// rebuilt when any source changed (also one restored with its old size and mtime), the sources run
// when it cannot be built or PHIEU_BUNDLE=0, and the bundle and the sources write the same files.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const TIMEOUT = 60_000;
let tmp: string;
let pkg: string;
let cacheDir: string;

/** The bundle the launcher runs now. */
function current(): string {
  return path.join(cacheDir, readFileSync(path.join(cacheDir, 'current'), 'utf8').trim());
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The launcher's trace lines (PHIEU_LAUNCH_TRACE=1). */
  launch: string[];
}

function phieu(args: string[], env: Record<string, string> = {}): Run {
  const base: NodeJS.ProcessEnv = { ...process.env, PHIEU_LAUNCH_TRACE: '1' };
  delete base.PHIEU_BUNDLE;
  const r = spawnSync(process.execPath, [path.join(pkg, 'cli', 'phieu.mjs'), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...base, ...env },
  });
  const launch = r.stderr.split('\n').filter((l) => l.startsWith('phieu: '));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, launch };
}

function edit(rel: string, change: (text: string) => string): void {
  const file = path.join(pkg, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

const HELP_TITLE = 'Phiếu chi bộ trên dòng lệnh';

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'phieu-bundle-'));
  pkg = path.join(tmp, 'pkg');
  for (const dir of ['cli', 'src/core', 'src/sealing', 'src/content/instruments'])
    cpSync(path.join(root, dir), path.join(pkg, dir), { recursive: true });
  mkdirSync(path.join(pkg, 'scripts'));
  copyFileSync(path.join(root, 'scripts', 'build-cli.mjs'), path.join(pkg, 'scripts', 'build-cli.mjs'));
  copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  // The installed packages, linked one by one: the copy's node_modules/.cache is its own.
  mkdirSync(path.join(pkg, 'node_modules'));
  for (const name of readdirSync(path.join(root, 'node_modules')))
    if (name !== '.cache')
      symlinkSync(path.join(root, 'node_modules', name), path.join(pkg, 'node_modules', name), 'junction');
  cacheDir = path.join(pkg, 'node_modules', '.cache', 'phieu');
}, TIMEOUT);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the CLI bundle', () => {
  it(
    'is built on the first run, then run as long as nothing changed',
    () => {
      const version = (JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
      const first = phieu(['--version']);
      expect(first.status).toBe(0);
      expect(first.stdout.trim()).toBe(version);
      expect(first.launch).toEqual([`phieu: bundle not used: no bundle; rebuilding`, `phieu: running ${current()}`]);
      const second = phieu(['--version']);
      expect(second.stdout.trim()).toBe(version);
      expect(second.launch).toEqual([`phieu: running ${current()}`]);
      // The header names the package root and every module, with package.json files and esbuild's.
      const header = JSON.parse(
        readFileSync(current(), 'utf8').split('\n')[0]?.replace('// phieu-cli-bundle ', '') ?? '',
      ) as {
        root: string;
        inputs: [string, number, number, number][];
      };
      expect(header.root).toBe(pkg);
      const names = header.inputs.map((i) => i[0]);
      for (const name of ['cli/main.ts', 'cli/files.ts', 'cli/bundle.mjs', 'src/core/index.ts', 'package.json'])
        expect(names).toContain(name);
      expect(names.some((n) => n.endsWith('node_modules/zod/package.json'))).toBe(true);
      expect(names.some((n) => n.endsWith('node_modules/esbuild/package.json'))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'is rebuilt when a source changed: the change runs, never the stale bundle',
    () => {
      edit('cli/main.ts', (t) => t.replace(HELP_TITLE, 'EDITED-1'));
      const cli = phieu(['--help']);
      expect(cli.launch[0]).toBe('phieu: bundle not used: cli/main.ts changed; rebuilding');
      expect(cli.stdout).toContain('EDITED-1');
      edit('src/core/text.ts', (t) => `${t}\nexport const EDITED_FOR_THE_TEST = 1;\n`);
      const core = phieu(['--help']);
      expect(core.launch[0]).toBe('phieu: bundle not used: src/core/text.ts changed; rebuilding');
      expect(phieu(['--help']).launch).toEqual([`phieu: running ${current()}`]);
    },
    TIMEOUT,
  );

  it(
    'is written under a new name each time; bundles left from long ago are deleted',
    () => {
      const before = current();
      const old = path.join(cacheDir, 'cli-0123456789abcdef.mjs');
      const oldTmp = path.join(cacheDir, 'cli-0123456789abcdef.mjs.1.2.tmp');
      for (const f of [old, oldTmp]) {
        writeFileSync(f, 'old');
        const twoHoursAgo = Date.now() / 1000 - 7200;
        utimesSync(f, twoHoursAgo, twoHoursAgo);
      }
      edit('src/core/text.ts', (t) => `${t}\nexport const EDITED_AGAIN = 2;\n`);
      expect(phieu(['--version']).launch[0]).toBe('phieu: bundle not used: src/core/text.ts changed; rebuilding');
      expect(current()).not.toBe(before);
      const names = readdirSync(cacheDir);
      expect(names).toContain(path.basename(before)); // recent: a run may be about to import it
      expect(names).not.toContain(path.basename(old));
      expect(names).not.toContain(path.basename(oldTmp));
    },
    TIMEOUT,
  );

  it(
    'is rebuilt when a source is put back with its old size and mtime (ctime tells)',
    () => {
      const file = path.join(pkg, 'cli', 'main.ts');
      // A whole-second mtime, which utimes sets back exactly; the bundle is built with it.
      const mtime = Math.floor(Date.now() / 1000) - 100;
      utimesSync(file, mtime, mtime);
      expect(phieu(['--help']).stdout).toContain('EDITED-1');
      expect(phieu(['--help']).launch).toEqual([`phieu: running ${current()}`]);
      const before = statSync(file);
      edit('cli/main.ts', (t) => t.replace('EDITED-1', 'EDITED-2'));
      utimesSync(file, mtime, mtime);
      const after = statSync(file);
      expect(after.size).toBe(before.size);
      expect(after.mtimeMs).toBe(before.mtimeMs);
      if (after.ctimeMs === before.ctimeMs) return; // a file system with a coarse clock: nothing to test
      const r = phieu(['--help']);
      expect(r.launch[0]).toBe('phieu: bundle not used: cli/main.ts changed; rebuilding');
      expect(r.stdout).toContain('EDITED-2');
    },
    TIMEOUT,
  );

  it(
    'is not run when built for another folder, cut short, or with PHIEU_BUNDLE=0',
    () => {
      expect(phieu(['--version']).launch).toEqual([`phieu: running ${current()}`]);
      const text = readFileSync(current(), 'utf8');
      writeFileSync(current(), text.replace(`"root":${JSON.stringify(pkg)}`, '"root":"/elsewhere"'));
      expect(phieu(['--version']).launch[0]).toBe('phieu: bundle not used: built for /elsewhere; rebuilding');
      writeFileSync(current(), readFileSync(current()).subarray(0, -10));
      expect(phieu(['--version']).launch[0]).toBe('phieu: bundle not used: cut short; rebuilding');
      expect(phieu(['--version'], { PHIEU_BUNDLE: '0' }).launch).toEqual([
        'phieu: running the sources (PHIEU_BUNDLE=0)',
      ]);
    },
    TIMEOUT,
  );

  it(
    'without esbuild, the sources run (with the change)',
    () => {
      const link = path.join(pkg, 'node_modules', 'esbuild');
      unlinkSync(link);
      try {
        edit('cli/main.ts', (t) => t.replace('EDITED-2', 'EDITED-3'));
        const r = phieu(['--help']);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain('EDITED-3');
        expect(r.launch[0]).toBe('phieu: bundle not used: cli/main.ts changed; rebuilding');
        expect(r.launch[1]).toMatch(/^phieu: running the sources: no bundle \(/);
        expect(r.launch).toHaveLength(2);
      } finally {
        symlinkSync(path.join(root, 'node_modules', 'esbuild'), link, 'junction');
      }
      // scripts/build-cli.mjs builds it again; the launcher then runs it.
      const build = spawnSync(process.execPath, [path.join(pkg, 'scripts', 'build-cli.mjs')], { encoding: 'utf8' });
      expect(build.status).toBe(0);
      expect(build.stdout).toMatch(
        /^build-cli: node_modules[/\\].cache[/\\]phieu[/\\]cli-[0-9a-f]{16}\.mjs \(\d+ KB, \d+ inputs, \d+ ms\)/,
      );
      expect(phieu(['--help']).launch).toEqual([`phieu: running ${current()}`]);
    },
    TIMEOUT,
  );

  it(
    'and the sources write the same files, print the same and exit the same',
    () => {
      const data = path.join(tmp, 'data');
      const synth = phieu(
        ['synth', '--instrument', 'tu-danh-gia-dang-vien', '--count', '40', '--cells', '3'].concat([
          '--seed',
          'bundle',
          '--period',
          '2026-Q1',
          '--out',
          data,
        ]),
      );
      expect(synth.status).toBe(0);
      // And files that are refused: cut short, binary.
      writeFileSync(path.join(data, 'zz-cut.json'), '{"format":"phieu-chi-bo","kind":"resp');
      writeFileSync(path.join(data, 'zz-binary.json'), Buffer.from([0xff, 0x00, 0x12]));
      const outputs = (mode: '0' | '1'): string[] => {
        const dir = path.join(tmp, `out-${mode}`);
        mkdirSync(dir, { recursive: true });
        const env = { PHIEU_BUNDLE: mode };
        const at = ['--created-at', '2026-01-01T00:00:00Z'];
        const report = path.join(dir, 'report.json');
        const runs = [
          phieu(['validate', '--json', data], env),
          phieu(['aggregate', data, '--out', report, '--csv', path.join(dir, 'r.csv'), '--json', ...at], env),
          phieu(
            [
              'merge',
              report,
              '--out',
              path.join(dir, 'm.json'),
              '--scope',
              'TINH',
              '--csv',
              path.join(dir, 'm.csv'),
              ...at,
            ],
            env,
          ),
          phieu(
            [
              'score',
              readdirSync(data)
                .map((f) => path.join(data, f))
                .find((f) => f.endsWith('.json') && !f.includes('zz-')) ?? '',
            ],
            env,
          ),
        ];
        expect(runs.map((r) => r.status)).toEqual([1, 1, 0, 0]);
        const strip = (s: string): string => s.replaceAll(`out-${mode}`, 'out-X').replace(/^phieu: .*\n/gm, '');
        return [
          ...runs.map((r) => `${r.status}\n${strip(r.stdout)}${strip(r.stderr)}`),
          ...['report.json', 'r.csv', 'm.json', 'm.csv'].map((f) => readFileSync(path.join(dir, f), 'latin1')),
        ];
      };
      expect(outputs('1')).toEqual(outputs('0'));
    },
    TIMEOUT,
  );
});

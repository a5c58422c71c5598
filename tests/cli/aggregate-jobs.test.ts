// phieu aggregate makes the same report, CSV, summary and messages on one thread and on several
// (--jobs), with the duplicate rules at work: copies, newer and older sends, one member on two
// devices, codes pasted in a .txt file, a report file and a broken file among the responses.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, type ResponseBundle } from '../../src/core/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const TIMEOUT = 120_000;

function phieu(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function reseal(bundle: ResponseBundle): ResponseBundle {
  const { digest: _old, ...rest } = bundle;
  return { ...rest, digest: digestOf(rest) };
}

/** The --json summary without the names of the files written. */
function summaryOf(stdout: string): unknown {
  const { out: _out, csv: _csv, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}

let tmp: string;
let data: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'phieu-jobs-'));
  data = path.join(tmp, 'data');
  const synth = (instrument: string, out: string, extra: string[] = []) =>
    expect(
      phieu(
        'synth',
        '--instrument',
        instrument,
        '--count',
        '400',
        '--cells',
        '14',
        '--seed',
        'jobs',
        '--period',
        '2026-Q3',
        '--out',
        out,
        ...extra,
      ).status,
    ).toBe(0);
  synth('tu-danh-gia-dang-vien', data);
  const files = readdirSync(data)
    .filter((f) => f.endsWith('.json'))
    .sort();
  files.forEach((f, i) => {
    const b = JSON.parse(readFileSync(path.join(data, f), 'utf8')) as ResponseBundle;
    const r = b.payload.response;
    if (i % 9 === 0) copyFileSync(path.join(data, f), path.join(data, `copy-${i}.json`));
    if (i % 11 === 0) {
      // A newer send (one answer changed), named to come before or after the first one.
      const newer = structuredClone(b);
      newer.payload.response.revision += 1;
      newer.payload.response.answers['a1-study'] = r.answers['a1-study'] !== true;
      delete newer.payload.score;
      writeFileSync(path.join(data, `${i % 2 ? 'a' : 'z'}-resent-${i}.json`), JSON.stringify(reseal(newer)));
    }
    if (i % 13 === 0 && r.respondent) {
      // The same member on another device, the name typed without diacritics.
      const other = structuredClone(b);
      other.payload.response.id = `thiet-bi-khac-${i}`;
      other.payload.response.respondent!.name = r.respondent.name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
      other.createdAt = i % 2 ? '2026-09-25T09:00:00+07:00' : '2026-09-10T09:00:00+07:00';
      writeFileSync(path.join(data, `m-${i}.json`), JSON.stringify(reseal(other)));
    }
  });
  writeFileSync(path.join(data, 'hong.json'), '{"format": "phieu-chi-bo"');
  // Codes pasted in a text file: the same sheets again, read on the main thread in file order.
  const codes = path.join(tmp, 'codes');
  mkdirSync(codes);
  synth('tu-danh-gia-dang-vien', codes, ['--codes']);
  copyFileSync(path.join(codes, 'codes.txt'), path.join(data, 'dan-ma.txt'));
  // A report file among the responses is skipped with a line.
  expect(
    phieu(
      'aggregate',
      path.join(codes),
      '--out',
      path.join(data, 'bao-cao.json'),
      '--created-at',
      '2026-10-01T00:00:00Z',
    ).status,
  ).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('phieu aggregate --jobs', () => {
  it(
    'writes byte-identical reports, CSVs, summaries and messages with 1, 2 and 3 threads',
    () => {
      const runs = ['1', '2', '3'].map((jobs) => {
        const out = path.join(tmp, 'r.json');
        const csv = path.join(tmp, 'r.csv');
        const run = phieu(
          'aggregate',
          data,
          '--out',
          out,
          '--csv',
          csv,
          '--json',
          '--created-at',
          '2026-10-01T00:00:00Z',
          '--jobs',
          jobs,
        );
        return { ...run, report: readFileSync(out, 'utf8'), csv: readFileSync(csv, 'utf8') };
      });
      const [one, ...more] = runs;
      expect(one!.status).toBe(1); // the broken file
      const summary = JSON.parse(one!.stdout) as {
        replaced: number;
        older: number;
        sameFile: number;
        sameMember: number;
        skipped: number;
      };
      expect(summary.replaced).toBeGreaterThan(0);
      expect(summary.sameFile).toBeGreaterThan(0);
      expect(summary.sameMember).toBeGreaterThan(0);
      expect(summary.skipped).toBe(1);
      for (const run of more) {
        expect(run.status).toBe(one!.status);
        expect(run.report).toBe(one!.report);
        expect(run.csv).toBe(one!.csv);
        expect(run.stdout).toBe(one!.stdout);
        expect(run.stderr).toBe(one!.stderr);
      }
    },
    TIMEOUT,
  );

  it(
    'writes the same report without a CSV (files read the fast way, on every thread) as with one (read by readBundle)',
    () => {
      const run = (jobs: string, csv: boolean) => {
        const out = path.join(tmp, `fast.json`);
        const r = phieu(
          'aggregate',
          data,
          '--out',
          out,
          ...(csv ? ['--csv', path.join(tmp, 'fast.csv')] : []),
          '--json',
          '--created-at',
          '2026-10-01T00:00:00Z',
          '--jobs',
          jobs,
        );
        return { status: r.status, stderr: r.stderr, report: readFileSync(out, 'utf8'), summary: summaryOf(r.stdout) };
      };
      const plain = run('1', true);
      expect(plain.status).toBe(1);
      for (const jobs of ['1', '2', '3']) {
        const fast = run(jobs, false);
        expect(fast.status).toBe(plain.status);
        expect(fast.report).toBe(plain.report);
        expect(fast.summary).toEqual(plain.summary);
        expect(fast.stderr).toBe(plain.stderr);
      }
    },
    TIMEOUT,
  );

  it('refuses a number of threads that is not a whole number from 1', () => {
    const run = phieu('aggregate', data, '--out', path.join(tmp, 'x.json'), '--jobs', '0');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--jobs');
  });
});

// phieu year: a year of monthly meeting sheets shows the months in, names the months missing and
// gives no level until they are in; a complete year gives the instrument's year result with its
// reason; a member's quarters give no year level (the sources have no rule).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstrumentSchema } from '../../src/core/index.ts';
import type { YearEntry } from '../../cli/commands/year.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const TIMEOUT = 120_000;

function phieu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The shipped instrument with a year-from-months rule, and one answered by named quarters. */
function shippedIds(): { monthly: string; quarterly: string } {
  const dir = path.join(root, 'src/content/instruments');
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))));
  const monthly = all.find((i) => i.yearFromMonths && i.periods.includes('month'));
  const quarterly = all.find((i) => i.anonymity === 'named' && i.periods.includes('quarter'));
  if (!monthly || !quarterly) throw new Error('no shipped instrument with a monthly year rule or named quarters');
  return { monthly: monthly.id, quarterly: quarterly.id };
}

describe('phieu year', () => {
  let dir = '';
  const ids = shippedIds();
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'phieu-year-'));
    // One cell, every month of 2025 but March and November; one member's first quarter.
    for (const m of ['01', '02', '04', '05', '06', '07', '08', '09', '10', '12'])
      expect(
        phieu(
          'synth',
          '--instrument',
          ids.monthly,
          '--count',
          '1',
          '--cells',
          '1',
          '--period',
          `2025-${m}`,
          '--seed',
          m,
          '--out',
          path.join(dir, 'a'),
        ).status,
      ).toBe(0);
    for (const m of ['03', '11'])
      expect(
        phieu(
          'synth',
          '--instrument',
          ids.monthly,
          '--count',
          '1',
          '--cells',
          '1',
          '--period',
          `2025-${m}`,
          '--seed',
          m,
          '--out',
          path.join(dir, 'b'),
        ).status,
      ).toBe(0);
    expect(
      phieu(
        'synth',
        '--instrument',
        ids.quarterly,
        '--count',
        '1',
        '--cells',
        '1',
        '--period',
        '2025-Q1',
        '--out',
        path.join(dir, 'q'),
      ).status,
    ).toBe(0);
  }, TIMEOUT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'names the missing months and gives no level',
    () => {
      const r = phieu('year', path.join(dir, 'a'), path.join(dir, 'q'));
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Thiếu: 03, 11');
      expect(r.stdout).toContain('Chưa xếp loại năm 2025: có 10/12 tháng, thiếu tháng 03, 11.');
      expect(r.stdout).toContain('Các văn bản không quy định cách tính xếp loại năm từ các quý');
    },
    TIMEOUT,
  );

  it(
    'with all twelve months, gives the year result and its reason (--json)',
    () => {
      const r = phieu('year', path.join(dir, 'a'), path.join(dir, 'b'), '--json', '--lang', 'en');
      expect(r.status).toBe(0);
      const { years } = JSON.parse(r.stdout) as { years: YearEntry[] };
      const y = years.find((e) => e.instrument === ids.monthly)!;
      expect(y.present).toHaveLength(12);
      expect(y.missing).toEqual([]);
      expect(y.outcome.kind).not.toBe('missing');
      expect(y.reason).toMatch(/^2025: /);
    },
    TIMEOUT,
  );
});

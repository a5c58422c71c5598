// One cell is one unit however its files spell its code: `phieu aggregate` and `phieu year` group
// sheets by the normalized code (core `normalizeCellCode`: case, spaces, dashes), as the collection
// page does. A cell split in two by a lower-case code made a report whose two units the upper level's
// merge took for a conflict, keeping one and losing the other's sheets.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeBundle, writeResponseBundle, type Instrument, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import type { YearEntry } from '../../cli/commands/year.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-cell-codes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TIMEOUT = 120_000;

function phieu(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(folder: string, name: string, ins: Instrument, response: Response): void {
  mkdirSync(folder, { recursive: true });
  const createdAt = '2026-12-01T08:00:00+07:00';
  writeFileSync(
    path.join(folder, name),
    serializeBundle(writeResponseBundle({ instrument: ins, response, app: 't', createdAt })),
  );
}

interface Report {
  payload: { units: { cell: string; responses: number }[] };
}

describe('phieu aggregate: one cell, however its code is spelt', () => {
  const survey = realInstruments().find((i) => i.anonymity === 'anonymous' && i.periods.includes('quarter'))!;
  const folder = path.join(dir, 'survey');
  const rs = [...generateResponses(survey, { count: 6, seed: 'cell-codes', cells: 1, period: '2026-Q4' })];
  const spellings = ['CB-0007', 'CB-0007', 'cb-0007', 'Cb-0007', 'CB-0007', 'cb-0007'];
  rs.forEach((r, i) =>
    write(folder, `sheet-${i}.json`, survey, { ...r, cell: spellings[i]!, id: `cellcode-sheet-${i}` }),
  );
  // The same sheet sent again with the code in lower case: still one sheet.
  write(folder, 'sheet-0-again.json', survey, { ...rs[0]!, cell: 'cb-0007', id: 'cellcode-sheet-0', revision: 2 });

  for (const jobs of ['1', '2'])
    it(
      `counts every sheet in one unit named by the normalized code (--jobs ${jobs})`,
      () => {
        const out = path.join(dir, `survey-${jobs}.json`);
        const run = phieu('aggregate', folder, '--out', out, '--jobs', jobs, '--json');
        expect(run.status, run.stderr).toBe(0);
        const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
        expect(report.payload.units.map((u) => [u.cell, u.responses])).toEqual([['CB-0007', 6]]);
        expect((JSON.parse(run.stdout) as { responses: number }).responses).toBe(6);
      },
      TIMEOUT,
    );

  it(
    'makes a report the upper level merges without losing a sheet',
    () => {
      const out = path.join(dir, 'survey-1.json');
      const merged = path.join(dir, 'merged.json');
      const run = phieu('merge', out, '--scope', 'DU-01', '--out', merged);
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(merged, 'utf8')) as Report;
      expect(report.payload.units.reduce((n, u) => n + u.responses, 0)).toBe(6);
    },
    TIMEOUT,
  );
});

describe('phieu year: one cell, however its code is spelt', () => {
  it(
    "puts one member's quarters together however the name is typed, shown as first met",
    () => {
      const named = realInstruments().find((i) => i.anonymity === 'named' && i.periods.includes('quarter'))!;
      const folder = path.join(dir, 'quarters');
      for (let q = 1; q <= 4; q++) {
        const period = `2026-Q${q}`;
        const [r] = [...generateResponses(named, { count: 1, seed: period, cells: 1, period })];
        const name = q === 4 ? 'nguyen  van an' : 'Nguyễn Văn An';
        write(folder, `${period}.json`, named, {
          ...r!,
          cell: q === 2 ? 'cb-0007' : 'CB-0007',
          id: `cellcode-quarter-${q}`,
          respondent: { ...r!.respondent, name },
        });
      }
      const run = phieu('year', folder, '--json');
      expect(run.status, run.stderr).toBe(0);
      const { years } = JSON.parse(run.stdout) as { years: YearEntry[] };
      expect(years.map((y) => [y.cell, y.member, y.present.length])).toEqual([['CB-0007', 'Nguyễn Văn An', 4]]);
    },
    TIMEOUT,
  );

  it(
    'puts the months of one cell together under its normalized code',
    () => {
      const monthly = realInstruments().find((i) => i.yearFromMonths !== undefined && i.periods.includes('month'))!;
      const folder = path.join(dir, 'months');
      for (let m = 1; m <= 12; m++) {
        const period = `2026-${String(m).padStart(2, '0')}`;
        const [r] = [...generateResponses(monthly, { count: 1, seed: period, cells: 1, period })];
        write(folder, `${period}.json`, monthly, {
          ...r!,
          cell: m === 12 ? 'cb-0007' : 'CB-0007',
          id: `cellcode-month-${m}`,
        });
      }
      const run = phieu('year', folder, '--json');
      expect(run.status, run.stderr).toBe(0);
      const { years } = JSON.parse(run.stdout) as { years: YearEntry[] };
      expect(years.map((y) => [y.cell, y.present.length, y.missing.length])).toEqual([['CB-0007', 12, 0]]);
    },
    TIMEOUT,
  );
});

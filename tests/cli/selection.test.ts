// `phieu aggregate` makes one report of one instrument, version and period. Files of several are
// listed with the options that choose each (--version too: two versions of one instrument can share
// a period), a lower-case --period means the same period, and a selection that matches nothing says
// what the files do hold instead of "no valid response".
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeBundle, writeResponseBundle, type Instrument } from '../../src/core/index.ts';
import { synthesizeResponses } from '../../src/core/synth.ts';
import { frozenSurvey, survey } from '../sealing/helpers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-selection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const folder = path.join(dir, 'in');
mkdirSync(folder);

function add(ins: Instrument, period: string, count: number): void {
  for (const [i, response] of synthesizeResponses(ins, { count, seed: count, cells: 1, period }).entries())
    writeFileSync(
      path.join(folder, `${ins.version}-${period}-${i}.json`),
      serializeBundle(writeResponseBundle({ instrument: ins, response, app: 't', createdAt: '2026-12-01' })),
    );
}
add(survey, '2026-Q4', 2);
add(survey, '2026-Q3', 1);
add(frozenSurvey, '2026-Q4', 1);

function aggregate(...options: string[]) {
  const r = spawnSync(
    process.execPath,
    [cli, 'aggregate', folder, '--out', path.join(dir, 'r.json'), '--lang', 'en', ...options],
    { encoding: 'utf8', cwd: root },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const line = (ins: Instrument, period: string, n: number): string =>
  `  --instrument ${ins.id} --version ${ins.version} --period ${period}   (${n})`;

describe('phieu aggregate: one instrument, version and period', () => {
  it('lists every group with the options that choose it', () => {
    const r = aggregate();
    expect(r.status).toBe(2);
    for (const l of [line(survey, '2026-Q4', 2), line(survey, '2026-Q3', 1), line(frozenSurvey, '2026-Q4', 1)])
      expect(r.stderr).toContain(l);
  });

  it('needs --version where two versions share the period', () => {
    expect(aggregate('--period', '2026-Q4').status).toBe(2);
    const r = aggregate('--period', '2026-q4', '--version', survey.version, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ period: '2026-Q4', version: survey.version, responses: 2 });
    expect(r.stderr).toContain('Skipped 2 responses of another instrument, version or period');
  });

  it('says what the files hold when the selection matches nothing', () => {
    const r = aggregate('--period', '2026-Q1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No response matches the selection; 4 valid responses are of another');
    expect(r.stderr).toContain(line(frozenSurvey, '2026-Q4', 1));
  });
});

// What a folder's walk leaves out is said and fails the run: a broken link (a file the person may
// have meant to include) makes `phieu validate` and `phieu aggregate` exit 1 with a line naming it,
// while every file that could be read is still read and counted; a hidden file is said, not failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeBundle, writeResponseBundle } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-skipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function phieu(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const survey = realInstruments().find((i) => i.anonymity === 'anonymous' && i.periods.includes('quarter'))!;
function folderWith(name: string, extra: (folder: string) => void): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  const [a, b] = [...generateResponses(survey, { count: 2, seed: name, cells: 1, period: '2026-Q4' })];
  for (const [i, r] of [a!, b!].entries())
    writeFileSync(
      path.join(folder, `sheet-${i}.json`),
      serializeBundle(writeResponseBundle({ instrument: survey, response: r, app: 't', createdAt: '2026-12-01' })),
    );
  extra(folder);
  return folder;
}

describe.runIf(process.platform !== 'win32')('a walk that leaves something out', () => {
  it('fails the run on a broken link, naming it, and still reads the rest', () => {
    const folder = folderWith('broken', (f) => symlinkSync('moved-away.json', path.join(f, 'sheet-2.json')));
    const v = phieu('validate', folder);
    expect(v.status).toBe(1);
    expect(v.stderr).toContain(`BỎ QUA  ${path.join(folder, 'sheet-2.json')}  liên kết trỏ tới tệp không còn`);
    expect(v.stderr).toContain('2 hợp lệ, 0 không hợp lệ, 1 đường dẫn không đọc được');
    const out = path.join(dir, 'broken.report.json');
    const a = phieu('aggregate', folder, '--out', out, '--lang', 'en');
    expect(a.status).toBe(1);
    expect(a.stderr).toContain(`SKIPPED  ${path.join(folder, 'sheet-2.json')}  a link to nothing`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { payload: { units: { responses: number }[] } };
    expect(report.payload.units[0]?.responses).toBe(2);
  });

  it('says a hidden file is not read, and does not fail for it', () => {
    const folder = folderWith('hidden', (f) => writeFileSync(path.join(f, '.copy.json'), '{}'));
    const v = phieu('validate', folder, '--lang', 'en');
    expect(v.status).toBe(0);
    expect(v.stderr).toContain(`SKIPPED  ${path.join(folder, '.copy.json')}  hidden file`);
  });
});

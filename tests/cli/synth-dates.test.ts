// phieu synth dates its files on the 20th of the period's last month; readers refuse a file dated
// later than tomorrow, so synth says so at once when that is the case (not at aggregate).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'phieu-synth-dates-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function synth(period: string) {
  const out = path.join(tmp, period);
  const r = spawnSync(
    process.execPath,
    [cli, 'synth', '--instrument', 'khao-sat-sinh-hoat', '--count', '3', '--period', period, '--out', out],
    { encoding: 'utf8', cwd: root },
  );
  return { status: r.status, stderr: r.stderr };
}

describe('phieu synth and the date of its files', () => {
  it('warns when the files would be dated after tomorrow, and names the fix', () => {
    const year = new Date().getUTCFullYear() + 2;
    const r = synth(`${year}-Q1`);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/future-time/);
    expect(r.stderr).toMatch(/--period/);
  });

  it('says nothing of the kind for a quarter that is over', () => {
    const r = synth('2025-Q1');
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/future-time/);
  });
});

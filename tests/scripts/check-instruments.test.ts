// scripts/check-instruments.ts checks every file in the folder it is given: a new file is checked
// (parsed, named after its id, best and worst scores printed), and a broken one fails naming the field.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts', 'check-instruments.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'check-instruments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [script, '--dir', dir], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout };
}

describe('check-instruments', () => {
  const source = JSON.parse(
    readFileSync(path.join(root, 'src/content/instruments/khao-sat-sinh-hoat.json'), 'utf8'),
  ) as Record<string, unknown>;

  it('checks a file it has never seen, and prints its best and worst scores', () => {
    writeFileSync(path.join(dir, 'phieu-moi.json'), JSON.stringify({ ...source, id: 'phieu-moi' }));
    const r = run();
    expect(r.stdout).toContain('1 instrument files');
    expect(r.stdout).toContain('phieu-moi.json');
    expect(r.stdout).toMatch(/best of \d+ synthesized: +total/);
    expect(r.stdout).toMatch(/worst of \d+ synthesized: total/);
    expect(r.status).toBe(0);
  }, 60_000);

  it('fails on a file with points past two decimals, or named after another id', () => {
    const broken = structuredClone(source) as { sections: { items: { options?: { points: number }[] }[] }[] };
    const withOptions = broken.sections.flatMap((s) => s.items).find((i) => i.options)!;
    withOptions.options![0]!.points = 1.255;
    writeFileSync(path.join(dir, 'hong.json'), JSON.stringify({ ...broken, id: 'hong' }));
    writeFileSync(path.join(dir, 'sai-ten.json'), JSON.stringify({ ...source, id: 'ten-khac' }));
    const r = run();
    expect(r.stdout).toMatch(/FAIL sections\.\d+\.items\.\d+\.options\.0\.points: points have at most two decimals/);
    expect(r.stdout).toContain('FAIL the file is named "sai-ten.json" but holds ten-khac');
    expect(r.status).toBe(1);
  }, 60_000);
});

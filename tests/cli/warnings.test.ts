// `phieu aggregate` counts a file readBundle warns about (re-scored with the site's instrument) and
// says so, as `phieu validate` does: a WARNING line on stderr and an entry in --json's "warnings",
// with one thread and with several.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestOf, serializeBundle, writeResponseBundle } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-warnings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('phieu aggregate: files counted with a warning', () => {
  const ins = realInstruments().find((i) => i.kind === 'self-assessment')!;
  const folder = path.join(dir, 'in');
  mkdirSync(folder);
  const rs = [...generateResponses(ins, { count: 3, seed: 'cli-warnings', cells: 1, period: '2026-Q4' })];
  rs.forEach((r, i) => {
    const b = writeResponseBundle({ instrument: ins, response: r, app: 't', createdAt: '2026-12-01T08:00:00+07:00' });
    let text = serializeBundle(b);
    if (i === 1) {
      // Its sender wrote 5 points in the score note and sealed the file again.
      const forged = JSON.parse(text) as Record<string, unknown> & { payload: { score: { total: number } } };
      forged.payload.score.total = 5;
      const { digest: _old, ...rest } = forged;
      text = JSON.stringify({ ...rest, digest: digestOf(rest) });
    }
    writeFileSync(path.join(folder, `sheet-${i}.json`), text);
  });

  for (const jobs of ['1', '2'])
    it(`counts it, re-scored, and says so (--jobs ${jobs})`, () => {
      const r = spawnSync(
        process.execPath,
        [cli, 'aggregate', folder, '--out', path.join(dir, `r-${jobs}.json`), '--json', '--jobs', jobs],
        { encoding: 'utf8', cwd: root },
      );
      expect(r.status, r.stderr).toBe(0);
      const file = path.join(folder, 'sheet-1.json');
      expect(r.stderr).toContain(`WARNING  ${file}  score-mismatch: Điểm ghi trong tệp (5) khác điểm tính lại`);
      const json = JSON.parse(r.stdout) as { responses: number; warnings: { file: string; code: string }[] };
      expect(json.responses).toBe(3);
      expect(json.warnings.map((w) => [w.file, w.code])).toEqual([[file, 'score-mismatch']]);
    });
});

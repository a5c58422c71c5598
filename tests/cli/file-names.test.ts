// A file's name comes from whoever made or renamed it, and every command prints names one per line:
// a name with a line break could print a line of its own (`OK  forged.json` under the real
// INVALID line), and bidi marks could show one name as another. Names are printed on one line,
// with those characters shown as U+FFFD; the file is still read (or refused) as before.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, printable } from '../../cli/output.ts';
import { serializeBundle, writeResponseBundle } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TIMEOUT = 120_000;

function phieu(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const FORGED = 'bad.json\nOK  forged.json';
const REVERSED = 'sheet-\u202Enosj.txt.json';

describe('oneLine and printable', () => {
  it('show line breaks, tabs, bidi marks and terminal controls as U+FFFD', () => {
    expect(oneLine('a.json\nOK  b.json\tc')).toBe('a.json\uFFFDOK  b.json\uFFFDc');
    expect(oneLine('Nguyễn Văn An.json')).toBe('Nguyễn Văn An.json');
    expect(printable('x\u202Ey\u2066z\u2028\u001b[2J')).toBe('x\uFFFDy\uFFFDz\uFFFD\uFFFD[2J');
    expect(printable('dòng một\ndòng hai\tcột')).toBe('dòng một\ndòng hai\tcột');
  });
});

describe.runIf(process.platform !== 'win32')('file names printed by the commands', () => {
  const folder = path.join(dir, 'in');
  mkdirSync(folder);
  const survey = realInstruments().find((i) => i.anonymity === 'anonymous' && i.periods.includes('quarter'))!;
  const [r] = [...generateResponses(survey, { count: 1, seed: 'names', cells: 1, period: '2026-Q4' })];
  writeFileSync(
    path.join(folder, REVERSED),
    serializeBundle(writeResponseBundle({ instrument: survey, response: r!, app: 't', createdAt: '2026-12-01' })),
  );
  writeFileSync(path.join(folder, FORGED), '{');

  it.each([
    ['validate', [folder]],
    ['aggregate', [folder, '--out', path.join(dir, 'a.json')]],
    ['aggregate --jobs 2', [folder, '--out', path.join(dir, 'b.json'), '--jobs', '2']],
    ['year', [folder]],
    ['codes', [folder]],
  ])(
    '%s: the broken file is one INVALID line, nothing prints a line of its own, no bidi mark',
    (name, args) => {
      const r = phieu(name.split(' ')[0]!, ...args);
      expect(r.status).toBe(1);
      const lines = r.output.split('\n');
      expect(lines.filter((l) => l.includes('forged.json'))).toEqual([
        expect.stringMatching(/^INVALID {2}.*bad\.json\uFFFDOK {2}forged\.json {2}not-json: /),
      ]);
      expect(r.output).not.toContain('\u202E');
    },
    TIMEOUT,
  );
});

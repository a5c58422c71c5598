// The command line, run as a child process on temporary folders: synth writes files that validate,
// an edited file is caught, hostile files get their own error code without hiding the good files
// of the same run, aggregate + merge add up, and the published JSON Schema accepts every file.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_BUNDLE_BYTES,
  digestOf,
  type Report,
  type ReportBundle,
  type ResponseBundle,
} from '../../src/core/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const INSTRUMENT = 'tu-danh-gia-dang-vien';
const TIMEOUT = 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `phieu …` with the Node running the tests (22+). */
function phieu(...args: string[]): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ValidateJson {
  files: {
    file: string;
    ok: boolean;
    kind: string | null;
    level: string | null;
    warnings: string[];
    error: { code: string; message: string; path: string | null } | null;
  }[];
  valid: number;
  invalid: number;
}

function validateJson(...args: string[]): { run: Run; json: ValidateJson } {
  const run = phieu('validate', '--json', ...args);
  return { run, json: JSON.parse(run.stdout) as ValidateJson };
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Re-seals an edited envelope so it reaches the checks after the digest. */
function reseal<T extends { digest: string }>(bundle: T): T {
  const { digest: _old, ...rest } = bundle;
  return { ...rest, digest: digestOf(rest) } as T;
}

let tmp: string;
let synthDir: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'phieu-cli-'));
  synthDir = path.join(tmp, 'synth');
  const r = phieu(
    'synth',
    '--instrument',
    INSTRUMENT,
    '--count',
    '50',
    '--cells',
    '2',
    '--seed',
    'cli',
    '--period',
    '2026-Q1',
    '--out',
    synthDir,
  );
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
}, TIMEOUT);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('phieu', () => {
  it(
    'prints help and refuses unknown commands and options with exit code 2',
    () => {
      const help = phieu('--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('validate');
      expect(phieu('validate', '--help').stdout).toContain('--json');
      const unknown = phieu('frobnicate');
      expect(unknown.status).toBe(2);
      const badOption = phieu('validate', synthDir, '--no-such-option');
      expect(badOption.status).toBe(2);
      expect(badOption.stderr).toContain('phieu validate');
      expect(phieu('validate').status).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'synth writes 50 files that validate, exit code 0',
    () => {
      const files = jsonFiles(synthDir);
      expect(files).toHaveLength(50);
      expect(path.basename(files[0] ?? '')).toMatch(
        new RegExp(`^${INSTRUMENT}_CB-000[12]_2026-Q1_[a-z-]+_[A-Za-z0-9_-]{16}\\.json$`),
      );
      const text = phieu('validate', synthDir);
      expect(text.status).toBe(0);
      expect(
        text.stdout
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('ok  ')),
      ).toHaveLength(50);
      expect(text.stderr).toContain('50 hợp lệ, 0 không hợp lệ');
      expect(phieu('validate', synthDir, '--lang', 'en').stderr).toContain('50 valid, 0 invalid');
      const { run, json } = validateJson(synthDir);
      expect(run.status).toBe(0);
      expect(json.valid).toBe(50);
      expect(json.invalid).toBe(0);
      expect(json.files.every((f) => f.ok && f.kind === 'response' && f.error === null)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'synth is deterministic for a seed',
    () => {
      const again = path.join(tmp, 'again');
      phieu(
        'synth',
        '--instrument',
        INSTRUMENT,
        '--count',
        '50',
        '--cells',
        '2',
        '--seed',
        'cli',
        '--period',
        '2026-Q1',
        '--out',
        again,
      );
      const a = jsonFiles(synthDir).map((f) => readFileSync(f, 'utf8'));
      const b = jsonFiles(again).map((f) => readFileSync(f, 'utf8'));
      expect(b).toEqual(a);
    },
    TIMEOUT,
  );

  it(
    'pasted codes in a .txt validate one by one',
    () => {
      const codesDir = path.join(tmp, 'codes');
      phieu(
        'synth',
        '--instrument',
        INSTRUMENT,
        '--count',
        '50',
        '--cells',
        '2',
        '--seed',
        'cli',
        '--period',
        '2026-Q1',
        '--out',
        codesDir,
        '--codes',
      );
      const { run, json } = validateJson(path.join(codesDir, 'codes.txt'));
      expect(run.status).toBe(0);
      expect(json.valid).toBe(50);
      expect(json.files[0]?.file).toMatch(/codes\.txt#1$/);
    },
    TIMEOUT,
  );

  it(
    'an answer edited after export is caught as digest-mismatch, exit code 1',
    () => {
      const dir = path.join(tmp, 'edited');
      mkdirSync(dir);
      for (const f of jsonFiles(synthDir)) copyFileSync(f, path.join(dir, path.basename(f)));
      const victim = jsonFiles(dir)[7] ?? '';
      const bundle = readJson<ResponseBundle>(victim);
      const answers = bundle.payload.response.answers;
      answers['a1-political-stance'] = answers['a1-political-stance'] !== true;
      writeFileSync(victim, JSON.stringify(bundle, null, 2));
      const { run, json } = validateJson(dir);
      expect(run.status).toBe(1);
      expect(json.valid).toBe(49);
      expect(json.invalid).toBe(1);
      const bad = json.files.find((f) => !f.ok);
      expect(bad?.file).toBe(victim);
      expect(bad?.error?.code).toBe('digest-mismatch');
      const text = phieu('validate', dir);
      expect(text.stdout).toContain(`INVALID  ${victim}  digest-mismatch: `);
      expect(text.stderr).toContain('49 hợp lệ, 1 không hợp lệ');
      expect(phieu('validate', dir, '--lang', 'en').stdout).toContain('checksum does not match');
    },
    TIMEOUT,
  );

  it(
    'hostile files each get their code and the good files of the same run are still ok',
    () => {
      const dir = path.join(tmp, 'hostile');
      mkdirSync(dir);
      const good = jsonFiles(synthDir).slice(0, 5);
      for (const f of good) copyFileSync(f, path.join(dir, path.basename(f)));
      const sample = readJson<ResponseBundle>(good[0] ?? '');
      const sampleText = readFileSync(good[0] ?? '', 'utf8');

      writeFileSync(path.join(dir, 'empty.json'), '');
      writeFileSync(
        path.join(dir, 'binary.json'),
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xd8]),
      );
      writeFileSync(path.join(dir, 'truncated.json'), sampleText.slice(0, Math.floor(sampleText.length / 2)));
      writeFileSync(path.join(dir, 'newer.json'), JSON.stringify({ ...sample, formatVersion: 2 }));
      const other = reseal({
        ...sample,
        instrument: { ...sample.instrument, id: 'khong-co-phieu-nay' },
        payload: {
          ...sample.payload,
          response: {
            ...sample.payload.response,
            instrument: { ...sample.payload.response.instrument, id: 'khong-co-phieu-nay' },
          },
        },
      });
      writeFileSync(path.join(dir, 'wrong-instrument.json'), JSON.stringify(other));
      // Larger than any file accepted, without writing its bytes (sparse): refused by its size.
      const fd = openSync(path.join(dir, 'huge.json'), 'w');
      ftruncateSync(fd, MAX_BUNDLE_BYTES + 1);
      closeSync(fd);

      const { run, json } = validateJson(dir);
      expect(run.status).toBe(1);
      const codeOf = (name: string): string | undefined =>
        json.files.find((f) => path.basename(f.file) === name)?.error?.code;
      expect(codeOf('empty.json')).toBe('empty');
      expect(codeOf('binary.json')).toBe('not-text');
      expect(codeOf('truncated.json')).toBe('not-json');
      expect(codeOf('newer.json')).toBe('newer-format');
      expect(codeOf('wrong-instrument.json')).toBe('unknown-instrument');
      expect(codeOf('huge.json')).toBe('too-large');
      expect(json.valid).toBe(5);
      expect(json.invalid).toBe(6);
      for (const f of good) expect(json.files.find((x) => path.basename(x.file) === path.basename(f))?.ok).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'score prints the breakdown, and the Score object with --json',
    () => {
      const file = jsonFiles(synthDir)[0] ?? '';
      const table = phieu('score', file);
      expect(table.status).toBe(0);
      expect(table.stdout).toContain('Xếp loại');
      const score = JSON.parse(phieu('score', file, '--json').stdout) as {
        level: string;
        total: number;
        sections: unknown[];
      };
      const listed = validateJson(file).json.files[0];
      expect(score.level).toBe(listed?.level);
      expect(score.sections.length).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'score says a folder or a missing path is not a file to score, and what to use instead',
    () => {
      const folder = phieu('score', synthDir);
      expect(folder.status).toBe(2);
      expect(folder.stderr).toContain('là một thư mục');
      expect(folder.stderr).toContain('phieu validate');
      const missing = phieu('score', path.join(synthDir, 'khong-co.json'), '--lang', 'en');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('not found');
      expect(missing.stderr).not.toContain('export');
    },
    TIMEOUT,
  );

  it(
    'aggregate per cell, then merge: the merged counts are the sums',
    () => {
      const files = jsonFiles(synthDir);
      const cell1 = files.filter((f) => path.basename(f).includes('_CB-0001_'));
      const cell2 = files.filter((f) => path.basename(f).includes('_CB-0002_'));
      expect(cell1.length + cell2.length).toBe(50);
      const r1 = path.join(tmp, 'r1.json');
      const r2 = path.join(tmp, 'r2.json');
      const csv = path.join(tmp, 'r1.csv');
      expect(phieu('aggregate', ...cell1, '--out', r1, '--csv', csv).status).toBe(0);
      expect(phieu('aggregate', ...cell2, '--out', r2).status).toBe(0);
      // Its timings, asked for, in the language of the rest.
      const timed = phieu('aggregate', ...cell2, '--out', r2, '--verbose');
      expect(timed.stderr).toMatch(/\d+ tệp: liệt kê .* MB/);
      expect(phieu('aggregate', ...cell2, '--out', r2, '--verbose', '--lang', 'en').stderr).toMatch(
        /\d+ files: list .* MB/,
      );
      const merged = path.join(tmp, 'merged.json');
      const m = phieu('merge', r1, r2, '--out', merged, '--scope', 'DU-01', '--scope-name', 'Đảng ủy thử', '--json');
      expect(m.status).toBe(0);

      const a = readJson<ReportBundle>(r1).payload;
      const b = readJson<ReportBundle>(r2).payload;
      const c: Report = readJson<ReportBundle>(merged).payload;
      expect(a.scope).toBe('CB-0001');
      expect(c.scope).toBe('DU-01');
      expect(c.scopeName).toBe('Đảng ủy thử');
      expect(c.units.map((u) => u.cell)).toEqual(['CB-0001', 'CB-0002']);
      const sum = (r: Report, f: (u: Report['units'][number]) => number): number =>
        r.units.reduce((s, u) => s + f(u), 0);
      expect(sum(c, (u) => u.responses)).toBe(50);
      expect(sum(c, (u) => u.responses)).toBe(sum(a, (u) => u.responses) + sum(b, (u) => u.responses));
      expect(sum(c, (u) => u.total.sum)).toBeCloseTo(sum(a, (u) => u.total.sum) + sum(b, (u) => u.total.sum), 9);
      const levels = new Set([...a.units, ...b.units].flatMap((u) => Object.keys(u.levels)));
      for (const l of levels)
        expect(sum(c, (u) => u.levels[l] ?? 0)).toBe(sum(a, (u) => u.levels[l] ?? 0) + sum(b, (u) => u.levels[l] ?? 0));

      // The merged report is a valid file itself; the CSV has a BOM, CRLF and one row per response.
      expect(validateJson(merged).json.files[0]).toMatchObject({ ok: true, kind: 'report' });
      const csvText = readFileSync(csv, 'utf8');
      expect(csvText.startsWith('\uFEFF')).toBe(true);
      expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(cell1.length + 1);
    },
    TIMEOUT,
  );

  it(
    'aggregate counts a resent response once (newest send wins) and a copied file once',
    () => {
      const dir = path.join(tmp, 'dupes');
      mkdirSync(dir);
      const files = jsonFiles(synthDir).filter((f) => path.basename(f).includes('_CB-0001_'));
      for (const f of files) copyFileSync(f, path.join(dir, path.basename(f)));
      const first = files[0] ?? '';
      copyFileSync(first, path.join(dir, 'copy-of-first.json'));
      const resent = readJson<ResponseBundle>(first);
      resent.payload.response.revision += 1;
      resent.payload.response.answers['a1-study'] = resent.payload.response.answers['a1-study'] !== true;
      delete resent.payload.score;
      writeFileSync(path.join(dir, 'resent.json'), JSON.stringify(reseal(resent)));
      const out = path.join(tmp, 'dupes.json');
      // Read in name order: the copy (kept), the resend (replaces it), the original (older: ignored).
      // The folder named twice is walked once.
      const run = phieu('aggregate', dir, dir, '--out', out, '--json');
      expect(run.status).toBe(0);
      type Summary = { responses: number; replaced: number; older: number; sameFile: number };
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary).toMatchObject({ responses: files.length, replaced: 1, older: 1, sameFile: 0 });
      const unit = readJson<ReportBundle>(out).payload.units[0];
      expect(unit?.responses).toBe(files.length);
      // The recount used the resend's answers.
      const yes = files.filter((f) => readJson<ResponseBundle>(f).payload.response.answers['a1-study'] === true).length;
      const flipped = resent.payload.response.answers['a1-study'] === true ? 1 : -1;
      expect(unit?.items['a1-study']?.values?.['true']).toBe(yes + flipped);
      // The same file twice under two names counts once.
      const same = phieu('aggregate', first, path.join(dir, 'copy-of-first.json'), '--out', out, '--json');
      expect(JSON.parse(same.stdout) as Summary).toMatchObject({ responses: 1, replaced: 0, older: 0, sameFile: 1 });
    },
    TIMEOUT,
  );

  it(
    'aggregate refuses responses of several periods unless one is chosen',
    () => {
      const other = path.join(tmp, 'other-period');
      phieu('synth', '--instrument', INSTRUMENT, '--count', '5', '--cells', '1', '--period', '2026-Q2', '--out', other);
      const out = path.join(tmp, 'mixed.json');
      const mixed = phieu('aggregate', synthDir, other, '--out', out);
      expect(mixed.status).toBe(2);
      expect(mixed.stderr).toContain('--period');
      const chosen = phieu('aggregate', synthDir, other, '--out', out, '--period', '2026-Q2', '--json');
      expect(chosen.status).toBe(0);
      expect((JSON.parse(chosen.stdout) as { responses: number }).responses).toBe(5);
    },
    TIMEOUT,
  );

  it(
    'schema bundle validates every synthesized file and the reports (ajv, draft 2020-12)',
    () => {
      const schema = JSON.parse(phieu('schema', 'bundle').stdout) as object;
      const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true });
      const addFormats =
        (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
      addFormats(ajv);
      const validate = ajv.compile(schema);
      for (const f of jsonFiles(synthDir)) {
        const ok = validate(readJson<unknown>(f));
        expect(ok, `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      const report = JSON.parse(phieu('schema', 'report').stdout) as object;
      expect(ajv.compile(report)(readJson<unknown>(path.join(tmp, 'merged.json')))).toBe(true);
      // A schema, not a rubber stamp: a file without its digest is refused.
      const { digest: _d, ...unsealed } = readJson<ResponseBundle>(jsonFiles(synthDir)[0] ?? '');
      expect(validate(unsealed)).toBe(false);
      // The instrument schema accepts the shipped instruments.
      const instrumentSchema = ajv.compile(JSON.parse(phieu('schema', 'instrument').stdout) as object);
      const dir = path.join(root, 'src', 'content', 'instruments');
      for (const f of jsonFiles(dir)) expect(instrumentSchema(readJson<unknown>(f)), f).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'codes prints one code a file',
    () => {
      const files = jsonFiles(synthDir).slice(0, 3);
      const run = phieu('codes', ...files);
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      for (const l of lines) expect(l).toMatch(/^PCB1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
    },
    TIMEOUT,
  );
});

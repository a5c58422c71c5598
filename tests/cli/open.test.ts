import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBundleCode, serializeBundle, writeResponseBundle } from '../../src/core/index.ts';
import { serializeSealed } from '../../src/core/seal/index.ts';
import { synthesizeResponses } from '../../src/core/synth.ts';
import { sealResponseText } from '../../src/sealing/seal.ts';
import { FIXTURE_PASSPHRASE, fixtureCommitteeKey, survey } from '../sealing/helpers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const sealed = path.join(root, 'tests', 'fixtures', 'sealed');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TIMEOUT = 60_000;

function phieu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, PHIEU_PASSPHRASE: '', ...env },
    input: '',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const passFile = path.join(dir, 'pass.txt');
writeFileSync(passFile, `${FIXTURE_PASSPHRASE}\n`);
const key = path.join(sealed, 'committee-key.phieu-key.json');

describe('phieu open', () => {
  it(
    'opens a sealed batch to the same report phieu aggregate makes of the unsealed files',
    () => {
      const opened = path.join(dir, 'opened.json');
      const plain = path.join(dir, 'plain.json');
      const when = ['--created-at', '2026-12-03T10:00:00+07:00'];
      const o = phieu([
        'open',
        path.join(sealed, 'batch.sealed.json'),
        '--key',
        key,
        '--passphrase-file',
        passFile,
        '--out',
        opened,
        ...when,
      ]);
      expect(o.stderr).toContain('3');
      expect(o.status).toBe(0);
      const a = phieu([
        'aggregate',
        ...[1, 2, 3].map((n) => path.join(sealed, `member-${n}.response.json`)),
        '--out',
        plain,
        ...when,
      ]);
      expect(a.status).toBe(0);
      expect(readFileSync(opened, 'utf8')).toBe(readFileSync(plain, 'utf8'));
    },
    TIMEOUT,
  );

  it(
    'takes the passphrase from the environment and writes the comments shuffled, with no file names',
    () => {
      const comments = path.join(dir, 'comments.json');
      const r = phieu(
        [
          'open',
          ...[1, 2, 3].map((n) => path.join(sealed, `member-${n}.sealed.json`)),
          '--key',
          key,
          '--out',
          path.join(dir, 'r.json'),
          '--comments',
          comments,
          '--json',
        ],
        { PHIEU_PASSPHRASE: FIXTURE_PASSPHRASE },
      );
      expect(r.status).toBe(0);
      const summary = JSON.parse(r.stdout) as { sheets: number; envelopes: number };
      expect(summary).toMatchObject({ sheets: 3, envelopes: 3 });
      const text = readFileSync(comments, 'utf8');
      expect(text).not.toContain('member-');
      expect(text).toContain('Gửi tài liệu sớm hơn một ngày.');
    },
    TIMEOUT,
  );

  it(
    'reads paste codes with chat text around them, and every code after one that is broken',
    () => {
      const codes = [1, 2, 3].map((n) =>
        encodeBundleCode(JSON.parse(readFileSync(path.join(sealed, `member-${n}.sealed.json`), 'utf8'))),
      );
      const chat = path.join(dir, 'chat.txt');
      writeFileSync(chat, `Chị Lan: mã của tổ em đây\n${codes[0]}\nAnh Bình: ${codes[1]} (gửi lại)\n${codes[2]}\n`);
      const a = phieu(['open', chat, '--key', key, '--out', path.join(dir, 'chat.json'), '--json'], {
        PHIEU_PASSPHRASE: FIXTURE_PASSPHRASE,
      });
      expect(a.status, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout)).toMatchObject({ sheets: 3, envelopes: 3 });
      // The second code cut short in a copy: said by its place, and the third still read.
      const broken = path.join(dir, 'broken.txt');
      writeFileSync(broken, [codes[0], codes[1]!.slice(0, -20), codes[2]].join('\n'));
      const b = phieu(['open', broken, '--key', key, '--out', path.join(dir, 'broken.json'), '--json'], {
        PHIEU_PASSPHRASE: FIXTURE_PASSPHRASE,
      });
      expect(b.status).toBe(1);
      expect(b.stderr).toContain(`INVALID  ${broken}#2  `);
      expect(JSON.parse(b.stdout)).toMatchObject({ sheets: 2, envelopes: 2 });
    },
    TIMEOUT,
  );

  it(
    'opens the period asked for among several, and lists them when none is asked for',
    async () => {
      const { publicKey } = await fixtureCommitteeKey();
      const folder = path.join(dir, 'periods');
      mkdirSync(folder);
      for (const [period, count] of [
        ['2026-Q3', 1],
        ['2026-Q4', 2],
      ] as const)
        for (const [i, response] of synthesizeResponses(survey, { count, seed: 7, cells: 1, period }).entries()) {
          const bundle = writeResponseBundle({ instrument: survey, response, app: 't', createdAt: '2026-12-01' });
          const { instrument, cell } = bundle;
          const sealedFile = await sealResponseText({
            text: serializeBundle(bundle),
            instrument,
            cell,
            period,
            publicKey,
          });
          writeFileSync(path.join(folder, `${period}-${i}.sealed.json`), serializeSealed(sealedFile));
        }
      const base = ['open', folder, '--key', key, '--out', path.join(dir, 'periods.json'), '--lang', 'en'];
      const env = { PHIEU_PASSPHRASE: FIXTURE_PASSPHRASE };
      const both = phieu(base, env);
      expect(both.status).toBe(2);
      expect(both.stderr).toContain(`--instrument ${survey.id} --version ${survey.version} --period 2026-Q3   (1)`);
      expect(both.stderr).toContain(`--instrument ${survey.id} --version ${survey.version} --period 2026-Q4   (2)`);
      const q4 = phieu([...base, '--period', '2026-q4', '--json'], env);
      expect(q4.status, q4.stderr).toBe(0);
      expect(JSON.parse(q4.stdout)).toMatchObject({ period: '2026-Q4', sheets: 2 });
      expect(q4.stderr).toContain('Skipped 1 sheets of another instrument, version or period');
      const none = phieu([...base, '--period', '2026-Q1'], env);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('No sealed sheet matches the selection');
    },
    TIMEOUT,
  );

  it(
    'says plainly when the passphrase is wrong, and when no passphrase can be had',
    () => {
      const wrong = path.join(dir, 'wrong.txt');
      writeFileSync(wrong, 'không phải mật khẩu này\n');
      const r = phieu([
        'open',
        path.join(sealed, 'batch.sealed.json'),
        '--key',
        key,
        '--passphrase-file',
        wrong,
        '--out',
        path.join(dir, 'x.json'),
        '--lang',
        'en',
      ]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Wrong passphrase');
      const none = phieu([
        'open',
        path.join(sealed, 'batch.sealed.json'),
        '--key',
        key,
        '--out',
        path.join(dir, 'x.json'),
        '--lang',
        'en',
      ]);
      expect(none.status).toBe(2);
      expect(none.stderr).toContain('PHIEU_PASSPHRASE');
    },
    TIMEOUT,
  );
});

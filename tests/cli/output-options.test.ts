// The options of a file a command writes are checked before any input is read: a missing folder
// for --out, a folder given as --out, a --created-at readers would refuse (not ISO 8601 with its
// offset, or in the future) and a --scope-name longer than a report may carry are usage errors
// with a reason, never a stack trace at the end of a run nor a report `phieu validate` refuses.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/args.ts';
import { checkOutputFile, reportFileOptions } from '../../cli/output-options.ts';
import { MAX_SCOPE_NAME } from '../../src/core/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-output-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2026-12-04T10:00:00Z');

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.text.en;
    throw e;
  }
  throw new Error('not refused');
}

describe('checkOutputFile', () => {
  it('takes a new or existing file in an existing folder', () => {
    expect(() => checkOutputFile('out', path.join(dir, 'r.json'))).not.toThrow();
    expect(() => checkOutputFile('out', 'package.json')).not.toThrow();
  });
  it('refuses a file in a folder that does not exist, and a folder', () => {
    expect(refusal(() => checkOutputFile('out', path.join(dir, 'nope', 'r.json')))).toContain(
      `there is no folder ${path.join(dir, 'nope')}`,
    );
    expect(refusal(() => checkOutputFile('csv', dir))).toContain(`--csv: ${dir} is a folder`);
  });
});

describe('reportFileOptions', () => {
  it('takes a date or a date-time with its offset, up to tomorrow, and the time now by default', () => {
    expect(reportFileOptions({ 'created-at': '2026-12-03T10:00:00+07:00' }, NOW).createdAt).toBe(
      '2026-12-03T10:00:00+07:00',
    );
    expect(reportFileOptions({ 'created-at': '2026-12-05' }, NOW).createdAt).toBe('2026-12-05');
    expect(reportFileOptions({}, NOW).createdAt).toBe('2026-12-04T10:00:00.000Z');
  });
  it('refuses what readers refuse: not ISO 8601, no offset, after tomorrow', () => {
    expect(refusal(() => reportFileOptions({ 'created-at': 'garbage' }, NOW))).toContain('not an ISO 8601');
    expect(refusal(() => reportFileOptions({ 'created-at': '2026-12-03T10:00:00' }, NOW))).toContain('not an ISO 8601');
    expect(refusal(() => reportFileOptions({ 'created-at': '2099-01-01' }, NOW))).toContain('in the future');
  });
  it('keeps a name up to the limit, drops an empty one, refuses a longer one', () => {
    const longest = 'x'.repeat(MAX_SCOPE_NAME);
    expect(reportFileOptions({ 'scope-name': longest }, NOW).scopeName).toBe(longest);
    expect(reportFileOptions({ 'scope-name': '' }, NOW)).not.toHaveProperty('scopeName');
    expect(refusal(() => reportFileOptions({ 'scope-name': `${longest}x` }, NOW))).toContain(
      `at most ${MAX_SCOPE_NAME}`,
    );
  });
});

describe('the commands check them before reading', () => {
  it('phieu aggregate, merge and open: a usage error naming the missing folder, in Vietnamese by default', () => {
    const missing = path.join(dir, 'khong-co', 'bao-cao.json');
    for (const args of [
      ['aggregate', 'tests/fixtures', '--out', missing],
      ['merge', 'tests/fixtures', '--scope', 'DU-01', '--out', missing],
      ['open', 'tests/fixtures', '--key', 'k.json', '--out', missing],
    ]) {
      const r = spawnSync(process.execPath, [path.join(root, 'cli', 'phieu.mjs'), ...args], {
        encoding: 'utf8',
        cwd: root,
        input: '',
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--out: không có thư mục ${path.join(dir, 'khong-co')}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

// `phieu aggregate` counts one member once: two sheets of one cell whose names match (the second
// typed without diacritics on another device) count once, the latest send, with a line saying so;
// an anonymous cell below the threshold gets no scores in the CSV.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeBundle, writeResponseBundle, type Instrument, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'cli', 'phieu.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'phieu-members-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, ins: Instrument, response: Response, createdAt: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, serializeBundle(writeResponseBundle({ instrument: ins, response, app: 't', createdAt })));
  return file;
}

function phieu(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('phieu aggregate: one member, one count', () => {
  it('counts a member with two sheets once (the latest), and says so', () => {
    const ins = realInstruments().find((i) => i.kind === 'self-assessment')!;
    const [a, b] = [...generateResponses(ins, { count: 2, seed: 'cli-members', cells: 1, period: '2026-Q4' })];
    const files = [
      write(
        'an-phone.json',
        ins,
        { ...a!, id: 'dien-thoai-1', respondent: { name: 'Nguyễn Văn An' } },
        '2026-12-01T08:00:00+07:00',
      ),
      write(
        'an-laptop.json',
        ins,
        { ...a!, id: 'may-tinh-22', respondent: { name: 'nguyen van an' } },
        '2026-12-02T08:00:00+07:00',
      ),
      write(
        'binh.json',
        ins,
        { ...b!, id: 'dien-thoai-3', respondent: { name: 'Trần Thị Bình' } },
        '2026-12-01T08:00:00+07:00',
      ),
    ];
    const out = path.join(dir, 'r.json');
    const run = phieu('aggregate', ...files, '--out', out, '--json');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { responses: number; sameMember: number };
    expect(json.responses).toBe(2);
    expect(json.sameMember).toBe(1);
    expect(run.stderr).toMatch(/dien-thoai-1, may-tinh-22|may-tinh-22, dien-thoai-1/);
    expect(run.stderr).toMatch(/\(may-tinh-22\)/);
    // The names as written, the kept sheet's first: the secretary sees whether they are one person.
    expect(run.stderr).toContain('Tên ghi trên phiếu: "nguyen van an", "Nguyễn Văn An"');
  });

  it('says which members had two sheets in the order they were first met, cells interleaved', () => {
    const ins = realInstruments().find((i) => i.kind === 'self-assessment')!;
    const rs = [...generateResponses(ins, { count: 6, seed: 'cli-members-order', cells: 1, period: '2026-Q4' })];
    // Files are read in name order: An (cell A), Bình (cell B), Chi (cell A), then their second sheets.
    const sheets: [string, string, string][] = [
      ['CB-A', 'an-sheet-1', 'Nguyễn Văn An'],
      ['CB-B', 'binh-sheet-1', 'Trần Thị Bình'],
      ['CB-A', 'chi-sheet-1', 'Lê Chi'],
      ['CB-A', 'chi-sheet-2', 'le chi'],
      ['CB-B', 'binh-sheet-2', 'tran thi binh'],
      ['CB-A', 'an-sheet-2', 'nguyen van an'],
    ];
    const files = sheets.map(([cell, id, name], i) =>
      write(`order-${i}.json`, ins, { ...rs[i]!, cell, id, respondent: { name } }, '2026-12-01T08:00:00+07:00'),
    );
    const run = phieu('aggregate', ...files, '--out', path.join(dir, 'order.json'), '--json', '--lang', 'en');
    expect(run.status).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('SAME MEMBER'));
    expect(lines.map((l) => /\((\w+)-sheet-/.exec(l)![1])).toEqual(['an', 'binh', 'chi']);
    expect((JSON.parse(run.stdout) as { responses: number }).responses).toBe(3);
  });

  it.each(['CB-0001', 'cb-0001'])(
    'writes no scores in the CSV of an anonymous cell below the threshold (%s)',
    (code) => {
      const ins = realInstruments().find((i) => i.kind === 'meeting-survey')!;
      const [one] = [...generateResponses(ins, { count: 1, seed: 'cli-one', cells: 1, period: '2026-Q4' })];
      const file = write(`one-${code}.json`, ins, { ...one!, cell: code }, '2026-12-01T08:00:00+07:00');
      const csv = path.join(dir, `one-${code}.csv`);
      expect(phieu('aggregate', file, '--out', path.join(dir, 'one-r.json'), '--csv', csv).status).toBe(0);
      const [, row] = readFileSync(csv, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n');
      const cells = row!.split(',');
      expect(cells[5]).toBe('');
      expect(cells[6]).toBe('');
      expect(row).toMatch(/Ẩn điểm/);
    },
  );
});

// Bounded reading of pasted codes: codes are found in one pass and unpacked one at a time as they
// are asked for, within caps per text and a budget shared by a batch; the codes past a cap give
// one line saying how many were not read. (The CLI's figures on 11,126 codes of 512 KiB each are
// in `npm run bench`.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCodeBudget,
  encodeBundleCode,
  scanBundleCodes,
  sha256Hex,
  writeResponseBundle,
} from '../../src/core/index.ts';
import { readSources } from '../../cli/files.ts';
import { instrument, responseFor } from '../builders.ts';

const survey = instrument();
const codeOfAnswer = (id: string): string =>
  encodeBundleCode(
    writeResponseBundle({
      instrument: survey,
      response: responseFor(survey, { q1: 'a' }, { id }),
      app: 't',
      createdAt: '2026-12-01',
    }),
  );
/** A code that unpacks to `size` bytes of "a" (no file of ours). */
function bigCode(size: number): string {
  const data = Buffer.from(deflateSync(new Uint8Array(size).fill(0x61), { level: 9 })).toString('base64url');
  return `PCB1.${data}.${sha256Hex(data).slice(0, 8)}`;
}

describe('scanBundleCodes', () => {
  it('unpacks a code only when it is asked for', () => {
    const text = [1, 2, 3, 4].map((i) => codeOfAnswer(`phieu-000${i}`)).join('\n');
    const budget = createCodeBudget(100, 1e9);
    const scan = scanBundleCodes(text, budget);
    expect(scan.next().value?.ok).toBe(true);
    expect(budget.codes).toBe(99);
    expect([...scan]).toHaveLength(3);
    expect(budget.codes).toBe(96);
  });

  it('finds codes wrapped by a chat, the prefix split too, among chat text', () => {
    const a = codeOfAnswer('phieu-000a');
    const b = codeOfAnswer('phieu-000b');
    const text = `Em gửi ạ: P\nCB1.${a.slice(5).replace(/(.{50})/g, '$1\u200B\n')}\nCảm ơn chị! PPCB1.${b.slice(5)}`;
    expect([...scanBundleCodes(text)].map((c) => c.ok)).toEqual([true, true]);
  });

  it('stops at the batch budget, saying how many codes were left unread', () => {
    const text = Array.from({ length: 7 }, (_, i) => codeOfAnswer(`phieu-00${i}0`)).join(' ');
    const out = [...scanBundleCodes(text, createCodeBudget(3, 1e9))];
    expect(out.map((c) => c.ok)).toEqual([true, true, true, false]);
    const last = out[3]!;
    expect(!last.ok && last.error.code).toBe('too-many-codes');
    expect('unread' in last && last.unread).toBe(4);
    expect(!last.ok && last.error.message.en).toContain('the last 4 codes were not read');
  });

  it('stops at the unpacked bytes a budget allows: 40 codes of 512 KiB with room for 10 give 10 and one line', () => {
    const code = bigCode(512 * 1024);
    const out = [
      ...scanBundleCodes(Array.from({ length: 40 }, () => code).join('\n'), createCodeBudget(1000, 10 * 512 * 1024)),
    ];
    expect(out).toHaveLength(11);
    const last = out.at(-1)!;
    expect('unread' in last && last.unread).toBe(30);
  });
});

describe('the CLI reads a .txt of codes one code at a time', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phieu-codes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names each code file#n and the codes past a cap file#from-to', () => {
    const file = path.join(dir, 'ma.txt');
    writeFileSync(file, Array.from({ length: 5 }, (_, i) => codeOfAnswer(`phieu-0${i}00`)).join('\n'));
    const budget = createCodeBudget(2, 1e9);
    const labels = [...readSources(file, undefined, budget)].map((s) => [
      path.basename(s.label),
      s.input.ok ? 'ok' : s.input.error.code,
    ]);
    expect(labels).toEqual([
      ['ma.txt#1', 'ok'],
      ['ma.txt#2', 'ok'],
      ['ma.txt#3-5', 'too-many-codes'],
    ]);
  });
});

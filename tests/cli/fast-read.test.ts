// phieu aggregate's reading of ordinary response files (cli/aggregate/fast-read.ts) says yes only
// where core's readBundle reads a response, with the same bundle, the same instrument and the
// same score: on the frozen files, the whole hostile corpus, made files of every instrument, and
// files with any character changed (a digest that no longer holds, broken JSON, a bad answer).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_RESPONSE_BYTES,
  digestOf,
  readBundle,
  serializeBundle,
  writeResponseBundle,
  type ReadOptions,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { readResponseFast, readResponseFileFast } from '../../cli/aggregate/fast-read.ts';
import { ReadAhead } from '../../cli/aggregate/read-ahead.ts';
import { loadInstruments } from '../../cli/catalog.ts';
import { readOptions } from '../../cli/reader.ts';
import { expectSameScore } from '../fast-score-check.ts';

const root = path.resolve(import.meta.dirname, '../..');
const options: ReadOptions = readOptions(MAX_RESPONSE_BYTES);
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function filesIn(dir: string): Uint8Array[] {
  const abs = path.join(root, dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith('.json') && f !== 'expected.json' && f !== 'codes.json')
    .sort()
    .map((f) => new Uint8Array(readFileSync(path.join(abs, f))));
}

/** A period the instrument is answered for. */
const periodOf = (periods: readonly string[]): string =>
  periods.includes('quarter') ? '2026-Q3' : periods.includes('month') ? '2026-09' : '2026';

const made = loadInstruments().instruments.flatMap((instrument) =>
  [
    ...generateResponses(instrument, {
      count: 12,
      cells: 2,
      seed: `fast-read-${instrument.id}`,
      period: periodOf(instrument.periods),
    }),
  ].map((response, i) =>
    serializeBundle(
      writeResponseBundle({ instrument, response, app: '0.1.0', createdAt: `2026-09-0${1 + (i % 9)}T08:00:00+07:00` }),
      { compact: i % 2 === 0 },
    ),
  ),
);

const tmp = mkdtempSync(path.join(tmpdir(), 'phieu-fast-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = path.join(tmp, 'f.json');

/**
 * Whether the fast reads (of bytes, and of a file holding them) agree with readBundle on these
 * bytes; returns whether the read of bytes said yes. The read of a file says yes to the same files,
 * those with a byte-order mark aside (left to readBundle).
 */
function agrees(bytes: Uint8Array): boolean {
  writeFileSync(file, bytes);
  const fromFile = readResponseFileFast(file, options);
  const yes = agreesOn(bytes, fromFile ?? undefined);
  const bom = bytes[0] === 0xef || bytes[0] === 0xfe || bytes[0] === 0xff;
  expect(fromFile !== undefined).toBe(yes && !bom);
  return yes;
}

function agreesOn(bytes: Uint8Array, fromFile: ReturnType<typeof readResponseFileFast>): boolean {
  if (fromFile) {
    const plain = readBundle(bytes, options);
    expect(plain.ok && plain.kind === 'response').toBe(true);
    if (plain.ok && plain.kind === 'response') {
      expect(fromFile.bundle).toEqual(plain.bundle);
      expect(fromFile.instrument).toBe(plain.instrument);
      expectSameScore(fromFile.scorer, plain.score);
    }
  }
  const fast = readResponseFast(bytes, options);
  if (!fast) return false;
  const plain = readBundle(bytes, options);
  expect(plain.ok && plain.kind === 'response').toBe(true);
  if (!plain.ok || plain.kind !== 'response') return true;
  // A file readBundle warns about is left to it, so that the warning is said.
  expect(plain.warnings).toEqual([]);
  expect(fast.bundle).toEqual(plain.bundle);
  expect(fast.instrument).toBe(plain.instrument);
  expectSameScore(fast.scorer, plain.score);
  return true;
}

describe('readResponseFast', () => {
  it('reads made files of every instrument as readBundle does', () => {
    expect(made.length).toBeGreaterThan(40);
    const yes = made.filter((text) => agrees(encode(text))).length;
    // Every one is an ordinary response file (instruments with several scoring columns aside).
    const columns = loadInstruments().instruments.filter((i) => i.scorers !== undefined).length;
    expect(yes).toBe(made.length - columns * 12);
  });

  it('says yes only where readBundle reads a response: frozen files and the hostile corpus', () => {
    const files = [...filesIn('tests/fixtures/bundles/v1'), ...filesIn('tests/fixtures/hostile')];
    expect(files.length).toBeGreaterThan(50);
    let yes = 0;
    for (const bytes of files) if (agrees(bytes)) yes += 1;
    expect(yes).toBeGreaterThan(0);
  });

  it('says no to a file readBundle warns about: an edited instrument, a score note that differs', () => {
    const text = made.find((t) => (JSON.parse(t) as { payload: { score?: unknown } }).payload.score !== undefined)!;
    expect(agrees(encode(text))).toBe(true);
    const resealed = (edit: (b: { instrument: { hash: string }; payload: { score: { total: number } } }) => void) => {
      const b = JSON.parse(text) as Parameters<typeof edit>[0] & Record<string, unknown>;
      edit(b);
      const { digest: _old, ...rest } = b;
      return encode(JSON.stringify({ ...rest, digest: digestOf(rest) }));
    };
    for (const [bytes, code] of [
      [resealed((b) => (b.instrument.hash = `sha256:${'0'.repeat(64)}`)), 'instrument-edited'],
      [resealed((b) => (b.payload.score.total += 1)), 'score-mismatch'],
    ] as const) {
      expect(agrees(bytes)).toBe(false);
      const plain = readBundle(bytes, options);
      expect(plain.ok && plain.kind === 'response' && plain.warnings.map((w) => w.code)).toEqual([code]);
    }
  });

  it('says no to text (codes are read by readBundle), a BOM and a file with escapes are read as readBundle does', () => {
    const text = made[0]!;
    expect(readResponseFast(text, options)).toBeUndefined();
    agrees(encode(`\uFEFF${text}`));
    agrees(encode(text.replace('"app"', '"\\u0061pp"')));
  });

  it('reads a file as readBundle reads its bytes: not one that is not UTF-8, too large, empty or missing', () => {
    const bytes = encode(made[1]!);
    expect(agrees(bytes)).toBe(true);
    // A file sealed over a text with U+FFFD, whose bytes have 0xFF in its place: decoded leniently
    // it is the sealed text, but it is not UTF-8, and readBundle refuses it.
    const b = JSON.parse(made[1]!) as Record<string, unknown>;
    b.app = '0.1.0\uFFFD';
    const { digest: _old, ...rest } = b;
    b.digest = digestOf(rest);
    const sealed = encode(JSON.stringify(b));
    expect(agrees(sealed)).toBe(true);
    const at = sealed.findIndex((x, i) => x === 0xef && sealed[i + 1] === 0xbf && sealed[i + 2] === 0xbd);
    const broken = new Uint8Array([...sealed.subarray(0, at), 0xff, ...sealed.subarray(at + 3)]);
    writeFileSync(file, broken);
    expect(readResponseFileFast(file, options)).toBeUndefined();
    expect(readBundle(broken, options).ok).toBe(false);
    // Nor through the read-ahead thread, whose flag says yes for bytes sealed as they are, 0xFF
    // and all (it hashes the bytes themselves): its flag counts only for bytes that are UTF-8.
    const withFf = (text: string): Uint8Array => {
      const t = encode(text);
      const i = t.findIndex((x, k) => x === 0xef && t[k + 1] === 0xbf && t[k + 2] === 0xbd);
      return new Uint8Array([...t.subarray(0, i), 0xff, ...t.subarray(i + 3)]);
    };
    const { digest: _placeholder, ...unsealed } = b;
    const overBytes = createHash('sha256')
      .update(withFf(JSON.stringify(unsealed)))
      .digest('hex');
    const sealedOverBytes = withFf(JSON.stringify({ ...b, digest: `sha256:${overBytes}` }));
    writeFileSync(file, sealedOverBytes);
    expect(readBundle(sealedOverBytes, options).ok).toBe(false);
    const ahead = new ReadAhead([file], MAX_RESPONSE_BYTES, 1 << 20, 8, false, 0);
    expect(readResponseFileFast(file, options, ahead)).toBeUndefined();
    expect(ahead.stats).toMatchObject({ taken: 1, checked: 1 });
    ahead.close();
    // Too large: the bytes of a good file followed by white space past the limit.
    const large = new Uint8Array(MAX_RESPONSE_BYTES + 1).fill(0x20);
    large.set(bytes);
    writeFileSync(file, large);
    expect(readResponseFileFast(file, options)).toBeUndefined();
    expect(readBundle(large, options).ok).toBe(false);
    writeFileSync(file, '');
    expect(readResponseFileFast(file, options)).toBeUndefined();
    expect(readResponseFileFast(path.join(tmp, 'missing.json'), options)).toBeUndefined();
    // One buffer serves every file: a shorter file after a longer one is read alone.
    writeFileSync(file, large);
    readResponseFileFast(file, options);
    writeFileSync(file, bytes);
    expect(readResponseFileFast(file, options)?.bundle).toEqual(readResponseFast(bytes, options)?.bundle);
  });

  it('agrees with readBundle on any single changed character of a file', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: made.length - 1 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2 }),
        (which, at, ch) => {
          const text = made[which]!;
          const i = at % text.length;
          agrees(encode(text.slice(0, i) + ch + text.slice(i + 1)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

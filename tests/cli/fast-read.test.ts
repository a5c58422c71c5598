// phieu aggregate's reading of ordinary response files (cli/aggregate/fast-read.ts) says yes only
// where core's readBundle reads a response, with the same bundle, the same instrument and the
// same score: on the frozen files, the whole hostile corpus, made files of every instrument, and
// files with any character changed (a digest that no longer holds, broken JSON, a bad answer).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_RESPONSE_BYTES,
  readBundle,
  serializeBundle,
  writeResponseBundle,
  type ReadOptions,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { readResponseFast } from '../../cli/aggregate/fast-read.ts';
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
  ].map(
    (response, i) =>
      serializeBundle(
        writeResponseBundle({ instrument, response, app: '0.1.0', createdAt: `2026-09-0${1 + (i % 9)}T08:00:00+07:00` }),
        { compact: i % 2 === 0 },
      ),
  ),
);

/** Whether the fast read agrees with readBundle on these bytes; returns whether it said yes. */
function agrees(bytes: Uint8Array): boolean {
  const fast = readResponseFast(bytes, options);
  if (!fast) return false;
  const plain = readBundle(bytes, options);
  expect(plain.ok && plain.kind === 'response').toBe(true);
  if (!plain.ok || plain.kind !== 'response') return true;
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

  it('says no to text (codes are read by readBundle), a BOM and a file with escapes are read as readBundle does', () => {
    const text = made[0]!;
    expect(readResponseFast(text, options)).toBeUndefined();
    agrees(encode(`\uFEFF${text}`));
    agrees(encode(text.replace('"app"', '"\\u0061pp"')));
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

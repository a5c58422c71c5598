// Hostile input: every file of tests/fixtures/hostile/ (written by its make.ts) gives the result
// expected.json states, without an exception and without touching Object.prototype; the valid
// files of the batch are kept. A 40 MB file (made here, sparse) is refused by size. Pasted codes
// (codes.json) decode or are refused one by one. Then fuzzing with fast-check where bundle.test.ts
// and code.test.ts stop: a sealed file damaged in several places (bytes inserted and deleted, not
// only changed), any field replaced by hostile values *and the digest recomputed* so the input
// reaches the schema, instrument and answer checks, hostile keys (`__proto__`...) added at any
// depth as JSON.parse makes them, and code-shaped text (base64url with a hex checksum) that gets
// past the pattern into the inflater. Random bytes, random JSON, single changed bytes or code
// characters, and round trips are bundle.test.ts's and code.test.ts's.
import {
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InstrumentSchema,
  MAX_BUNDLE_BYTES,
  MAX_CODE_BYTES,
  MAX_RESPONSE_BYTES,
  createCatalog,
  decodeBundleCodes,
  digestOf,
  readBundle,
  serializeBundle,
  type InstrumentCatalog,
  READ_ERROR_CODES,
  type ReadErrorCode,
  type ReadResult,
} from '../../src/core/index.ts';
import type { CodeExpectation, Expectation } from '../fixtures/hostile/make.ts';

const root = path.resolve(import.meta.dirname, '../..');
const corpusDir = path.join(root, 'tests/fixtures/hostile');
const instrumentsDir = path.join(root, 'src/content/instruments');

const ERROR_CODES: ReadonlySet<ReadErrorCode> = new Set<ReadErrorCode>(READ_ERROR_CODES);

// Current and superseded versions: the corpus was written with the versions of its day.
const catalog: InstrumentCatalog = createCatalog(
  [instrumentsDir, path.join(instrumentsDir, 'superseded')].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')))),
  ),
);

const expected = JSON.parse(readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Expectation[];
const codes = JSON.parse(readFileSync(path.join(corpusDir, 'codes.json'), 'utf8')) as CodeExpectation[];

function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(corpusDir, file)));
}

/** What Object.prototype looks like before any hostile input is read. */
const prototypeKeys = Reflect.ownKeys(Object.prototype).map(String).sort();

function expectPrototypeUntouched(): void {
  expect(Reflect.ownKeys(Object.prototype).map(String).sort()).toEqual(prototypeKeys);
  const probe = {} as Record<string, unknown>;
  expect(probe['polluted']).toBeUndefined();
  expect(probe['isAdmin']).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

/** The reader's clock for the corpus: files dated later than tomorrow are refused (future-time). */
const CLOCK = Date.UTC(2026, 11, 3, 9, 0);

/** Reads without letting an exception pass unnoticed (readBundle promises never to throw). */
function read(input: unknown, maxBytes?: number): ReadResult {
  let result: ReadResult | undefined;
  expect(() => {
    result = readBundle(input, maxBytes === undefined ? { catalog, now: CLOCK } : { catalog, maxBytes, now: CLOCK });
  }).not.toThrow();
  return result!;
}

/** The outcome in one word, for comparisons and messages. */
function outcomeOf(result: ReadResult): string {
  return result.ok ? 'ok' : result.error.code;
}

function expectKnownOutcome(result: ReadResult): void {
  if (result.ok) return;
  expect(ERROR_CODES.has(result.error.code), `unknown error code ${result.error.code}`).toBe(true);
  expect(result.error.message.vi).not.toBe('');
  expect(result.error.message.en).not.toBe('');
}

describe('the hostile corpus', () => {
  it('lists every file of the folder, and only those', () => {
    const onDisk = readdirSync(corpusDir)
      .filter((f) => f.endsWith('.json') && !['expected.json', 'codes.json', 'tsconfig.json'].includes(f))
      .sort();
    expect(expected.map((e) => e.file).sort()).toEqual(onDisk);
    expect(expected.length).toBeGreaterThanOrEqual(50);
  });

  it.each(expected.map((e) => [e.file, e] as const))('%s gives the expected result', (_file, e) => {
    const result = read(bytesOf(e.file));
    expect(outcomeOf(result), e.note).toBe(e.expect);
    expectKnownOutcome(result);
    if (result.ok) {
      expect(result.kind).toBe(e.kind);
      for (const w of e.warnings ?? []) expect(result.warnings.map((x) => x.code)).toContain(w);
    } else if (e.path !== undefined) {
      expect(result.error.path).toBe(e.path);
    }
    expectPrototypeUntouched();
  });

  it('reads the same as text as it does as bytes (files that are text)', () => {
    for (const e of expected) {
      const bytes = bytesOf(e.file);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        continue;
      }
      if (text.includes('\u0000')) continue;
      expect(outcomeOf(read(text)), e.file).toBe(outcomeOf(read(bytes)));
    }
  });

  it('keeps the valid files of a batch full of bad ones, whatever the order', () => {
    const valid = expected.filter((e) => e.expect === 'ok').map((e) => e.file);
    expect(valid.length).toBeGreaterThanOrEqual(5);
    const all = expected.map((e) => e.file);
    for (const order of [all, [...all].reverse()]) {
      const kept = order.filter((file) => read(bytesOf(file)).ok);
      expect([...kept].sort()).toEqual([...valid].sort());
    }
    expectPrototypeUntouched();
  });

  it('recomputes scores: a file that claims 100 points is scored from its answers', () => {
    const result = read(bytesOf('score-claims-100.json'));
    expect(result.ok && result.kind === 'response').toBe(true);
    if (result.ok && result.kind === 'response') {
      expect(result.score.total).toBeLessThan(100);
      expect(result.warnings.map((w) => w.code)).toContain('score-mismatch');
    }
  });

  it('keeps HTML in answers and names as plain text (escaping is the page\u2019s job, not the reader\u2019s)', () => {
    const result = read(bytesOf('valid-self-assessment-xss-name.json'));
    expect(result.ok && result.kind === 'response').toBe(true);
    if (result.ok && result.kind === 'response')
      expect(result.bundle.payload.response.respondent?.name).toContain('<img');
  });
});

describe('files too large to be ours', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'phieu-hostile-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a 40 MB file by its size, quickly, without parsing it', () => {
    const file = path.join(dir, 'big.json');
    // Sparse: a valid-looking start, then 40 MB of holes; nothing is written to disk but the start.
    const fd = openSync(file, 'w');
    writeSync(fd, '{"format":"phieu-chi-bo","formatVersion":1,"payload":"');
    ftruncateSync(fd, 40 * 1024 * 1024);
    closeSync(fd);
    expect(statSync(file).size).toBeGreaterThan(MAX_BUNDLE_BYTES);

    const bytes = new Uint8Array(readFileSync(file));
    const started = performance.now();
    const result = read(bytes);
    expect(outcomeOf(result)).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses 40 MB of text the same way', () => {
    const result = read(`{"a":"${'x'.repeat(40 * 1024 * 1024)}"}`);
    expect(outcomeOf(result)).toBe('too-large');
  });

  it('refuses a response padded past MAX_RESPONSE_BYTES, as text and as bytes, though the file limit is larger', () => {
    const good = readFileSync(path.join(corpusDir, 'valid-survey-xss-text.json'), 'utf8');
    const padded = good.replace('{', `{${' '.repeat(MAX_RESPONSE_BYTES)}`);
    expect(outcomeOf(read(good))).toBe('ok');
    expect(outcomeOf(read(padded))).toBe('too-large');
    expect(outcomeOf(read(new TextEncoder().encode(padded)))).toBe('too-large');
    expect(outcomeOf(read(padded, MAX_RESPONSE_BYTES))).toBe('too-large');
  });
});

describe('pasted codes', () => {
  it.each(codes.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let decoded: ReturnType<typeof decodeBundleCodes> = [];
    expect(() => {
      decoded = decodeBundleCodes(c.text);
    }).not.toThrow();
    expect(
      decoded.map((d) => (d.ok ? 'ok' : d.error.code)),
      c.note,
    ).toEqual(c.expect);
    for (const d of decoded) {
      if (!d.ok) continue;
      expect(d.text.length).toBeLessThanOrEqual(MAX_CODE_BYTES);
      expectKnownOutcome(read(d.text));
    }
    expectPrototypeUntouched();
  });

  it('unpacks a chat-wrapped code to a file that reads', () => {
    const wrapped = codes.find((c) => c.name === 'wrapped by a chat app')!;
    const [decoded] = decodeBundleCodes(wrapped.text);
    expect(decoded?.ok).toBe(true);
    if (decoded?.ok) expect(outcomeOf(read(decoded.text))).toBe('ok');
  });

  it('stops a deflate bomb at MAX_CODE_BYTES, quickly', () => {
    const bomb = codes.find((c) => c.name === 'deflate bomb')!;
    const started = performance.now();
    expect(decodeBundleCodes(bomb.text).map((d) => d.ok)).toEqual([false]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzzing. Each property runs a few thousand cases in a second or two; a failure prints the
// seed and the shrunk counterexample to replay.

const goodText = readFileSync(path.join(corpusDir, 'valid-survey-xss-text.json'), 'utf8');
const goodBundle = JSON.parse(goodText) as Record<string, unknown>;
const goodBytes = new TextEncoder().encode(goodText);

/** Every path to a value inside a JSON value, as key lists. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}
const goodPaths = pathsOf(goodBundle).filter((p) => p.length > 0 && p[0] !== 'digest');

function setAt(value: unknown, at: (string | number)[], to: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = at.at(-1)!;
  if (to === undefined) delete node[last];
  else node[last] = to;
  return copy;
}

/** Keys chosen to hurt: prototype pollution, and names near real fields. */
const nastyKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'na',
  'digest',
);
const nastyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    0.1 + 0.2,
    -1,
    1e-320,
    '',
    '\u0000',
    '\uFEFF',
    '<script>alert(1)</script>',
  ),
  fc.dictionary(nastyKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

describe('fuzzing readBundle', () => {
  it('reads a damaged sealed file either as the very same file or not at all', () => {
    const damage = fc.array(
      fc.record({
        at: fc.nat({ max: goodBytes.length - 1 }),
        op: fc.constantFrom('flip', 'delete', 'insert'),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(damage, (edits) => {
        const bytes = Array.from(goodBytes);
        for (const { at, op, byte } of edits) {
          const i = Math.min(at, bytes.length - 1);
          if (op === 'flip') bytes[i] = (bytes[i]! ^ (byte || 1)) & 255;
          else if (op === 'delete') bytes.splice(i, 1);
          else bytes.splice(i, 0, byte);
        }
        const result = read(new Uint8Array(bytes));
        expectKnownOutcome(result);
        // White space or an escape may change; what the file says may not, unnoticed.
        if (result.ok) expect(result.bundle).toEqual(goodBundle);
      }),
      { numRuns: 3000 },
    );
    expectPrototypeUntouched();
  });

  it('never throws when any field is replaced by anything and the digest is recomputed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...goodPaths), fc.option(nastyValue, { nil: undefined }), (at, to) => {
        const changed = setAt(goodBundle, at, to) as Record<string, unknown>;
        const { digest: _d, ...rest } = changed;
        let sealed: Record<string, unknown>;
        try {
          sealed = { ...rest, digest: digestOf(rest) };
        } catch {
          sealed = changed; // canonical JSON refuses non-finite numbers: read unsealed
        }
        const result = read(sealed);
        expectKnownOutcome(result);
        expectKnownOutcome(read(JSON.stringify(sealed)));
        if (result.ok && result.kind === 'response') expect(Number.isFinite(result.score.total)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expectPrototypeUntouched();
  });

  it('never throws when hostile keys are added anywhere, as JSON.parse makes them', () => {
    const objectPaths = [[], ...goodPaths].filter((p) => {
      let node: unknown = goodBundle;
      for (const k of p) node = (node as Record<string | number, unknown>)[k];
      return typeof node === 'object' && node !== null && !Array.isArray(node);
    });
    fc.assert(
      fc.property(fc.constantFrom(...objectPaths), nastyKey, fc.jsonValue({ maxDepth: 2 }), (at, key, value) => {
        // Build the text so `__proto__` is an own key, as it is in a file, not a prototype change.
        const marker = '"__hostile_marker__":0';
        const withMarker = JSON.stringify(setAt(goodBundle, [...at, '__hostile_marker__'], 0));
        const text = withMarker.replace(marker, `${JSON.stringify(key)}:${JSON.stringify(value)}`);
        expectKnownOutcome(read(text));
        expectPrototypeUntouched();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fuzzing pasted codes', () => {
  const base64url = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');

  it('never throws on random code-shaped text (prefix, base64url, checksum-like tail)', () => {
    fc.assert(
      fc.property(
        fc.array(base64url, { maxLength: 400 }),
        fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 8, maxLength: 8 }),
        (data, sum) => {
          const decoded = decodeBundleCodes(`PCB1.${data.join('')}.${sum.join('')}`);
          expect(decoded).toHaveLength(1);
          expect(decoded[0]!.ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the fuzzed inputs leave Object.prototype as it was', () => {
    expectPrototypeUntouched();
    expect(serializeBundle(goodBundle as never)).toBe(goodText);
  });
});

describe('a "__proto__" key spelled with escapes', () => {
  it('is refused like the plain one', () => {
    const good = readFileSync(path.join(corpusDir, 'valid-survey-xss-text.json'), 'utf8');
    const escaped = good.replace('"answers": {', '"answers": {"\\u005f_proto__": true, ');
    expect(escaped).not.toBe(good);
    expect(escaped.includes('__proto__')).toBe(false);
    expect(outcomeOf(read(escaped))).toBe('schema');
    expect(Object.prototype).not.toHaveProperty('true');
  });
});

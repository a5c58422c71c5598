// The import worker's reader (compiled schema, digests deferred to WebCrypto and checked a batch
// at a time) gives exactly the outcomes of core's plain readInputs: on the frozen v1 files, the
// whole hostile corpus, and files whose digest was broken after each later check would fail.
// Also: a ZIP shared by several workers (unzipInputs with a part). Node has WebCrypto too (globalThis.crypto.subtle), so this runs the worker's real code path.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InstrumentSchema,
  createCatalog,
  readBundle,
  serializeBundle,
  sha256Hex,
  type Instrument,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { strToU8, zipSync } from 'fflate';
import { readInputs, unzipInputs, verifyDigests, type ImportInput } from '../../src/core/import.ts';
import { createFastReader, webCryptoSha256 } from '../../src/workers/fast-reader.ts';

const root = path.resolve(import.meta.dirname, '../..');
const instrumentsDir = path.join(root, 'src/content/instruments');
const instruments: Instrument[] = readdirSync(instrumentsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(path.join(instrumentsDir, f), 'utf8'))));
const catalog = createCatalog(instruments);

function filesIn(dir: string): ImportInput[] {
  const abs = path.join(root, dir);
  return readdirSync(abs)
    .filter((f) => f.endsWith('.json') && f !== 'expected.json' && f !== 'codes.json')
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(abs, f))) }));
}

const frozen = filesIn('tests/fixtures/bundles/v1');
const hostile = filesIn('tests/fixtures/hostile');
const response = JSON.parse(
  readFileSync(path.join(root, 'tests/fixtures/bundles/v1/tu-danh-gia-dang-vien.response.json'), 'utf8'),
) as ResponseBundle;

const asInput = (name: string, value: unknown): ImportInput => ({
  name,
  bytes: new TextEncoder().encode(typeof value === 'string' ? value : serializeBundle(value as ResponseBundle)),
});

describe('the fast reader', () => {
  it('uses the compiled schema and WebCrypto here', () => {
    const reader = createFastReader(instruments);
    expect(reader.schema).toBe('compiled');
    expect(reader.digests).toBe('webcrypto');
  });

  it('WebCrypto gives core’s SHA-256', async () => {
    const hash = webCryptoSha256();
    expect(hash).toBeDefined();
    for (const text of ['', 'abc', 'Sinh hoạt chi bộ 🇻🇳', 'x'.repeat(100_000)])
      expect(await hash!(text)).toBe(sha256Hex(text));
  });

  it('reads the frozen files and the hostile corpus exactly as readInputs does', async () => {
    const inputs = [...frozen, ...hostile];
    expect(inputs.length).toBeGreaterThan(50);
    const fast = await createFastReader(instruments).read(inputs);
    const plain = readInputs(inputs, catalog);
    expect(fast).toEqual(plain);
    expect(fast.some((o) => 'unverified' in o)).toBe(false);
    // The corpus has both kinds, and digest failures among the errors.
    expect(fast.filter((o) => o.kind === 'response').length).toBeGreaterThan(0);
    expect(fast.filter((o) => o.kind === 'error' && o.code === 'digest-mismatch').length).toBeGreaterThan(0);
  });

  it('a broken digest wins over every later check, as in a synchronous read', async () => {
    // Answers that fail the answer check, a cell inconsistent with the envelope, an unknown
    // instrument version: each with its digest left stale (so the digest check must say it first).
    const tampered = [
      { ...response, payload: { ...response.payload, response: { ...response.payload.response, answers: { x: 1 } } } },
      { ...response, cell: 'CB-99' },
      { ...response, instrument: { ...response.instrument, version: '1999.1' } },
      { ...response, digest: `sha256:${'0'.repeat(64)}` },
    ].map((b, i) => asInput(`t${i}.json`, b));
    const fast = await createFastReader(instruments).read(tampered);
    expect(fast.map((o) => (o.kind === 'error' ? o.code : o.kind))).toEqual(Array(4).fill('digest-mismatch'));
    expect(fast).toEqual(readInputs(tampered, catalog));
  });

  it('agrees with readBundle on any single changed character of a file', async () => {
    const text = serializeBundle(response);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: text.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), async (at, ch) => {
        const changed = text.slice(0, at) + ch + text.slice(at + 1);
        const [fast] = await createFastReader(instruments).read([asInput('x.json', changed)]);
        const [plain] = readInputs([asInput('x.json', changed)], catalog);
        expect(fast).toEqual(plain);
      }),
      { numRuns: 300 },
    );
  });
});

describe('deferred digests in core', () => {
  it('readBundle with deferDigest leaves the digest for later, with the text it is over', () => {
    const r = readBundle(serializeBundle(response), { catalog, deferDigest: true });
    expect(r.ok).toBe(true);
    expect(r.unverified?.digest).toBe(response.digest);
    expect(`sha256:${sha256Hex(r.unverified!.text)}`).toBe(response.digest);
    // Without it, nothing is left unverified.
    expect(readBundle(serializeBundle(response), { catalog }).unverified).toBeUndefined();
  });

  it('verifyDigests turns a digest that does not hold into digest-mismatch and strips the rest', async () => {
    const good = asInput('good.json', response);
    const bad = asInput('bad.json', { ...response, createdAt: '2026-01-01T00:00:00Z' });
    const outcomes = readInputs([good, bad], { catalog, deferDigest: true });
    expect(outcomes.map((o) => o.unverified !== undefined)).toEqual([true, true]);
    const checked = await verifyDigests(outcomes, async (t) => sha256Hex(t));
    expect(checked.map((o) => (o.kind === 'error' ? o.code : o.kind))).toEqual(['response', 'digest-mismatch']);
    expect(checked.some((o) => 'unverified' in o)).toBe(false);
  });
});

describe('a ZIP shared by several workers', () => {
  const names = Array.from({ length: 23 }, (_, i) => `f${String(i).padStart(2, '0')}.json`);
  const zip = zipSync({
    ...Object.fromEntries(names.map((n) => [n, strToU8(`{"n":"${n}"}`)])),
    '.hidden': strToU8('x'),
    'dir/': new Uint8Array(0),
  });

  it('gives each entry to exactly one part, and all parts together give the whole archive', () => {
    const whole = unzipInputs('a.zip', zip);
    if (!Array.isArray(whole)) throw new Error('expected entries');
    for (const of of [1, 2, 3, 4]) {
      const parts = Array.from({ length: of }, (_, index) => unzipInputs('a.zip', zip, { index, of }));
      const got = parts.flatMap((p) => (Array.isArray(p) ? p.map((i) => i.name) : ['error']));
      expect(got.sort()).toEqual(whole.map((i) => i.name).sort());
      expect(new Set(got).size).toBe(got.length);
      // Shares are even (one entry apart at most).
      const sizes = parts.map((p) => (Array.isArray(p) ? p.length : 0));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(whole.map((i) => i.name)).toEqual(names.map((n) => `a.zip/${n}`));
  });

  it('reports a damaged archive in every part', () => {
    const broken = zip.slice(0, zip.length - 30);
    for (const index of [0, 1]) {
      const r = unzipInputs('b.zip', broken, { index, of: 2 });
      expect(Array.isArray(r) ? 'entries' : r.kind === 'error' ? r.code : r.kind).toBe('zip-damaged');
    }
  });
});

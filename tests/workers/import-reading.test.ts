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
  MAX_BUNDLE_BYTES,
  createCatalog,
  readBundle,
  serializeBundle,
  sha256Hex,
  type Instrument,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { constants, deflateRawSync } from 'node:zlib';
import { Zip, ZipDeflate, strToU8, zipSync } from 'fflate';
import { inflateExact } from '../../src/core/inflate.ts';
import { densestBomb } from '../core/deflate-streams.ts';
import {
  isOutcome,
  readInputs,
  unzipInputs,
  verifyDigests,
  type ImportInput,
  type ReadOutcome,
  type ZipItem,
} from '../../src/core/import.ts';
import { createFastReader, webCryptoSha256 } from '../../src/workers/fast-reader.ts';

const root = path.resolve(import.meta.dirname, '../..');
const instrumentsDir = path.join(root, 'src/content/instruments');
// Current and superseded versions, as the collection page hands them to the worker.
const instruments: Instrument[] = [instrumentsDir, path.join(instrumentsDir, 'superseded')].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(path.join(dir, f), 'utf8')))),
);
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
  const linesOf = (items: ZipItem[]): string[] =>
    items.map((item) => {
      const x = item.open();
      if (isOutcome(x)) return `${x.source} ${x.kind} ${'code' in x ? x.code : ''}`;
      return `${x.name} read ${'bytes' in x ? x.bytes.length : x.text.length}`;
    });

  it('gives each entry to exactly one part, and all parts together give the whole archive', () => {
    const whole = unzipInputs('a.zip', zip);
    if (!Array.isArray(whole)) throw new Error('expected entries');
    for (const of of [1, 2, 3, 4]) {
      const parts = Array.from({ length: of }, (_, index) => unzipInputs('a.zip', zip, { index, of }));
      const got = parts.flatMap((p) => (Array.isArray(p) ? linesOf(p) : ['error']));
      expect(got.sort()).toEqual(linesOf(whole).sort());
      expect(new Set(got).size).toBe(got.length);
      // Shares are even (one entry apart at most, the folder entry giving none).
      const sizes = parts.map((p) => (Array.isArray(p) ? p.length : 0));
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(whole.map((i) => i.name)).toEqual([...names.map((n) => `a.zip/${n}`), 'a.zip/.hidden']);
  });

  it('reports a damaged archive in every part', () => {
    const broken = zip.slice(0, zip.length - 30);
    for (const index of [0, 1]) {
      const r = unzipInputs('b.zip', broken, { index, of: 2 });
      expect(Array.isArray(r) ? 'entries' : r.kind === 'error' ? r.code : r.kind).toBe('zip-damaged');
    }
  });
});

/** A ZIP with entries in this order, names repeated as given (a record cannot hold those). */
function zipOf(entries: [string, Uint8Array][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const z = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of entries) {
    const f = new ZipDeflate(name, { level: 1 });
    z.add(f);
    f.push(data, true);
  }
  z.end();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A ZIP of entries given as their raw data, with the method and size they claim (CRC left 0: not read). */
function rawZip(entries: { name: string; data: Uint8Array; size: number; method?: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const header = (length: number, fields: [number, number, number][]) => {
    const b = new Uint8Array(length);
    const v = new DataView(b.buffer);
    for (const [at, value, bytes] of fields) {
      if (bytes === 2) v.setUint16(at, value, true);
      else v.setUint32(at, value, true);
    }
    return b;
  };
  for (const { name, data, size, method = 8 } of entries) {
    const n = strToU8(name);
    const local = header(30, [
      [0, 0x04034b50, 4],
      [4, 20, 2],
      [8, method, 2],
      [18, data.length, 4],
      [22, size, 4],
      [26, n.length, 2],
    ]);
    parts.push(local, n, data);
    central.push(
      header(46, [
        [0, 0x02014b50, 4],
        [4, 20, 2],
        [6, 20, 2],
        [10, method, 2],
        [20, data.length, 4],
        [24, size, 4],
        [28, n.length, 2],
        [42, offset, 4],
      ]),
      n,
    );
    offset += 30 + n.length + data.length;
  }
  const centralSize = central.reduce((a, c) => a + c.length, 0);
  const end = header(22, [
    [0, 0x06054b50, 4],
    [8, entries.length, 2],
    [10, entries.length, 2],
    [12, centralSize, 4],
    [16, offset, 4],
  ]);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('every ZIP entry gets a line', () => {
  const good = serializeBundle(JSON.parse(JSON.stringify(response)) as ResponseBundle);
  const entries: [string, Uint8Array][] = [
    ...Array.from({ length: 5 }, (): [string, Uint8Array] => ['tai-ve/phieu.json', strToU8(good)]),
    ['tai-ve/.DS_Store', strToU8('x')],
    ['__MACOSX/tai-ve/._phieu.json', strToU8('x')],
    ['tai-ve/trong.zip', zipSync({ 'a.json': strToU8(good) })],
    ['tai-ve/doi-ten.json', zipSync({ 'a.json': strToU8(good) })],
    ['tai-ve/qua-lon.json', new Uint8Array(MAX_BUNDLE_BYTES + 1)],
    ['tai-ve/hong.json', strToU8('{"format":')],
    // A note saved beside the files: no code in it, so not a broken code.
    ['tai-ve/doc-ky.txt', strToU8('Các đồng chí gửi phiếu trước thứ Sáu nhé.')],
    ['tai-ve/ma-hong.txt', strToU8('Mã của anh Ba: PCB1.abc')],
  ];
  const archive = zipOf(entries);
  const expected = [
    'a.zip/tai-ve/phieu.json response',
    'a.zip/tai-ve/phieu.json (2) response',
    'a.zip/tai-ve/phieu.json (3) response',
    'a.zip/tai-ve/phieu.json (4) response',
    'a.zip/tai-ve/phieu.json (5) response',
    'a.zip/tai-ve/.DS_Store skipped zip-hidden',
    'a.zip/__MACOSX/tai-ve/._phieu.json skipped zip-hidden',
    'a.zip/tai-ve/trong.zip skipped zip-nested',
    'a.zip/tai-ve/doi-ten.json skipped zip-nested',
    'a.zip/tai-ve/qua-lon.json error too-large',
    'a.zip/tai-ve/hong.json error not-json',
    'a.zip/tai-ve/doc-ky.txt skipped no-code',
    'a.zip/tai-ve/ma-hong.txt error bad-code',
  ];
  const lineOf = (o: ReadOutcome): string =>
    `${o.source} ${o.kind}${o.kind === 'error' || o.kind === 'skipped' ? ` ${o.code}` : ''}`;

  it('reads five entries with one name as five, and says why each other entry is skipped or refused', () => {
    const outcomes = readInputs([{ name: 'a.zip', bytes: archive }], catalog);
    expect(outcomes.map(lineOf)).toEqual(expected);
  });

  it('gives the same lines with 1 worker or with 2, 3 and 4 sharing the archive', async () => {
    for (const of of [1, 2, 3, 4]) {
      const lines: string[] = [];
      for (let index = 0; index < of; index++) {
        const items = unzipInputs('a.zip', archive, { index, of });
        if (!Array.isArray(items)) throw new Error('expected entries');
        const opened = items.map((item) => item.open());
        lines.push(...opened.filter(isOutcome).map(lineOf));
        const reader = createFastReader(instruments);
        lines.push(...(await reader.read(opened.filter((x): x is ImportInput => !isOutcome(x)))).map(lineOf));
      }
      expect(lines.sort()).toEqual([...expected].sort());
    }
  });

  it('refuses an entry that unpacks to more than it claims (a bomb), without unpacking past the claim', () => {
    const bomb = zipOf([['bom.json', new Uint8Array(1_000_000)]]);
    // Make the central directory claim 100 bytes instead of 1,000,000.
    const view = new DataView(bomb.buffer, bomb.byteOffset);
    const central = bomb.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 100, true);
    const out = readInputs([{ name: 'bom.zip', bytes: bomb }], catalog);
    expect(out.map(lineOf)).toEqual(['bom.zip/bom.json error zip-damaged']);
  });

  it('refuses a 1,032:1 bomb entry, whatever size it claims, within the memory of that claim', () => {
    // 1 GiB of zeros from 1 MiB of deflate data, claiming 100 bytes, then its own 1 MiB.
    const stream = densestBomb(1 << 22);
    const rss = process.resourceUsage().maxRSS; // KiB, the process's peak so far
    for (const size of [100, stream.length]) {
      const zip = rawZip([{ name: 'bom.json', data: stream, size }]);
      expect(readInputs([{ name: 'bom.zip', bytes: zip }], catalog).map(lineOf)).toEqual([
        'bom.zip/bom.json error zip-damaged',
      ]);
    }
    expect(process.resourceUsage().maxRSS - rss).toBeLessThan(100 * 1024);
  });

  it('refuses an entry that unpacks to fewer bytes than it claims, or that is stored at other than its size', () => {
    const data = new Uint8Array(deflateRawSync(good));
    const size = strToU8(good).length;
    const zip = rawZip([
      { name: 'ok.json', data, size },
      { name: 'short.json', data, size: size + 1 },
      { name: 'long.json', data, size: size - 1 },
      { name: 'stored.json', data: strToU8(good), size: size + 1, method: 0 },
    ]);
    expect(readInputs([{ name: 's.zip', bytes: zip }], catalog).map(lineOf)).toEqual([
      's.zip/ok.json response',
      's.zip/short.json error zip-damaged',
      's.zip/long.json error zip-damaged',
      's.zip/stored.json error zip-damaged',
    ]);
  });

  it('refuses an entry whose compressed data is far larger than any encoder writes for its size', () => {
    // The file, then 1,000 empty stored blocks: valid deflate, 5 KB no encoder would write.
    const file = strToU8(good);
    const packed = new Uint8Array(deflateRawSync(file, { finishFlush: constants.Z_SYNC_FLUSH }));
    const padded = new Uint8Array(packed.length + 5000 + 2);
    padded.set(packed);
    for (let i = 0; i < 1000; i++) padded.set([0, 0, 0, 0xff, 0xff], packed.length + 5 * i);
    padded.set([0x03, 0x00], packed.length + 5000); // a final empty fixed block
    expect(inflateExact(padded, file.length)).toEqual(file);
    const zip = rawZip([
      { name: 'ok.json', data: new Uint8Array(deflateRawSync(file)), size: file.length },
      { name: 'padded.json', data: padded, size: file.length },
    ]);
    expect(readInputs([{ name: 'p.zip', bytes: zip }], catalog).map(lineOf)).toEqual([
      'p.zip/ok.json response',
      'p.zip/padded.json error zip-damaged',
    ]);
  });
});

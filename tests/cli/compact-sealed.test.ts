// The read-ahead thread's text of a file's digest made from its bytes (cli/aggregate/compact-sealed.ts):
// whenever it gives one, it is the UTF-8 of JSON.stringify of JSON.parse of the bytes without the
// top-level `digest`, which is what the digest is over; on anything written otherwise it gives up
// (-1) and the thread parses instead. The function runs here from the very string the thread runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPACT_SEALED_SOURCE } from '../../cli/aggregate/compact-sealed.ts';

type Compact = (b: Uint8Array, start: number, end: number, out: Uint8Array, found: Int32Array) => number;
const compactSealed = vm.runInNewContext(`${COMPACT_SEALED_SOURCE}; compactSealed`) as Compact;

/** The compact text of `text` (placed after other bytes, as in the ring) and the digest's text, or null. */
function compact(text: string): { text: string; digest: string } | null {
  const bytes = Buffer.concat([Buffer.from('{"x":1} '), Buffer.from(text, 'utf8'), Buffer.from(' {}')]);
  const start = 8;
  const end = bytes.length - 3;
  const out = Buffer.alloc(end - start);
  const found = new Int32Array(2);
  const n = compactSealed(bytes, start, end, out, found);
  if (n < 0) return null;
  return { text: out.toString('utf8', 0, n), digest: bytes.toString('utf8', found[0], found[1]) };
}

/** What the digest is over, by parsing: the stringify of the object without its digest. */
function sealedText(text: string): { text: string; digest: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { digest, ...sealed } = value as Record<string, unknown>;
  return { text: JSON.stringify(sealed), digest };
}

/** The law: a compact text, when there is one, is the parsed one (and then the text was JSON). */
function expectLaw(text: string): void {
  const got = compact(text);
  if (got === null) return;
  const want = sealedText(text);
  expect(want, text).not.toBeNull();
  expect(got.text, text).toBe(want!.text);
  expect(got.digest, text).toBe(want!.digest);
}

const anyKey = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'digest', '0', '1', '10', '__proto__', 'toJSON', 'é', 'x y'),
  fc.string({ maxLength: 4 }),
);
/** Number texts of every sort stringify writes or does not. */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('-0', '0', '1.0', '1.50', '0.5', '-0.5', '1e2', '1E-7', '0.000001', '0.0000001', '10.25'),
  fc.constantFrom('1234567890123456', '123456789012345', '0.1234567890123456', '12345678901234.5', '007'),
  fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
);
const leaf = fc.oneof(
  numberText,
  fc.constantFrom('true', 'false', 'null', '"sha256:00"'),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"\\u0041"', '"a\\/b"', '"\\n"', '"Đảng viên"'),
);
const space = fc.constantFrom('', ' ', '\n  ', '\t', '\r\n');
/** JSON-ish texts: objects and arrays of the leaves, keys in any order, some twice. */
const { value: anyText } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('array')),
  object: fc
    .tuple(fc.array(fc.tuple(anyKey, tie('value'), space), { maxLength: 5 }), space)
    .map(
      ([members, s]) =>
        `{${s}${members.map(([k, v, w]) => `${JSON.stringify(k)}${w}:${w}${String(v)}`).join(`,${s}`)}${s}}`,
    ),
  array: fc
    .tuple(fc.array(tie('value'), { maxLength: 4 }), space)
    .map(([items, s]) => `[${s}${items.map(String).join(`,${s}`)}]`),
}));

describe('the compact text of a sealed file', () => {
  it('is the stringify of the parsed object without its digest, whenever one is given', () => {
    fc.assert(
      fc.property(anyText, (text) => expectLaw(String(text))),
      { numRuns: 3000 },
    );
    // With a digest at the top for sure, and keys in order (the files our writers make).
    const sorted = fc
      .dictionary(fc.constantFrom('a', 'b', 'cell', 'z', 'é'), leaf, { maxKeys: 5 })
      .chain((d) => fc.tuple(fc.constant(d), fc.constantFrom('"sha256:ab"', '"x"', '1', '{}'), space));
    fc.assert(
      fc.property(sorted, ([d, digest, s]) => {
        const members = Object.entries({ ...d, digest }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expectLaw(`{${s}${members.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(`,${s}`)}${s}}`);
      }),
    );
    // Keys of a few letters in any order, some twice, some index-like, a digest among them.
    const members = fc.tuple(
      fc.array(
        fc.tuple(fc.constantFrom('a', 'b', 'c', '2', '10'), fc.constantFrom('1', '"x"', '[2]', '{"a":1,"a":2}')),
        {
          maxLength: 5,
        },
      ),
      fc.nat(5),
    );
    fc.assert(
      fc.property(members, ([list, at]) => {
        const all: [string, string][] = [...list];
        all.splice(at, 0, ['digest', '"d"']);
        expectLaw(`{${all.map(([k, v]) => `"${k}":${v}`).join(',')}}`);
      }),
      { numRuns: 500 },
    );
  });

  it("is given for our writers' files, pretty-printed, and for the same text in one line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phieu-compact-'));
    try {
      const cli = path.resolve(import.meta.dirname, '../../cli/phieu.mjs');
      const r = spawnSync(process.execPath, [
        cli,
        'synth',
        '--instrument',
        'tu-danh-gia-dang-vien',
        '--count',
        '40',
        '--seed',
        'c',
        '--out',
        dir,
      ]);
      expect(r.status).toBe(0);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      expect(files.length).toBe(40);
      for (const f of files) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        for (const t of [text, JSON.stringify(JSON.parse(text))]) {
          const got = compact(t);
          expect(got, f).not.toBeNull();
          expect(got).toEqual(sealedText(t));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up on what stringify writes otherwise, or on what is not one object with a text digest', () => {
    const given = (body: string): boolean => compact(`{"a":${body},"digest":"d"}`) !== null;
    expect(given('1')).toBe(true);
    expect(given('[1,-2,0.5,-0.5,10.25,0.000001,123456789012345,{"b":null,"c":[true,false]}]')).toBe(true);
    // Numbers: an exponent, -0, a trailing 0, too many digits (maybe not the shortest text), too small.
    for (const n of ['1e2', '1E2', '-0', '1.0', '1.50', '1234567890123456', '0.1234567890123456', '0.0000001'])
      expect(given(n), n).toBe(false);
    // Strings with an escape, however harmless.
    for (const s of ['"\\u0041"', '"a\\/b"', '"\\n"', '"\\""']) expect(given(s), s).toBe(false);
    // Keys: twice (JSON.parse keeps the last value), out of order, index-like (listed first by V8).
    expect(compact('{"a":1,"a":2,"digest":"d"}')).toBeNull();
    expect(compact('{"a":{"x":1,"x":2},"digest":"d"}')).toBeNull();
    expect(compact('{"b":1,"a":2,"digest":"d"}')).toBeNull();
    expect(compact('{"1":1,"digest":"d"}')).toBeNull();
    expect(compact('{"a":{"10":1},"digest":"d"}')).toBeNull();
    // The digest: missing, not a text, twice; only the top-level one is left out.
    expect(compact('{"a":1}')).toBeNull();
    expect(compact('{"a":1,"digest":1}')).toBeNull();
    expect(compact('{"a":1,"digest":"d","digest":"d"}')).toBeNull();
    expect(compact('{"a":{"digest":"x"},"digest":"d"}')).toEqual({ text: '{"a":{"digest":"x"}}', digest: 'd' });
    expect(compact('{"digest":"d"}')).toEqual({ text: '{}', digest: 'd' });
    expect(compact(' {\n\t"digest" : "d" ,\r\n "e":[ ] } \n')).toEqual({ text: '{"e":[]}', digest: 'd' });
    // Not one object.
    for (const t of ['[1]', '"x"', '{"digest":"d"} {}', '{"digest":"d"', '', 'nul', '{"a":tru,"digest":"d"}'])
      expect(compact(t), t).toBeNull();
  });
});

import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CODE_PREFIX,
  MAX_CODE_BYTES,
  createCatalog,
  decodeBundleCode,
  decodeBundleCodes,
  encodeBundleCode,
  readBundle,
  toCanonicalJson,
  writeResponseBundle,
  type Answers,
  type DecodedCode,
} from '../../src/core/index.ts';
import { choice, instrument, responseFor, section, text, yesNo } from '../builders.ts';

const survey = instrument({
  id: 'khao-sat',
  sections: [
    section('s', [
      choice('q1', [
        ['a', 60],
        ['b', 30],
        ['c', 0],
      ]),
      yesNo('q2', 40),
      text('y-kien'),
    ]),
  ],
});
const catalog = createCatalog([survey]);
const bundleOf = (answers: Answers, cell = 'CB-01') =>
  writeResponseBundle({
    instrument: survey,
    response: responseFor(survey, answers, { cell }),
    app: '0.1.0',
    createdAt: '2026-03-31T10:00:00+07:00',
  });
const bundle = bundleOf({ q1: 'a', q2: true, 'y-kien': 'Nội dung sinh hoạt thiết thực, đúng giờ.' });
const code = encodeBundleCode(bundle);

/** A code made by hand from any bytes: `PCB1.<base64url>.<first 8 hex of sha256(data)>`. */
function handMadeCode(deflated: Uint8Array): string {
  const data = Buffer.from(deflated).toString('base64url');
  return `${CODE_PREFIX}.${data}.${createHash('sha256').update(data).digest('hex').slice(0, 8)}`;
}

function okText(d: DecodedCode | undefined): string {
  if (!d) throw new Error('no code decoded');
  if (!d.ok) throw new Error(`expected ok, got ${d.error.code}`);
  return d.text;
}

describe('encode → decode', () => {
  it('looks like PCB1.<base64url>.<8 hex>', () => {
    expect(code).toMatch(/^PCB1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}$/);
  });

  it('unpacks to the canonical JSON of the file, which reads back as the same bundle', () => {
    const decoded = decodeBundleCodes(code);
    expect(decoded).toHaveLength(1);
    const t = okText(decoded[0]);
    expect(t).toBe(toCanonicalJson(bundle));
    const r = readBundle(t, { catalog });
    expect(r.ok && r.bundle).toEqual(bundle);
  });

  it('is shorter than the file it carries', () => {
    expect(code.length).toBeLessThan(JSON.stringify(bundle).length);
  });
});

describe('codes survive chat mangling', () => {
  const wrap = (s: string, every: number, sep: string) =>
    s.slice(0, 5) + (s.slice(5).match(new RegExp(`.{1,${every}}`, 'g')) ?? []).join(sep);
  it.each<[string, string]>([
    ['line breaks every 40 characters', wrap(code, 40, '\n')],
    ['CRLF line breaks', wrap(code, 33, '\r\n')],
    ['spaces', wrap(code, 17, ' ')],
    ['zero-width spaces', wrap(code, 9, '\u200B')],
    ['zero-width joiners and BOMs', wrap(code, 11, '\u200D\uFEFF')],
    ['non-breaking spaces', wrap(code, 25, '\u00A0')],
    ['a line break right after the prefix', `${CODE_PREFIX}.\n${code.slice(5)}`],
    ['text around it', `Em gửi mã phiếu ạ:\n${code}\nCảm ơn anh!`],
    ['text glued after it', `${code}Cảm ơn`],
    ['quotes and indentation', `  «${wrap(code, 50, '\n    ')}»`],
  ])('%s', (_n, pasted) => {
    const decoded = decodeBundleCodes(pasted);
    expect(decoded).toHaveLength(1);
    expect(okText(decoded[0])).toBe(toCanonicalJson(bundle));
  });

  it('several codes in one paste, in order, each with its own result', () => {
    const second = bundleOf({ q1: 'c', q2: false }, 'CB-02');
    const broken = code.slice(0, -3) + (code.endsWith('000') ? '111' : '000');
    const pasted = `Phiếu 1: ${code}\n\nPhiếu 2:\n${wrap(encodeBundleCode(second), 30, '\n')}\nPhiếu 3: ${broken}`;
    const decoded = decodeBundleCodes(pasted);
    expect(decoded.map((d) => d.ok)).toEqual([true, true, false]);
    expect(okText(decoded[0])).toBe(toCanonicalJson(bundle));
    expect(okText(decoded[1])).toBe(toCanonicalJson(second));
    const third = decoded[2];
    expect(third?.ok === false && third.error.code).toBe('bad-code');
  });

  it.each<[string, (c: string) => string]>([
    ['its data cut short', (c) => c.slice(0, Math.floor(c.length / 2))],
    ['its checksum cut short', (c) => c.slice(0, -5)],
    ['its dot and checksum lost', (c) => c.slice(0, c.lastIndexOf('.'))],
  ])('a code with %s is one bad code, and the code after it is still read', (_n, cut) => {
    const second = bundleOf({ q1: 'c', q2: false }, 'CB-02');
    for (const gap of ['\n', ' ', ''])
      for (const next of [encodeBundleCode(second), wrap(encodeBundleCode(second), 30, '\n')]) {
        const decoded = decodeBundleCodes(`${code}\n${cut(code)}${gap}${next}`);
        expect(decoded.map((d) => d.ok)).toEqual([true, false, true]);
        expect(okText(decoded[2])).toBe(toCanonicalJson(second));
      }
  });

  it('text with no code at all gives one bad-code entry; empty text gives none', () => {
    const d = decodeBundleCodes('Chào anh, em gửi phiếu rồi nhé');
    expect(d).toHaveLength(1);
    expect(d[0]?.ok === false && d[0].error.code).toBe('bad-code');
    expect(decodeBundleCodes('   \n')).toEqual([]);
  });
});

describe('broken codes are bad-code', () => {
  it.each<[string, string]>([
    ['cut short', code.slice(0, Math.floor(code.length / 2))],
    ['without its checksum', code.slice(0, code.lastIndexOf('.'))],
    ['a wrong checksum', `${code.slice(0, -8)}${code.slice(-8) === '00000000' ? '11111111' : '00000000'}`],
    [
      'a checksum in capitals',
      code.slice(0, -8) +
        code
          .slice(-8)
          .toUpperCase()
          .replace(/^[0-9]+/, 'F'),
    ],
    ['a character outside base64url', code.slice(0, 10) + '+' + code.slice(11)],
    ['only the prefix', `${CODE_PREFIX}.`],
  ])('%s', (_n, c) => {
    const d = decodeBundleCode(c);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error.code).toBe('bad-code');
    expect(!d.ok && d.error.message.vi.length).toBeGreaterThan(10);
  });

  it('a valid checksum over data that is not deflate', () => {
    const d = decodeBundleCode(handMadeCode(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])));
    expect(!d.ok && d.error.code).toBe('bad-code');
  });

  it('a valid checksum over data that inflates to something other than UTF-8', () => {
    const d = decodeBundleCode(handMadeCode(deflateSync(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]))));
    expect(!d.ok && d.error.code).toBe('bad-code');
  });

  it('a decompression bomb (valid checksum, inflates beyond MAX_CODE_BYTES) is refused', () => {
    const bomb = handMadeCode(deflateSync(new Uint8Array(MAX_CODE_BYTES + 4096).fill(0x20), { level: 9 }));
    expect(bomb.length).toBeLessThan(2000);
    const d = decodeBundleCode(bomb);
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error.code).toBe('bad-code');
  });

  it('just under the limit still inflates (the bomb test is not vacuous)', () => {
    const payload = new Uint8Array(MAX_CODE_BYTES - 16).fill(0x20);
    const d = decodeBundleCode(handMadeCode(deflateSync(payload, { level: 9 })));
    expect(d.ok && d.text.length).toBe(MAX_CODE_BYTES - 16);
  });
});

describe('properties', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

  it('any one changed character (after the prefix) gives bad-code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: code.length - 1 }), fc.constantFrom(...alphabet), (i, c) => {
        fc.pre(code[i] !== c);
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        const d = decodeBundleCodes(changed);
        for (const x of d) expect(x.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('white space and zero-width characters inserted after the prefix never change the result', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 5, max: code.length }),
            fc.constantFrom(' ', '\n', '\r\n', '\t', '\u200B', '\u200C', '\uFEFF'),
          ),
          {
            maxLength: 12,
          },
        ),
        (inserts) => {
          let mangled = code;
          for (const [i, s] of [...inserts].sort((a, b) => b[0] - a[0]))
            mangled = mangled.slice(0, i) + s + mangled.slice(i);
          const d = decodeBundleCodes(mangled);
          expect(d).toHaveLength(1);
          expect(okText(d[0])).toBe(toCanonicalJson(bundle));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decodeBundleCodes never throws on arbitrary text, and never returns ok text that is not an original', () => {
    const originals = [bundle, bundleOf({ q1: 'b' }), bundleOf({ q2: false, 'y-kien': 'ý kiến' })];
    const codes = originals.map(encodeBundleCode);
    const texts = new Set(originals.map(toCanonicalJson));
    // Pieces that look like codes: whole codes, parts of them, the prefix, noise.
    const piece = fc.oneof(
      fc.constantFrom(...codes),
      fc
        .constantFrom(...codes)
        .chain((c) =>
          fc
            .tuple(fc.nat({ max: c.length }), fc.nat({ max: c.length }))
            .map(([a, b]) => c.slice(Math.min(a, b), Math.max(a, b))),
        ),
      fc.constant(`${CODE_PREFIX}.`),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('\n', ' ', '\u200B', '.'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        for (const d of decodeBundleCodes(pieces.join(''))) if (d.ok) expect(texts.has(d.text)).toBe(true);
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const d of decodeBundleCodes(s)) expect(d.ok).toBe(false);
        for (const d of decodeBundleCodes(`${CODE_PREFIX}.${s}`)) expect(d.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, digestOf, sha256Hex, sortKeysDeep, toCanonicalJson } from '../../src/core/index.ts';

describe('toCanonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'sorts nested keys, keeps array order',
      { z: [{ y: 1, x: 2 }, 3], a: { d: null, c: true } },
      '{"a":{"c":true,"d":null},"z":[{"x":2,"y":1},3]}',
    ],
    [
      'sorts by code unit (capitals first, then _ and lower case, then accents)',
      { é: 1, a: 2, _: 3, Z: 4, B: 5 },
      '{"B":5,"Z":4,"_":3,"a":2,"é":1}',
    ],
    ['drops undefined fields', { a: 1, b: undefined, c: { d: undefined } }, '{"a":1,"c":{}}'],
    ['writes undefined in arrays as null, like JSON', [1, undefined, 2], '[1,null,2]'],
    ['has no white space', { a: [1, 2], b: 'x y' }, '{"a":[1,2],"b":"x y"}'],
    ['escapes strings like JSON', { s: 'dòng 1\n"trích"\u0001' }, '{"s":"dòng 1\\n\\"trích\\"\\u0001"}'],
    ['writes -0 as 0', -0, '0'],
    ['writes numbers like JSON', [0.1, 1e21, 1.5e-7, 94.08333333333334], '[0.1,1e+21,1.5e-7,94.08333333333334]'],
    ['keeps an own "__proto__" key as data', JSON.parse('{"__proto__":{"x":1},"a":1}'), '{"__proto__":{"x":1},"a":1}'],
    ['scalars', [null, true, false, 'x'], '[null,true,false,"x"]'],
  ])('%s', (_n, value, expected) => {
    expect(toCanonicalJson(value)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity inside an object', { a: Number.NEGATIVE_INFINITY }],
    ['NaN inside an array', [1, Number.NaN]],
    ['a bigint', 1n],
    ['a function field', { f: () => 1 }],
    ['a symbol', Symbol('x')],
    ['undefined itself', undefined],
  ])('refuses %s', (_n, value) => {
    expect(() => toCanonicalJson(value)).toThrow(TypeError);
  });

  it('parses back to the value JSON itself would carry (for JSON values; -0 becomes 0 as in JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(toCanonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), fc.nat(), (obj, seed) => {
        const keys = Object.keys(obj);
        // fromEntries keeps a "__proto__" key as a key (an assignment would set the prototype).
        const shuffled: Record<string, unknown> = Object.fromEntries(
          keys.map((_, i) => keys[(i + seed) % keys.length]!).map((k) => [k, obj[k]]),
        );
        expect(toCanonicalJson(shuffled)).toBe(toCanonicalJson(obj));
      }),
      { numRuns: 500 },
    );
  });
});

describe('digests', () => {
  it('sha256Hex of known strings (UTF-8)', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('The quick brown fox jumps over the lazy dog')).toBe(
      'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
    );
    expect(sha256Hex('Sinh hoạt chi bộ 🇻🇳')).toBe(
      createHash('sha256').update('Sinh hoạt chi bộ 🇻🇳', 'utf8').digest('hex'),
    );
  });

  it('digestOf ignores key order and changes with any value', () => {
    expect(digestOf({ a: 1, b: [1, 2] })).toBe(digestOf({ b: [1, 2], a: 1 }));
    expect(digestOf({ a: 1, b: [1, 2] })).not.toBe(digestOf({ a: 1, b: [2, 1] }));
    expect(digestOf({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('the native fast path', () => {
  // An independent reference, written plainly: sorted keys, JSON.stringify for the leaves.
  const reference = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
    if (v && typeof v === 'object')
      return `{${Object.keys(v)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`)
        .join(',')}}`;
    return JSON.stringify(v);
  };

  it('gives the reference text for any JSON value, in any key order, sorted or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(toCanonicalJson(v)).toBe(reference(v));
        expect(toCanonicalJson(sortKeysDeep(v))).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('does not take the fast path for integer-like keys, whose object order is not code-unit order', () => {
    expect(toCanonicalJson({ 10: 'a', 2: 'b', x: 1 })).toBe('{"10":"a","2":"b","x":1}');
  });
});

describe('canonicalize', () => {
  it('gives toCanonicalJson’s text and a value whose keys are in order, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const { value, text } = canonicalize(v);
        expect(text).toBe(toCanonicalJson(v));
        expect(value).toStrictEqual(sortKeysDeep(v));
        expect(toCanonicalJson(value)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('shares what is already in order and copies only the path to what is not', () => {
    const inOrder = { a: { b: [1, { c: 2, d: 3 }] }, e: 'x' };
    expect(canonicalize(inOrder).value).toBe(inOrder);
    const deep = { x: 1, y: 2 };
    const mixed = { a: { keep: deep }, b: { z: 1, y: 2 } };
    const { value } = canonicalize(mixed);
    expect(value).not.toBe(mixed);
    expect(value.a).toBe(mixed.a);
    expect(value.a.keep).toBe(deep);
    expect(Object.keys(value.b)).toEqual(['y', 'z']);
    expect(Object.keys(mixed.b)).toEqual(['z', 'y']); // the input is left as it was
  });

  it('drops undefined fields, writes integer-like keys in code-unit order, refuses non-JSON', () => {
    expect(canonicalize({ b: undefined, a: 1 })).toEqual({ value: { a: 1 }, text: '{"a":1}' });
    expect(canonicalize({ 10: 'a', 2: 'b', x: 1 }).text).toBe('{"10":"a","2":"b","x":1}');
    expect(canonicalize([1, undefined]).text).toBe('[1,null]');
    for (const bad of [Number.NaN, { a: Number.POSITIVE_INFINITY }, [() => 1], { s: Symbol('x') }, 1n])
      expect(() => canonicalize(bad)).toThrow(TypeError);
  });

  it('keeps a "__proto__" key as an own key', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1}}') as Record<string, unknown>;
    const { value, text } = canonicalize(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(text).toBe('{"__proto__":{"x":1},"b":1}');
  });
});

describe('a "__proto__" key', () => {
  it('stays an own key through sortKeysDeep and toCanonicalJson, never a prototype', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1}}') as Record<string, unknown>;
    const sorted = sortKeysDeep(parsed);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(toCanonicalJson(sorted)).toBe('{"__proto__":{"x":1},"b":1}');
    expect(toCanonicalJson(parsed)).toBe('{"__proto__":{"x":1},"b":1}');
  });
});

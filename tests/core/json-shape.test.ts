// A large JSON text nested deeper, or made of more arrays and objects, than any file the app writes
// is refused before JSON.parse, whose memory grows with the parts, not the bytes (30 MB of "[[[…"
// took 1.6 GB). Brackets inside strings are text, and texts up to SHAPE_CHECK_FROM are not looked at.
import { describe, expect, it } from 'vitest';
import { MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, SHAPE_CHECK_FROM, jsonShapeFits } from '../../src/core/json-shape.ts';
import { createCatalog, readBundle } from '../../src/core/index.ts';
import { readSealed } from '../../src/core/seal/index.ts';

/** `value` padded with a long string so that its text is over SHAPE_CHECK_FROM. */
const padded = (value: string): string => `{"pad":"${'x'.repeat(SHAPE_CHECK_FROM)}","v":${value}}`;
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonShapeFits', () => {
  it('takes a text as deep as the limit, and refuses one level more', () => {
    // The padding's object is one level.
    expect(jsonShapeFits(padded(nested(MAX_JSON_DEPTH - 1)))).toBe(true);
    expect(jsonShapeFits(padded(nested(MAX_JSON_DEPTH)))).toBe(false);
  });

  it('takes as many arrays and objects as the limit, and refuses one more', () => {
    // n arrays and objects: the outer array, n - 2 objects, the last array.
    const many = (n: number) => `[${'{},'.repeat(n - 2)}[]]`;
    expect(jsonShapeFits(many(MAX_JSON_CONTAINERS))).toBe(true);
    expect(jsonShapeFits(many(MAX_JSON_CONTAINERS + 1))).toBe(false);
  });

  it('counts no bracket inside a string, escaped quotes included', () => {
    const brackets = `"${'['.repeat(SHAPE_CHECK_FROM)}\\"[[[["`;
    expect(jsonShapeFits(padded(brackets))).toBe(true);
    expect(jsonShapeFits(padded(`["\\\\", ${nested(MAX_JSON_DEPTH)}]`))).toBe(false);
  });

  it('does not look at a text up to SHAPE_CHECK_FROM long', () => {
    const deep = nested(SHAPE_CHECK_FROM / 2);
    expect(deep.length).toBe(SHAPE_CHECK_FROM);
    expect(jsonShapeFits(deep)).toBe(true);
  });
});

describe('readers refuse such a text before parsing it', () => {
  const deep = nested(4 * SHAPE_CHECK_FROM);
  it('a file', () => {
    const r = readBundle(deep, { catalog: createCatalog([]) });
    expect(!r.ok && r.error.code).toBe('not-bundle');
  });
  it('a sealed batch', () => {
    const r = readSealed(`{"format":"phieu-chi-bo-sealed","v":${deep}}`);
    expect(r.ok).toBe(false);
  });
});

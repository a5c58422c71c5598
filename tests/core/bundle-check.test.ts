// The plain check of response files says yes only to what the schema accepts (and "not sure" to
// the rest, which the schema then decides), and yes to the files our writers make.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BundleSchema,
  isCertainlyCanonicalResponseBundle,
  isCertainlyResponseBundle,
  toCanonicalJson,
  writeResponseBundle,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';

const root = path.resolve(import.meta.dirname, '../fixtures');
const jsonIn = (dir: string): unknown[] =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(path.join(root, dir, f), 'utf8')) as unknown];
      } catch {
        return [];
      }
    });

const written: ResponseBundle[] = realInstruments().flatMap((instrument) =>
  [...generateResponses(instrument, { count: 6, cells: 2, seed: 'check', period: '2026-Q3' })].map((response) =>
    writeResponseBundle({ instrument, response, app: '0.1.0', createdAt: '2026-09-20T09:00:00+07:00' }),
  ),
);

const accepted = (v: unknown): boolean => BundleSchema.safeParse(v).success;

/** A value somewhere in a bundle replaced, a key added or removed. */
function mutations(bundle: ResponseBundle): fc.Arbitrary<unknown> {
  const paths: string[][] = [];
  const walk = (v: unknown, at: string[]): void => {
    paths.push(at);
    if (typeof v === 'object' && v !== null) for (const [k, c] of Object.entries(v)) walk(c, [...at, k]);
  };
  walk(bundle, []);
  const odd = fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    'x',
    'X'.repeat(33),
    'a'.repeat(121),
    '__proto__',
    0,
    -1,
    1.5,
    1e6 + 1,
    Infinity,
    NaN,
    true,
    [],
    {},
    { na: true },
    { na: false },
    '2026-02-30',
    '2026-09-20T09:00:00',
    'sha256:' + 'A'.repeat(64),
    'CB 01',
    'cb-01"',
    '2026-Q5',
  );
  return fc
    .tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), odd, fc.constantFrom('set', 'add', 'delete'))
    .map(([at, value, how]) => {
      const copy = structuredClone(bundle) as unknown as Record<string, unknown>;
      let node = copy;
      for (const k of at.slice(0, -1)) node = node[k] as Record<string, unknown>;
      const last = at.at(-1)!;
      if (how === 'delete') delete node[last];
      else if (how === 'add' && typeof node[last] === 'object' && node[last] !== null)
        (node[last] as Record<string, unknown>)['extra-key'] = value;
      else node[last] = value;
      return copy;
    });
}

describe('isCertainlyResponseBundle', () => {
  it('says yes to every response file our writers make', () => {
    for (const b of written) expect(isCertainlyResponseBundle(JSON.parse(JSON.stringify(b)))).toBe(true);
  });

  it('says yes only to what the schema accepts, however a file is changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...written).chain((b) => mutations(b)),
        (value) => {
          if (isCertainlyResponseBundle(value)) expect(accepted(value)).toBe(true);
        },
      ),
      { numRuns: 6000 },
    );
  });

  it('says yes only to what the schema accepts among the hostile and frozen fixtures', () => {
    for (const v of [...jsonIn('hostile'), ...jsonIn('bundles/v1')])
      if (isCertainlyResponseBundle(v)) expect(accepted(v)).toBe(true);
  });

  it('leaves reports and other values to the schema', () => {
    for (const v of [
      null,
      [],
      'x',
      1,
      {},
      ...jsonIn('bundles/v1').filter((b) => (b as { kind?: string }).kind === 'report'),
    ])
      expect(isCertainlyResponseBundle(v)).toBe(false);
  });
});

/** What isCertainlyCanonicalResponseBundle promises of a value it says yes to. */
function expectCanonical(value: unknown): void {
  expect(isCertainlyResponseBundle(value)).toBe(true);
  const { digest: _, ...sealed } = value as Record<string, unknown>;
  expect(JSON.stringify(sealed)).toBe(toCanonicalJson(sealed));
}

describe('isCertainlyCanonicalResponseBundle', () => {
  it('says yes to every response file our writers make, read back', () => {
    for (const b of written) expect(isCertainlyCanonicalResponseBundle(JSON.parse(JSON.stringify(b)))).toBe(true);
  });

  it('says yes only where the plain check does and the file without its digest is canonical as it stands', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...written).chain((b) => mutations(b)),
        (value) => {
          if (isCertainlyCanonicalResponseBundle(value)) expectCanonical(value);
        },
      ),
      { numRuns: 6000 },
    );
    for (const v of [...jsonIn('hostile'), ...jsonIn('bundles/v1')])
      if (isCertainlyCanonicalResponseBundle(v)) expectCanonical(v);
  });

  it('says no when any object has its keys out of order (numbers as keys among them)', () => {
    const b = JSON.parse(JSON.stringify(written[0])) as Record<string, unknown>;
    const swapped = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(o).reverse());
    const response = (b.payload as { response: Record<string, unknown> }).response;
    for (const v of [
      swapped(b),
      { ...b, instrument: swapped(b.instrument as Record<string, unknown>) },
      { ...b, payload: { ...(b.payload as object), response: swapped(response) } },
      {
        ...b,
        payload: {
          ...(b.payload as object),
          response: { ...response, answers: swapped(response.answers as Record<string, unknown>) },
        },
      },
      { ...b, payload: { ...(b.payload as object), response: { ...response, answers: { '10': 1, '9': 2 } } } },
    ]) {
      expect(isCertainlyCanonicalResponseBundle(v)).toBe(false);
      // The plain check is unchanged by it.
      expect(isCertainlyResponseBundle(v)).toBe(isCertainlyResponseBundle(JSON.parse(JSON.stringify(v))));
    }
    expect(isCertainlyCanonicalResponseBundle(b)).toBe(true);
  });
});

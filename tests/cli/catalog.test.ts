// The catalog the CLI reads files with checks each instrument when a file first names it, and
// gives exactly the instruments (the same objects) that loading every one of them gives; the
// native SHA-256 names an instrument as core's does.
import { describe, expect, it } from 'vitest';
import { hashInstrument } from '../../src/core/index.ts';
import { loadCatalog, loadInstruments } from '../../cli/catalog.ts';
import { nativeSha256 } from '../../cli/reader.ts';

describe('loadCatalog', () => {
  it('gives, per id, the instruments loadInstruments gives, in the same order and the same objects', () => {
    // Made before anything loads every instrument: the lazy catalog.
    const lazy = loadCatalog();
    const ids = ['tu-danh-gia-dang-vien', 'khao-sat-sinh-hoat'];
    const early = ids.map((id) => lazy.versions(id));
    const { instruments, problems } = loadInstruments();
    expect(problems).toEqual([]);
    const all = [...new Set(instruments.map((i) => i.id))];
    expect(all.length).toBeGreaterThan(2);
    for (const id of all) {
      const expected = instruments.filter((i) => i.id === id);
      expect(expected.length).toBeGreaterThan(0);
      const got = lazy.versions(id);
      expect(got).toHaveLength(expected.length);
      got.forEach((ins, k) => expect(ins).toBe(expected[k]));
      // And the catalog made once everything is loaded agrees.
      expect(loadCatalog().versions(id)).toEqual(expected);
    }
    early.forEach((list, k) => expect(list).toEqual(lazy.versions(ids[k]!)));
    expect(lazy.versions('khong-co')).toEqual([]);
  });
});

describe('hashInstrument with the native SHA-256', () => {
  it('gives the hash core gives, for every instrument (the report names its instrument by it)', () => {
    const { instruments } = loadInstruments();
    for (const ins of instruments) {
      // Copies, so neither call finds the other's remembered hash.
      const a = structuredClone(ins);
      const b = structuredClone(ins);
      expect(hashInstrument(a, nativeSha256)).toBe(hashInstrument(b));
      expect(hashInstrument(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });
});

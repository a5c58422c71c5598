// The catalog the CLI reads files with checks each instrument when a file first names it, and
// gives exactly the instruments (the same objects) that loading every one of them gives.
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadInstruments } from '../../cli/catalog.ts';

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

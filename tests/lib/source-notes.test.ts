// The print form's "where the numbers come from": every source note of a sheet is listed, named by
// what it belongs to, and the local choices are set apart, so none reaches a secretary as the
// source's own rule.
import { describe, expect, it } from 'vitest';
import { sourceEntries } from '../../src/lib/source-notes.ts';
import { instrument, rawInstrument, realInstruments, section, yesNo } from '../builders.ts';

/** Every `source` string anywhere in a value. */
function allNotes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allNotes);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'source' && typeof v === 'string' ? [v] : allNotes(v)));
}

describe('sourceEntries', () => {
  it.each(realInstruments().map((i) => [i.id, i] as const))(
    '%s: lists every note of the definition once',
    (_id, ins) => {
      const entries = sourceEntries(ins);
      expect(entries.map((e) => e.note).sort()).toEqual(allNotes(ins).sort());
      expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
    },
  );

  it('names each note by what it belongs to: the sheet, a level, an item with its number, a rule', () => {
    const ins = instrument({
      source: '[seen] the sheet',
      sections: [
        section('a', [yesNo('q1', 5, { source: '[secondary] item one' }), yesNo('q2', 5)], {
          source: '[inferred] the section',
        }),
        section('b', [yesNo('q3', 5, { source: 'Local choice, default: 5 points' })]),
      ],
    });
    const byPath = new Map(sourceEntries(ins).map((e) => [e.path, e]));
    expect(byPath.get('')).toMatchObject({ kind: 'instrument', local: false });
    expect(byPath.get('sections.0')?.kind).toBe('section');
    expect(byPath.get('sections.0')?.what).toEqual(ins.sections[0]!.title);
    expect(byPath.get('sections.0.items.0')).toMatchObject({ kind: 'item', itemNo: 1, local: false });
    expect(byPath.get('sections.1.items.0')).toMatchObject({ kind: 'item', itemNo: 3, local: true });
  });

  it('sets apart the local choices of the shipped sheets: the Phú Thọ year, the An Phú edges, the task score', () => {
    const local = (id: string): string[] =>
      sourceEntries(realInstruments().find((i) => i.id === id)!)
        .filter((e) => e.local)
        .map((e) => e.path);
    expect(local('cham-sinh-hoat-theo-phan').sort()).toEqual(['adoption', 'yearFromMonths']);
    expect(local('phieu-cham-sinh-hoat')).toContain('sections.1.items.0');
    expect(local('tu-danh-gia-dang-vien')).toContain('metrics.0');
    // A note from a source with no local choice in it is not marked.
    expect(sourceEntries(rawInstrument({ source: '[seen] Form A-2: Tốt ≥ 90' }))[0]!.local).toBe(false);
  });
});

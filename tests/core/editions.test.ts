// A published instrument version never changes how it scores. Its notes may be corrected (where a
// number comes from, how a quota's base is read) in a new edition of the same version, which lists
// the earlier editions' hashes (`earlierEditions`); files made with an earlier edition then read as
// this one's, without the "edited copy" warning, and reports keep merging, since the version is
// the same. Every definition the site ever published is frozen in
// tests/fixtures/instruments/published.json, each earlier edition in .../editions/.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createCatalog,
  hashInstrument,
  InstrumentSchema,
  isEditionOf,
  readBundle,
  withoutNotes,
  writeResponseBundle,
  type Instrument,
} from '../../src/core/index.ts';
import { allInstrumentVersions, extremeAnswers, responseFor } from '../builders.ts';

const FIXTURES = new URL('../fixtures/instruments/', import.meta.url);
const published = (
  JSON.parse(readFileSync(new URL('published.json', FIXTURES), 'utf8')) as {
    published: { id: string; version: string; hash: string }[];
  }
).published;
const EDITIONS = new URL('editions/', FIXTURES);
const editions: Instrument[] = readdirSync(EDITIONS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(new URL(f, EDITIONS), 'utf8'))));
const shipped = allInstrumentVersions();
const name = (i: { id: string; version: string }) => `${i.id} ${i.version}`;
const PERIOD_OF: Record<string, string> = { year: '2026', quarter: '2026-Q4', month: '2026-11' };
const periodOf = (ins: Instrument): string => PERIOD_OF[ins.periods[0] ?? 'month'] ?? '2026-11';

describe('editions of a published version', () => {
  it.each(shipped.map((i) => [name(i), i] as const))(
    '%s is as published, or a later edition of it that changed only notes',
    (_n, ins) => {
      const hash = hashInstrument(ins);
      const asPublished = published.some((p) => p.id === ins.id && p.version === ins.version && p.hash === hash);
      if (asPublished) return;
      const earlier = ins.earlierEditions ?? [];
      const was = published.filter((p) => p.id === ins.id && p.version === ins.version).map((p) => p.hash);
      expect(
        was,
        `${name(ins)} is a new version: add { id, version, hash: "${hash}" } to tests/fixtures/instruments/published.json`,
      ).not.toEqual([]);
      expect(
        earlier,
        `${name(ins)} is not as published (${was.join(', ')}): bump its version, or, if only notes changed, list its earlier editions`,
      ).not.toEqual([]);
      // Its first edition is one the site published.
      expect(published).toContainEqual({ id: ins.id, version: ins.version, hash: earlier[0] });
      for (const h of earlier) {
        const copy = editions.find((e) => hashInstrument(e) === h);
        expect(copy, `a frozen copy of the edition ${h} in tests/fixtures/instruments/editions/`).toBeDefined();
        // The same sheet but for its notes: the same scoring for every answer.
        expect(withoutNotes(copy)).toEqual(withoutNotes(ins));
      }
    },
  );

  it.each(published.map((p) => [name(p), p] as const))(
    'what was published as %s still reads, as itself or as an earlier edition',
    (_n, p) => {
      const now = shipped.find((i) => i.id === p.id && i.version === p.version);
      expect(now, `${name(p)} was published: keep it (in superseded/ when replaced)`).toBeDefined();
      if (now) expect(isEditionOf(now, p.hash)).toBe(true);
    },
  );

  it('reads a file made with an earlier edition as this one, without the edited-copy warning', () => {
    const catalog = createCatalog(shipped);
    const cases = editions.map((old) => {
      const now = shipped.find((i) => i.id === old.id && i.version === old.version);
      if (!now) throw new Error(`no shipped ${name(old)}`);
      return { old, now };
    });
    expect(cases.length).toBeGreaterThan(0);
    for (const { old, now } of cases) {
      expect(hashInstrument(old)).not.toBe(hashInstrument(now));
      const answers = extremeAnswers(old, 'best');
      const file = writeResponseBundle({
        instrument: old,
        response: responseFor(old, answers, { period: periodOf(old) }),
        app: '0.1.0',
        createdAt: '2026-12-01T09:00:00+07:00',
      });
      const read = readBundle(JSON.stringify(file), { catalog });
      expect(read.ok, JSON.stringify(read)).toBe(true);
      if (!read.ok || read.kind !== 'response') continue;
      expect(read.warnings).toEqual([]);
      expect(read.instrument).toBe(now);
      // A file made with any other copy of the version is still said to be an edited one.
      const edited = writeResponseBundle({
        instrument: old,
        response: responseFor(old, answers, { period: periodOf(old) }),
        app: '0.1.0',
        createdAt: '2026-12-01T09:00:00+07:00',
        ref: { id: old.id, version: old.version, hash: `sha256:${'0'.repeat(64)}` },
      });
      const again = readBundle(JSON.stringify(edited), { catalog });
      expect(again.ok && again.warnings.map((w) => w.code)).toEqual(['instrument-edited']);
    }
  });

  it('takes away only notes when comparing editions: a changed point is a changed sheet', () => {
    const [first] = editions;
    if (!first) throw new Error('no frozen edition');
    const notes = JSON.parse(JSON.stringify(first)) as Instrument;
    notes.source = 'another note';
    expect(withoutNotes(notes)).toEqual(withoutNotes(first));
    const points = JSON.parse(JSON.stringify(first)) as Instrument;
    points.maxScore += 1;
    expect(withoutNotes(points)).not.toEqual(withoutNotes(first));
  });
});

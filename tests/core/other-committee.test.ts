// A sheet from another committee, encoded only as JSON (tests/fixtures/sheets/bang-diem-hai-cot.json)
// with no code change: it parses, and scores every hand-computed case exactly, band edges made of
// decimal points included; two columns, a bonus within its section, thresholds that follow a
// metric, a strict step, a cap that holds only in a combined session, rules between numbers that
// every reader enforces, and the adoption vote.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InstrumentSchema,
  checkResponse,
  createCatalog,
  readBundle,
  scoreResponse,
  serializeBundle,
  writeResponseBundle,
  type Answers,
} from '../../src/core/index.ts';
import { responseFor } from '../builders.ts';

const sheet = InstrumentSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/sheets/bang-diem-hai-cot.json', import.meta.url), 'utf8')),
);

/** A month of 20 on the roll, 1 exempted, 1 on special duty: 18 expected. */
function month(extra: Answers = {}): Answers {
  return {
    'on-roll': 20,
    exempted: 1,
    'special-duty': 1,
    present: 18,
    'absent-with': 0,
    'absent-without': 0,
    speakers: 10,
    duration: 90,
    combined: false,
    'no-unexcused': true,
    content: 45.5,
    results: 34.5,
    voters: 18,
    'votes-for': 18,
    'upper-present': false,
    ...extra,
  };
}

const pointsOf = (answers: Answers, id: string) => scoreResponse(sheet, answers).items.find((i) => i.id === id)?.points;

describe('a sheet nobody here encoded, as one JSON file', () => {
  it('a full month: 7.5 + 2.5 + 5 + 5 + 45.5 + 34.5 = 100, Tốt, complete', () => {
    const s = scoreResponse(sheet, month());
    expect(s.sections.map((x) => [x.id, x.points, x.max])).toEqual([
      ['so-lieu', 0, 0],
      ['du-hop', 10, 10],
      ['thoi-luong', 5, 5],
      ['phat-bieu', 5, 5],
      ['noi-dung', 80, 80],
      ['bieu-quyet', 0, 0],
    ]);
    expect([s.total, s.scaled, s.level, s.complete]).toEqual([100, 100, 'tot', true]);
  });

  it('decimal points that add up to the band edge exactly: 7.75 + 3.5 + 5 + 41.3 + 32.45 = 90 is Tốt, one hundredth less is Khá', () => {
    // 16 of 18 present (88.9 %): 5.25 + the 2.5 bonus; 10 minutes short: 3.5; 9 of 16 spoke: 5.
    const edge = month({ present: 16, 'absent-with': 2, speakers: 9, duration: 80, content: 41.3, results: 32.45 });
    const s = scoreResponse(sheet, edge);
    expect([s.total, s.scaled, s.level]).toEqual([90, 90, 'tot']);
    const below = scoreResponse(sheet, { ...edge, results: 32.44 });
    expect([below.total, below.level]).toEqual([89.99, 'kha']);
  });

  it('a strict step: exactly half of those present speaking is not "over 50 %" (2.75), one more is (5)', () => {
    expect(pointsOf(month({ speakers: 9 }), 'speak')).toBe(2.75);
    expect(pointsOf(month({ speakers: 10 }), 'speak')).toBe(5);
    expect(pointsOf(month({ speakers: 5 }), 'speak')).toBe(0);
  });

  it('thresholds that follow a metric with a constant and a case: 90 minutes, 120 in a combined session', () => {
    expect(pointsOf(month({ duration: 90 }), 'length')).toBe(5);
    expect(pointsOf(month({ duration: 75 }), 'length')).toBe(3.5);
    expect(pointsOf(month({ duration: 74 }), 'length')).toBe(1.25);
    expect(pointsOf(month({ duration: 110, combined: true }), 'length')).toBe(3.5);
    expect(pointsOf(month({ duration: 120, combined: true }), 'length')).toBe(5);
  });

  it('a cap that holds only in a combined session lowers points and maximum (raw total banded, not rescaled)', () => {
    const s = scoreResponse(sheet, month({ combined: true, duration: 120 }));
    expect(s.sections.find((x) => x.id === 'noi-dung')).toMatchObject({ points: 78.5, max: 78.5 });
    expect(s.capsHeld).toEqual(['ghep']);
    expect([s.total, s.max, s.scaled, s.level]).toEqual([98.5, 98.5, 98.5, 'tot']);
  });

  it('the bonus counts within its section: without it attendance tops at 7.5 of 10', () => {
    const s = scoreResponse(sheet, month({ 'no-unexcused': false }));
    expect(s.sections.find((x) => x.id === 'du-hop')).toMatchObject({ points: 7.5, max: 10 });
    expect(s.total).toBe(97.5);
  });

  it('two columns: the upper level’s figure replaces the committee’s where given; the first column stays as it was', () => {
    const s = scoreResponse(sheet, month({ 'content.cap-tren': 30.25 }));
    expect(s.columns).toEqual([
      { scorer: 'chi-uy', entered: 2, total: 100, scaled: 100, bandLevel: 'tot' },
      { scorer: 'cap-tren', entered: 1, total: 84.75, scaled: 84.75, bandLevel: 'kha' },
    ]);
    expect([s.total, s.level]).toEqual([84.75, 'kha']);
    // An entry with more than two decimals, or over its maximum, does not fit.
    expect(scoreResponse(sheet, month({ content: 41.305 })).invalid).toEqual(['content']);
    expect(scoreResponse(sheet, month({ content: 45.51 })).invalid).toEqual(['content']);
  });

  it('the members’ vote: adopted with more than half, "not adopted" at half; the upper level’s confirmation', () => {
    expect(scoreResponse(sheet, month({ voters: 18, 'votes-for': 10 })).adoption).toEqual({
      status: 'adopted',
      confirmation: 'absent',
      voters: 18,
      votesFor: 10,
    });
    const half = scoreResponse(
      sheet,
      month({ voters: 18, 'votes-for': 9, 'upper-present': true, 'upper-confirmed': false }),
    );
    expect(half.adoption).toMatchObject({ status: 'not-adopted', confirmation: 'not-confirmed' });
    expect(half.complete).toBe(true);
    expect(scoreResponse(sheet, month({ voters: undefined as never })).adoption?.status).toBe('pending');
  });

  it('figures that do not agree block the export and every reader refuses the file, naming the fields', () => {
    const broken = month({ present: 19 });
    const s = scoreResponse(sheet, broken);
    expect(s.broken.map((b) => [b.id, b.items])).toEqual([
      ['du-vang', ['present', 'absent-with', 'absent-without', 'on-roll', 'exempted', 'special-duty']],
    ]);
    expect(s.complete).toBe(false);
    const response = responseFor(sheet, broken);
    expect(checkResponse(sheet, response).map((i) => i.item)).toEqual(['present']);
    const file = serializeBundle(
      writeResponseBundle({ instrument: sheet, response, app: 'test', createdAt: '2026-03-31' }),
    );
    const read = readBundle(file, { catalog: createCatalog([sheet]) });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.code).toBe('answers-invalid');
      expect(read.error.message.vi).toMatch(/không khớp/);
    }
    // The same file with figures that agree reads.
    const fine = serializeBundle(
      writeResponseBundle({
        instrument: sheet,
        response: responseFor(sheet, month()),
        app: 'test',
        createdAt: '2026-03-31',
      }),
    );
    expect(readBundle(fine, { catalog: createCatalog([sheet]) }).ok).toBe(true);
  });
});

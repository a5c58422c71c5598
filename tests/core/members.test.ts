import { describe, expect, it } from 'vitest';
import { scoreResponse, writeResponseBundle, type CollectedResponse } from '../../src/core/index.ts';
import { matchName, viewMembers } from '../../src/core/members.ts';
import { addResponse, createCollection } from '../../src/core/cell-collection.ts';
import { responseFor, selfAssessment } from '../builders.ts';

const named = selfAssessment();

/** One member's sheet: response id (one per device), name, send time. */
function sheet(id: string, name: string, day = 1, cell = 'CB-0001'): CollectedResponse {
  const response = responseFor(named, { q1: 'a' }, { id, cell, respondent: { name } });
  const bundle = writeResponseBundle({
    instrument: named,
    response,
    app: 'test',
    createdAt: `2026-12-0${day}T08:00:00+07:00`,
  });
  return { bundle, score: scoreResponse(named, response.answers) };
}
const ids = (xs: readonly CollectedResponse[]) => xs.map((x) => x.bundle.payload.response.id).sort();

describe('matchName', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['  NGUYEN   VAN  AN ', 'nguyen van an'],
    ['Nguye\u0302\u0303n Va\u0306n An', 'nguyen van an'], // decomposed marks
    ['Nguyễn\u200B Văn\u200D An', 'nguyen van an'], // zero-width
    ['\u202ENguyễn Văn An', 'nguyen van an'], // right-to-left override
    ['Ｎｇｕｙễｎ Văn An', 'nguyen van an'], // full width
    ['Lê Đức Cường', 'le duc cuong'],
  ])('%j matches as %j', (name, key) => expect(matchName(name)).toBe(key));
});

describe('member identity', () => {
  it('two members with one name, both on the roster, stay two', () => {
    const view = viewMembers(
      [sheet('thiet-bi-aa', 'Nguyễn Văn An'), sheet('thiet-bi-bb', 'Nguyễn Văn An')],
      ['Nguyễn Văn An', 'Nguyễn Văn An', 'Trần Thị Bình'],
    );
    expect(view.counted).toHaveLength(2);
    expect(view.conflicts).toEqual([]);
    expect(view.answered).toEqual(['Nguyễn Văn An', 'Nguyễn Văn An']);
    expect(view.missing).toEqual(['Trần Thị Bình']);
  });

  it('one member on two devices (typed without diacritics on the second) is a conflict, counted once', () => {
    const phone = sheet('thiet-bi-aa', 'Nguyễn Văn An', 1);
    const laptop = sheet('thiet-bi-bb', 'nguyen van an', 2);
    for (const order of [
      [phone, laptop],
      [laptop, phone],
    ]) {
      const view = viewMembers(order, ['Nguyễn Văn An', 'Trần Thị Bình']);
      expect(ids(view.counted)).toEqual(['thiet-bi-bb']); // the later send, meanwhile
      expect(view.conflicts).toHaveLength(1);
      expect(ids(view.conflicts[0]!.sheets)).toEqual(['thiet-bi-aa', 'thiet-bi-bb']); // both visible
      expect(view.answered).toEqual(['Nguyễn Văn An']);
      expect(view.unknown).toEqual([]);
    }
  });

  it('the secretary keeps one sheet: the other is set aside, shown and never counted', () => {
    const phone = sheet('thiet-bi-aa', 'Nguyễn Văn An', 1);
    const laptop = sheet('thiet-bi-bb', 'nguyen van an', 2);
    const view = viewMembers([phone, laptop], ['Nguyễn Văn An'], { setAside: ['thiet-bi-bb'] });
    expect(ids(view.counted)).toEqual(['thiet-bi-aa']);
    expect(view.conflicts).toEqual([]);
    expect(view.groups[0]).toMatchObject({ state: 'settled' });
    expect(ids(view.groups[0]!.setAside)).toEqual(['thiet-bi-bb']);
  });

  it('the secretary says they are different people: both count, the one without an entry is not on the roster', () => {
    const view = viewMembers(
      [sheet('thiet-bi-aa', 'Nguyễn Văn An'), sheet('thiet-bi-bb', 'Nguyễn Văn An', 2)],
      ['Nguyễn Văn An'],
      { separate: ['thiet-bi-aa', 'thiet-bi-bb'] },
    );
    expect(view.counted).toHaveLength(2);
    expect(view.conflicts).toEqual([]);
    expect(view.unknown).toHaveLength(1);
  });

  it('a third sheet reopens a settled conflict', () => {
    const view = viewMembers(
      [sheet('thiet-bi-aa', 'An', 1), sheet('thiet-bi-bb', 'An', 2), sheet('thiet-bi-cc', 'An', 3)],
      ['An'],
      { setAside: ['thiet-bi-bb'] },
    );
    expect(view.conflicts).toHaveLength(1);
    expect(ids(view.counted)).toEqual(['thiet-bi-cc']);
  });

  it('without a roster, one name twice is a conflict to settle too', () => {
    const view = viewMembers([sheet('thiet-bi-aa', 'An'), sheet('thiet-bi-bb', 'an', 2)], []);
    expect(view.conflicts).toHaveLength(1);
    expect(view.counted).toHaveLength(1);
    expect(view.missing).toEqual([]);
    expect(view.unknown).toEqual([]);
  });

  it('names not on the roster are listed as such', () => {
    const view = viewMembers([sheet('thiet-bi-aa', 'Người Lạ')], ['Nguyễn Văn An']);
    expect(ids(view.unknown)).toEqual(['thiet-bi-aa']);
    expect(view.missing).toEqual(['Nguyễn Văn An']);
  });
});

describe('a named collection counts members, not files', () => {
  const key = { cell: 'CB-0001', instrumentId: named.id, instrumentVersion: named.version, period: '2026-Q1' };
  const add = (c: ReturnType<typeof createCollection>, s: CollectedResponse) =>
    addResponse(c, { ...s, warnings: [], source: s.bundle.payload.response.id });

  it('six files of five members (one on two devices) count five, and keep six', () => {
    const roster = ['An', 'Bình', 'Cường', 'Dũng', 'Em'];
    const c = createCollection(key, { names: roster });
    roster.forEach((n, i) => add(c, sheet(`thiet-bi-${i}0`, n)));
    add(c, sheet('thiet-bi-x9', 'an', 2));
    expect(c.responses.size).toBe(5);
    expect(c.responses.all()).toHaveLength(6);
    expect(c.responses.members().conflicts).toHaveLength(1);
    c.decisions = { setAside: ['thiet-bi-x9'] };
    expect(ids(c.responses.values())).not.toContain('thiet-bi-x9');
    expect(c.responses.members().conflicts).toEqual([]);
  });

  it('files of the cell typed in lower case belong to it', () => {
    const c = createCollection(key);
    expect(add(c, sheet('thiet-bi-aa', 'An', 1, 'cb-0001')).status).toBe('added');
  });
});

describe('the cell report carries the levels the cell decided, sheet by sheet', () => {
  it('two members with one name keep their own decided levels', async () => {
    const { tallyCell } = await import('../../src/core/cell-report.ts');
    const key = { cell: 'CB-0001', instrumentId: named.id, instrumentVersion: named.version, period: '2026-Q1' };
    const c = createCollection(key, { names: ['An', 'An', 'Bình'] });
    for (const [id, name] of [
      ['thiet-bi-bb', 'An'],
      ['thiet-bi-aa', 'An'],
      ['thiet-bi-cc', 'Bình'],
    ] as const)
      addResponse(c, { ...sheet(id, name), warnings: [], source: id });
    const [high, low] = [named.levels[0]!.id, named.levels[named.levels.length - 1]!.id];
    c.decisions = { decided: { 'thiet-bi-aa': high, 'thiet-bi-bb': low } };
    const partial = tallyCell(named, c).unit;
    expect(partial.members?.map((m) => [m.name, m.decided])).toEqual([
      ['An', high],
      ['An', low],
      ['Bình', undefined],
    ]);
    expect(partial.decidedLevels).toBeUndefined(); // not every member decided yet
    c.decisions = { decided: { ...c.decisions.decided, 'thiet-bi-cc': high } };
    expect(tallyCell(named, c).unit.decidedLevels).toEqual({ [high]: 2, [low]: 1 });
  });
});

describe('survey comments reach the reader shuffled, and only at or above the threshold', () => {
  it('gives nothing below the threshold and a shuffled list at it', async () => {
    const { commentsOf } = await import('../../src/core/cell-report.ts');
    const { instrument, text, section, yesNo } = await import('../builders.ts');
    const survey = instrument({
      anonymity: 'anonymous',
      minRespondents: 3,
      sections: [section('s', [yesNo('q1', 10), text('y-kien', { required: false })])],
    });
    const key = { cell: 'CB-01', instrumentId: survey.id, instrumentVersion: survey.version, period: '2026-Q1' };
    const c = createCollection(key);
    const add = (id: string, comment: string) => {
      const response = responseFor(survey, { q1: true, 'y-kien': comment }, { id });
      const bundle = writeResponseBundle({ instrument: survey, response, app: 't', createdAt: '2026-12-01T08:00:00Z' });
      addResponse(c, { bundle, score: scoreResponse(survey, response.answers), warnings: [], source: id });
    };
    add('phieu-0001', 'một');
    add('phieu-0002', '  hai ');
    const first = () => 0;
    expect(commentsOf(survey, c, first)).toBeUndefined();
    add('phieu-0003', '');
    const comments = commentsOf(survey, c, first);
    expect(comments).toHaveLength(1);
    expect([...comments![0]!.texts].sort()).toEqual(['hai', 'một']);
    // The order comes from the randomness given, not from the sheets.
    const last = (n: number) => n - 1;
    expect(commentsOf(survey, c, first)![0]!.texts).not.toEqual(commentsOf(survey, c, last)![0]!.texts);
  });
});

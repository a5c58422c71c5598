// Hand-computed cases for each shipped instrument, read side by side with its source
// (../shared/sheets.md): the An Phú ward sheet (Form A-1), the sheet by parts (Form A-2), the
// member self-assessment (QĐ 366 / HD 43 on the Đồng Nai Mẫu 01 layout, Form B-1) and the
// project's own anonymous survey.
import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  scoreResponse,
  yearOfMonths,
  type Answers,
  type Instrument,
  type PeriodLevel,
} from '../../src/core/index.ts';
import { unratedOf, unratedStatusOf } from '../../src/core/sheet-scoring.ts';
import { allInstrumentVersions, realInstruments, responseFor } from '../builders.ts';

const byId = (id: string): Instrument => {
  const found = realInstruments().find((i) => i.id === id);
  if (!found) throw new Error(`no instrument ${id}`);
  return found;
};

/** Every scored yes/no answered yes (the rest of a sheet done well). */
function allYes(ins: Instrument): Answers {
  const out: Answers = {};
  for (const s of ins.sections)
    for (const i of s.items) if (i.type === 'yes-no' && (i.yesPoints ?? 0) > 0) out[i.id] = true;
  return out;
}

describe('the An Phú ward sheet (phieu-cham-sinh-hoat 2026.1, Form A-1)', () => {
  const sheet = byId('phieu-cham-sinh-hoat');
  const month = (extra: Answers = {}): Answers => ({
    ...allYes(sheet),
    'members-on-roll': 20,
    'members-exempted': 0,
    'members-special-duty': 0,
    'members-present': 18,
    'absent-with-reason': 2,
    'absent-without-reason': 0,
    'speaker-count': 8,
    'duration-minutes': 95,
    thematic: false,
    'single-member-committee': false,
    'targets-met-percent': 85,
    'no-long-absence': true,
    ...extra,
  });
  const item = (answers: Answers, id: string) => scoreResponse(sheet, answers).items.find((i) => i.id === id);

  it('the issue’s real month (20 members, 18 present, 8 speakers, 85 % of targets, no thematic part) is 91 of a 95-point month, banded raw: Tốt', () => {
    const s = scoreResponse(sheet, month());
    // 5 + (4 + 1) + 10 + (5 + 10 + 2 + 4 + 1 + 1 + 1) + 10 + 5 + 27 + 5 = 91; the thematic 5 left out.
    expect(s.sections.filter((x) => x.max > 0).map((x) => [x.id, x.points, x.max])).toEqual([
      ['thoi-luong', 5, 5],
      ['du-sinh-hoat', 5, 5],
      ['chuan-bi', 10, 10],
      ['tien-hanh', 24, 25],
      ['dieu-hanh', 10, 10],
      ['nguyen-tac', 5, 5],
      ['ket-qua', 27, 30],
      ['ket-thuc', 5, 5],
    ]);
    expect([s.total, s.max, s.scaled, s.level, s.complete]).toEqual([91, 95, 91, 'tot', true]);
    expect(checkResponse(sheet, responseFor(sheet, month()))).toEqual([]);
  });

  it.each([
    [95, 20, false, 5],
    [76, 20, false, 4], // 14 minutes short of 90
    [75, 20, false, 3], // 15 short
    [60, 20, false, 3], // 30 short: "15 to 30" (local choice: 30 is still 3)
    [59, 20, false, 2], // 31 short, at least half of 90
    [45, 20, false, 2], // exactly half
    [44, 20, false, 1], // under half
    [110, 30, false, 4], // 30 members: 120 minutes, 10 short
    [110, 20, true, 4], // a combined session: 120 minutes (HD 42)
    [60, 30, false, 2], // exactly half of 120
    [59, 30, false, 1], // under half of 120
  ])('duration %i minutes, %i members, combined %s: %i points', (minutes, members, combined, points) => {
    const answers = month({
      'duration-minutes': minutes,
      'members-on-roll': members,
      'members-present': members - 2,
      thematic: combined,
      ...(combined ? { combined: true } : {}),
    });
    expect(item(answers, 'duration')?.points).toBe(points);
  });

  it('attendance 4/3/2/1 plus the bonus within the 5; anyone absent without reason: 1', () => {
    expect(item(month({ 'members-present': 18 }), 'attendance')?.points).toBe(4); // 90 %
    expect(item(month({ 'members-present': 17, 'absent-with-reason': 3 }), 'attendance')?.points).toBe(3); // 85 %
    expect(item(month({ 'members-present': 13, 'absent-with-reason': 7 }), 'attendance')?.points).toBe(2); // 65 %
    expect(item(month({ 'members-present': 12, 'absent-with-reason': 8 }), 'attendance')?.points).toBe(1); // 60 %
    const unexcused = scoreResponse(sheet, month({ 'absent-with-reason': 1, 'absent-without-reason': 1 }));
    expect(unexcused.items.find((i) => i.id === 'attendance')).toMatchObject({ status: 'lowest', points: 1 });
    expect(unexcused.sections.find((x) => x.id === 'du-sinh-hoat')).toMatchObject({ points: 2, max: 5 });
    // Exempted and special-duty members leave the count: 18 of 18 expected.
    const left = month({ 'members-exempted': 1, 'members-special-duty': 1, 'absent-with-reason': 0 });
    expect(scoreResponse(sheet, left).metrics['attendance-share']).toBe(1);
  });

  it('speakers: over 50 % 5, 40–50 % 4 (exactly 50 % is not over it), 30–40 % 3, under 30 % 2', () => {
    expect(item(month({ 'speaker-count': 10 }), 'speakers')?.points).toBe(5); // 55.6 %
    expect(item(month({ 'speaker-count': 9 }), 'speakers')?.points).toBe(4); // 50 %
    expect(item(month({ 'speaker-count': 6 }), 'speakers')?.points).toBe(3); // 33.3 %
    expect(item(month({ 'speaker-count': 5 }), 'speakers')?.points).toBe(2); // 27.8 %
  });

  it('results 30/27/24/20/15/10 on the share of targets met, a shared bound in the higher step', () => {
    const results = [90, 89.99, 80, 70, 60, 50, 49.5].map(
      (p) => item(month({ 'targets-met-percent': p }), 'results')?.points,
    );
    expect(results).toEqual([30, 27, 27, 24, 20, 15, 10]);
  });

  it('a thematic month counts the thematic 5 (out of 100); a combined session caps regular + thematic content at 10', () => {
    const separate = scoreResponse(sheet, month({ thematic: true, combined: false }));
    expect([separate.total, separate.max]).toEqual([96, 100]);
    const together = scoreResponse(sheet, month({ thematic: true, combined: true, 'duration-minutes': 120 }));
    expect(together.sections.find((x) => x.id === 'tien-hanh')).toMatchObject({ points: 24, max: 25 });
    expect(together.capsHeld).toEqual(['buoi-ghep']);
    expect([together.total, together.max, together.level]).toEqual([91, 95, 'tot']);
  });

  it('a one-person cell leadership gets the committee item’s full marks; figures that do not add up are refused', () => {
    expect(item(month({ 'prep-committee': false, 'single-member-committee': true }), 'prep-committee')).toMatchObject({
      status: 'full-marks',
      points: 2,
    });
    const wrong = month({ 'members-present': 25 });
    expect(scoreResponse(sheet, wrong).complete).toBe(false);
    expect(checkResponse(sheet, responseFor(sheet, wrong)).length).toBeGreaterThan(0);
    expect(checkResponse(sheet, responseFor(sheet, month({ 'speaker-count': 19 })))[0]?.item).toBe('speaker-count');
  });
});

describe('the sheet by parts (cham-sinh-hoat-theo-phan, Form A-2: 15/20/45/20)', () => {
  const sheet = byId('cham-sinh-hoat-theo-phan');
  const parts = (a: number, b: number, c: number, d: number, extra: Answers = {}): Answers => ({
    'diem-chuan-bi': a,
    'diem-du-sinh-hoat': b,
    'diem-tien-hanh': c,
    'diem-ket-thuc': d,
    voters: 12,
    'votes-for': 12,
    'upper-present': true,
    'upper-confirmed': true,
    ...extra,
  });

  it('13 + 17.4 + 41.3 + 18.3 is exactly 90, Tốt; 89.99 is Khá; 89.5 is not rounded up', () => {
    expect(scoreResponse(sheet, parts(13, 17.4, 41.3, 18.3))).toMatchObject({ total: 90, scaled: 90, level: 'tot' });
    expect(scoreResponse(sheet, parts(13, 17.4, 41.29, 18.3))).toMatchObject({ total: 89.99, level: 'kha' });
    expect(scoreResponse(sheet, parts(13, 17.4, 40.8, 18.3))).toMatchObject({ total: 89.5, level: 'kha' });
    expect(scoreResponse(sheet, parts(10, 15, 30, 14.99)).level).toBe('trung-binh');
  });

  it('a part over its maximum or with three decimals does not fit; the vote and the confirmation are recorded', () => {
    expect(scoreResponse(sheet, parts(15.5, 20, 45, 20)).invalid).toEqual(['diem-chuan-bi']);
    expect(scoreResponse(sheet, parts(14.125, 20, 45, 20)).invalid).toEqual(['diem-chuan-bi']);
    expect(scoreResponse(sheet, parts(15, 20, 45, 20)).adoption).toEqual({
      status: 'adopted',
      confirmation: 'confirmed',
      voters: 12,
      votesFor: 12,
    });
    const notAdopted = scoreResponse(sheet, parts(15, 20, 45, 20, { 'votes-for': 6, 'upper-present': false }));
    expect(notAdopted.adoption).toMatchObject({ status: 'not-adopted', confirmation: 'absent' });
    expect(scoreResponse(sheet, parts(15, 20, 45, 20, { 'votes-for': 13 })).complete).toBe(false);
  });
});

describe('the member self-assessment (tu-danh-gia-dang-vien 2026.1: QĐ 366 / HD 43 on Mẫu 01)', () => {
  const self = byId('tu-danh-gia-dang-vien');
  const member = (extra: Answers = {}): Answers => ({
    ...allYes(self),
    'a3-fixed-all': true,
    'tasks-assigned': 10,
    'tasks-on-time': 10,
    'tasks-exceeded': 3,
    'tasks-late': 0,
    'dq-disciplined': false,
    'dq-degradation': false,
    'dq-job-rating': false,
    'dq-forbidden': false,
    'dq-example': false,
    'proposed-level': 'xuat-sac',
    ...extra,
  });

  it('30 + 70 with every task on time and 30 % exceeding: xuất sắc', () => {
    expect(scoreResponse(self, member())).toMatchObject({ total: 100, level: 'xuat-sac', complete: true });
  });

  it('6 of 10 on time and 4 never done is not "Hoàn thành": 30 + 42 = 72, lowered to Không hoàn thành', () => {
    const s = scoreResponse(self, member({ 'tasks-on-time': 6, 'tasks-exceeded': 0 }));
    expect([s.total, s.bandLevel, s.level]).toEqual([72, 'tot', 'khong-hoan-thanh']);
    expect(s.gates.map((g) => g.id)).toEqual(['tot-dung-han', 'hoan-thanh-du-viec']);
  });

  it('every task done, 2 of 10 late: Hoàn thành (at most 20 % late); 3 late: Không hoàn thành', () => {
    expect(scoreResponse(self, member({ 'tasks-on-time': 8, 'tasks-late': 2, 'tasks-exceeded': 0 })).level).toBe(
      'hoan-thanh',
    );
    expect(scoreResponse(self, member({ 'tasks-on-time': 7, 'tasks-late': 3, 'tasks-exceeded': 0 })).level).toBe(
      'khong-hoan-thanh',
    );
  });

  it('assigned 6, on time 12, exceeded 20, late 5 is refused, naming the fields', () => {
    const wrong = member({ 'tasks-assigned': 6, 'tasks-on-time': 12, 'tasks-exceeded': 20, 'tasks-late': 5 });
    const s = scoreResponse(self, wrong);
    expect(s.broken.map((b) => b.id)).toEqual(['dung-han-cong-cham-han', 'vuot-trong-dung-han']);
    expect(s.complete).toBe(false);
    expect(checkResponse(self, responseFor(self, wrong)).map((i) => i.item)).toEqual([
      'tasks-on-time',
      'tasks-exceeded',
    ]);
  });

  it('xuất sắc needs every earlier shortcoming fixed', () => {
    const s = scoreResponse(self, member({ 'a3-fixed-all': false }));
    expect([s.total, s.level]).toEqual([100, 'tot']);
  });

  it('forbidden acts, the duty to set an example and discipline force Không hoàn thành, except a problem the member found and fixed', () => {
    for (const dq of ['dq-forbidden', 'dq-example', 'dq-degradation', 'dq-job-rating'])
      expect(scoreResponse(self, member({ [dq]: true })).level).toBe('khong-hoan-thanh');
    expect(scoreResponse(self, member({ 'dq-disciplined': true, 'dq-self-fixed': false })).level).toBe(
      'khong-hoan-thanh',
    );
    expect(scoreResponse(self, member({ 'dq-disciplined': true, 'dq-self-fixed': true })).level).toBe('xuat-sac');
    // The exception is asked only of a disciplined member.
    expect(scoreResponse(self, member({ 'dq-disciplined': true })).missing).toEqual(['dq-self-fixed']);
  });

  it('a member admitted under 6 months, suspended or exempted is not rated (leaves the counts); others are', () => {
    for (const status of ['moi-ket-nap', 'dinh-chi', 'mien-sinh-hoat'])
      expect(scoreResponse(self, member({ 'member-status': status })).unrated?.status).toBe(status);
    expect(scoreResponse(self, member({ 'member-status': 'binh-thuong' })).unrated).toBeUndefined();
    expect(scoreResponse(self, member()).unrated).toBeUndefined();
  });

  it('the status alone (unratedStatusOf, for counting) is the status unratedOf gives, for every answer', () => {
    const options = ['moi-ket-nap', 'dinh-chi', 'mien-sinh-hoat', 'binh-thuong', 'no-such-status', 3, true];
    for (const v of [...options, undefined]) {
      const answer = (id: string): unknown => (id === 'member-status' ? v : undefined);
      expect(unratedStatusOf(self, answer)).toBe(unratedOf(self, answer)?.status);
    }
    expect(unratedStatusOf(self, () => 'dinh-chi')).toBe('dinh-chi');
    expect(unratedStatusOf({ memberStatus: undefined }, () => 'dinh-chi')).toBeUndefined();
  });
});

describe('the members’ quarterly survey (khao-sat-sinh-hoat 2026.1, this project’s own questionnaire)', () => {
  const survey = byId('khao-sat-sinh-hoat');
  it('gives members’ opinion on its own bands, with no secretary’s gate: speakers short of full marks stay "đánh giá cao"', () => {
    expect(survey.resultLabel?.vi).toBe('Ý kiến của đảng viên về sinh hoạt trong quý');
    expect(survey.gates ?? []).toEqual([]);
    expect(survey.levels.map((l) => [l.id, l.min])).toEqual([
      ['danh-gia-cao', 80],
      ['danh-gia-kha', 60],
      ['can-cai-thien', 0],
    ]);
    const best: Answers = {};
    for (const s of survey.sections) for (const i of s.items) if (i.type === 'choice') best[i.id] = i.options[0]!.id;
    best['thematic-held'] = true;
    best.speakers = 'tu-40';
    expect(scoreResponse(survey, best)).toMatchObject({ total: 99, level: 'danh-gia-cao' });
  });
});

describe('the year by parts (cham-sinh-hoat-theo-phan, Form A-2: the annual rule, seen in part)', () => {
  const sheet = byId('cham-sinh-hoat-theo-phan');
  const months = (levels: string[]): PeriodLevel[] =>
    levels.map((level, i) => ({ period: `2026-${String(i + 1).padStart(2, '0')}`, level }));

  it('a Tốt year is the source’s rule: every month Khá or better and at least 7 Tốt', () => {
    const y = yearOfMonths(sheet, '2026', months([...Array<string>(7).fill('tot'), ...Array<string>(5).fill('kha')]));
    expect(y?.outcome).toEqual({ kind: 'level', level: 'tot', by: 'rule', rule: 0 });
  });

  it('its note says the Khá sentence was seen only in part, so the print form lists it among the local choices', () => {
    expect(sheet.yearFromMonths?.source).toMatch(/^\[seen, partly\]/);
    expect(sheet.yearFromMonths?.source).toContain('local choice');
  });
});

describe('superseded versions stay readable', () => {
  it('every 2025.1 definition is still known to readers, next to its 2026.1 successor', () => {
    const all = allInstrumentVersions();
    for (const id of ['khao-sat-sinh-hoat', 'tu-danh-gia-dang-vien', 'phieu-cham-sinh-hoat'])
      expect(
        all
          .filter((i) => i.id === id)
          .map((i) => i.version)
          .sort(),
      ).toEqual(['2025.1', '2026.1']);
  });
});

describe('member statuses leave a report’s counts', () => {
  it('a member admitted under 6 months is counted apart, in no level, total or member line', async () => {
    const { createUnitTally } = await import('../../src/core/index.ts');
    const self = byId('tu-danh-gia-dang-vien');
    const answers: Answers = {
      ...allYes(self),
      'a3-fixed-all': true,
      'tasks-assigned': 4,
      'tasks-on-time': 4,
      'tasks-exceeded': 0,
      'tasks-late': 0,
      'dq-disciplined': false,
      'dq-degradation': false,
      'dq-job-rating': false,
      'dq-forbidden': false,
      'dq-example': false,
      'proposed-level': 'tot',
    };
    const tally = createUnitTally(self, 'CB-01');
    const rated = responseFor(self, answers, { respondent: { name: 'Nguyễn Văn An' } });
    const fresh = responseFor(
      self,
      { ...answers, 'member-status': 'moi-ket-nap' },
      { respondent: { name: 'Lê Thị Bình' } },
    );
    for (const r of [rated, fresh]) tally.add(r, scoreResponse(self, r.answers));
    const unit = tally.unit();
    expect(unit.responses).toBe(1);
    expect(unit.levels).toEqual({ tot: 1 });
    expect(unit.unrated).toEqual({ 'moi-ket-nap': 1 });
    expect(unit.total.sum).toBe(100);
    expect(unit.members?.map((m) => m.name)).toEqual(['Nguyễn Văn An']);
  });
});

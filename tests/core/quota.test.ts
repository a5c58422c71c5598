// The quota (xuất sắc ≤ 20 % of those rated Hoàn thành tốt) is checked per grassroots
// organisation (every cell of the merged report), on the levels the cells decided, falling back to
// computed levels where a cell recorded none, and saying so.
import { describe, expect, it } from 'vitest';
import {
  checkOrganisationQuota,
  createUnitTally,
  describeQuota,
  quotaAllowed,
  scoreResponse,
  summarizeUnits,
  withDecidedLevels,
  type ReportUnit,
} from '../../src/core/index.ts';
import { local, responseFor, selfAssessment } from '../builders.ts';

const ins = selfAssessment({
  quota: { level: 'xuat-sac', of: ['tot'], maxShare: 0.2, reason: local('≤ 20 %'), baseNote: local('cơ số: số tốt') },
});

/** A cell whose members answered `q1` with these options (a → xuất sắc, b → tốt, c → hoàn thành). */
function cell(code: string, answers: string[]): ReportUnit {
  const tally = createUnitTally(ins, code);
  answers.forEach((q1, i) => {
    const a = { q1 };
    tally.add(
      responseFor(ins, a, { cell: code, id: `${code}-${i}`, respondent: { name: `Người ${i}` } }),
      scoreResponse(ins, a),
    );
  });
  return tally.unit();
}

const levelName = (id: string): string => id;

describe('quotaAllowed', () => {
  it.each([
    [0.2, 15, 3],
    [0.2, 14, 2],
    [0.2, 4, 0],
    [0.2, 5, 1],
    [0.3, 10, 3],
    [0.1, 30, 3],
  ])('⌊%d × %d⌋ = %d exactly', (share, base, allowed) => {
    expect(quotaAllowed(share, base)).toBe(allowed);
  });
});

describe('checkOrganisationQuota', () => {
  it('adds up every cell of the organisation: each cell alone is within the quota, together they are not', () => {
    // Cells 1 and 2: 1 xuất sắc, 5 tốt each: together 2 ≤ ⌊0.2 × 10⌋ = 2, within. Cell 3: 5 tốt
    // raises the base (2 ≤ 3). Cell 4: 2 xuất sắc, no tốt: together 4 > ⌊0.2 × 15⌋ = 3, over.
    const c1 = cell('CB-01', ['a', 'b', 'b', 'b', 'b', 'b']);
    const c2 = cell('CB-02', ['a', 'b', 'b', 'b', 'b', 'b']);
    const two = checkOrganisationQuota(ins, [c1, c2])!;
    expect(two).toMatchObject({ count: 2, base: 10, allowed: 2, ok: true, cells: 2, basis: 'computed' });
    const c3 = cell('CB-03', ['b', 'b', 'b', 'b', 'b', 'c']);
    const three = checkOrganisationQuota(ins, [c1, c2, c3])!;
    expect(three).toMatchObject({ count: 2, base: 15, allowed: 3, ok: true, cells: 3 });
    const c4 = cell('CB-04', ['a', 'a', 'c']);
    expect(checkOrganisationQuota(ins, [c1, c2, c3, c4])).toMatchObject({ count: 4, base: 15, allowed: 3, ok: false });
  });

  it('counts the levels the cells decided, not the computed ones', () => {
    const c1 = cell('CB-01', ['a', 'a', 'b', 'b', 'b']); // computed: 2 xuất sắc of 3 tốt: over
    expect(checkOrganisationQuota(ins, [c1])?.ok).toBe(false);
    // The cell decided: one xuất sắc is lowered to tốt, everyone else as computed.
    const decided = new Map([
      ['Người 0', 'xuat-sac'],
      ['Người 1', 'tot'],
      ['Người 2', 'tot'],
      ['Người 3', 'tot'],
      ['Người 4', 'tot'],
    ]);
    const { unit, unknown, invalid } = withDecidedLevels(ins, c1, decided);
    expect([unknown, invalid]).toEqual([[], []]);
    expect(unit.decidedLevels).toEqual({ 'xuat-sac': 1, tot: 4 });
    expect(unit.members?.find((m) => m.name === 'Người 1')).toMatchObject({ level: 'xuat-sac', decided: 'tot' });
    expect(checkOrganisationQuota(ins, [unit])).toMatchObject({
      count: 1,
      base: 4,
      allowed: 0,
      ok: false,
      basis: 'decided',
    });
  });

  it('falls back to computed levels for a cell that recorded no decisions, names it, and says so', () => {
    const decidedCell = withDecidedLevels(
      ins,
      cell('CB-01', ['b', 'b']),
      new Map([
        ['Người 0', 'tot'],
        ['Người 1', 'tot'],
      ]),
    ).unit;
    const undecided = cell('CB-02', ['a', 'b', 'b']);
    const check = checkOrganisationQuota(ins, [undecided, decidedCell])!;
    expect(check).toMatchObject({ basis: 'mixed', computedCells: ['CB-02'], count: 1, base: 4, allowed: 0 });
    const text = describeQuota(check, levelName);
    expect(text.vi).toContain('1 chi bộ chưa ghi nên dùng mức tính được (CB-02)');
    expect(text.en).toContain('1 cells recorded none, so their computed levels stand in (CB-02)');
    expect(text.vi).toContain('Cách hiểu cơ số (quy ước của đơn vị): cơ số: số tốt');
  });

  it('never drops a decision silently: unknown names and unknown levels are returned', () => {
    const { unit, unknown, invalid } = withDecidedLevels(
      ins,
      cell('CB-01', ['b', 'b']),
      new Map([
        ['Người 0', 'tot'],
        ['Người 1', 'gioi'],
        ['Người lạ', 'tot'],
      ]),
    );
    expect(unknown).toEqual(['Người lạ']);
    expect(invalid).toEqual(['Người 1']);
    expect(unit.decidedLevels).toBeUndefined(); // not every member has a valid decision
  });

  it('summarizeUnits checks the quota over all the units it adds up', () => {
    const units = [cell('CB-01', ['a', 'b', 'b', 'b', 'b', 'b']), cell('CB-02', ['a', 'a', 'b'])];
    expect(summarizeUnits(ins, units).quota).toMatchObject({ count: 3, base: 6, allowed: 1, ok: false, cells: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import {
  createUnitTally,
  responseCsvRows,
  scoreResponse,
  unitCsvRows,
  writeResponseBundle,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { instrument, responseFor, selfAssessment } from '../builders.ts';

function entry(ins: Instrument, response: Response) {
  return {
    bundle: writeResponseBundle({ instrument: ins, response, app: 'test', createdAt: '2026-03-01T08:00:00+07:00' }),
    score: scoreResponse(ins, response.answers),
  };
}

describe('responseCsvRows', () => {
  it('lists names and the proposed level for a named instrument, flagging a higher proposal', () => {
    const ins = selfAssessment();
    const rows = responseCsvRows(ins, [entry(ins, responseFor(ins, { q1: 'b', 'de-xuat': 'xuat-sac' }))], 'vi');
    const [header, row] = rows;
    expect(header).toContain('Họ và tên');
    expect(row?.[header!.indexOf('Họ và tên')]).toBe('Nguyễn Văn An');
    expect(row?.[header!.indexOf('Tổng điểm')]).toBe('75');
    expect(row?.[header!.indexOf('Đề xuất cao hơn')]).toBe('có');
  });

  it('has no name columns for an anonymous survey, and English headers in English', () => {
    const ins = instrument();
    const [header] = responseCsvRows(ins, [entry(ins, responseFor(ins, { q1: 'a' }))], 'en');
    expect(header).not.toContain('Name');
    expect(header?.slice(0, 4)).toEqual(['No.', 'Cell', 'Period', 'Response id']);
  });
});

describe('unitCsvRows', () => {
  const ins = instrument({ minRespondents: 3 });
  const unit = (cell: string, answers: string[]) => {
    const tally = createUnitTally(ins, cell);
    answers.forEach((a, i) => {
      const r = responseFor(ins, { q1: a }, { id: `phieu-${cell}-${i}`, cell });
      tally.add(r, scoreResponse(ins, r.answers));
    });
    return tally.unit();
  };

  it('shows a cell with enough answers, hides the scores of one below the threshold, and totals all', () => {
    const rows = unitCsvRows(ins, [unit('CB-01', ['a', 'b', 'c']), unit('CB-02', ['a'])], 'vi');
    const header = rows[0]!;
    const mean = header.indexOf('Điểm trung bình');
    const hidden = header.indexOf('Ẩn vì quá ít phiếu');
    expect(rows[1]?.[mean]).toBe('50');
    expect(rows[2]?.[mean]).toBe('');
    expect(rows[2]?.[hidden]).toBe('có');
    expect(rows[3]?.slice(0, 2)).toEqual(['Tổng cộng', '4']);
    expect(rows[3]?.[mean]).toBe('62.5');
  });
});

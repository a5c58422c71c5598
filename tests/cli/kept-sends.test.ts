// The sends phieu aggregate keeps for its duplicate rules (cli/aggregate/kept-sends.ts): one row
// per answer sheet (cell and response id), in the order sheets were first met; a newer send takes
// its sheet's row; a removed row is no longer found nor listed; each send reads back as it was put.
import { describe, expect, it } from 'vitest';
import { KeptSends, type Send } from '../../cli/aggregate/kept-sends.ts';

function send(id: string, over: Partial<Send> = {}): Send {
  return {
    cell: 'CB-01',
    createdAt: '2026-09-20T09:00:00+07:00',
    digest: `sha256:${id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a')}`,
    id,
    revision: 1,
    file: `${id}.json`,
    index: undefined,
    name: undefined,
    member: undefined,
    ...over,
  };
}

describe('KeptSends', () => {
  it('finds a sheet by its cell and id, and reads each send back as it was put', () => {
    const sends = new KeptSends();
    const a = send('aaaa1111', { name: 'Nguyễn Văn An', member: 'nguyen van an', revision: 3 });
    const b = send('bbbb2222', { cell: 'cb-02', file: 'codes.txt', index: 0, createdAt: '2026-09-21' });
    const rowA = sends.put(-1, 'CB-01', a);
    const rowB = sends.put(-1, 'CB-02', b);
    expect(sends.find('CB-01', 'aaaa1111')).toBe(rowA);
    expect(sends.find('CB-02', 'bbbb2222')).toBe(rowB);
    expect(sends.find('CB-02', 'aaaa1111')).toBe(-1);
    expect(sends.send(rowA)).toEqual(a);
    expect(sends.send(rowB)).toEqual(b);
    expect(sends.hasDigest(rowA, a.digest)).toBe(true);
    expect(sends.hasDigest(rowA, b.digest)).toBe(false);
    expect(sends.size).toBe(2);
  });

  it('keeps rows in the order sheets were first met: a newer send takes its sheet’s row, a removed row is gone', () => {
    const sends = new KeptSends();
    // More rows than its first arrays hold.
    for (let i = 0; i < 3000; i++) sends.put(-1, 'CB-01', send(`id-${String(i).padStart(6, '0')}`));
    const newer = send('id-000001', { revision: 2, file: 'later.json', digest: `sha256:${'f'.repeat(64)}` });
    expect(sends.put(sends.find('CB-01', 'id-000001'), 'CB-01', newer)).toBe(1);
    sends.remove(0);
    sends.remove(0);
    const rows = [...sends.rows()];
    expect(rows).toHaveLength(2999);
    expect(sends.size).toBe(2999);
    expect(rows.slice(0, 2)).toEqual([1, 2]);
    expect(sends.send(1)).toEqual(newer);
    expect(sends.send(2999).id).toBe('id-002999');
    expect(sends.find('CB-01', 'id-000000')).toBe(-1);
    expect(sends.isKeptIn(0, new Set(['CB-01']))).toBe(false);
    expect(sends.isKeptIn(1, new Set(['CB-01']))).toBe(true);
    expect(sends.isKeptIn(1, new Set(['CB-02']))).toBe(false);
  });
});

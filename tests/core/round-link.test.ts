import { describe, expect, it } from 'vitest';
import { isRoundFragment, MAX_ROUND_FRAGMENT, readRoundLink, writeRoundLink } from '../../src/core/round-link.ts';
import { decodeBase64Url as fromBase64Url, encodeBase64Url as toBase64Url } from '../../src/core/base64url.ts';
import { isCellCode, normalizeCellCode } from '../../src/core/patterns.ts';

const key = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : (i * 37) % 256));

function fragmentOf(url: string): string {
  return url.slice(url.indexOf('#'));
}

describe('normalizeCellCode: one cell is one code however it is typed', () => {
  it.each([
    ['cb-0001', 'CB-0001'],
    ['  CB-0001  ', 'CB-0001'],
    ['CB\u20110001', 'CB-0001'], // non-breaking hyphen
    ['CB\u20130001', 'CB-0001'], // en dash
    ['CB\u20140001', 'CB-0001'], // em dash
    ['CB\u22120001', 'CB-0001'], // minus sign
    ['ＣＢ－０００１', 'CB-0001'], // full width
    ['C\u200BB-00\u200D01', 'CB-0001'], // zero-width space and joiner
    ['\u202ECB-0001', 'CB-0001'], // right-to-left override
    ['chi  bộ\u00A0 1', 'CHI BỘ 1'], // spaces, no-break space
    ['chi bo\u0302\u0323 1', 'CHI BỘ 1'], // decomposed diacritics → NFC
  ])('%j → %j', (typed, canonical) => {
    expect(normalizeCellCode(typed)).toBe(canonical);
    expect(isCellCode(normalizeCellCode(typed))).toBe(true);
  });

  it('is idempotent', () => {
    for (const s of ['cb-0001', 'ＣＢ－０００１', 'chi bộ 1', 'Đảng bộ / 3'])
      expect(normalizeCellCode(normalizeCellCode(s))).toBe(normalizeCellCode(s));
  });
});

describe('round links', () => {
  it('write a fragment link under the form path that reads back to the same round', () => {
    const url = writeRoundLink('https://example.org/app/', 'khao-sat-sinh-hoat', {
      cell: 'cb-0001',
      period: '2026-Q4',
      cellName: 'Chi bộ Khu phố 3',
    });
    expect(url.startsWith('https://example.org/app/phieu/khao-sat-sinh-hoat/#')).toBe(true);
    expect(url).toContain('v=1');
    const read = readRoundLink(fragmentOf(url));
    expect(read).toEqual({
      ok: true,
      round: { v: 1, cell: 'CB-0001', period: '2026-Q4', cellName: 'Chi bộ Khu phố 3' },
    });
  });

  it('carry the committee key as base64url and give back the same 65 bytes', () => {
    const url = writeRoundLink('https://example.org/', 'khao-sat-sinh-hoat', {
      cell: 'CB-1',
      period: '2026-Q4',
      publicKey: key,
    });
    const pk = new URL(url.replace('#', '?')).searchParams.get('pk') ?? '';
    expect(pk).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const read = readRoundLink(fragmentOf(url));
    expect(read.ok && [...(read.round.publicKey ?? [])]).toEqual([...key]);
  });

  it('read a fragment with or without "#"', () => {
    expect(readRoundLink('v=1&cell=CB-1&period=2026').ok).toBe(true);
    expect(readRoundLink('#v=1&cell=CB-1&period=2026').ok).toBe(true);
  });

  it.each([
    ['', 'not-round'],
    ['#cell=CB-1&period=2026-Q4', 'not-round'],
    ['#v=abc&cell=CB-1&period=2026-Q4', 'not-round'],
    ['#v=2&cell=CB-1&period=2026-Q4', 'newer'],
    ['#v=1&period=2026-Q4', 'cell'],
    ['#v=1&cell=%3Cscript%3E&period=2026-Q4', 'cell'],
    ['#v=1&cell=CB-1&cell=CB-2&period=2026-Q4', 'cell'],
    ['#v=1&cell=CB-1&period=2026-Q5', 'period'],
    ['#v=1&cell=CB-1', 'period'],
    [`#v=1&cell=CB-1&period=2026&name=${'a'.repeat(201)}`, 'name'],
    ['#v=1&cell=CB-1&period=2026&pk=AAAA', 'key'],
    [`#v=1&cell=CB-1&period=2026&pk=${toBase64Url(new Uint8Array(65).fill(2))}`, 'key'],
    [`#v=1&cell=CB-1&period=2026&pk=${toBase64Url(key)}*`, 'key'],
    [`#v=1&cell=CB-1&period=2026&x=${'a'.repeat(MAX_ROUND_FRAGMENT)}`, 'too-long'],
  ])('refuse %j with the reason %s, in both languages', (fragment, code) => {
    const read = readRoundLink(fragment);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.error.code).toBe(code);
    expect(read.error.message.vi.length).toBeGreaterThan(10);
    expect(read.error.message.en?.length).toBeGreaterThan(10);
  });

  it('clean the cell name of control and direction characters', () => {
    const read = readRoundLink(`#v=1&cell=CB-1&period=2026&name=${encodeURIComponent('\u202EChi\tbộ\u200B 1 ')}`);
    expect(read.ok && read.round.cellName).toBe('Chi bộ 1');
  });

  it('ignore parameters it does not know (later versions may add some)', () => {
    expect(readRoundLink('#v=1&cell=CB-1&period=2026&later=x').ok).toBe(true);
  });

  it('tell round fragments from other fragments', () => {
    expect(isRoundFragment('#v=1&cell=CB-1')).toBe(true);
    expect(isRoundFragment('#s-a')).toBe(false);
  });
});

describe('base64url (one copy for codes, keys and links)', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 91 + n) % 256);
      expect([...(fromBase64Url(toBase64Url(bytes)) ?? [])]).toEqual([...bytes]);
    }
  });
  it('refuses other alphabets and non-canonical spellings', () => {
    expect(fromBase64Url('ab+/')).toBeUndefined();
    expect(fromBase64Url('A')).toBeUndefined();
    expect(fromBase64Url('AB')).toBeUndefined(); // low bits set: "AA" is the one spelling of [0]
    expect([...(fromBase64Url('AA') ?? [])]).toEqual([0]);
  });
});

describe('one cell is one code in collections and merges', () => {
  it('collection keys compare normalised', async () => {
    const { collectionId, isSameKey } = await import('../../src/core/cell-collection.ts');
    const a = { cell: 'cb-0001', instrumentId: 'x', instrumentVersion: '1', period: '2026-Q4' };
    const b = { ...a, cell: 'CB\u20110001' };
    expect(isSameKey(a, b)).toBe(true);
    expect(collectionId(a)).toBe(collectionId(b));
  });
});

describe('round link parameters', () => {
  it('read "+" and percent escapes as a browser does, and refuse a broken escape', () => {
    const read = readRoundLink('#v=1&cell=CB+1&period=2026&name=Chi%20b%E1%BB%99+1');
    expect(read.ok && [read.round.cell, read.round.cellName]).toEqual(['CB 1', 'Chi bộ 1']);
    expect(readRoundLink('#v=1&cell=CB%E1&period=2026')).toMatchObject({ ok: false, error: { code: 'not-round' } });
  });
  it('write a name with "&", "=" and "#" so that it reads back whole', () => {
    const url = writeRoundLink('/', 'abc', { cell: 'CB 1', period: '2026', cellName: 'A&B=C#D' });
    const read = readRoundLink(url.slice(url.indexOf('#')));
    expect(read.ok && read.round.cellName).toBe('A&B=C#D');
  });
});

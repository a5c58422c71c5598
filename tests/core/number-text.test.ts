// Numbers as people type them: "1,5" and "1.5" are one and a half in both languages; thousands
// grouped the language's way; anything else refused with a reason, never silently changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTypedNumber, writeTypedNumber, type NumberSeparators } from '../../src/core/index.ts';

/** The separators as the page reads them from Intl (what core is given). */
function separatorsOf(locale: string): NumberSeparators {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}
const vi = separatorsOf('vi-VN');
const en = separatorsOf('en-GB');

describe('parseTypedNumber', () => {
  it('reads the separators Intl gives (vi: "," and "."; en: "." and ",")', () => {
    expect(vi).toEqual({ decimal: ',', group: '.' });
    expect(en).toEqual({ decimal: '.', group: ',' });
  });

  it.each<[string, NumberSeparators, number]>([
    ['1,5', vi, 1.5],
    ['1.5', vi, 1.5],
    ['1,5', en, 1.5],
    ['1.5', en, 1.5],
    ['1,25', vi, 1.25],
    [' 17,4 ', vi, 17.4],
    [',5', vi, 0.5],
    ['1,50', vi, 1.5],
    ['1.500', vi, 1500],
    ['1,500', en, 1500],
    ['1,500', vi, 1.5],
    ['1.500', en, 1.5],
    ['1.234.567', vi, 1234567],
    ['1,234,567', en, 1234567],
    ['1.234,5', vi, 1234.5],
    ['1,234.5', vi, 1234.5],
    ['1 234', vi, 1234],
    ['1\u00a0234,5', vi, 1234.5],
    ['-3', vi, -3],
    ['\u22122,5', vi, -2.5],
    ['+7', en, 7],
    ['０１２', vi, 12],
    ['-0', vi, 0],
  ])('%j (%o) is %d', (text, seps, value) => {
    expect(parseTypedNumber(text, seps)).toEqual({ ok: true, value });
  });

  it.each<[string, NumberSeparators]>([
    ['1,2,3', vi],
    ['1.2.3', en],
    ['12.34.567', vi],
    ['1,', vi],
    ['1.', en],
    ['1,5,0', vi],
    ['1.234,5,6', vi],
    ['mười', vi],
    ['1e3', en],
    ['0x10', en],
    ['1/2', vi],
    ['--1', vi],
    ['.', vi],
    ['12%', vi],
  ])('%j is refused as unreadable, never changed', (text, seps) => {
    expect(parseTypedNumber(text, seps)).toEqual({ ok: false, empty: false, problem: 'unreadable' });
  });

  it('says empty for empty text (not an error: the item is unanswered)', () => {
    expect(parseTypedNumber('  ', vi)).toEqual({ ok: false, empty: true });
  });

  it('refuses "1,5" in a whole-number field with its own reason, and accepts "2,0"', () => {
    expect(parseTypedNumber('1,5', vi, { integer: true })).toEqual({ ok: false, empty: false, problem: 'not-integer' });
    expect(parseTypedNumber('2,0', vi, { integer: true })).toEqual({ ok: true, value: 2 });
  });

  it('refuses more than two decimals unless allowed', () => {
    expect(parseTypedNumber('1,255', vi)).toMatchObject({ ok: false, problem: 'too-many-decimals' });
    expect(parseTypedNumber('1,255', vi, { maxDecimals: 3 })).toEqual({ ok: true, value: 1.255 });
  });

  it('checks the bounds it is given', () => {
    expect(parseTypedNumber('25', vi, { min: 0, max: 20 })).toMatchObject({ ok: false, problem: 'out-of-range' });
    expect(parseTypedNumber('20', vi, { min: 0, max: 20 })).toEqual({ ok: true, value: 20 });
  });

  it('reads back what it writes, in both languages, for any number with up to two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom(vi, en), (cents, seps) => {
        const value = cents / 100;
        expect(parseTypedNumber(writeTypedNumber(value, seps), seps)).toEqual({
          ok: true,
          value: value === 0 ? 0 : value,
        });
      }),
    );
  });
});

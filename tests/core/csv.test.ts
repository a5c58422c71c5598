// CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, a BOM so Excel reads Vietnamese, and no
// formula injection from names or free text found in other people's files.
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/core/csv.ts';

describe('toCsv', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('\uFEFFa,b\r\n1,2\r\n');
  });
  it('can leave the BOM out and use another separator', () => {
    expect(toCsv([['a', 'b;c']], { bom: false, separator: ';' })).toBe('a;"b;c"\r\n');
  });
  it.each([
    ['plain', 'plain'],
    ['Nguyễn Văn A', 'Nguyễn Văn A'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [' edge', '" edge"'],
    ['', ''],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['@cmd', "'@cmd"],
    ['-2+3', "'-2+3"],
    ['-3', '-3'],
    ['+4.5', '+4.5'],
    [' =1+1', "' =1+1"],
    ['\u00A0=HYPERLINK("x")', '\'\u00A0=HYPERLINK("x")'],
    ['＝1+1', "'＝1+1"],
    ['﹢cmd|x', "'﹢cmd|x"],
    ['\u3000@SUM(A1)', "'\u3000@SUM(A1)"],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
  ])('defuses the formula %j', (value, expected) => {
    expect(csvField(value).replace(/^"|"$/g, '').replace(/""/g, '"')).toBe(expected);
  });
  it.each([
    ['-a1B2c3d4e5', '-a1B2c3d4e5'], // a response id: inert, left alone
    ['-', '-'],
    ['CB-0001', 'CB-0001'],
    ['-0.5', '-0.5'],
  ])('leaves %j exactly as it is', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

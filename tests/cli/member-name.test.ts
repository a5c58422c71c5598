// The member name phieu aggregate matches sheets by (cli/aggregate/member-name.ts) is core's
// matchName, worked out letter by letter where it can be: the same form for every name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberNameOf } from '../../cli/aggregate/member-name.ts';
import { matchName } from '../../src/core/index.ts';

describe('memberNameOf', () => {
  it('matches every character of the Latin blocks and beyond, alone and between letters, as matchName does', () => {
    for (let c = 0; c < 0x2100; c++) {
      const ch = String.fromCharCode(c);
      for (const name of [ch, `a${ch}b`, ` ${ch}${ch} `, `${ch}\u0301`])
        expect(memberNameOf(name), `U+${c.toString(16)} in ${JSON.stringify(name)}`).toBe(matchName(name));
    }
  });

  it('matches any name of Vietnamese letters, spaces and stray characters as matchName does', () => {
    const alphabet = [
      ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵÝỲ',
    ];
    const stray = [
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\u0301',
      '\u0323',
      '\u200b',
      '\u202e',
      'ǅ',
      'ﬁ',
      'İ',
      'ẞ',
      'ſ',
      'Ｎ',
      '1',
      '-',
      "'",
    ];
    const char = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...alphabet, ' ') }, fc.constantFrom(...stray));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const name = chars.join('');
        expect(memberNameOf(name)).toBe(matchName(name));
      }),
      { numRuns: 2000 },
    );
  });
});

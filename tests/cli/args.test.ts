// A mistake on the command line is said in the language asked for, naming the option: an unknown
// option, an option without its value, a value given to a switch.
import { describe, expect, it } from 'vitest';
import { UsageError, parseCommand } from '../../cli/args.ts';

const OPTIONS = { out: { type: 'string' }, json: { type: 'boolean' } } as const;

function refusal(argv: string[]): UsageError {
  try {
    parseCommand(argv, OPTIONS);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('parseCommand', () => {
  it('takes the options it knows and the paths', () => {
    const { values, positionals } = parseCommand(['a', '--out', 'r.json', '--json', 'b'], OPTIONS);
    expect(values).toEqual({ out: 'r.json', json: true });
    expect(positionals).toEqual(['a', 'b']);
  });
  it.each([
    [['--foo'], 'không có tùy chọn --foo', 'unknown option --foo'],
    [['a', '--out'], 'tùy chọn --out cần một giá trị', 'option --out needs a value'],
    [['--json=1'], 'tùy chọn --json không nhận giá trị', 'option --json takes no value'],
  ])('%j: %s', (argv, vi, en) => {
    expect(refusal(argv).text).toEqual({ vi, en });
  });
});

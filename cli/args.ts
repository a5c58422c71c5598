// Command-line arguments: node:util parseArgs, with usage errors in both languages.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Lang, Message } from '../src/core/index.ts';

/** A mistake on the command line: the command prints it with its usage and exits with 2. */
export class UsageError extends Error {
  readonly text: Message;
  constructor(text: Message) {
    super(text.en);
    this.text = text;
  }
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments; unknown options and missing values are usage errors. */
export function parseCommand<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    const option = /'(-[^' ]+)/.exec(m)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError({ vi: `không có tùy chọn ${option}`, en: `unknown option ${option}` });
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        m.includes('argument missing')
          ? { vi: `tùy chọn ${option} cần một giá trị`, en: `option ${option} needs a value` }
          : { vi: `tùy chọn ${option} không nhận giá trị`, en: `option ${option} takes no value` },
      );
    throw new UsageError({ vi: `tham số không hợp lệ: ${m}`, en: `invalid arguments: ${m}` });
  }
}

/** The language asked for with `--lang` (vi by default). */
export function langOf(value: unknown): Lang {
  if (value === undefined || value === 'vi') return 'vi';
  if (value === 'en') return 'en';
  throw new UsageError({ vi: '--lang nhận vi hoặc en', en: '--lang takes vi or en' });
}

/** A whole number option within bounds. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError({
      vi: `--${name} cần một số nguyên từ ${min} đến ${max}`,
      en: `--${name} takes a whole number from ${min} to ${max}`,
    });
  return n;
}

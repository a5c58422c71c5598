// phieu: the command line over core. Data goes to stdout, messages to stderr.
// Exit codes: 0 ok, 1 some input invalid, 2 usage error.
import { UsageError, langOf } from './args.ts';
import { aggregateCommand } from './commands/aggregate.ts';
import { runAggregateWorker } from './aggregate/parallel.ts';
import { codesCommand } from './commands/codes.ts';
import type { Command } from './commands/command.ts';
import { mergeCommand } from './commands/merge.ts';
import { openCommand } from './commands/open.ts';
import { schemaCommand } from './commands/schema.ts';
import { scoreCommand } from './commands/score.ts';
import { synthCommand } from './commands/synth.ts';
import { validateCommand } from './commands/validate.ts';
import { yearCommand } from './commands/year.ts';
import { err, out } from './output.ts';
import { appVersion } from './package-root.ts';

const COMMANDS: Command[] = [
  validateCommand,
  scoreCommand,
  aggregateCommand,
  yearCommand,
  mergeCommand,
  openCommand,
  codesCommand,
  schemaCommand,
  synthCommand,
];

/** What a file system error means for the person, or undefined when `e` is not one. */
function fileSystemError(e: unknown, lang: 'vi' | 'en'): string | undefined {
  if (!(e instanceof Error) || !('code' in e) || typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code))
    return undefined;
  const where = 'path' in e && typeof e.path === 'string' ? e.path : '';
  const hint: Record<string, { vi: string; en: string }> = {
    ENOENT: { vi: 'không có tệp hoặc thư mục này', en: 'no such file or folder' },
    EACCES: { vi: 'không có quyền', en: 'permission denied' },
    EPERM: { vi: 'không được phép', en: 'not permitted' },
    ENOSPC: {
      vi: 'ổ đĩa đã đầy; hãy giải phóng chỗ rồi chạy lại',
      en: 'the disk is full; free some space and run again',
    },
    EROFS: { vi: 'ổ đĩa chỉ đọc', en: 'a read-only disk' },
    EISDIR: { vi: 'đây là một thư mục', en: 'this is a folder' },
  };
  const what = hint[e.code] ?? { vi: 'lỗi hệ thống tệp', en: 'file system error' };
  return lang === 'vi'
    ? `không đọc hoặc ghi được ${where || 'một tệp'} (${e.code}): ${what.vi}.`
    : `could not read or write ${where || 'a file'} (${e.code}): ${what.en}.`;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `phieu ${appVersion()}: Phiếu chi bộ trên dòng lệnh / on the command line`,
    '',
    'phieu <lệnh|command> [tham số|options]   (phieu <command> --help)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary.vi} / ${c.summary.en}`),
    '',
    'Mã thoát / exit codes: 0 ok, 1 có tệp không hợp lệ / some input invalid, 2 sai cú pháp / usage error.',
  ].join('\n');
}

// `phieu validate … | head` closes stdout early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    out(topic ? topic.help : usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    out(appVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`phieu: không có lệnh "${name}" / no command "${name}"`);
    err(usage());
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    let lang: 'vi' | 'en' = 'vi';
    const i = rest.indexOf('--lang');
    try {
      lang = langOf(i >= 0 ? rest[i + 1] : rest.find((a) => a.startsWith('--lang='))?.slice(7));
    } catch {
      // keep vi
    }
    if (e instanceof UsageError) {
      err(`phieu ${command.name}: ${e.text[lang]}`);
      err(`(phieu ${command.name} --help)`);
      return 2;
    }
    // A file the system would not read or write (a full disk, a folder without permission, a file
    // removed meanwhile): said in both languages with the path, not as a stack trace.
    const fsError = fileSystemError(e, lang);
    if (fsError) {
      err(`phieu ${command.name}: ${fsError}`);
      return 1;
    }
    throw e;
  }
}

// Started as one of phieu aggregate's worker threads: it reads what it is sent, nothing else.
if (!runAggregateWorker()) process.exitCode = await main(process.argv.slice(2));

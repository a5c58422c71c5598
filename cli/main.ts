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
    if (e instanceof UsageError) {
      let lang: 'vi' | 'en' = 'vi';
      const i = rest.indexOf('--lang');
      try {
        lang = langOf(i >= 0 ? rest[i + 1] : rest.find((a) => a.startsWith('--lang='))?.slice(7));
      } catch {
        // keep vi
      }
      err(`phieu ${command.name}: ${e.text[lang]}`);
      err(`(phieu ${command.name} --help)`);
      return 2;
    }
    throw e;
  }
}

// Started as one of phieu aggregate's worker threads: it reads what it is sent, nothing else.
if (!runAggregateWorker()) process.exitCode = await main(process.argv.slice(2));

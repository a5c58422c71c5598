// phieu codes: prints the compact text code of each file (what the site lets a member paste into a
// chat). One code a line on stdout, in the order of the files.
import { encodeBundleCode } from '../../src/core/index.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { collectFiles, printSkipped, readSources, type SkippedPath } from '../files.ts';
import { err, out, say } from '../output.ts';
import { readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu codes <tệp|thư mục…> [--lang vi|en]

In mã rút gọn (PCB1.…) của từng tệp phiếu, mỗi mã một dòng ra stdout (lưu thành codes.txt để dán
hoặc để "phieu validate codes.txt"). Tệp không hợp lệ được báo ra stderr.
Print the compact code (PCB1.…) of each file, one a line on stdout. Each file is checked first;
invalid ones are reported on stderr. Exit code: 0 all encoded, 1 some invalid, 2 usage error.`;

export const codesCommand: Command = {
  name: 'codes',
  summary: { vi: 'in mã rút gọn của tệp phiếu', en: 'print the compact code of files' },
  help: HELP,
  run(argv) {
    const { values, positionals } = parseCommand(argv, {});
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp hoặc thư mục', en: 'give at least one file or folder' });
    const options = readOptions();
    let bad = 0;
    const skipped: SkippedPath[] = [];
    const listed = collectFiles(positionals, ['.json'], skipped);
    const unread = printSkipped(skipped, lang);
    for (const file of listed) {
      for (const source of readSources(file)) {
        const r = readSource(source, options);
        if (!r.ok) {
          bad += 1;
          err(`INVALID  ${source.label}  ${r.error.code}: ${say(lang, r.error.message)}`);
          continue;
        }
        out(encodeBundleCode(r.bundle));
      }
    }
    return bad === 0 && unread === 0 ? 0 : 1;
  },
};

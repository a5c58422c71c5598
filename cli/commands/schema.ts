// phieu schema: prints the JSON Schema of a file kind, generated from the core schemas.
import { UsageError, parseCommand } from '../args.ts';
import { bundleJsonSchema, instrumentJsonSchema, reportJsonSchema } from '../json-schema.ts';
import { out } from '../output.ts';
import type { Command } from './command.ts';

const KINDS = { bundle: bundleJsonSchema, instrument: instrumentJsonSchema, report: reportJsonSchema } as const;

const HELP = `phieu schema bundle|instrument|report

In JSON Schema (draft 2020-12) của một loại tệp ra stdout.
Print the JSON Schema (draft 2020-12) of a kind of file to stdout:
  bundle      any file of ours (response or report file)
  instrument  an instrument definition (src/content/instruments/*.json)
  report      a report file
The same schemas are published by the site under /schema/*.schema.json.`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: { vi: 'in JSON Schema của tệp', en: 'print the JSON Schema of a file kind' },
  help: HELP,
  run(argv) {
    const { positionals } = parseCommand(argv, {});
    const kind = positionals[0];
    if (positionals.length !== 1 || kind === undefined || !(kind in KINDS))
      throw new UsageError({
        vi: 'cần đúng một loại: bundle, instrument hoặc report',
        en: 'give one kind: bundle, instrument or report',
      });
    out(JSON.stringify(KINDS[kind as keyof typeof KINDS](), null, 2));
    return 0;
  },
};

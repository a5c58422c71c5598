// phieu open: the committee's side of sealed surveys on the command line. Opens sealed batches
// and sealed files (and .txt files of their paste codes) with the committee's key backups, reads
// and re-scores what is inside, keeps the latest revision of each sheet, and writes a report file
// that merges like any other (the same report `phieu aggregate` makes of the unsealed files).
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import {
  CellCodeSchema,
  containsCode,
  createCodeBudget,
  reportOfResponses,
  scanBundleCodes,
  writeReportFile,
  type CodeBudget,
  type CollectedResponse,
  type Message,
} from '../../src/core/index.ts';
import {
  MAX_KEY_BACKUP_BYTES,
  MAX_SEALED_BATCH_BYTES,
  randomIndexFrom,
  readSealed,
  type SealedEnvelope,
} from '../../src/core/seal/index.ts';
import { restoreCommitteeKey, type CommitteeKey } from '../../src/sealing/keys.ts';
import { openSealed } from '../../src/sealing/open-batch.ts';
import { randomWords } from '../../src/sealing/suite.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { loadCatalog } from '../catalog.ts';
import { checkOutputFile, reportFileOptions } from '../output-options.ts';
import { collectFiles, printSkipped, readFileLimited, type SkippedPath } from '../files.ts';
import { err, oneLine, out, say } from '../output.ts';
import { appVersion } from '../package-root.ts';
import { nativeSha256 } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu open <lô|tệp|thư mục…> --key khoa.phieu-key.json --out report.json
           [--key khoa-cu.phieu-key.json] [--passphrase-file TỆP] [--comments comments.json]
           [--scope MÃ] [--scope-name TÊN] [--created-at ISO] [--instrument ID] [--version V]
           [--period KỲ] [--json] [--lang vi|en]

Mở các lô phiếu kín (và tệp phiếu kín, mã dán trong .txt) bằng tệp sao lưu khóa của ban: giải mã,
chấm lại theo mẫu phiếu của phieu, giữ bản gửi mới nhất của mỗi phiếu, áp ngưỡng ẩn danh, rồi ghi
báo cáo như "phieu aggregate" (gộp tiếp được bằng "phieu merge").
Open sealed batches (and sealed files, paste codes in .txt) with the committee's key backup:
decrypt, re-score with this copy of the instrument, keep the latest revision of each sheet, apply
the anonymity threshold, and write a report like "phieu aggregate" (mergeable with "phieu merge").

--key              a key backup (.phieu-key.json); give it again for older keys (both are kept)
--passphrase-file  a file whose first line is the backups' passphrase; else the environment
                   variable PHIEU_PASSPHRASE; else it is asked for (never put it on the command line)
--out              report file to write (required)
--comments         also write the free-text comments, per cell and question, shuffled (JSON);
                   cells under the anonymity threshold get none
--scope, --scope-name, --created-at   as in "phieu aggregate"
--instrument, --version, --period     open only the sheets of that instrument, version and period
                   (batches holding several: one report each, one run each)
--json             print a summary on stdout
Exit code: 0 all opened, 1 some files could not be used (the report is still written), 2 usage error.`;

async function askPassphrase(lang: 'vi' | 'en'): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError({
      vi: 'cần mật khẩu: --passphrase-file TỆP hoặc biến môi trường PHIEU_PASSPHRASE',
      en: 'a passphrase is needed: --passphrase-file FILE or the PHIEU_PASSPHRASE environment variable',
    });
  process.stderr.write(say(lang, { vi: 'Mật khẩu tệp sao lưu khóa: ', en: 'Key backup passphrase: ' }));
  // Nothing typed is echoed.
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const line = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}

async function passphraseOf(file: string | undefined, lang: 'vi' | 'en'): Promise<string> {
  if (file !== undefined) {
    try {
      return (readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '').normalize('NFC');
    } catch {
      throw new UsageError({ vi: `không đọc được ${file}`, en: `cannot read ${file}` });
    }
  }
  const env = process.env.PHIEU_PASSPHRASE;
  if (env !== undefined && env !== '') return env;
  return askPassphrase(lang);
}

/** A code or file that could not be read, as said on stderr and in --json's "invalid". */
interface Problem {
  file: string;
  code: string;
  message: Message;
}

/**
 * Every envelope in a file: a batch, one sealed file, or paste codes of sealed files (with chat
 * text around them, as `phieu aggregate` reads codes). A code that cannot be read is one problem,
 * named `file#n`, and the codes after it are still read; codes past the caps of one text or of the
 * run (`budget`) are one problem saying how many were not read.
 */
export function envelopesOf(file: string, budget: CodeBudget): { envelopes: SealedEnvelope[]; problems: Problem[] } {
  // The name as printed: one line whatever the file is called.
  const name = oneLine(file);
  const read = readFileLimited(file, MAX_SEALED_BATCH_BYTES);
  if (!read.ok)
    return { envelopes: [], problems: [{ file: name, code: read.error.code, message: read.error.message }] };
  const text = new TextDecoder().decode(read.bytes).replace(/^\uFEFF/, '');
  const envelopes: SealedEnvelope[] = [];
  const problems: Problem[] = [];
  const take = (label: string, t: string): void => {
    const r = readSealed(t);
    if (!r.ok) problems.push({ file: label, code: r.error.code, message: r.error.message });
    else if (r.kind === 'sealed-batch') envelopes.push(...r.batch.envelopes);
    else envelopes.push(r.envelope);
  };
  // A JSON file, or a text with no code in it (said as a file that is not sealed).
  if (text.trimStart().startsWith('{') || !containsCode(text)) {
    take(name, text);
    return { envelopes, problems };
  }
  let n = 0;
  for (const c of scanBundleCodes(text, budget)) {
    if ('unread' in c) {
      problems.push({ file: name, code: c.error.code, message: c.error.message });
      break;
    }
    n += 1;
    const label = `${name}#${n}`;
    if (c.ok) take(label, c.text);
    else problems.push({ file: label, code: c.error.code, message: c.error.message });
  }
  return { envelopes, problems };
}

export const openCommand: Command = {
  name: 'open',
  summary: { vi: 'mở lô phiếu kín bằng khóa của ban', en: 'open sealed batches with the committee key' },
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, {
      key: { type: 'string', multiple: true },
      'passphrase-file': { type: 'string' },
      out: { type: 'string' },
      comments: { type: 'string' },
      scope: { type: 'string' },
      'scope-name': { type: 'string' },
      'created-at': { type: 'string' },
      instrument: { type: 'string' },
      version: { type: 'string' },
      period: { type: 'string' },
      json: { type: 'boolean' },
    });
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({
        vi: 'cần ít nhất một lô hoặc tệp phiếu kín',
        en: 'give at least one sealed batch or file',
      });
    if (!values.key || values.key.length === 0)
      throw new UsageError({
        vi: 'cần --key (tệp sao lưu khóa của ban)',
        en: '--key (the committee key backup) is required',
      });
    if (!values.out) throw new UsageError({ vi: 'cần --out (tệp báo cáo)', en: '--out (the report file) is required' });
    if (values.scope !== undefined && !CellCodeSchema.safeParse(values.scope).success)
      throw new UsageError({ vi: `mã đơn vị "${values.scope}" không hợp lệ`, en: `bad unit code "${values.scope}"` });
    checkOutputFile('out', values.out);
    if (values.comments !== undefined) checkOutputFile('comments', values.comments);
    const { createdAt, scopeName } = reportFileOptions(values, Date.now());

    const passphrase = await passphraseOf(values['passphrase-file'], lang);
    const keys: CommitteeKey[] = [];
    for (const file of values.key) {
      const read = readFileLimited(file, MAX_KEY_BACKUP_BYTES);
      const r = read.ok
        ? await restoreCommitteeKey(new TextDecoder().decode(read.bytes), passphrase)
        : { ok: false as const, error: { code: read.error.code, message: read.error.message } };
      if (!r.ok) {
        err(`${file}: ${say(lang, r.error.message)}`);
        return 1;
      }
      keys.push(r.key);
    }

    const invalid: { file: string; code: string; message: string }[] = [];
    const envelopes: SealedEnvelope[] = [];
    const skipped: SkippedPath[] = [];
    const listed = collectFiles(positionals, undefined, skipped);
    const unread = printSkipped(skipped, lang);
    // Codes in .txt files are unpacked one at a time, within caps per file and for the whole run.
    const budget = createCodeBudget();
    for (const file of listed) {
      const got = envelopesOf(file, budget);
      envelopes.push(...got.envelopes);
      for (const p of got.problems) {
        invalid.push({ file: p.file, code: p.code, message: say(lang, p.message) });
        err(`INVALID  ${p.file}  ${p.code}: ${say(lang, p.message)}`);
      }
    }

    const random = randomIndexFrom(randomWords());
    const opened = await openSealed(envelopes, keys, loadCatalog(), random);
    for (const f of opened.failures) err(`${f.count} × ${say(lang, f.message)}`);

    // The instrument, version and period asked for (periods are written in capitals: 2026-Q4).
    const period = values.period?.toUpperCase();
    const chosen = opened.cells.filter(
      (c) =>
        (values.instrument === undefined || c.instrument.id === values.instrument) &&
        (values.version === undefined || c.instrument.version === values.version) &&
        (period === undefined || c.period === period),
    );
    const groupOf = (c: (typeof opened.cells)[number]): string =>
      `--instrument ${c.instrument.id} --version ${c.instrument.version} --period ${c.period}`;
    const groups = new Map<string, number>();
    for (const c of opened.cells) groups.set(groupOf(c), (groups.get(groupOf(c)) ?? 0) + c.sheets);
    const chosenGroups = new Set(chosen.map(groupOf));
    if (chosenGroups.size !== 1 && opened.cells.length > 0) {
      err(
        say(
          lang,
          chosenGroups.size > 1
            ? {
                vi: 'Các phiếu kín thuộc nhiều mẫu phiếu, phiên bản hoặc kỳ; mở từng nhóm một bằng các tùy chọn sau:',
                en: 'The sealed sheets belong to several instruments, versions or periods; open one at a time with these options:',
              }
            : {
                vi: 'Không có phiếu kín nào thuộc lựa chọn. Các lô có:',
                en: 'No sealed sheet matches the selection. The batches hold:',
              },
        ),
      );
      for (const [g, n] of groups) err(`  ${g}   (${n})`);
      return chosenGroups.size > 1 ? 2 : 1;
    }
    const outside = opened.cells.filter((c) => !chosen.includes(c)).reduce((s, c) => s + c.sheets, 0);
    if (outside > 0)
      err(
        say(lang, {
          vi: `Bỏ qua ${outside} phiếu thuộc mẫu phiếu, phiên bản hoặc kỳ khác (không thuộc lựa chọn).`,
          en: `Skipped ${outside} sheets of another instrument, version or period (outside the selection).`,
        }),
      );
    const first = chosen[0];
    if (!first) {
      err(
        say(lang, {
          vi: 'Không mở được phiếu nào; không ghi báo cáo.',
          en: 'No sheet could be opened; no report written.',
        }),
      );
      return 1;
    }
    // One report over every cell opened, as aggregate makes it of the unsealed files.
    const kept: CollectedResponse[] = chosen.flatMap((c) => c.kept);
    const cells = [...new Set(chosen.map((c) => c.cell))];
    const scope = values.scope ?? (cells.length === 1 ? cells[0]! : 'TONG-HOP');
    const report = reportOfResponses(
      first.instrument,
      first.period,
      {
        code: scope,
        ...(scopeName !== undefined ? { name: scopeName } : {}),
      },
      kept,
    );
    writeFileSync(values.out, writeReportFile({ report, app: appVersion(), createdAt, sha256: nativeSha256 }).text);
    if (values.comments)
      writeFileSync(
        values.comments,
        `${JSON.stringify(
          chosen.map((c) => ({ cell: c.cell, period: c.period, hidden: c.hidden, comments: c.comments })),
          null,
          2,
        )}\n`,
      );
    const sheets = chosen.reduce((s, c) => s + c.sheets, 0);
    const hidden = chosen.filter((c) => c.hidden).map((c) => c.cell);
    err(
      say(lang, {
        vi: `Đã mở ${opened.envelopes} phiếu kín: ${sheets} phiếu được tính ở ${cells.length} chi bộ (${first.instrument.id} ${first.instrument.version}, kỳ ${first.period}) → ${values.out}`,
        en: `Opened ${opened.envelopes} sealed files: ${sheets} sheets counted in ${cells.length} cells (${first.instrument.id} ${first.instrument.version}, period ${first.period}) → ${values.out}`,
      }),
    );
    if (hidden.length > 0)
      err(
        say(lang, {
          vi: `  Dưới ngưỡng ẩn danh (chỉ giữ số phiếu): ${hidden.join(', ')}`,
          en: `  Under the anonymity threshold (count only): ${hidden.join(', ')}`,
        }),
      );
    const failed = opened.failures.reduce((s, f) => s + f.count, 0);
    if (values.json)
      out(
        JSON.stringify(
          {
            out: values.out,
            instrument: first.instrument.id,
            version: first.instrument.version,
            period: first.period,
            scope,
            envelopes: opened.envelopes,
            sheets,
            superseded: chosen.reduce((s, c) => s + c.superseded, 0),
            hidden,
            failures: opened.failures.map((f) => ({ code: f.code, count: f.count, message: say(lang, f.message) })),
            invalid,
          },
          null,
          2,
        ),
      );
    return invalid.length === 0 && failed === 0 && unread === 0 ? 0 : 1;
  },
};

// phieu validate: reads every file (and every pasted code) and says, file by file, whether it is a
// good file of ours, with the recomputed score or the reason it was refused.
import { formatNumber, out, err, say } from '../output.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { collectFiles, printSkipped, readSources, type SkippedPath } from '../files.ts';
import { createCodeBudget } from '../../src/core/index.ts';
import { readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

/** One line of `--json` output (the shape is stable; new fields may be added, none removed). */
export interface ValidatedFile {
  /** The file, or `file#n` for the n-th code of a .txt file. */
  file: string;
  ok: boolean;
  /** `response` or `report`; null when the file could not be read. */
  kind: 'response' | 'report' | null;
  instrument: string | null;
  /** The instrument version. */
  version: string | null;
  period: string | null;
  /** The cell (response) or the reporting unit (report). */
  cell: string | null;
  /** Responses: the recomputed raw total; null for reports. */
  total: number | null;
  /** Responses: the total on the instrument's scale (what levels are read from). */
  scaled: number | null;
  /** Responses: the final level id (after gates and disqualifiers). */
  level: string | null;
  /** Reports: how many responses they count. */
  responses: number | null;
  /** Codes of warnings that do not stop the file from being used. */
  warnings: string[];
  /** Why the file was refused: a stable code, a message in the language asked for, the JSON path. */
  error: { code: string; message: string; path: string | null } | null;
}

const HELP = `phieu validate <tệp|thư mục…> [--json] [--lang vi|en]

Kiểm tra tệp phiếu (.json) và mã dán (.txt, mỗi tệp một hay nhiều mã). Thư mục được duyệt đệ quy.
Mỗi tệp một dòng trên stdout:
  ok  <tệp>  <mẫu phiếu> <kỳ> <chi bộ> <điểm> <xếp loại>
  INVALID  <tệp>  <mã lỗi>: <thông báo> (<đường dẫn>)
Dòng tổng kết "N valid, M invalid" ra stderr.

Check response and report files (.json) and pasted codes (.txt, one or many codes a file).
Folders are walked recursively. Exit code: 0 all valid, 1 some invalid, 2 usage error.

--json   one JSON object on stdout:
         { "files": [ { "file", "ok", "kind", "instrument", "version", "period", "cell",
                        "total", "scaled", "level", "responses", "warnings": [code],
                        "error": { "code", "message", "path" } | null } ],
           "valid": N, "invalid": M }
         Fields that do not apply are null. Error codes: empty, too-large, not-text, not-json,
         not-bundle, newer-format, schema, digest-mismatch, unknown-instrument,
         unknown-instrument-version, answers-invalid, inconsistent, bad-code, unreadable,
         future-time (dated later than tomorrow by this machine's clock), report-invalid (a
         report whose figures do not agree), too-many-codes (the codes of a .txt past its caps:
         20,000 codes or 256 MB unpacked a file, 200,000 or 2 GB a run; one line for the rest).
         Codes in a .txt are unpacked one at a time: memory holds one, whatever the file.
--lang   language of messages (vi by default).`;

export const validateCommand: Command = {
  name: 'validate',
  summary: { vi: 'kiểm tra tệp phiếu và mã dán', en: 'check response/report files and pasted codes' },
  help: HELP,
  run(argv) {
    const { values, positionals } = parseCommand(argv, { json: { type: 'boolean' } });
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp hoặc thư mục', en: 'give at least one file or folder' });
    const skipped: SkippedPath[] = [];
    const files = collectFiles(positionals, undefined, skipped);
    const unread = printSkipped(skipped, lang);
    if (files.length === 0)
      throw new UsageError({ vi: 'không tìm thấy tệp .json hoặc .txt nào', en: 'no .json or .txt file found' });
    const options = readOptions();
    const results: ValidatedFile[] = [];
    let valid = 0;
    let invalid = 0;
    // Codes in .txt files are unpacked one at a time, within caps per file and for the whole run.
    const budget = createCodeBudget();
    for (const file of files) {
      for (const source of readSources(file, undefined, budget)) {
        const r = readSource(source, options);
        let entry: ValidatedFile;
        if (r.ok) {
          valid += 1;
          const b = r.bundle;
          entry = {
            file: source.label,
            ok: true,
            kind: r.kind,
            instrument: b.instrument.id,
            version: b.instrument.version,
            period: b.period,
            cell: b.cell,
            total: r.kind === 'response' ? r.score.total : null,
            scaled: r.kind === 'response' ? r.score.scaled : null,
            level: r.kind === 'response' ? r.score.level : null,
            responses: r.kind === 'report' ? r.bundle.payload.units.reduce((s, u) => s + u.responses, 0) : null,
            warnings: r.warnings.map((w) => w.code),
            error: null,
          };
        } else {
          invalid += 1;
          entry = {
            file: source.label,
            ok: false,
            kind: null,
            instrument: null,
            version: null,
            period: null,
            cell: null,
            total: null,
            scaled: null,
            level: null,
            responses: null,
            warnings: [],
            error: { code: r.error.code, message: say(lang, r.error.message), path: r.error.path ?? null },
          };
        }
        if (values.json) results.push(entry);
        else out(lineOf(entry, lang));
      }
    }
    if (values.json) out(JSON.stringify({ files: results, valid, invalid }, null, 2));
    const notRead =
      unread === 0
        ? { vi: '', en: '' }
        : { vi: `, ${unread} đường dẫn không đọc được`, en: `, ${unread} paths not read` };
    err(
      say(lang, {
        vi: `${valid} hợp lệ, ${invalid} không hợp lệ${notRead.vi}`,
        en: `${valid} valid, ${invalid} invalid${notRead.en}`,
      }),
    );
    return invalid === 0 && unread === 0 ? 0 : 1;
  },
};

function lineOf(e: ValidatedFile, lang: 'vi' | 'en'): string {
  if (e.ok) {
    const what =
      e.kind === 'response'
        ? `${formatNumber(e.scaled ?? undefined)} ${e.level ?? ''}`
        : lang === 'en'
          ? `report ${e.responses ?? 0} responses`
          : `báo cáo ${e.responses ?? 0} phiếu`;
    const warn = e.warnings.length > 0 ? `  (${e.warnings.join(', ')})` : '';
    return `ok  ${e.file}  ${e.instrument ?? ''} ${e.period ?? ''} ${e.cell ?? ''} ${what}${warn}`;
  }
  const error = e.error;
  if (!error) return `INVALID  ${e.file}`;
  const at = error.path && !error.message.includes(`(${error.path})`) ? ` (${error.path})` : '';
  return `INVALID  ${e.file}  ${error.code}: ${error.message}${at}`;
}

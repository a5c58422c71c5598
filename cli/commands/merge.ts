// phieu merge: merges report files (cells, committees…) into one report for a higher unit.
import { writeFileSync } from 'node:fs';
import {
  CellCodeSchema,
  mergeReports,
  participationOf,
  describeQuota,
  pickText,
  summarizeUnits,
  unitCsvRows,
  writeReportFile,
  type Report,
} from '../../src/core/index.ts';
import { toCsv } from '../../src/core/csv.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { instrumentOf } from '../catalog.ts';
import { checkOutputFile, reportFileOptions } from '../output-options.ts';
import { collectFiles, printSkipped, readSources, type SkippedPath } from '../files.ts';
import { createCodeBudget } from '../../src/core/index.ts';
import { cpuSeconds, err, formatNumber, out, peakRssMb, say } from '../output.ts';
import { appVersion } from '../package-root.ts';
import { nativeSha256, readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu merge <báo cáo|thư mục…> --out merged.json --scope MÃ [--scope-name TÊN]
            [--csv chi-bo.csv] [--created-at ISO] [--json] [--verbose] [--lang vi|en]

Gộp các tệp báo cáo (của chi bộ, đảng ủy…) thành báo cáo của đơn vị cấp trên. Số liệu giữ theo
từng chi bộ nên gộp nhiều lần, theo thứ tự nào cũng cho cùng kết quả; một chi bộ có mặt hai lần
thì giữ báo cáo của chính chi bộ đó, nếu không thì bản có nhiều phiếu hơn, và nêu tên tệp gây
xung đột (stderr). Mỗi báo cáo được kiểm tra số liệu trước khi gộp; tỷ lệ tham gia chỉ tính trên
các chi bộ có số đảng viên dự kiến.
Merge report files into the report of a higher unit. Units stay per cell, so merging is
associative and order-free; a cell present twice keeps the cell's own report, else the unit with
more responses, naming the file that caused the conflict. Every report is checked before it is
merged; participation counts only the cells with an expected count.

--out          merged report file (required)
--scope        code of the merging unit (required)
--scope-name   its name, for people
--csv          also write a CSV (UTF-8 with BOM, CRLF), one row per cell: cell, responses,
               expected, mean total, level of the mean, count per level, mean per section
--created-at   the report's createdAt (default: now)
--json         print a summary on stdout: { "out", "csv", "instrument", "version", "period",
               "scope", "reports", "cells", "responses", "levels", "duplicates",
               "conflicts": [{ "cell", "kept", "dropped", "culprit", "message" }],
               "copies": [{ "cell", "kept", "copy" }] (a cell met again with the same figures:
               counted once),
               "participation": { "responses", "expected", "cells", "cellsWithoutExpected" },
               "invalid" }
Exit code: 0 merged, 1 some file invalid or reports that do not merge (other instrument or
period), 2 usage error.`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: { vi: 'gộp các báo cáo lên cấp trên', en: 'merge reports into a higher unit' },
  help: HELP,
  run(argv) {
    const t0 = performance.now();
    const { values, positionals } = parseCommand(argv, {
      out: { type: 'string' },
      scope: { type: 'string' },
      'scope-name': { type: 'string' },
      csv: { type: 'string' },
      'created-at': { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp báo cáo', en: 'give at least one report file' });
    if (!values.out || !values.scope)
      throw new UsageError({ vi: 'cần --out và --scope', en: '--out and --scope are needed' });
    if (!CellCodeSchema.safeParse(values.scope).success)
      throw new UsageError({ vi: `mã đơn vị "${values.scope}" không hợp lệ`, en: `bad unit code "${values.scope}"` });
    checkOutputFile('out', values.out);
    if (values.csv !== undefined) checkOutputFile('csv', values.csv);
    const { createdAt, scopeName } = reportFileOptions(values, Date.now());
    const skipped: SkippedPath[] = [];
    const files = collectFiles(positionals, ['.json'], skipped);
    const unread = printSkipped(skipped, lang);
    const options = readOptions();
    const reports: Report[] = [];
    const sources: string[] = [];
    const invalid: { file: string; code: string; message: string }[] = [];
    // Codes in .txt files are unpacked one at a time, within caps per file and for the whole run.
    const budget = createCodeBudget();
    for (const file of files) {
      for (const source of readSources(file, undefined, budget)) {
        const r = readSource(source, options);
        if (!r.ok) invalid.push({ file: source.label, code: r.error.code, message: say(lang, r.error.message) });
        else if (r.kind !== 'report')
          invalid.push({
            file: source.label,
            code: 'not-report',
            message: say(lang, {
              vi: 'tệp phiếu trả lời, không phải báo cáo (dùng "phieu aggregate")',
              en: 'a response file, not a report (use "phieu aggregate")',
            }),
          });
        else {
          reports.push(r.bundle.payload);
          sources.push(source.label);
        }
      }
    }
    for (const i of invalid) err(`INVALID  ${i.file}  ${i.code}: ${i.message}`);
    if (reports.length === 0) {
      err(say(lang, { vi: 'Không có báo cáo hợp lệ nào để gộp.', en: 'No valid report to merge.' }));
      return 1;
    }
    const known = instrumentOf(reports[0]!.instrument);
    const merged = mergeReports(
      reports,
      { code: values.scope, ...(scopeName !== undefined ? { name: scopeName } : {}) },
      { sources, ...(known ? { instrument: known } : {}) },
    );
    if (!merged.ok) {
      err(say(lang, merged.conflict.message));
      return 1;
    }
    const report = merged.report;
    const { text } = writeReportFile({
      report,
      app: appVersion(),
      createdAt,
      sha256: nativeSha256,
    });
    writeFileSync(values.out, text);
    const instrument = instrumentOf(report.instrument);
    if (values.csv) {
      if (!instrument) {
        err(
          say(lang, {
            vi: `Không có mẫu phiếu ${report.instrument.id} ${report.instrument.version} để ghi CSV.`,
            en: `No instrument ${report.instrument.id} ${report.instrument.version} to write the CSV with.`,
          }),
        );
        return 1;
      }
      writeFileSync(values.csv, toCsv(unitCsvRows(instrument, report.units, lang)));
    }
    for (const c of merged.conflicts) err(`CONFLICT  ${c.cell}  ${say(lang, c.message)}`);
    for (const c of merged.copies)
      err(
        say(lang, {
          vi: `TRÙNG  ${c.cell}  ${c.copy} lặp lại đúng số liệu của chi bộ này trong ${c.kept}: chỉ tính một lần.`,
          en: `COPY  ${c.cell}  ${c.copy} repeats this cell's figures from ${c.kept}: counted once.`,
        }),
      );
    const participation = participationOf(report.units);
    const responses = report.units.reduce((s, u) => s + u.responses, 0);
    const summary = instrument ? summarizeUnits(instrument, report.units) : undefined;
    err(
      say(lang, {
        vi: `Đã gộp ${reports.length} báo cáo: ${report.units.length} chi bộ, ${responses} phiếu → ${values.out}`,
        en: `Merged ${reports.length} reports: ${report.units.length} cells, ${responses} responses → ${values.out}`,
      }),
    );
    if (participation.expected !== undefined)
      err(
        say(lang, {
          vi: `  Tham gia: ${participation.responses} / ${participation.expected} (${formatNumber((participation.share ?? 0) * 100)} %) trên ${participation.units} chi bộ có số dự kiến`,
          en: `  Participation: ${participation.responses} / ${participation.expected} (${formatNumber((participation.share ?? 0) * 100)} %) over ${participation.units} cells with an expected count`,
        }),
      );
    if (participation.withoutExpected > 0)
      err(
        say(lang, {
          vi: `  ${participation.withoutExpected} chi bộ không ghi số dự kiến (${participation.responsesWithoutExpected} phiếu), không tính vào tỷ lệ tham gia.`,
          en: `  ${participation.withoutExpected} cells give no expected count (${participation.responsesWithoutExpected} responses), left out of participation.`,
        }),
      );
    if (summary && instrument) {
      err(
        `  ${instrument.levels.map((l) => `${pickText(l.label, lang)} ${summary.levels[l.id] ?? 0}`).join(', ')}; ${say(lang, { vi: 'điểm trung bình', en: 'mean total' })} ${formatNumber(summary.mean)}`,
      );
      // The quota applies per grassroots organisation: the merged report's scope, on decided levels.
      const quota = summary.quota;
      if (quota) {
        const text = describeQuota(quota, (id, l) =>
          pickText(instrument.levels.find((x) => x.id === id)?.label ?? { vi: id }, l),
        );
        err(`  ${quota.ok ? '' : `${say(lang, { vi: 'Cảnh báo', en: 'Warning' })}: `}${say(lang, text)}`);
      }
    }
    if (values.verbose)
      err(
        `  ${formatNumber((performance.now() - t0) / 1000)} s (CPU ${formatNumber(cpuSeconds())} s); peak RSS ${formatNumber(peakRssMb())} MB`,
      );
    if (values.json) {
      const levels: Record<string, number> = {};
      for (const u of report.units) for (const [k, v] of Object.entries(u.levels)) levels[k] = (levels[k] ?? 0) + v;
      out(
        JSON.stringify(
          {
            out: values.out,
            csv: values.csv ?? null,
            instrument: report.instrument.id,
            version: report.instrument.version,
            period: report.period,
            scope: report.scope,
            reports: reports.length,
            cells: report.units.length,
            responses,
            levels,
            duplicates: merged.duplicates,
            copies: merged.copies,
            conflicts: merged.conflicts.map((c) => ({
              cell: c.cell,
              kept: c.kept,
              dropped: c.dropped,
              culprit: c.culprit ?? null,
              message: say(lang, c.message),
            })),
            participation: {
              responses: participation.responses,
              expected: participation.expected ?? null,
              cells: participation.units,
              cellsWithoutExpected: participation.withoutExpected,
            },
            invalid,
          },
          null,
          2,
        ),
      );
    }
    return invalid.length === 0 && unread === 0 ? 0 : 1;
  },
};

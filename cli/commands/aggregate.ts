// phieu aggregate: reads response files one at a time (read, check, re-score, count, drop) and
// writes a report file: one unit of counts per cell, mergeable upward with `phieu merge`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MAX_RESPONSE_BYTES,
  responseCsvHeader,
  hideCsvRow,
  isBreakdownHidden,
  buildReport,
  describeQuota,
  createCodeBudget,
  pickText,
  summarizeUnits,
  hashInstrument,
} from '../../src/core/index.ts';
import { toCsv } from '../../src/core/csv.ts';
import { CellCodeSchema, normalizeCellCode } from '../../src/core/index.ts';
import { UsageError, intOption, langOf, parseCommand } from '../args.ts';
import { checkOutputFile, reportFileOptions } from '../output-options.ts';
import { Collector, recountDirtyCells, settleSameMembers, unitTextsOf, type Group } from '../aggregate/collect.ts';
import { readResponseFileFast } from '../aggregate/fast-read.ts';
import { prepareReadAhead, startReadAhead, type ReadAhead } from '../aggregate/read-ahead.ts';
import { writeReportFileOfUnits } from '../aggregate/write-report.ts';
import { outcomeOf, responseOutcomeOf, type Selection } from '../aggregate/outcome.ts';
import { defaultJobs, readInParallel } from '../aggregate/parallel.ts';
import {
  collectFiles,
  isCodesFile,
  printSkipped,
  readFileLimited,
  readSources,
  type SkippedPath,
  type Source,
} from '../files.ts';
import { cpuSeconds, err, formatNumber, oneLine, out, peakRssMb, say } from '../output.ts';
import { PACKAGE_ROOT, appVersion } from '../package-root.ts';
import { nativeSha256, readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu aggregate <tệp|thư mục…> --out report.json [--csv phieu.csv] [--scope MÃ]
                [--scope-name TÊN] [--instrument ID] [--version V] [--period KỲ] [--created-at ISO]
                [--jobs N] [--json] [--verbose] [--lang vi|en]

Tổng hợp các tệp phiếu (.json, và mã dán trong .txt) thành một tệp báo cáo: mỗi chi bộ một khối số
đếm, gộp tiếp lên cấp trên bằng "phieu merge". Đọc từng tệp một (không giữ cả lô trong bộ nhớ).
Aggregate response files into a report file (one unit of counts per cell, by its code normalized:
"cb-0001" and "CB-0001" are one cell, named CB-0001), reading one file at a time. Duplicates
follow the site's rules: one answer sheet per member (named instruments: cell + name) or per
response id (anonymous); the newest send wins (higher revision, then later createdAt); the same
file twice counts once. Invalid files are listed on stderr and skipped. All responses must share
one instrument, version and period; with several, choose one with --instrument, --version and/or
--period (others are skipped and counted), or the command refuses and lists them.

--out          report file to write (required)
--csv          also write a CSV (UTF-8 with BOM, CRLF), one row per response: cell, response id,
               [name, post], revision, total, level id, level, [proposed], points per section
--scope        code of the unit making the report (default: the cell when there is one, else
               TONG-HOP)
--scope-name   its name, for people
--created-at   the report's createdAt (default: now)
--jobs         threads reading files (default 1; the machine's cores, up to 8, for 20,000 files
               or more on a machine of 4 cores or more); the report, CSV and messages are the
               same with any number
--json         print a summary on stdout: { "out", "csv", "instrument", "version", "period",
               "scope", "cells", "responses", "levels", "invalid": [{ "file", "code", "message",
               "path" }], "warnings": [{ "file", "code", "message" }] (files counted, re-scored: an
               edited instrument, a score note that differs), "skipped", "replaced", "older",
               "sameFile", "sameMember" (named sheets of one cell whose names match: only the latest
               counted), "quota": the quota over every
               cell aggregated (one grassroots organisation), with "basis" (decided, computed
               or mixed) and "computedCells" }
--verbose      timing and peak memory on stderr
Exit code: 0 all files read, 1 some invalid (the report is still written), 2 usage error.`;

export const aggregateCommand: Command = {
  name: 'aggregate',
  summary: { vi: 'tổng hợp tệp phiếu thành báo cáo', en: 'aggregate response files into a report' },
  help: HELP,
  async run(argv) {
    const t0 = performance.now();
    const { values, positionals } = parseCommand(argv, {
      out: { type: 'string' },
      csv: { type: 'string' },
      scope: { type: 'string' },
      'scope-name': { type: 'string' },
      instrument: { type: 'string' },
      version: { type: 'string' },
      period: { type: 'string' },
      'created-at': { type: 'string' },
      jobs: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp hoặc thư mục', en: 'give at least one file or folder' });
    if (!values.out) throw new UsageError({ vi: 'cần --out <tệp báo cáo>', en: '--out <report file> is needed' });
    if (values.scope !== undefined && !CellCodeSchema.safeParse(values.scope).success)
      throw new UsageError({ vi: `mã đơn vị "${values.scope}" không hợp lệ`, en: `bad unit code "${values.scope}"` });
    checkOutputFile('out', values.out);
    if (values.csv !== undefined) checkOutputFile('csv', values.csv);
    const { createdAt, scopeName } = reportFileOptions(values, Date.now());
    const csv = values.csv !== undefined;
    // One thread without a CSV (the default below 4 cores, or --jobs 1): a worker reads the .json
    // files ahead, in the order the loop below asks for them (read-ahead.ts). For a large folder it
    // starts before the listing, to be up by the first file.
    const oneThread = values.jobs === undefined ? defaultJobs(Infinity) === 1 : values.jobs.trim() === '1';
    const early = oneThread && !csv ? prepareReadAhead(positionals, MAX_RESPONSE_BYTES) : undefined;
    let files: string[];
    let jobs: number;
    let unread: number;
    try {
      const skipped: SkippedPath[] = [];
      files = collectFiles(positionals, undefined, skipped);
      unread = printSkipped(skipped, lang);
      if (files.length === 0)
        throw new UsageError({ vi: 'không tìm thấy tệp .json hoặc .txt nào', en: 'no .json or .txt file found' });
      jobs = intOption('jobs', values.jobs, defaultJobs(files.length), 1, 64);
    } catch (e) {
      early?.close();
      throw e;
    }
    const tList = performance.now();
    let ahead: ReadAhead | undefined;
    if (jobs === 1 && !csv)
      ahead = startReadAhead(
        files.filter((f) => !isCodesFile(f)),
        MAX_RESPONSE_BYTES,
        early,
      );
    else early?.close();

    const options = readOptions(MAX_RESPONSE_BYTES);
    // Periods are written in capitals (2026-Q4): a lower-case --period means the same one.
    const selection: Selection = {
      instrument: values.instrument,
      version: values.version,
      period: values.period?.toUpperCase(),
    };
    const collector = new Collector(options);
    if (jobs === 1) {
      // One thread: each file read, checked, re-scored and counted as it comes (nothing kept but its identity).
      // Codes in .txt files are unpacked one at a time, within caps per file and for the whole run.
      const budget = createCodeBudget();
      const one = (source: Source): void => {
        const r = readSource(source, options);
        const o = outcomeOf(source, r, selection, lang, csv);
        if (o.kind === 'report') err(reportSkipped(lang, o.label));
        collector.accept(o, r.ok && r.kind === 'response' ? r : undefined);
      };
      try {
        for (const file of files) {
          if (isCodesFile(file)) {
            for (const source of readSources(file, undefined, budget)) one(source);
            continue;
          }
          // A .json file is one source (readSources). An ordinary response file is read and scored
          // straight into its cell's counts (fast-read.ts); anything else, or with a CSV (its rows
          // need the full score), by readBundle.
          const fast = csv ? undefined : readResponseFileFast(file, options, ahead);
          if (fast) {
            collector.accept(responseOutcomeOf({ file }, fast.bundle, selection), fast);
            continue;
          }
          const input = readFileLimited(file, MAX_RESPONSE_BYTES);
          one({ label: oneLine(file), file, input: input.ok ? { ok: true, value: input.bytes } : input });
        }
      } finally {
        ahead?.close();
      }
    } else {
      // Workers start from the module the launcher ran (the bundle, or the sources), else the launcher.
      const main: unknown = Reflect.get(globalThis, Symbol.for('phieu.main'));
      const entry =
        typeof main === 'string' ? new URL(main) : pathToFileURL(path.join(PACKAGE_ROOT, 'cli', 'phieu.mjs'));
      const read = await readInParallel(files, { selection, lang, csv, now: options.now ?? Date.now() }, jobs, entry);
      for (const list of read.outcomes)
        for (const o of list) {
          if (o.kind === 'report') err(reportSkipped(lang, o.label));
          collector.accept(o);
        }
      for (const c of read.counts) collector.addCounts(c.group, c.cell, c.state);
    }
    const { groups, invalid, replaced, older, sameFile, warnings } = collector;
    const skipped = collector.skipped;
    // Responses of another instrument, version or period (report files have a line each already).
    let outside = 0;
    for (const n of collector.outside.values()) outside += n;
    const tRead = performance.now();
    for (const i of invalid) err(`INVALID  ${i.file}  ${i.code}: ${i.message}`);
    for (const w of warnings) err(`WARNING  ${w.file}  ${w.code}: ${w.message}`);

    if (groups.size === 0 && collector.outside.size > 0) {
      err(
        say(lang, {
          vi: `Không có phiếu nào thuộc lựa chọn; ${outside} phiếu hợp lệ thuộc mẫu phiếu, phiên bản hoặc kỳ khác. Các tệp có:`,
          en: `No response matches the selection; ${outside} valid responses are of another instrument, version or period. The files hold:`,
        }),
      );
      for (const [key, n] of collector.outside) {
        const [id, version, period] = key.split(' ');
        err(`  --instrument ${id} --version ${version} --period ${period}   (${n})`);
      }
      return 1;
    }
    if (groups.size === 0) {
      err(say(lang, { vi: 'Không có phiếu hợp lệ nào để tổng hợp.', en: 'No valid response to aggregate.' }));
      return 1;
    }
    if (groups.size > 1) {
      err(
        say(lang, {
          vi: 'Các tệp thuộc nhiều mẫu phiếu, phiên bản hoặc kỳ; chọn một bằng các tùy chọn sau:',
          en: 'The files belong to several instruments, versions or periods; choose one with these options:',
        }),
      );
      for (const g of groups.values())
        err(
          `  --instrument ${g.instrument.id} --version ${g.instrument.version} --period ${g.period}   (${g.sends.size})`,
        );
      return 2;
    }
    const g = [...groups.values()][0] as Group;

    const conflicts = settleSameMembers(g);
    for (const c of conflicts) {
      const ids = c.ids.join(', ');
      // Names that match only once case, diacritics and spacing are set aside (Hùng, Hưng) are
      // shown as written: the secretary sees whether they are one person.
      const written = [...new Set(c.names)];
      const as =
        written.length > 1
          ? {
              vi: ` Tên ghi trên phiếu: ${written.map((n) => `"${n}"`).join(', ')} (trùng nhau khi bỏ dấu, chữ hoa và khoảng trắng).`,
              en: ` Names as written: ${written.map((n) => `"${n}"`).join(', ')} (the same once diacritics, case and spacing are set aside).`,
            }
          : { vi: '', en: '' };
      err(
        say(lang, {
          vi: `TRÙNG NGƯỜI  ${c.cell}: ${c.ids.length} phiếu cùng tên "${c.name}" (${ids}); chỉ tính phiếu gửi sau cùng (${c.kept}).${as.vi} Nếu là những người khác nhau, hãy tổng hợp trên trang tổng hợp với danh sách đảng viên.`,
          en: `SAME MEMBER  ${c.cell}: ${c.ids.length} sheets with the name "${c.name}" (${ids}); only the latest send (${c.kept}) is counted.${as.en} If they are different people, collect them on the collection page with the roster.`,
        }),
      );
    }
    recountDirtyCells(g, options);
    // Each unit written as it is made; `units` keeps them without their items, for the summary.
    const { texts, units } = unitTextsOf(g);
    const cells = units.map((u) => u.cell);
    const onlyCell = cells.length === 1 ? cells[0] : undefined;
    const scope = values.scope ?? onlyCell ?? 'TONG-HOP';
    // The report names its instrument by hash: worked out here with the native SHA-256 (remembered).
    hashInstrument(g.instrument, nativeSha256);
    const report = buildReport(g.instrument, g.period, scope, [], scopeName);
    writeReportFileOfUnits(values.out, report, texts, appVersion(), createdAt);
    if (values.csv) {
      // Columns: 0 number, 1 cell, 3 response id, 5 name (named instruments); number them once sorted.
      const byName = g.instrument.anonymity === 'named' ? 5 : 3;
      // A cell whose breakdown the report hides (anonymous, too few answers) shows no scores here either.
      const hiddenCells = new Set(units.filter((u) => isBreakdownHidden(g.instrument, u.responses)).map((u) => u.cell));
      const rows = [...g.rows.values()]
        .map((row) => (hiddenCells.has(normalizeCellCode(row[1] ?? '')) ? hideCsvRow(g.instrument, row, lang) : row))
        .sort((a, b) => compare(a[1], b[1]) || compare(a[byName], b[byName]) || compare(a[3], b[3]));
      rows.forEach((row, i) => (row[0] = String(i + 1)));
      writeFileSync(values.csv, toCsv([responseCsvHeader(g.instrument, lang), ...rows]));
    }
    const tWrite = performance.now();

    const summary = summarizeUnits(g.instrument, units);
    const quota = summary.quota;
    const shares = g.instrument.levels.map((l) => `${pickText(l.label, lang)} ${summary.levels[l.id] ?? 0}`).join(', ');
    err(
      say(lang, {
        vi: `Đã tổng hợp ${summary.responses} phiếu của ${units.length} chi bộ (${g.instrument.id} ${g.instrument.version}, kỳ ${g.period}) → ${values.out}`,
        en: `Aggregated ${summary.responses} responses of ${units.length} cells (${g.instrument.id} ${g.instrument.version}, period ${g.period}) → ${values.out}`,
      }),
    );
    err(`  ${shares}; ${say(lang, { vi: 'điểm trung bình', en: 'mean total' })} ${formatNumber(summary.mean)}`);
    if (replaced + older + sameFile > 0)
      err(
        say(lang, {
          vi: `  Trùng: ${replaced} bản gửi mới thay bản cũ, ${older} bản gửi cũ bỏ qua, ${sameFile} tệp giống hệt bỏ qua.`,
          en: `  Duplicates: ${replaced} newer sends replaced older ones, ${older} older sends ignored, ${sameFile} identical files ignored.`,
        }),
      );
    if (outside > 0)
      err(
        say(lang, {
          vi: `  Bỏ qua ${outside} phiếu thuộc mẫu phiếu, phiên bản hoặc kỳ khác (không thuộc lựa chọn).`,
          en: `  Skipped ${outside} responses of another instrument, version or period (outside the selection).`,
        }),
      );
    if (invalid.length > 0)
      err(
        say(lang, {
          vi: `  ${invalid.length} tệp không hợp lệ (ở trên).`,
          en: `  ${invalid.length} invalid files (above).`,
        }),
      );
    // The quota applies per grassroots organisation (every cell aggregated here), on decided levels.
    if (quota) {
      const ins = g.instrument;
      const text = describeQuota(quota, (id, l) =>
        pickText(ins.levels.find((x) => x.id === id)?.label ?? { vi: id }, l),
      );
      err(`  ${quota.ok ? '' : `${say(lang, { vi: 'Cảnh báo', en: 'Warning' })}: `}${say(lang, text)}`);
    }
    if (values.verbose) {
      const s = (a: number, b: number): string => `${formatNumber((b - a) / 1000)} s`;
      const cpu = formatNumber(cpuSeconds());
      const rss = formatNumber(peakRssMb());
      err(
        `  ${say(lang, {
          vi: `${files.length} tệp${jobs > 1 ? `, ${jobs} luồng` : ''}: liệt kê ${s(t0, tList)}, đọc+chấm+đếm ${s(tList, tRead)}, ghi ${s(tRead, tWrite)}, tổng ${s(t0, tWrite)} (CPU ${cpu} s); bộ nhớ cao nhất (RSS) ${rss} MB`,
          en: `${files.length} files${jobs > 1 ? `, ${jobs} threads` : ''}: list ${s(t0, tList)}, read+score+count ${s(tList, tRead)}, write ${s(tRead, tWrite)}, total ${s(t0, tWrite)} (CPU ${cpu} s); peak RSS ${rss} MB`,
        })}`,
      );
      if (ahead) {
        const { taken, checked, waitedMs } = ahead.stats;
        err(
          `  ${say(lang, {
            vi: `đọc trước: ${taken} tệp (mã kiểm tra đã xét ở đó: ${checked}), chờ ${s(0, waitedMs)}`,
            en: `read ahead: ${taken} files (digest checked there: ${checked}), waited for ${s(0, waitedMs)}`,
          })}`,
        );
      }
    }
    if (values.json)
      out(
        JSON.stringify(
          {
            out: values.out,
            csv: values.csv ?? null,
            instrument: g.instrument.id,
            version: g.instrument.version,
            period: g.period,
            scope,
            cells: units.length,
            responses: summary.responses,
            levels: summary.levels,
            invalid,
            warnings,
            skipped,
            replaced,
            older,
            sameFile,
            sameMember: conflicts.length,
            quota: quota ?? null,
          },
          null,
          2,
        ),
      );
    return invalid.length === 0 && unread === 0 ? 0 : 1;
  },
};

function reportSkipped(lang: 'vi' | 'en', label: string): string {
  return say(lang, {
    vi: `bỏ qua ${label}: tệp báo cáo (dùng "phieu merge")`,
    en: `skipped ${label}: a report file (use "phieu merge")`,
  });
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

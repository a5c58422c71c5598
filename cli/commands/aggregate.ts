// phieu aggregate: reads response files one at a time (read, check, re-score, count, drop) and
// writes a report file: one unit of counts per cell, mergeable upward with `phieu merge`.
import { writeFileSync } from 'node:fs';
import {
  MAX_RESPONSE_BYTES,
  responseCsvHeader,
  responseCsvRow,
  hideCsvRow,
  isBreakdownHidden,
  matchName,
  normalizeCellCode,
  buildReport,
  describeQuota,
  createCodeBudget,
  createUnitTally,
  isNewerSend,
  pickText,
  responseKey,
  summarizeUnits,
  writeReportFile,
  type Instrument,
  type ReadOptions,
  type ResponseBundle,
  type UnitTally,
} from '../../src/core/index.ts';
import { toCsv } from '../../src/core/csv.ts';
import { CellCodeSchema } from '../../src/core/index.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';

import { collectFiles, readSources, type Source } from '../files.ts';
import { cpuSeconds, err, formatNumber, out, peakRssMb, say } from '../output.ts';
import { appVersion } from '../package-root.ts';
import { nativeSha256, readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu aggregate <tệp|thư mục…> --out report.json [--csv phieu.csv] [--scope MÃ]
                [--scope-name TÊN] [--instrument ID] [--period KỲ] [--created-at ISO]
                [--json] [--verbose] [--lang vi|en]

Tổng hợp các tệp phiếu (.json, và mã dán trong .txt) thành một tệp báo cáo: mỗi chi bộ một khối số
đếm, gộp tiếp lên cấp trên bằng "phieu merge". Đọc từng tệp một (không giữ cả lô trong bộ nhớ).
Aggregate response files into a report file (one unit of counts per cell), reading one file at a
time. Duplicates follow the site's rules: one answer sheet per member (named instruments: cell +
name) or per response id (anonymous); the newest send wins (higher revision, then later
createdAt); the same file twice counts once. Invalid files are listed on stderr and skipped.
All responses must share one instrument (and version) and period; with several, choose one with
--instrument and/or --period (others are skipped), or the command refuses.

--out          report file to write (required)
--csv          also write a CSV (UTF-8 with BOM, CRLF), one row per response: cell, response id,
               [name, post], revision, total, level id, level, [proposed], points per section
--scope        code of the unit making the report (default: the cell when there is one, else
               TONG-HOP)
--scope-name   its name, for people
--created-at   the report's createdAt (default: now)
--json         print a summary on stdout: { "out", "csv", "instrument", "version", "period",
               "scope", "cells", "responses", "levels", "invalid": [{ "file", "code", "message",
               "path" }], "skipped", "replaced", "older", "sameFile", "sameMember" (named sheets
               of one cell whose names match: only the latest counted), "quota": the quota over every
               cell aggregated (one grassroots organisation), with "basis" (decided, computed
               or mixed) and "computedCells" }
--verbose      timing and peak memory on stderr
Exit code: 0 all files read, 1 some invalid (the report is still written), 2 usage error.`;

/** What is remembered of a kept send: enough to compare a later one and to read it again. */
interface Entry {
  cell: string;
  stub: ResponseBundle;
  source: { file: string; index?: number };
  /** A named sheet's name, and its matching form (members.ts). */
  name?: string;
  member?: string;
}

interface Group {
  instrument: Instrument;
  period: string;
  tallies: Map<string, UnitTally>;
  entries: Map<string, Entry>;
  dirty: Set<string>;
  rows: Map<string, string[]>;
}

function stubOf(b: ResponseBundle): ResponseBundle {
  const r = b.payload.response;
  // isNewerSend reads only these fields.
  return {
    createdAt: b.createdAt,
    digest: b.digest,
    payload: { response: { id: r.id, revision: r.revision } },
  } as unknown as ResponseBundle;
}

function rereadSource(ref: Entry['source'], options: ReadOptions): ReturnType<typeof readSource> | undefined {
  for (const s of readSources(ref.file) as Iterable<Source>)
    if (ref.index === undefined || s.index === ref.index) return readSource(s, options);
  return undefined;
}

export const aggregateCommand: Command = {
  name: 'aggregate',
  summary: { vi: 'tổng hợp tệp phiếu thành báo cáo', en: 'aggregate response files into a report' },
  help: HELP,
  run(argv) {
    const t0 = performance.now();
    const { values, positionals } = parseCommand(argv, {
      out: { type: 'string' },
      csv: { type: 'string' },
      scope: { type: 'string' },
      'scope-name': { type: 'string' },
      instrument: { type: 'string' },
      period: { type: 'string' },
      'created-at': { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const lang = langOf(values.lang);
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp hoặc thư mục', en: 'give at least one file or folder' });
    if (!values.out) throw new UsageError({ vi: 'cần --out <tệp báo cáo>', en: '--out <report file> is needed' });
    if (values.scope !== undefined && !CellCodeSchema.safeParse(values.scope).success)
      throw new UsageError({ vi: `mã đơn vị "${values.scope}" không hợp lệ`, en: `bad unit code "${values.scope}"` });
    const files = collectFiles(positionals);
    if (files.length === 0)
      throw new UsageError({ vi: 'không tìm thấy tệp .json hoặc .txt nào', en: 'no .json or .txt file found' });
    const tList = performance.now();

    const options = readOptions(MAX_RESPONSE_BYTES);
    // Codes in .txt files are unpacked one at a time, within caps per file and for the whole run.
    const budget = createCodeBudget();
    const groups = new Map<string, Group>();
    const invalid: { file: string; code: string; message: string; path: string | null }[] = [];
    let skipped = 0;
    let replaced = 0;
    let older = 0;
    let sameFile = 0;
    for (const file of files) {
      for (const source of readSources(file, isTxt(file) ? undefined : MAX_RESPONSE_BYTES, budget)) {
        const r = readSource(source, options);
        if (!r.ok) {
          invalid.push({
            file: source.label,
            code: r.error.code,
            message: say(lang, r.error.message),
            path: r.error.path ?? null,
          });
          continue;
        }
        if (r.kind !== 'response') {
          skipped += 1;
          err(
            say(lang, {
              vi: `bỏ qua ${source.label}: tệp báo cáo (dùng "phieu merge")`,
              en: `skipped ${source.label}: a report file (use "phieu merge")`,
            }),
          );
          continue;
        }
        const b = r.bundle;
        if (
          (values.instrument !== undefined && b.instrument.id !== values.instrument) ||
          (values.period !== undefined && b.period !== values.period)
        ) {
          skipped += 1;
          continue;
        }
        const gk = `${b.instrument.id}@${b.instrument.version}|${b.period}`;
        let g = groups.get(gk);
        if (!g) {
          g = {
            instrument: r.instrument,
            period: b.period,
            tallies: new Map(),
            entries: new Map(),
            dirty: new Set(),
            rows: new Map(),
          };
          groups.set(gk, g);
        }
        const key = responseKey(b);
        const previous = g.entries.get(key);
        if (previous) {
          if (previous.stub.digest === b.digest) {
            sameFile += 1;
            continue;
          }
          if (!isNewerSend(b, previous.stub)) {
            older += 1;
            continue;
          }
          // A newer send of a response already counted: its cell (and the new one) are recounted
          // from the kept files at the end; rare, so the stream stays one pass.
          replaced += 1;
          g.dirty.add(previous.cell);
          g.dirty.add(b.cell);
        }
        const ref = source.index === undefined ? { file: source.file } : { file: source.file, index: source.index };
        const who = b.payload.response.respondent?.name;
        g.entries.set(key, {
          cell: b.cell,
          stub: stubOf(b),
          source: ref,
          ...(who !== undefined ? { name: who, member: matchName(who) } : {}),
        });
        if (!previous) {
          let tally = g.tallies.get(b.cell);
          if (!tally) {
            tally = createUnitTally(r.instrument, b.cell);
            g.tallies.set(b.cell, tally);
          }
          tally.add(b.payload.response, r.score);
        }
        if (values.csv)
          g.rows.set(key, responseCsvRow(r.instrument, { bundle: b, score: r.score, source: source.file }, 0, lang));
      }
    }
    const tRead = performance.now();
    for (const i of invalid) err(`INVALID  ${i.file}  ${i.code}: ${i.message}`);

    if (groups.size === 0) {
      err(say(lang, { vi: 'Không có phiếu hợp lệ nào để tổng hợp.', en: 'No valid response to aggregate.' }));
      return 1;
    }
    if (groups.size > 1) {
      err(
        say(lang, {
          vi: 'Các tệp thuộc nhiều mẫu phiếu hoặc nhiều kỳ; chọn một bằng --instrument và/hoặc --period:',
          en: 'The files belong to several instruments or periods; choose one with --instrument and/or --period:',
        }),
      );
      for (const g of groups.values())
        err(`  --instrument ${g.instrument.id} --period ${g.period}   (${g.instrument.version}, ${g.entries.size})`);
      return 2;
    }
    const g = [...groups.values()][0] as Group;

    // One member, one count: sheets of one cell whose names match (members.ts: case, diacritics,
    // spacing, invisible characters aside) are one member on two devices, or two people with one
    // name, which only the roster on the collection page can tell. Never counted twice: the
    // latest send counts, and each such case gets a line.
    const byMember = new Map<string, [string, Entry][]>();
    for (const [key, e] of g.entries)
      if (e.member !== undefined) {
        const k = `${normalizeCellCode(e.cell)}|${e.member}`;
        byMember.set(k, [...(byMember.get(k) ?? []), [key, e]]);
      }
    let conflicts = 0;
    for (const list of byMember.values()) {
      if (list.length < 2) continue;
      conflicts += 1;
      list.sort(([, a], [, b]) => (isNewerSend(a.stub, b.stub) ? -1 : isNewerSend(b.stub, a.stub) ? 1 : 0));
      const [kept, ...others] = list;
      for (const [key, e] of others) {
        g.entries.delete(key);
        g.rows.delete(key);
        g.dirty.add(e.cell);
      }
      const ids = list.map(([, e]) => e.stub.payload.response.id).join(', ');
      const keptId = kept![1].stub.payload.response.id;
      err(
        say(lang, {
          vi: `TRÙNG NGƯỜI  ${kept![1].cell}: ${list.length} phiếu cùng tên "${kept![1].name}" (${ids}); chỉ tính phiếu gửi sau cùng (${keptId}). Nếu là những người khác nhau, hãy tổng hợp trên trang tổng hợp với danh sách đảng viên.`,
          en: `SAME MEMBER  ${kept![1].cell}: ${list.length} sheets with the name "${kept![1].name}" (${ids}); only the latest send (${keptId}) is counted. If they are different people, collect them on the collection page with the roster.`,
        }),
      );
    }

    // Recount the cells where a newer send replaced one already counted.
    for (const cell of g.dirty) {
      const tally = createUnitTally(g.instrument, cell);
      for (const e of g.entries.values()) {
        if (e.cell !== cell) continue;
        const r = rereadSource(e.source, options);
        if (r?.ok && r.kind === 'response') tally.add(r.bundle.payload.response, r.score);
      }
      g.tallies.set(cell, tally);
    }
    const units = [...g.tallies.values()].map((t) => t.unit()).filter((u) => u.responses > 0);
    const cells = units.map((u) => u.cell);
    const onlyCell = cells.length === 1 ? cells[0] : undefined;
    const scope = values.scope ?? onlyCell ?? 'TONG-HOP';
    const report = buildReport(g.instrument, g.period, scope, units, values['scope-name']);
    const createdAt = values['created-at'] ?? new Date().toISOString();
    const { text } = writeReportFile({ report, app: appVersion(), createdAt, sha256: nativeSha256 });
    writeFileSync(values.out, text);
    if (values.csv) {
      // Columns: 0 number, 1 cell, 3 response id, 5 name (named instruments); number them once sorted.
      const byName = g.instrument.anonymity === 'named' ? 5 : 3;
      // A cell whose breakdown the report hides (anonymous, too few answers) shows no scores here either.
      const hiddenCells = new Set(units.filter((u) => isBreakdownHidden(g.instrument, u.responses)).map((u) => u.cell));
      const rows = [...g.rows.values()]
        .map((row) => (hiddenCells.has(row[1] ?? '') ? hideCsvRow(g.instrument, row, lang) : row))
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
    if (skipped > 0)
      err(
        say(lang, {
          vi: `  Bỏ qua ${skipped} tệp không thuộc lựa chọn.`,
          en: `  Skipped ${skipped} files outside the selection.`,
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
      err(
        `  ${files.length} files: list ${s(t0, tList)}, read+score+count ${s(tList, tRead)}, write ${s(tRead, tWrite)}, total ${s(t0, tWrite)} (CPU ${formatNumber(cpuSeconds())} s); peak RSS ${formatNumber(peakRssMb())} MB`,
      );
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
            skipped,
            replaced,
            older,
            sameFile,
            sameMember: conflicts,
            quota: quota ?? null,
          },
          null,
          2,
        ),
      );
    return invalid.length === 0 ? 0 : 1;
  },
};

function isTxt(file: string): boolean {
  return file.slice(-4).toLowerCase() === '.txt';
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

// phieu year: the year view. Monthly meeting sheets give a cell's year by the instrument's year rule
// (the source's conditions; missing months named, never guessed); quarterly self-assessments give a
// member's quarters, and a year level only where the instrument sets a local rule.
import {
  normalizeCellCode,
  parsePeriod,
  pickText,
  yearInstrumentOf,
  yearOfMonths,
  yearOfQuarters,
  type Instrument,
  type PeriodLevel,
  type YearView,
} from '../../src/core/index.ts';
import { memberNameOf } from '../aggregate/member-name.ts';
import { UsageError, langOf, parseCommand } from '../args.ts';
import { collectFiles, printSkipped, readSources, type SkippedPath } from '../files.ts';
import { err, out, say } from '../output.ts';
import { readOptions, readSource } from '../reader.ts';
import type { Command } from './command.ts';

const HELP = `phieu year <tệp|thư mục…> [--year YYYY] [--json] [--lang vi|en]

Xem cả năm. Phiếu chấm sinh hoạt hằng tháng: mỗi chi bộ, mỗi năm, các tháng đã có (với xếp loại),
các tháng còn thiếu, và kết quả năm theo quy tắc của mẫu phiếu cùng lý do. Năm thiếu tháng thì nêu
tháng thiếu, không đoán. Phiếu tự đánh giá theo quý: mỗi đảng viên, các quý đã có; chỉ xếp loại
năm khi mẫu phiếu đặt quy ước của đơn vị (văn bản không quy định cách tính từ quý).

The year view. Monthly meeting sheets: per cell and year, the months present (with their levels),
the months missing, and the year result by the instrument's rule with its reason; a year with
missing months names them instead of guessing. Quarterly self-assessments: per member, the
quarters present; a year level only where the instrument sets a local rule (the sources give none).
A month or quarter sent twice (a newer revision) counts once, the newest send.

--year   only this year (default: every year found)
--json   one JSON object on stdout: { "years": [ { "instrument", "version", "cell", "member",
         "year", "present": [{ "period", "level" }], "missing": [period], "repeated": [period],
         "needed", "outcome": { "kind": "level" | "missing" | "no-rule", "level", "by":
         "rule" | "local", "missing" }, "reason" } ], "invalid": N, "skipped": N }
Exit code: 0 all files read, 1 some invalid, 2 usage error.`;

/** One year of one cell (monthly sheets) or one member (quarterly self-assessments). */
export interface YearEntry {
  instrument: string;
  version: string;
  cell: string;
  member: string | null;
  year: string;
  present: PeriodLevel[];
  missing: string[];
  repeated: string[];
  needed: number;
  outcome: YearView['outcome'];
  reason: string;
}

interface Send {
  id: string;
  revision: number;
  period: string;
  level: string;
}

interface Group {
  instrument: Instrument;
  cell: string;
  member: string | null;
  year: string;
  monthly: boolean;
  sends: Map<string, Send>;
}

export const yearCommand: Command = {
  name: 'year',
  summary: {
    vi: 'xem cả năm: tháng có, tháng thiếu, kết quả năm',
    en: 'the year view: months in, missing, the result',
  },
  help: HELP,
  run(argv) {
    const { values, positionals } = parseCommand(argv, { json: { type: 'boolean' }, year: { type: 'string' } });
    const lang = langOf(values.lang);
    if (values.year !== undefined && !/^\d{4}$/.test(values.year))
      throw new UsageError({ vi: '--year cần một năm, ví dụ 2026', en: '--year takes a year, e.g. 2026' });
    if (positionals.length === 0)
      throw new UsageError({ vi: 'cần ít nhất một tệp hoặc thư mục', en: 'give at least one file or folder' });
    const notRead: SkippedPath[] = [];
    const files = collectFiles(positionals, undefined, notRead);
    const unread = printSkipped(notRead, lang);
    if (files.length === 0)
      throw new UsageError({ vi: 'không tìm thấy tệp .json hoặc .txt nào', en: 'no .json or .txt file found' });
    const options = readOptions();
    const groups = new Map<string, Group>();
    let invalid = 0;
    let skipped = 0;
    for (const file of files)
      for (const source of readSources(file)) {
        const r = readSource(source, options);
        if (!r.ok) {
          invalid += 1;
          err(`INVALID  ${source.label}  ${r.error.code}: ${say(lang, r.error.message)}`);
          continue;
        }
        if (r.kind !== 'response') {
          skipped += 1;
          continue;
        }
        const p = parsePeriod(r.bundle.period);
        // A year is read by the newest version's rule, whichever version each month was filled on.
        const ins = yearInstrumentOf(options.catalog, r.instrument);
        const monthly = p?.granularity === 'month' && ins.yearFromMonths !== undefined;
        const quarterly = p?.granularity === 'quarter' && ins.anonymity === 'named';
        if (
          r.kind !== 'response' ||
          !p ||
          (!monthly && !quarterly) ||
          (values.year && String(p.year) !== values.year)
        ) {
          skipped += 1;
          continue;
        }
        const response = r.bundle.payload.response;
        const member = quarterly ? (response.respondent?.name ?? '') : null;
        // One cell however its files spell its code (case, spaces, dashes), as on the collection
        // page; one member however a name is typed (matched as aggregate matches names), shown
        // as first met.
        const cell = normalizeCellCode(response.cell);
        const key = JSON.stringify([ins.id, cell, member === null ? null : memberNameOf(member), p.year]);
        let g = groups.get(key);
        if (!g) {
          g = { instrument: ins, cell, member, year: String(p.year), monthly, sends: new Map() };
          groups.set(key, g);
        }
        // A resend (same response id, later revision) replaces the earlier one.
        const seen = g.sends.get(response.id);
        if (!seen || response.revision > seen.revision)
          g.sends.set(response.id, {
            id: response.id,
            revision: response.revision,
            period: r.bundle.period,
            level: r.score.level,
          });
      }

    const entries: YearEntry[] = [];
    for (const g of [...groups.values()].sort(compareGroups)) {
      const periods = [...g.sends.values()].map((s) => ({ period: s.period, level: s.level }));
      const view = g.monthly
        ? yearOfMonths(g.instrument, g.year, periods)
        : yearOfQuarters(g.instrument, g.year, periods);
      if (!view) continue;
      entries.push({
        instrument: g.instrument.id,
        version: g.instrument.version,
        cell: g.cell,
        member: g.member,
        year: g.year,
        present: view.present,
        missing: view.missing,
        repeated: view.repeated,
        needed: view.needed,
        outcome: view.outcome,
        reason: say(lang, view.reason),
      });
    }
    if (values.json) out(JSON.stringify({ years: entries, invalid, skipped }, null, 2));
    else for (const e of entries) out(textOf(e, groups, lang).join('\n'));
    err(
      say(lang, {
        vi: `${entries.length} năm; ${invalid} tệp không hợp lệ; ${skipped} tệp không phải phiếu tháng/quý có quy tắc năm, bỏ qua.`,
        en: `${entries.length} years; ${invalid} invalid files; ${skipped} files that are not monthly/quarterly forms with a year rule, skipped.`,
      }),
    );
    return invalid === 0 && unread === 0 ? 0 : 1;
  },
};

function compareGroups(a: Group, b: Group): number {
  const ka = [a.instrument.id, a.cell, a.member ?? '', a.year].join('\u0000');
  const kb = [b.instrument.id, b.cell, b.member ?? '', b.year].join('\u0000');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function textOf(e: YearEntry, groups: Map<string, Group>, lang: 'vi' | 'en'): string[] {
  const ins = [...groups.values()].find((g) => g.instrument.id === e.instrument)?.instrument;
  const name = (id: string | undefined): string =>
    id === undefined ? '—' : pickText(ins?.levels.find((l) => l.id === id)?.label ?? { vi: id }, lang);
  const head = `${e.instrument} ${e.version} · ${e.cell}${e.member !== null ? ` · ${e.member}` : ''} · ${e.year}`;
  const present = e.present.map((p) => `${p.period.slice(5)} ${name(p.level)}`).join(', ');
  const lines = [head, `  ${say(lang, { vi: 'Có', en: 'In' })}: ${present || '—'}`];
  if (e.missing.length > 0)
    lines.push(`  ${say(lang, { vi: 'Thiếu', en: 'Missing' })}: ${e.missing.map((m) => m.slice(5)).join(', ')}`);
  if (e.repeated.length > 0)
    lines.push(
      `  ${say(lang, { vi: 'Gửi nhiều phiếu (tính mức thấp nhất)', en: 'More than one form (the lowest level counts)' })}: ${e.repeated.map((m) => m.slice(5)).join(', ')}`,
    );
  lines.push(`  → ${e.reason}`);
  return lines;
}

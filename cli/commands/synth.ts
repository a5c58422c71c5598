// phieu synth: writes realistic synthetic response files (for demos, tests and benchmarks), one
// file per response, deterministic for a seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  encodeBundleCode,
  parsePeriod,
  periodOfDate,
  PeriodSchema,
  scoreResponse,
  serializeBundle,
  slugify,
  writeResponseBundle,
  type Instrument,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { UsageError, intOption, langOf, parseCommand } from '../args.ts';
import { findInstrument, loadInstruments } from '../catalog.ts';
import { cpuSeconds, err, formatNumber, out, peakRssMb, say } from '../output.ts';
import { appVersion } from '../package-root.ts';
import type { Command } from './command.ts';

const HELP = `phieu synth --instrument <id> --count N --out <thư mục> [--seed S] [--cells C]
            [--period P] [--start-cell K] [--codes] [--json] [--lang vi|en]

Tạo N tệp phiếu giả lập (mỗi phiếu một tệp) với phân bố thực tế, rải trên C chi bộ (CB-0001…).
Cùng seed luôn cho cùng các tệp. Write N synthetic response files (one per response) with
realistic distributions over C cells (CB-0001…); the same seed always gives the same files.

--instrument  instrument id (e.g. tu-danh-gia-dang-vien, khao-sat-sinh-hoat)
--count       number of responses (1–1,000,000)
--out         folder to write into (created when missing)
--seed        seed (default 1)
--cells       number of cells (default: count / 23, at least 1)
--period      period, e.g. 2026-Q1, 2026-03, 2026 (default: the instrument's first period
              granularity, at the date it came into force)
--start-cell  number of the first cell (default 1): separate runs make disjoint cells
--codes       also write codes.txt, one compact code per line
--json        print a summary as JSON on stdout: { "files", "cells", "instrument", "version",
              "period", "levels": { levelId: count } }
File names: <instrument>_<cell>_<period>[_<name>]_<response id>.json. createdAt is fixed inside
the period (the 20th of its last month, 09:00 +07:00).`;

/** The default period: the instrument's first granularity, at the date it came into force. */
export function defaultPeriod(instrument: Instrument): string {
  const [y, m] = instrument.validFrom.split('-').map(Number);
  return periodOfDate(instrument.periods[0] ?? 'quarter', { year: y ?? 2026, month: m ?? 1 });
}

/** A fixed moment inside a period: the 20th of its last month, 09:00 in Vietnam. */
export function createdAtOf(period: string): string {
  const p = parsePeriod(period);
  if (!p) return '2026-01-20T09:00:00+07:00';
  const month = p.granularity === 'year' ? 12 : p.granularity === 'quarter' ? p.index * 3 : p.index;
  return `${p.year}-${String(month).padStart(2, '0')}-20T09:00:00+07:00`;
}

export const synthCommand: Command = {
  name: 'synth',
  summary: { vi: 'tạo tệp phiếu giả lập', en: 'write synthetic response files' },
  help: HELP,
  run(argv) {
    const t0 = performance.now();
    const { values, positionals } = parseCommand(argv, {
      instrument: { type: 'string' },
      version: { type: 'string' },
      count: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      cells: { type: 'string' },
      period: { type: 'string' },
      'start-cell': { type: 'string' },
      codes: { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const lang = langOf(values.lang);
    if (positionals.length > 0)
      throw new UsageError({
        vi: `tham số thừa: ${positionals.join(' ')}`,
        en: `unexpected: ${positionals.join(' ')}`,
      });
    if (!values.instrument || !values.count || !values.out)
      throw new UsageError({
        vi: 'cần --instrument, --count và --out',
        en: '--instrument, --count and --out are needed',
      });
    const instrument = findInstrument(values.instrument, values.version);
    if (!instrument) {
      const known = [...new Set(loadInstruments().instruments.map((i) => i.id))].join(', ');
      throw new UsageError({
        vi: `không có mẫu phiếu "${values.instrument}"${values.version ? ` phiên bản ${values.version}` : ''} (có: ${known})`,
        en: `no instrument "${values.instrument}"${values.version ? ` version ${values.version}` : ''} (known: ${known})`,
      });
    }
    const count = intOption('count', values.count, 0, 1, 1_000_000);
    const cells = intOption('cells', values.cells, Math.max(1, Math.round(count / 23)), 1, 99_999);
    const startId = intOption('start-cell', values['start-cell'], 1, 1, 99_999);
    const period = values.period ?? defaultPeriod(instrument);
    if (!PeriodSchema.safeParse(period).success)
      throw new UsageError({
        vi: `kỳ "${period}" không hợp lệ (vd. 2026-Q1, 2026-03, 2026)`,
        en: `bad period "${period}" (e.g. 2026-Q1, 2026-03, 2026)`,
      });
    const g = parsePeriod(period)?.granularity;
    if (g && !instrument.periods.includes(g))
      throw new UsageError({
        vi: `mẫu phiếu ${instrument.id} dùng cho kỳ ${instrument.periods.join('/')}, không phải ${period}`,
        en: `instrument ${instrument.id} is answered per ${instrument.periods.join('/')}, not ${period}`,
      });
    const seed = values.seed ?? '1';
    const dir = values.out;
    mkdirSync(dir, { recursive: true });
    const app = appVersion();
    const createdAt = createdAtOf(period);
    const codes: string[] = [];
    const levels: Record<string, number> = {};
    const cellSet = new Set<string>();
    let files = 0;
    for (const response of generateResponses(instrument, { count, seed, cells, period, startId })) {
      const bundle = writeResponseBundle({ instrument, response, app, createdAt });
      const level = bundle.payload.score?.level ?? scoreResponse(instrument, response.answers).level;
      levels[level] = (levels[level] ?? 0) + 1;
      cellSet.add(response.cell);
      const name = response.respondent ? slugify(response.respondent.name) : '';
      const file = [instrument.id, response.cell, period, name, response.id].filter(Boolean).join('_');
      writeFileSync(path.join(dir, `${file}.json`), serializeBundle(bundle));
      if (values.codes) codes.push(encodeBundleCode(bundle));
      files += 1;
    }
    if (values.codes) writeFileSync(path.join(dir, 'codes.txt'), codes.map((c) => `${c}\n`).join(''));
    // Readers refuse a file dated later than tomorrow (future-time): say so now, not at aggregate.
    if (Date.parse(createdAt) > Date.now() + 86_400_000)
      err(
        say(lang, {
          vi: `Chú ý: các tệp ghi thời điểm tạo ${createdAt}, muộn hơn ngày mai, nên phieu aggregate và trang tổng hợp sẽ từ chối chúng (future-time) cho đến ngày đó. Hãy chọn một kỳ đã qua bằng --period.`,
          en: `Note: the files are dated ${createdAt}, later than tomorrow, so phieu aggregate and the collection page refuse them (future-time) until then. Choose a period that is over with --period.`,
        }),
      );
    const shares = instrument.levels
      .map((l) => `${l.id} ${formatNumber(((levels[l.id] ?? 0) * 100) / Math.max(1, files))}%`)
      .join(', ');
    err(
      say(lang, {
        vi: `Đã ghi ${files} tệp (${cellSet.size} chi bộ, kỳ ${period}) vào ${dir}: ${shares}`,
        en: `Wrote ${files} files (${cellSet.size} cells, period ${period}) to ${dir}: ${shares}`,
      }),
    );
    if (values.verbose)
      err(
        `${formatNumber((performance.now() - t0) / 1000)} s (CPU ${formatNumber(cpuSeconds())} s), peak RSS ${formatNumber(peakRssMb())} MB`,
      );
    if (values.json)
      out(
        JSON.stringify(
          { files, cells: cellSet.size, instrument: instrument.id, version: instrument.version, period, levels },
          null,
          2,
        ),
      );
    return 0;
  },
};

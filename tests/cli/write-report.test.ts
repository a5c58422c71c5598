// phieu aggregate writes its report in pieces (cli/aggregate/write-report.ts): the same bytes as
// core's writeReportFile, for reports of every instrument (counts keyed by numbers among them),
// with and without a scope name, and with no unit at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildReport,
  createUnitTally,
  scoreResponse,
  writeReportFile,
  type Instrument,
  type ReportUnit,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { reportFilePieces, writeReportFilePieces } from '../../cli/aggregate/write-report.ts';
import { loadInstruments } from '../../cli/catalog.ts';

const periodOf = (periods: readonly string[]): string =>
  periods.includes('quarter') ? '2026-Q3' : periods.includes('month') ? '2026-09' : '2026';

function unitsOf(ins: Instrument, period: string): ReportUnit[] {
  const tallies = new Map<string, ReturnType<typeof createUnitTally>>();
  for (const r of generateResponses(ins, { count: 90, cells: 4, seed: `write-${ins.id}`, period })) {
    let t = tallies.get(r.cell);
    if (!t) tallies.set(r.cell, (t = createUnitTally(ins, r.cell)));
    t.add(r, scoreResponse(ins, r.answers));
  }
  return [...tallies.values()].map((t) => t.unit());
}

const tmp = mkdtempSync(path.join(tmpdir(), 'phieu-write-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reportFilePieces', () => {
  it.each(loadInstruments().instruments.map((i) => [`${i.id}@${i.version}`, i] as const))(
    '%s: the pieces make writeReportFile’s text',
    (_, ins) => {
      const period = periodOf(ins.periods);
      const units = unitsOf(ins, period);
      for (const [scopeName, list] of [
        [undefined, units],
        ['Đảng bộ xã "Hòa Bình" \u2028', units],
        [undefined, []],
      ] as const) {
        const report = buildReport(ins, period, 'DU-01', [...list], scopeName);
        const createdAt = '2026-10-01T00:00:00.000Z';
        const expected = writeReportFile({ report, app: '0.1.0', createdAt }).text;
        expect(reportFilePieces(report, '0.1.0', createdAt).join('')).toBe(expected);
        // The file written holds those bytes (UTF-8), whatever its size.
        const file = path.join(tmp, 'r.json');
        writeReportFilePieces(file, report, '0.1.0', createdAt);
        expect(readFileSync(file).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      }
    },
  );
});

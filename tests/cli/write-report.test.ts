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
  isBreakdownHidden,
  scoreResponse,
  suppressIfTooFew,
  summarizeUnits,
  writeReportFile,
  type Instrument,
  type ReportUnit,
  type UnitTally,
} from '../../src/core/index.ts';
import { FastScorer, canScoreFast } from '../../src/core/fast-score.ts';
import { createFastUnitTally, type FastUnitTally } from '../../src/core/fast-tally.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { reportFilePieces, writeReportFileOfUnits, writeReportFilePieces } from '../../cli/aggregate/write-report.ts';
import { unitTextsOf, unitsOf as groupUnitsOf, type Group } from '../../cli/aggregate/collect.ts';
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

describe('unitTextsOf and writeReportFileOfUnits', () => {
  it.each(loadInstruments().instruments.map((i) => [`${i.id}@${i.version}`, i] as const))(
    '%s: units written one at a time make the file of the report holding them (sorted, suppressed)',
    (_, ins) => {
      const period = periodOf(ins.periods);
      // Cells met in reverse order, and one cell with a single answer (suppressed when anonymous);
      // every other cell counted straight from a FastScorer, as phieu aggregate counts.
      const tallies = new Map<string, UnitTally | FastUnitTally>();
      const responses = [...generateResponses(ins, { count: 60, cells: 3, seed: `texts-${ins.id}`, period })].reverse();
      responses[0]!.cell = 'CB-9999';
      const scorer = canScoreFast(ins) ? new FastScorer(ins) : undefined;
      for (const r of responses) {
        let t = tallies.get(r.cell);
        if (!t) {
          t = scorer && tallies.size % 2 === 0 ? createFastUnitTally(ins, r.cell) : createUnitTally(ins, r.cell);
          tallies.set(r.cell, t);
        }
        if (scorer && 'addScored' in t) {
          scorer.score(r.answers);
          t.addScored(r, scorer);
        } else t.add(r, scoreResponse(ins, r.answers));
      }
      const g = { instrument: ins, period, tallies } as unknown as Group;
      const { texts, units: light } = unitTextsOf(g);
      const units = groupUnitsOf(g);
      // The units kept for the summary are the units, in their order, without items nor members
      // (none has a decided level); a cell the report hides keeps only its counts there too, so
      // the summary said on screen is the summary of the report written (never the hidden scores).
      expect(light).toEqual(
        units.map((u) =>
          isBreakdownHidden(ins, u.responses) ? suppressIfTooFew(ins, u) : { ...u, items: {}, members: undefined },
        ),
      );
      const createdAt = '2026-10-01T00:00:00.000Z';
      const report = buildReport(ins, period, 'DU-01', units, 'Đảng bộ');
      expect(summarizeUnits(ins, light)).toEqual(summarizeUnits(ins, report.units));
      if (ins.anonymity === 'anonymous') expect(light.filter((u) => u.suppressed)).toHaveLength(1);
      const expected = writeReportFile({ report, app: '0.1.0', createdAt }).text;
      const file = path.join(tmp, 'units.json');
      writeReportFileOfUnits(file, buildReport(ins, period, 'DU-01', [], 'Đảng bộ'), texts, '0.1.0', createdAt);
      expect(readFileSync(file, 'utf8')).toBe(expected);
    },
  );
});

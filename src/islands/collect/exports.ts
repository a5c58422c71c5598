// The cell's files: report (JSON, for the level above), CSV (one row per answer sheet) and backup
// (every sheet, roster and cell name, to move the collection to another device).
import { serializeBundle, writeReportBundle, type Instrument, type Lang } from '../../core/index.ts';
import { writeCollectionBackup } from '../../core/backup.ts';
import type { Collection } from '../../core/cell-collection.ts';
import { toCsv } from '../../core/csv.ts';
import { responseCsvRows } from '../../core/csv-rows.ts';
import { sortedResponses, type CollectionTally } from '../../core/stats.ts';
import { downloadText, fileSlug } from './download.ts';

export function exportReport(c: Collection, tally: CollectionTally, app: string, createdAt: string): void {
  const bundle = writeReportBundle({ report: tally.report, app, createdAt });
  downloadText(`bao-cao-${fileSlug(c.key.cell)}-${c.key.period}.json`, serializeBundle(bundle), 'application/json');
}

export function exportCsv(c: Collection, instrument: Instrument, lang: Lang): void {
  downloadText(
    `phieu-${fileSlug(c.key.cell)}-${c.key.period}.csv`,
    toCsv(responseCsvRows(instrument, sortedResponses(c), lang)),
    'text/csv;charset=utf-8',
  );
}

export function exportBackup(c: Collection, app: string, createdAt: string): void {
  const backup = writeCollectionBackup({
    key: c.key,
    ...(c.cellName ? { cellName: c.cellName } : {}),
    roster: c.roster,
    decisions: c.decisions,
    responses: c.responses.all().map((r) => r.bundle),
    app,
    createdAt,
  });
  downloadText(
    `sao-luu-${fileSlug(c.key.cell)}-${c.key.period}.json`,
    `${JSON.stringify(backup)}\n`,
    'application/json',
  );
}

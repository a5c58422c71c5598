// The cell's files: report (JSON, for the level above), CSV (one row per answer sheet) and backup
// (every sheet, roster and cell name, to move the collection to another device).
import { isBreakdownHidden, serializeBundle, writeReportBundle, type Instrument, type Lang } from '../../core/index.ts';
import { writeCollectionBackup } from '../../core/backup.ts';
import type { Collection } from '../../core/cell-collection.ts';
import { toCsv } from '../../core/csv.ts';
import { responseCsvRows } from '../../core/csv-rows.ts';
import { sortedResponses, type CollectionTally } from '../../core/stats.ts';
import { downloadText, fileSlug } from './download.ts';

/**
 * A file name for one of a collection's files: what it is, the instrument, the cell and the
 * period, so two instruments of one cell and quarter never overwrite each other's downloads.
 */
export function collectionFileName(kind: 'bao-cao' | 'phieu' | 'sao-luu', c: Collection, ext: string): string {
  return `${kind}-${fileSlug(c.key.instrumentId)}-${fileSlug(c.key.cell)}-${c.key.period}.${ext}`;
}

export function exportReport(c: Collection, tally: CollectionTally, app: string, createdAt: string): void {
  const bundle = writeReportBundle({ report: tally.report, app, createdAt });
  downloadText(collectionFileName('bao-cao', c, 'json'), serializeBundle(bundle), 'application/json');
}

/**
 * The CSV of the counted sheets, one row each. An anonymous cell below the minimum number of
 * answers gets the same suppression as its report and dashboard: no total, level or sections.
 */
export function exportCsv(c: Collection, instrument: Instrument, lang: Lang): void {
  const hidden = isBreakdownHidden(instrument, c.responses.size);
  downloadText(
    collectionFileName('phieu', c, 'csv'),
    toCsv(responseCsvRows(instrument, sortedResponses(c), lang, { hidden })),
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
  downloadText(collectionFileName('sao-luu', c, 'json'), `${JSON.stringify(backup)}\n`, 'application/json');
}

// Splits a province report into one report file per cell, as 2,006 cell secretaries would send
// them up: `node bench/split-report.ts <report.json> <out-folder>`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serializeBundle, writeReportBundle, type ReportBundle } from '../src/core/index.ts';

const [file, outDir] = process.argv.slice(2);
if (!file || !outDir) throw new Error('usage: split-report.ts <report.json> <out-folder>');
const bundle = JSON.parse(readFileSync(file, 'utf8')) as ReportBundle;
mkdirSync(outDir, { recursive: true });
for (const unit of bundle.payload.units) {
  const report = { ...bundle.payload, scope: unit.cell, units: [unit] };
  delete report.scopeName;
  const cellBundle = writeReportBundle({ report, app: bundle.app, createdAt: bundle.createdAt });
  writeFileSync(path.join(outDir, `${unit.cell}.json`), serializeBundle(cellBundle));
}

// The collection pipeline as a browser module, for `npm run bench`: bundled with esbuild and run in
// headless Chromium on file contents already in memory (what File.text() gives the page), so the
// figure is our work alone: read, validate, digest, re-score, dedupe, tally, report.
import {
  InstrumentSchema,
  createCatalog,
  createResponseSet,
  mergeReports,
  readBundle,
  reportOfResponses,
  type Instrument,
  type Report,
} from '../src/core/index.ts';

/** Reads, re-scores and aggregates response files; returns counts and the time it took. */
export function aggregateTexts(instrumentJson: unknown[], texts: string[], period: string) {
  const t0 = performance.now();
  const instruments: Instrument[] = instrumentJson.map((i) => InstrumentSchema.parse(i));
  const catalog = createCatalog(instruments);
  const set = createResponseSet();
  let invalid = 0;
  let instrument: Instrument | undefined;
  for (const text of texts) {
    const r = readBundle(text, { catalog });
    if (!r.ok || r.kind !== 'response') {
      invalid += 1;
      continue;
    }
    instrument ??= r.instrument;
    set.add({ bundle: r.bundle, score: r.score });
  }
  const report = instrument ? reportOfResponses(instrument, period, { code: 'BENCH' }, set.values()) : undefined;
  return { ms: performance.now() - t0, valid: set.size, invalid, cells: report?.units.length ?? 0 };
}

/** Reads report files and merges them; returns the time it took. */
export function mergeTexts(instrumentJson: unknown[], texts: string[]) {
  const t0 = performance.now();
  const catalog = createCatalog(instrumentJson.map((i) => InstrumentSchema.parse(i)));
  const reports: Report[] = [];
  for (const text of texts) {
    const r = readBundle(text, { catalog });
    if (r.ok && r.kind === 'report') reports.push(r.bundle.payload);
  }
  const merged = mergeReports(reports, { code: 'BENCH' });
  return { ms: performance.now() - t0, reports: reports.length, cells: merged.ok ? merged.report.units.length : 0 };
}

// The collection pipeline as a browser module, for `npm run bench`: bundled with esbuild and run in
// headless Chromium on file contents already in memory (the bytes a File gives the page), so the
// figure is our work alone: decode, validate, digest, re-score, dedupe, tally, report, with the
// import worker's own reader (src/workers/fast-reader.ts).
import {
  InstrumentSchema,
  createCatalog,
  createResponseSet,
  mergeReports,
  reportOfResponses,
  type Instrument,
  type Report,
} from '../src/core/index.ts';
import type { ImportInput, ReadOutcome } from '../src/core/import.ts';
import { createFastReader } from '../src/workers/fast-reader.ts';

/** Files as the page's worker gets them: bytes (encoding is not timed, reading a File is not ours). */
export function asInputs(texts: string[]): ImportInput[] {
  const encoder = new TextEncoder();
  return texts.map((text, i) => ({ name: `f${i}.json`, bytes: encoder.encode(text) }));
}

/** The worker's chunk size (src/islands/collect/importer.ts). */
const CHUNK = 250;

async function readAll(instrumentJson: unknown[], inputs: ImportInput[]) {
  const instruments: Instrument[] = instrumentJson.map((i) => InstrumentSchema.parse(i));
  const reader = createFastReader(instruments);
  const outcomes: ReadOutcome[] = [];
  for (let i = 0; i < inputs.length; i += CHUNK) outcomes.push(...(await reader.read(inputs.slice(i, i + CHUNK))));
  return { outcomes, catalog: createCatalog(instruments), how: `${reader.schema} schema, ${reader.digests} digests` };
}

/**
 * Reads, re-scores and aggregates response files with the import worker's reader (compiled
 * schema, WebCrypto digests), then the collection's duplicate rules and the report.
 */
export async function aggregateInputs(instrumentJson: unknown[], inputs: ImportInput[], period: string) {
  const t0 = performance.now();
  const { outcomes, catalog, how } = await readAll(instrumentJson, inputs);
  const set = createResponseSet();
  let invalid = 0;
  let instrument: Instrument | undefined;
  for (const o of outcomes) {
    if (o.kind !== 'response') {
      invalid += 1;
      continue;
    }
    instrument ??= catalog.versions(o.bundle.instrument.id).find((v) => v.version === o.bundle.instrument.version);
    set.add({ bundle: o.bundle, score: o.score });
  }
  const report = instrument ? reportOfResponses(instrument, period, { code: 'BENCH' }, set.values()) : undefined;
  return { ms: performance.now() - t0, valid: set.size, invalid, cells: report?.units.length ?? 0, how };
}

/** Reads report files with the same reader and merges them. */
export async function mergeInputs(instrumentJson: unknown[], inputs: ImportInput[]) {
  const t0 = performance.now();
  const { outcomes, how } = await readAll(instrumentJson, inputs);
  const reports: Report[] = [];
  for (const o of outcomes) if (o.kind === 'report') reports.push(o.bundle.payload);
  const merged = mergeReports(reports, { code: 'BENCH' });
  return {
    ms: performance.now() - t0,
    reports: reports.length,
    cells: merged.ok ? merged.report.units.length : 0,
    how,
  };
}

// A report file written in pieces: the same bytes as core's writeReportFile text (its digest over
// the canonical JSON of every other field, then the compact file with the digest in its place),
// but each unit's canonical text is made by one check of its key order and one native stringify
// (toCanonicalJson), and the pieces are hashed and written as they are, never joined into a copy
// of the whole file (a province's report is ~11 MB). tests/cli/write-report.test.ts compares bytes.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, toCanonicalJson, type Report } from '../../src/core/index.ts';

/**
 * The canonical JSON of a report, in pieces: its own keys sorted here (the report object is not
 * built in that order), each unit by toCanonicalJson (units are built in canonical order). The
 * text of canonical-json.ts' definition: an object is its keys in code-unit order with `undefined`
 * fields left out, an array its elements with `undefined` as null.
 */
function payloadPieces(report: Report, pieces: string[]): void {
  const record = report as unknown as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === undefined) continue;
    const name = `${first ? '{' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'units' && Array.isArray(value)) {
      pieces.push(`${name}[`);
      value.forEach((u: unknown, i) => {
        if (i > 0) pieces.push(',');
        pieces.push(u === undefined ? 'null' : toCanonicalJson(u));
      });
      pieces.push(']');
    } else pieces.push(name, toCanonicalJson(value));
  }
  pieces.push(first ? '{}' : '}');
}

/** The file's text, in pieces whose concatenation is writeReportFile's text. */
export function reportFilePieces(report: Report, app: string, createdAt: string): string[] {
  const record: Record<string, unknown> = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    kind: 'report',
    app,
    instrument: report.instrument,
    period: report.period,
    cell: report.scope,
    createdAt,
    payload: report,
  };
  const fields: [string, string[]][] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    const pieces: string[] = [];
    if (key === 'payload') payloadPieces(report, pieces);
    else pieces.push(toCanonicalJson(record[key]));
    fields.push([key, pieces]);
  }
  const hash = createHash('sha256');
  fields.forEach(([key, pieces], i) => {
    hash.update(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    for (const p of pieces) hash.update(p);
  });
  hash.update('}');
  const digest = `sha256:${hash.digest('hex')}`;
  const at = fields.findIndex(([key]) => key > 'digest');
  fields.splice(at < 0 ? fields.length : at, 0, ['digest', [JSON.stringify(digest)]]);
  const out: string[] = [];
  fields.forEach(([key, pieces], i) => {
    out.push(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    for (const p of pieces) out.push(p);
  });
  out.push('}\n');
  return out;
}

/** Writes the report file `file` (replacing it), about a megabyte at a time. */
export function writeReportFilePieces(file: string, report: Report, app: string, createdAt: string): void {
  const pieces = reportFilePieces(report, app, createdAt);
  const fd = openSync(file, 'w');
  try {
    let chunk = '';
    for (const p of pieces) {
      chunk += p;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

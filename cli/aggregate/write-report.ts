// A report file written in pieces: the same bytes as core's writeReportFile text (its digest over
// the canonical JSON of every other field, then the compact file with the digest in its place),
// but each unit's canonical text is made by one check of its key order and one native stringify
// (toCanonicalJson), and the pieces are hashed and written as they are, never joined into a copy
// of the whole file (a province's report is ~11 MB). tests/cli/write-report.test.ts compares bytes.
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { reportFileFields, toCanonicalJson, type Report } from '../../src/core/index.ts';

/** A piece of the file: text, or bytes already encoded (a unit's canonical JSON in UTF-8). */
type Piece = string | Uint8Array;

/**
 * The canonical JSON of a report, in pieces: its own keys sorted here (the report object is not
 * built in that order), each unit by `unitPiece` (toCanonicalJson: units are built in canonical
 * order). The text of canonical-json.ts' definition: an object is its keys in code-unit order with
 * `undefined` fields left out, an array its elements with `undefined` as null.
 */
function payloadPieces(report: Report, pieces: Piece[], unitPiece: (unit: unknown) => Piece): void {
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
        pieces.push(u === undefined ? 'null' : unitPiece(u));
      });
      pieces.push(']');
    } else pieces.push(name, toCanonicalJson(value));
  }
  pieces.push(first ? '{}' : '}');
}

/** The fields of the file but its digest, in canonical order, each as its canonical text in pieces. */
function fieldPieces(
  report: Report,
  app: string,
  createdAt: string,
  unitPiece: (unit: unknown) => Piece,
): [string, Piece[]][] {
  const record = reportFileFields(report, app, createdAt) as Record<string, unknown>;
  const fields: [string, Piece[]][] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    const pieces: Piece[] = [];
    if (key === 'payload') payloadPieces(report, pieces, unitPiece);
    else pieces.push(toCanonicalJson(record[key]));
    fields.push([key, pieces]);
  }
  return fields;
}

/**
 * The file from its fields: the digest over the canonical JSON of the fields (`{`, each `"key":`
 * and its pieces, `}`), then the fields with the digest in its place, as `emit` gets them.
 */
function emitFile(fields: [string, Piece[]][], emit: (piece: Piece) => void): void {
  const hash = createHash('sha256');
  fields.forEach(([key, pieces], i) => {
    hash.update(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    for (const p of pieces) hash.update(p);
  });
  hash.update('}');
  const digest = `sha256:${hash.digest('hex')}`;
  const at = fields.findIndex(([key]) => key > 'digest');
  const all = [...fields];
  all.splice(at < 0 ? all.length : at, 0, ['digest', [JSON.stringify(digest)]]);
  all.forEach(([key, pieces], i) => {
    emit(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    for (const p of pieces) emit(p);
  });
  emit('}\n');
}

/** The file's text, in pieces whose concatenation is writeReportFile's text. */
export function reportFilePieces(report: Report, app: string, createdAt: string): string[] {
  const out: string[] = [];
  const decoder = new TextDecoder();
  emitFile(fieldPieces(report, app, createdAt, toCanonicalJson), (p) =>
    out.push(typeof p === 'string' ? p : decoder.decode(p)),
  );
  return out;
}

/** Writes pieces to `file` (replacing it), each encoded to UTF-8 once, about a megabyte at a time. */
function writeFields(file: string, fields: [string, Piece[]][]): void {
  // Encoded once, for the digest and the file alike.
  const encoded = fields.map(([key, pieces]): [string, Piece[]] => [
    key,
    pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)),
  ]);
  const fd = openSync(file, 'w');
  try {
    let chunk: Uint8Array[] = [];
    let size = 0;
    const flush = (): void => {
      const bytes = Buffer.concat(chunk, size);
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
      chunk = [];
      size = 0;
    };
    emitFile(encoded, (p) => {
      const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
      chunk.push(bytes);
      size += bytes.length;
      if (size >= 1 << 20) flush();
    });
    if (size > 0) flush();
  } finally {
    closeSync(fd);
  }
}

/** Writes the report file `file` (replacing it): the bytes of reportFilePieces' text. */
export function writeReportFilePieces(file: string, report: Report, app: string, createdAt: string): void {
  writeFields(file, fieldPieces(report, app, createdAt, toCanonicalJson));
}

/**
 * Writes the report file of `report` with these units instead of `report.units`: each unit as the
 * UTF-8 bytes of its canonical JSON (toCanonicalJson), in the report's order. The same bytes as
 * writeReportFilePieces of the report holding the units, without the units kept as objects until
 * the end (a province's are ~11 MB of JSON, and keeping them cost the collector more than making them).
 */
export function writeReportFileOfUnits(
  file: string,
  report: Report,
  units: readonly Uint8Array[],
  app: string,
  createdAt: string,
): void {
  const withUnits = { ...report, units } as unknown as Report;
  writeFields(
    file,
    fieldPieces(withUnits, app, createdAt, (u) => u as Uint8Array),
  );
}

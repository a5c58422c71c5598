// The instruments the CLI knows: every src/content/instruments/*.json, parsed with the core schema.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InstrumentSchema, createCatalog, type Instrument, type InstrumentCatalog } from '../src/core/index.ts';
import { INSTRUMENTS_DIR } from './package-root.ts';

/** Instruments that parsed, and the files that did not (with the first problem). */
export interface LoadedInstruments {
  instruments: Instrument[];
  problems: { file: string; message: string }[];
}

let loaded: LoadedInstruments | undefined;

/** The subfolder of superseded versions: read so old files open, never offered for new answers. */
const SUPERSEDED = 'superseded';

/** Loads every instrument definition once; a broken one is reported, not fatal. */
export function loadInstruments(dir = INSTRUMENTS_DIR): LoadedInstruments {
  if (loaded && dir === INSTRUMENTS_DIR) return loaded;
  const out: LoadedInstruments = { instruments: [], problems: [] };
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    out.problems.push({ file: dir, message: 'cannot read the instruments folder' });
  }
  // Superseded versions stay readable: files name the version they were made with.
  try {
    names.push(
      ...readdirSync(path.join(dir, SUPERSEDED))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(SUPERSEDED, f)),
    );
  } catch {
    // No superseded versions.
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const parsed = InstrumentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) out.instruments.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        out.problems.push({ file, message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
      }
    } catch (e) {
      out.problems.push({ file, message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (dir === INSTRUMENTS_DIR) loaded = out;
  return out;
}

/** The catalog readers look instruments up in. */
export function loadCatalog(): InstrumentCatalog {
  return createCatalog(loadInstruments().instruments);
}

/** Compares versions like `2025.1` < `2025.10` < `2026`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** An instrument by id (and version; default: the newest). */
export function findInstrument(id: string, version?: string): Instrument | undefined {
  const all = loadInstruments().instruments.filter((i) => i.id === id);
  if (version !== undefined) return all.find((i) => i.version === version);
  return all.sort((a, b) => compareVersions(b.version, a.version))[0];
}

/** The exact instrument a file refers to. */
export function instrumentOf(ref: { id: string; version: string }): Instrument | undefined {
  return findInstrument(ref.id, ref.version);
}

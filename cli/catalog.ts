// The instruments the CLI knows: every src/content/instruments/*.json, parsed with the core schema.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  InstrumentSchema,
  compareVersions,
  createCatalog,
  type Instrument,
  type InstrumentCatalog,
} from '../src/core/index.ts';

export { compareVersions };
import { INSTRUMENTS_DIR } from './package-root.ts';

/** Instruments that parsed, and the files that did not (with the first problem). */
export interface LoadedInstruments {
  instruments: Instrument[];
  problems: { file: string; message: string }[];
}

let loaded: LoadedInstruments | undefined;

/** The subfolder of superseded versions: read so old files open, never offered for new answers. */
const SUPERSEDED = 'superseded';

/**
 * The instrument files of a folder, in order: its *.json, then its superseded versions (read so
 * that old files open: they name the version they were made with). Throws when the folder cannot
 * be read.
 */
function instrumentFiles(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
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
  return names.map((name) => path.join(dir, name));
}

/** Loads every instrument definition once; a broken one is reported, not fatal. */
export function loadInstruments(dir = INSTRUMENTS_DIR): LoadedInstruments {
  if (loaded && dir === INSTRUMENTS_DIR) return loaded;
  const out: LoadedInstruments = { instruments: [], problems: [] };
  let files: string[] = [];
  try {
    files = instrumentFiles(dir);
  } catch {
    out.problems.push({ file: dir, message: 'cannot read the instruments folder' });
  }
  for (const file of files) {
    const r = checkedFile(file);
    if (r.ok) out.instruments.push(r.instrument);
    else out.problems.push({ file, message: r.message });
  }
  if (dir === INSTRUMENTS_DIR) loaded = out;
  return out;
}

type Read = { ok: true; raw: unknown } | { ok: false; message: string };
type Checked = { ok: true; instrument: Instrument } | { ok: false; message: string };
const readFiles = new Map<string, Read>();
const checkedFiles = new Map<string, Checked>();

/** An instrument file's JSON, read once. */
function rawFile(file: string): Read {
  let r = readFiles.get(file);
  if (!r) {
    try {
      r = { ok: true, raw: JSON.parse(readFileSync(file, 'utf8')) as unknown };
    } catch (e) {
      r = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    readFiles.set(file, r);
  }
  return r;
}

/** An instrument file checked against the schema, once (every reader then shares its instrument). */
function checkedFile(file: string): Checked {
  let r = checkedFiles.get(file);
  if (!r) {
    const read = rawFile(file);
    if (!read.ok) r = read;
    else {
      const parsed = InstrumentSchema.safeParse(read.raw);
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      r = parsed.success
        ? { ok: true, instrument: parsed.data }
        : { ok: false, message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
    }
    checkedFiles.set(file, r);
  }
  return r;
}

/**
 * The catalog readers look instruments up in: the instruments loadInstruments gives, each checked
 * against the schema when a file first names its id (a run reads one or two of the instruments,
 * and checking all of them took ~20 ms of every start).
 */
export function loadCatalog(): InstrumentCatalog {
  if (loaded) return createCatalog(loaded.instruments);
  let files: string[] = [];
  try {
    files = instrumentFiles(INSTRUMENTS_DIR);
  } catch {
    // No instruments: every file names an unknown one (loadInstruments says why).
  }
  const byId = new Map<string, Instrument[]>();
  return {
    versions(id) {
      let list = byId.get(id);
      if (!list) {
        list = [];
        for (const file of files) {
          const read = rawFile(file);
          // Only files that say they are this instrument are checked; the check makes sure.
          if (!read.ok || typeof read.raw !== 'object' || read.raw === null) continue;
          if ((read.raw as { id?: unknown }).id !== id) continue;
          const r = checkedFile(file);
          if (r.ok && r.instrument.id === id) list.push(r.instrument);
        }
        byId.set(id, list);
      }
      return list;
    },
  };
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

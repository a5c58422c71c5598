// Loaded with import() only when the member exports: the bundle writer, digest and compact code
// (deflate) stay out of the form's first script, and so does the full instrument definition,
// whose hash the file carries (the page embeds a slimmer copy for scoring, see slim.ts).
import { serializeBundle, writeResponseBundle } from '../../core/bundle.ts';
import { encodeBundleCode } from '../../core/code.ts';
import { fileNameOf, responseOfDraft, type Draft } from '../../core/draft.ts';
import type { Instrument } from '../../core/instrument.ts';

const definitions = import.meta.glob<Instrument>('../../content/instruments/*.json', { import: 'default' });

/** The full definition of an instrument, as published (the content collection's JSON file). */
export async function loadDefinition(id: string, version: string): Promise<Instrument | undefined> {
  const load = definitions[`../../content/instruments/${id}.json`];
  const found = load ? await load() : undefined;
  return found && found.id === id && found.version === version ? found : undefined;
}

/** The local date-time with its offset (the file's date is the member's day, not UTC's). */
export function localIsoDateTime(d: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** What one export gives: the file (name and text) and the compact code of the same bundle. */
export interface ExportResult {
  fileName: string;
  text: string;
  code: string;
  revision: number;
}

/** Writes the response file of a draft (answers already cleaned) and its code. */
export async function buildExport(embedded: Instrument, draft: Draft, app: string, now: Date): Promise<ExportResult> {
  const createdAt = localIsoDateTime(now);
  const instrument = (await loadDefinition(embedded.id, embedded.version)) ?? embedded;
  const response = responseOfDraft(draft);
  if (instrument.anonymity === 'anonymous') delete response.respondent;
  const bundle = writeResponseBundle({ instrument, response, app, createdAt });
  return {
    fileName: fileNameOf(bundle.payload.response),
    text: serializeBundle(bundle),
    code: encodeBundleCode(bundle),
    revision: response.revision,
  };
}

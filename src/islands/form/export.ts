// Loaded with import() only when the member exports: the bundle writer, digest and compact code
// (deflate) stay out of the form's first script. The page embeds a slimmer copy of the instrument
// for scoring (slim.ts) and the published definition's reference, which the file carries.
import { serializeBundle, writeResponseBundle } from '../../core/bundle.ts';
import { encodeBundleCode } from '../../core/code.ts';
import { fileNameOf, responseOfDraft, type Draft } from '../../core/draft.ts';
import type { Instrument } from '../../core/instrument.ts';
import type { InstrumentRef } from '../../core/instrument-ref.ts';
import type { Lang } from '../../core/text.ts';

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
  /** When sealed for the committee (src/islands/seal): the key's fingerprint. */
  sealedTo?: string;
  /** When sealed: what the member is told about it, in the page's language. */
  sealedNote?: string;
}

/** Writes the response file of a draft (answers already cleaned) and its code. */
export function buildExport(
  instrument: Instrument,
  ref: InstrumentRef,
  draft: Draft,
  app: string,
  now: Date,
): ExportResult {
  const createdAt = localIsoDateTime(now);
  const response = responseOfDraft(draft);
  if (instrument.anonymity === 'anonymous') delete response.respondent;
  const bundle = writeResponseBundle({ instrument, response, app, createdAt, ref });
  return {
    fileName: fileNameOf(bundle.payload.response),
    text: serializeBundle(bundle),
    code: encodeBundleCode(bundle),
    revision: response.revision,
  };
}

/** An export ready for the three ways to send, or why nothing can be sent. */
export type FormExport = { ok: true; value: ExportResult } | { ok: false; message: string };

/**
 * The form's export: the response file, sealed for the committee when the page's round link
 * carries its key (`pk=` in the fragment; src/islands/seal, loaded only then).
 */
export async function buildFormExport(
  instrument: Instrument,
  ref: InstrumentRef,
  draft: Draft,
  app: string,
  now: Date,
  fragment: string,
  lang: Lang,
): Promise<FormExport> {
  const plain = buildExport(instrument, ref, draft, app, now);
  if (!/(^#?|&)pk=/.test(fragment)) return { ok: true, value: plain };
  const { sealIfAsked } = await import('../seal/form-export.ts');
  return sealIfAsked(plain, instrument.anonymity === 'anonymous', fragment, lang);
}

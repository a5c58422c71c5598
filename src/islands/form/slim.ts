// The copy of an instrument the form page embeds for its island: everything scoring needs, the
// texts of one language only, without the texts the static page already shows (help, reasons of
// items). Scores are the same as with the full definition; the export loads the full definition
// (its hash goes into the file), see export.ts.
import type { Instrument } from '../../core/instrument.ts';
import { pickText, type Lang, type LocalText } from '../../core/text.ts';

/** Fields the island never reads: the page shows them as static HTML. */
const DROPPED = new Set([
  'help',
  'description',
  'naReason',
  'fullMarksReason',
  'lowestReason',
  'legalBasis',
  'lowLabel',
  'highLabel',
  // Where each number comes from (sheets.md's [seen]/[secondary]/[inferred] notes): for the
  // instruments' documentation and the collection page, never read by scoring; about 1 KiB of
  // the self-assessment form's HTML.
  'source',
]);

function isLocalText(value: unknown): value is LocalText {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return typeof (value as { vi?: unknown }).vi === 'string' && keys.every((k) => k === 'vi' || k === 'en');
}

function slim(value: unknown, lang: Lang): unknown {
  if (Array.isArray(value)) return value.map((v) => slim(v, lang));
  if (isLocalText(value)) return { vi: pickText(value, lang) };
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!DROPPED.has(k)) out[k] = slim(v, lang);
  return out;
}

/** The instrument with one language's texts (as `vi`, which `pickText` falls back to) and no static-only texts. */
export function slimInstrument(instrument: Instrument, lang: Lang): Instrument {
  return slim(instrument, lang) as Instrument;
}

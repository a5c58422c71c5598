// Where each number and rule of an instrument comes from, for the page that shows them (the blank
// print form, "Nguồn"): every `source` note in the definition, found by walking it, so a rule of a
// new kind that carries a note is never left out; each named by what it belongs to, and the local
// choices set apart, so nobody takes a local choice for the source's rule. Build time only.
import type { Instrument } from '../core/instrument.ts';
import { listItems } from '../core/items.ts';
import type { LocalText } from '../core/text.ts';

/** What a note belongs to. */
export type SourceKind =
  | 'instrument'
  | 'level'
  | 'section'
  | 'item'
  | 'metric'
  | 'gate'
  | 'disqualifier'
  | 'check'
  | 'quota'
  | 'year'
  | 'adoption'
  | 'other';

/** One `source` note of a definition. */
export interface SourceEntry {
  /** Where it is in the definition, e.g. `sections.2.items.0`. */
  path: string;
  kind: SourceKind;
  /** The label, title, reason or message of what it belongs to, when it has one. */
  what: LocalText | undefined;
  /** The item's number on the form (items only). */
  itemNo?: number;
  /** The note as the definition has it ([seen], [secondary], [inferred] and the source named). */
  note: string;
  /** Whether the note says that (part of) the rule is a local choice, not the source's. */
  local: boolean;
}

const LOCAL = /local (choice|reading|setting)|quy ước|cách hiểu của đơn vị/i;

const KINDS: Readonly<Record<string, SourceKind>> = {
  levels: 'level',
  metrics: 'metric',
  gates: 'gate',
  disqualifiers: 'disqualifier',
  checks: 'check',
  quota: 'quota',
  yearFromMonths: 'year',
  adoption: 'adoption',
};

function isLocalText(v: unknown): v is LocalText {
  return typeof v === 'object' && v !== null && typeof (v as { vi?: unknown }).vi === 'string';
}

function kindOf(path: readonly (string | number)[]): SourceKind {
  if (path.length === 0) return 'instrument';
  if (path[0] === 'sections') {
    if (path.length === 2) return 'section';
    return path.length === 4 && path[2] === 'items' ? 'item' : 'other';
  }
  const kind = KINDS[String(path[0])];
  if (kind === undefined) return 'other';
  // One object (the quota, the year rule) or one of a list (a level, a gate…).
  if (kind === 'quota' || kind === 'year' || kind === 'adoption') return path.length === 1 ? kind : 'other';
  return path.length === 2 ? kind : 'other';
}

/** Every `source` note of `instrument`, in the order of the definition; local choices marked. */
export function sourceEntries(instrument: Instrument): SourceEntry[] {
  const numbers = new Map(listItems(instrument).map(({ item }, i) => [item, i + 1]));
  const out: SourceEntry[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const obj = value as Record<string, unknown>;
    if (typeof obj.source === 'string') {
      const what = [obj.label, obj.title, obj.reason, obj.message].find(isLocalText);
      const kind = kindOf(path);
      const itemNo = kind === 'item' ? numbers.get(value as never) : undefined;
      out.push({
        path: path.join('.'),
        kind,
        what,
        ...(itemNo !== undefined ? { itemNo } : {}),
        note: obj.source,
        local: LOCAL.test(obj.source),
      });
    }
    for (const [key, v] of Object.entries(obj)) if (key !== 'source') walk(v, [...path, key]);
  };
  walk(instrument, []);
  return out;
}

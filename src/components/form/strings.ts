// Which strings a form page gives its island: those every form shows, and those of what its
// instrument has (a level the member proposes, gates, disqualifiers, caps, scoring columns, the
// members' vote), so a page carries no text its sheet can never show. Every form page is weighed
// against a budget (size-budget.json); the island's strings are part of its HTML.
import type { Instrument } from '../../core/instrument.ts';
import { listItems } from '../../core/items.ts';

/** Strings every form's island may show, by key prefix. */
const EVERY_FORM = [
  'form.item.number.',
  'form.number.outOfBounds.',
  'form.number.whole.',
  'form.number.unreadable.',
  'form.number.decimals.',
  'form.cell.missing.',
  'form.cell.invalid.',
  'form.round.',
  'form.missing.',
  'form.invalid.',
  'form.save.',
  'form.score.',
  'form.summary.',
  'form.storage.',
  'form.progress.',
  'form.band.pending.',
  'form.band.value.',
  'form.points.bounds.error',
  'form.points.decimals.',
  'form.check.',
  'form.unrated.',
  'form.print.label',
  'export.',
  'drafts.loaded.',
  'drafts.fresh.',
  'drafts.stale.',
  'drafts.otherTab.',
  'storage.',
  'common.points.',
  'common.close.',
];

/** The key prefixes of the strings a form page's island needs for this instrument. */
export function islandStringPrefixes(instrument: Instrument): string[] {
  const named = instrument.anonymity === 'named';
  const has = (present: unknown, ...prefixes: string[]) => (present ? prefixes : []);
  return [
    ...EVERY_FORM,
    ...has(named, 'form.name.missing.'),
    // A sheet sent from this device, set aside for the next member (islands/form/state.ts).
    named ? 'drafts.sentNamed.' : 'drafts.sent.',
    // What scoring reports only when the sheet has it (core/scoring.ts).
    ...has(
      listItems(instrument).some(({ item }) => item.type === 'level'),
      'form.proposal.',
    ),
    ...has(instrument.gates?.length, 'form.gate'),
    ...has(instrument.disqualifiers?.length, 'form.disqualifier'),
    ...has(
      instrument.sections.some((s) => s.caps?.length),
      'form.caps.',
    ),
    ...has(instrument.scorers, 'form.columns.'),
    ...has(instrument.adoption, 'form.adoption.', 'form.confirmation.'),
  ];
}

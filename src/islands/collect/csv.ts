// CSV for Excel: UTF-8 with a BOM (so Excel sees the Vietnamese letters), CRLF line ends, every
// text field quoted when needed, and cells that Excel would run as a formula made inert.
// Pure (no DOM): `toCsv` should be replaced by core's csv.ts when it lands; the row builders are
// candidates for core too.
import { pickText, summarizeUnits, type Instrument, type Lang, type ReportUnit } from '../../core/index.ts';
import type { Collection } from '../../core/cell-collection.ts';
import { sortedResponses, unitRows } from '../../core/stats.ts';

/** A CSV cell. */
export type CsvCell = string | number | undefined;

function csvField(value: CsvCell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '';
  // A leading = + - @ (or tab/CR) would make Excel evaluate the text (CSV injection).
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text: BOM, comma-separated, CRLF after every row. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

type Tr = (key: string, params?: Record<string, string | number>) => string;

function levelLabel(instrument: Instrument, id: string | undefined, lang: Lang): string | undefined {
  if (id === undefined) return undefined;
  const l = instrument.levels.find((x) => x.id === id);
  return l ? pickText(l.label, lang) : id;
}

/** One row per response of a cell's collection. */
export function responseRows(instrument: Instrument, c: Collection, lang: Lang, tr: Tr): CsvCell[][] {
  const named = instrument.anonymity === 'named';
  const header: CsvCell[] = [
    tr('collect.csv.index.label'),
    tr('collect.csv.cell.label'),
    tr('collect.csv.period.label'),
    tr('collect.csv.responseId.label'),
    tr('collect.csv.revision.label'),
    ...(named ? [tr('collect.csv.name.label'), tr('collect.csv.post.label')] : []),
    tr('collect.csv.total.label'),
    tr('collect.csv.level.label'),
    ...(instrument.levels.length && named
      ? [tr('collect.csv.proposed.label'), tr('collect.csv.proposedHigher.label')]
      : []),
    ...instrument.sections.map((s) => `${pickText(s.title, lang)} (/${s.max})`),
    tr('collect.csv.complete.label'),
    tr('collect.csv.flags.label'),
    tr('collect.csv.source.label'),
  ];
  const rows: CsvCell[][] = [header];
  sortedResponses(c).forEach((r, i) => {
    const resp = r.bundle.payload.response;
    const s = r.score;
    const flags = [
      ...r.warnings.map((w) => w.message[lang]),
      ...s.gates.map((g) => pickText(g.reason, lang)),
      ...s.disqualifiers.map((d) => pickText(d.reason, lang)),
    ];
    rows.push([
      i + 1,
      resp.cell,
      resp.period,
      resp.id,
      resp.revision,
      ...(named ? [resp.respondent?.name, resp.respondent?.post] : []),
      s.scaled,
      levelLabel(instrument, s.level, lang),
      ...(named
        ? [
            levelLabel(instrument, s.proposal?.level, lang),
            s.proposal?.status === 'higher' ? tr('collect.csv.yes.label') : '',
          ]
        : []),
      ...instrument.sections.map((sec) => s.sections.find((x) => x.id === sec.id)?.points),
      s.complete ? tr('collect.csv.yes.label') : tr('collect.csv.no.label'),
      flags.join(' | '),
      r.source,
    ]);
  });
  return rows;
}

/** One row per cell of a (merged) report, then a total row. */
export function unitCsvRows(instrument: Instrument, units: readonly ReportUnit[], lang: Lang, tr: Tr): CsvCell[][] {
  const header: CsvCell[] = [
    tr('collect.csv.cell.label'),
    tr('collect.csv.responses.label'),
    tr('collect.csv.expected.label'),
    tr('collect.csv.coverage.label'),
    tr('collect.csv.mean.label'),
    tr('collect.csv.level.label'),
    ...instrument.levels.map((l) => pickText(l.label, lang)),
    tr('collect.csv.hidden.label'),
  ];
  const rows: CsvCell[][] = [header];
  let responses = 0;
  let expected = 0;
  for (const r of unitRows(instrument, units)) {
    responses += r.responses;
    expected += r.expected ?? 0;
    rows.push([
      r.cell,
      r.responses,
      r.expected,
      r.coverage === undefined ? undefined : r.coverage * 100,
      r.mean,
      levelLabel(instrument, r.level, lang),
      ...instrument.levels.map((l) => (r.hidden ? undefined : (r.levels[l.id] ?? 0))),
      r.hidden ? tr('collect.csv.yes.label') : '',
    ]);
  }
  const all = summarizeUnits(instrument, units);
  rows.push([
    tr('collect.csv.total.row.label'),
    responses,
    expected || undefined,
    expected ? (responses / expected) * 100 : undefined,
    all.breakdownHidden ? undefined : all.mean,
    all.breakdownHidden ? undefined : levelLabel(instrument, all.meanLevel, lang),
    ...instrument.levels.map((l) => (all.breakdownHidden ? undefined : (all.levels[l.id] ?? 0))),
    all.breakdownHidden ? tr('collect.csv.yes.label') : '',
  ]);
  return rows;
}

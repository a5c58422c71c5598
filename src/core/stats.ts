// Figures the dashboard, the report and the print view show, all from core's mergeable tallies.
import type { Instrument } from './instrument.ts';
import { addDecimals } from './decimal.ts';
import { itemMaxPoints, listItems } from './items.ts';
import {
  buildReport,
  createUnitTally,
  isBreakdownHidden,
  summarizeUnits,
  type Report,
  type ReportSummary,
  type ReportUnit,
} from './report.ts';
import type { LocalText } from './text.ts';
import { expectedOf, type Collection, type ImportedResponse } from './cell-collection.ts';

/** A collection added up: its cell unit, its report and the summary of it. */
export interface CollectionTally {
  unit: ReportUnit;
  report: Report;
  summary: ReportSummary;
}

/** Responses in a stable order: by name (named), then by response id. */
export function sortedResponses(c: Collection): ImportedResponse[] {
  return [...c.responses.values()].sort((a, b) => {
    const na = a.bundle.payload.response.respondent?.name ?? '';
    const nb = b.bundle.payload.response.respondent?.name ?? '';
    if (na !== nb) return na.localeCompare(nb, 'vi');
    const ia = a.bundle.payload.response.id;
    const ib = b.bundle.payload.response.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}

/** Adds up a collection with core's tally (the same figures the report file carries). */
export function tallyCollection(instrument: Instrument, c: Collection): CollectionTally {
  const tally = createUnitTally(instrument, c.key.cell, expectedOf(c.roster));
  for (const r of sortedResponses(c)) tally.add(r.bundle.payload.response, r.score);
  const unit = tally.unit();
  const report = buildReport(instrument, c.key.period, c.key.cell, [unit], c.cellName);
  return { unit, report, summary: summarizeUnits(instrument, [unit]) };
}

/** One item's result over a unit's responses. */
export interface ItemStat {
  id: string;
  sectionId: string;
  label: LocalText;
  type: string;
  /** Points earned over points possible, 0–1; undefined when the item is not scored or never applied. */
  share: number | undefined;
  answered: number;
  na: number;
  /** Discrete answers: each possible answer with its label and count, in the form's order. */
  options: { value: string; label: LocalText | undefined; count: number }[];
  /** Number items: the mean answer. */
  mean: number | undefined;
}

/** Per-item results from a unit's tallies (text items are left out: never shown in aggregate). */
export function itemStats(instrument: Instrument, units: readonly ReportUnit[]): ItemStat[] {
  const out: ItemStat[] = [];
  for (const { item, section } of listItems(instrument)) {
    if (item.type === 'text') continue;
    let answered = 0;
    let na = 0;
    let points = 0;
    let max = 0;
    let sum = 0;
    const values = new Map<string, number>();
    for (const u of units) {
      const t = u.items[item.id];
      if (!t) continue;
      answered += t.answered;
      na += t.na;
      points = addDecimals(points, t.points);
      max = addDecimals(max, t.max);
      sum = addDecimals(sum, t.sum ?? 0);
      for (const [k, v] of Object.entries(t.values ?? {})) values.set(k, (values.get(k) ?? 0) + v);
    }
    let options: ItemStat['options'] = [];
    if (item.type === 'choice')
      options = item.options.map((o) => ({ value: o.id, label: o.label, count: values.get(o.id) ?? 0 }));
    else if (item.type === 'rating')
      options = item.steps.map((s) => ({
        value: String(s.value),
        label: s.label,
        count: values.get(String(s.value)) ?? 0,
      }));
    else if (item.type === 'yes-no' || item.type === 'bonus')
      options = ['true', 'false'].map((v) => ({ value: v, label: undefined, count: values.get(v) ?? 0 }));
    else if (item.type === 'level')
      options = instrument.levels.map((l) => ({ value: l.id, label: l.label, count: values.get(l.id) ?? 0 }));
    out.push({
      id: item.id,
      sectionId: section.id,
      label: item.label,
      type: item.type,
      share: itemMaxPoints(item) > 0 && max > 0 ? points / max : undefined,
      answered,
      na,
      options,
      mean: item.type === 'number' && answered > 0 ? sum / answered : undefined,
    });
  }
  return out;
}

/** One cell's line in a merged view. Averages are computed here, never stored. */
export interface UnitRow {
  cell: string;
  responses: number;
  expected: number | undefined;
  /** Responses over expected, 0–1. */
  coverage: number | undefined;
  mean: number | undefined;
  level: string | undefined;
  levels: Record<string, number>;
  /** Anonymous instruments with too few answers: mean and levels are withheld. */
  hidden: boolean;
}

/** Lines per cell for the upper level's table. */
export function unitRows(instrument: Instrument, units: readonly ReportUnit[]): UnitRow[] {
  return units.map((u) => {
    const s = summarizeUnits(instrument, [u]);
    const hidden = isBreakdownHidden(instrument, u.responses);
    return {
      cell: u.cell,
      responses: u.responses,
      expected: u.expected,
      coverage: u.expected ? u.responses / u.expected : undefined,
      mean: hidden ? undefined : s.mean,
      level: hidden ? undefined : s.meanLevel,
      levels: hidden ? {} : s.levels,
      hidden,
    };
  });
}

/** A number for people: at most `digits` decimals, Vietnamese or English separators. */
export function formatNumber(n: number | undefined, lang: 'vi' | 'en', digits = 1): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
}

/** A share as a percentage for people. */
export function formatPercent(share: number | undefined, lang: 'vi' | 'en'): string {
  return share === undefined ? '—' : `${formatNumber(share * 100, lang, 0)}%`;
}

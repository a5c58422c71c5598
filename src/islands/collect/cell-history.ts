// Earlier periods of the open cell and instrument (stored collections on this device), for the
// dashboard's trend and the year-from-months rule. Read only while the dashboard is shown.
import { useEffect, useState } from 'preact/hooks';
import {
  formatPeriodLabel,
  granularityOf,
  yearOfMonths,
  yearInstrumentOf,
  normalizeCellCode,
  parsePeriod,
  type Instrument,
  type InstrumentCatalog,
  type Lang,
  type PeriodLevel,
} from '../../core/index.ts';
import type { CollectionMeta, CollectionStore } from '../../storage/collections.ts';
import { addResponse, createCollection, type Collection } from '../../core/cell-collection.ts';
import { readStored } from '../../core/import.ts';
import { tallyCollection, type CollectionTally } from '../../core/stats.ts';
import type { HistoryPoint, YearInfo } from './Dashboard.tsx';

/**
 * A period's entries for the year-from-months rule: each counted sheet's level (gates and
 * disqualifiers included). With several sheets in one month core's rule takes the lowest, as
 * `phieu year` does (it was the level of their mean here, which could be the more favourable).
 */
export function periodLevels(c: Collection): PeriodLevel[] {
  return c.responses.values().map((r) => ({ period: c.key.period, level: r.score.level }));
}

export function useCellHistory({
  show,
  store,
  collection: c,
  instrument,
  tally,
  metas,
  rev,
  catalog,
  find,
  lang,
}: {
  show: boolean;
  store: CollectionStore | undefined;
  collection: Collection | undefined;
  instrument: Instrument | undefined;
  tally: CollectionTally | undefined;
  metas: CollectionMeta[];
  rev: number;
  catalog: InstrumentCatalog;
  find: (id: string, version: string) => Instrument | undefined;
  lang: Lang;
}): { history: HistoryPoint[]; year: YearInfo | undefined } {
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [year, setYear] = useState<YearInfo | undefined>();

  useEffect(() => {
    if (!show || !store || !c || !instrument || !tally) return;
    let live = true;
    void (async () => {
      const points: HistoryPoint[] = [];
      const levels: PeriodLevel[] = [];
      const others = metas.filter(
        (m) =>
          normalizeCellCode(m.key.cell) === normalizeCellCode(c.key.cell) &&
          m.key.instrumentId === c.key.instrumentId &&
          m.key.period !== c.key.period &&
          granularityOf(m.key.period) === granularityOf(c.key.period),
      );
      for (const m of others) {
        const ins = find(m.key.instrumentId, m.key.instrumentVersion);
        const stored = await store.load(m.key);
        if (!ins || !stored) continue;
        const other = createCollection(m.key, stored.roster);
        for (const o of readStored(stored.responses, catalog, ''))
          if (o.kind === 'response') addResponse(other, { ...o, source: '' });
        const t = tallyCollection(ins, other);
        const hidden = t.summary.breakdownHidden;
        points.push({
          period: m.key.period,
          label: formatPeriodLabel(m.key.period, lang),
          responses: t.summary.responses,
          mean: hidden ? undefined : t.summary.mean,
          level: hidden ? undefined : t.summary.meanLevel,
        });
        levels.push(...periodLevels(other));
      }
      const s = tally.summary;
      points.push({
        period: c.key.period,
        label: formatPeriodLabel(c.key.period, lang),
        responses: s.responses,
        mean: s.breakdownHidden ? undefined : s.mean,
        level: s.breakdownHidden ? undefined : s.meanLevel,
      });
      levels.push(...periodLevels(c));
      points.sort((a, b) => (a.period < b.period ? -1 : 1));
      let y: YearInfo | undefined;
      const p = parsePeriod(c.key.period);
      // The year is read by the newest version's rule, whichever version this month was filled on.
      const reader = yearInstrumentOf(catalog, instrument);
      if (reader.yearFromMonths && p?.granularity === 'month') {
        // core's year rule: the source's conditions, missing months named, never a guessed level.
        const view = yearOfMonths(reader, String(p.year), levels);
        if (view) y = { year: p.year, view };
      }
      if (live) {
        setHistory(points);
        setYear(y);
      }
    })();
    return () => {
      live = false;
    };
  }, [show, rev, metas, store]);

  return { history, year };
}

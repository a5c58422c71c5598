// Earlier periods of the open cell and instrument (stored collections on this device), for the
// dashboard's trend and the year-from-months rule. Read only while the dashboard is shown.
import { useEffect, useState } from 'preact/hooks';
import {
  formatPeriodLabel,
  granularityOf,
  yearOfMonths,
  normalizeCellCode,
  parsePeriod,
  type Instrument,
  type InstrumentCatalog,
  type Lang,
} from '../../core/index.ts';
import type { CollectionMeta, CollectionStore } from '../../storage/collections.ts';
import { addResponse, createCollection, type Collection } from '../../core/cell-collection.ts';
import { readStored } from '../../core/import.ts';
import { tallyCollection, type CollectionTally } from '../../core/stats.ts';
import type { HistoryPoint, YearInfo } from './Dashboard.tsx';

/**
 * A period's level for the year-from-months rule: a month with one sheet has that sheet's level
 * (gates and disqualifiers included); with several, the level of their mean.
 */
export function periodLevel(c: Collection, meanLevel: string | undefined): string | undefined {
  const all = c.responses.values();
  return all.length === 1 ? all[0]!.score.level : meanLevel;
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
      const levelsByPeriod = new Map<string, string | undefined>();
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
        levelsByPeriod.set(m.key.period, periodLevel(other, t.summary.meanLevel));
      }
      const s = tally.summary;
      points.push({
        period: c.key.period,
        label: formatPeriodLabel(c.key.period, lang),
        responses: s.responses,
        mean: s.breakdownHidden ? undefined : s.mean,
        level: s.breakdownHidden ? undefined : s.meanLevel,
      });
      levelsByPeriod.set(c.key.period, periodLevel(c, s.meanLevel));
      points.sort((a, b) => (a.period < b.period ? -1 : 1));
      let y: YearInfo | undefined;
      const p = parsePeriod(c.key.period);
      if (instrument.yearFromMonths && p?.granularity === 'month') {
        // core's year rule: the source's conditions, missing months named, never a guessed level.
        const entries = [...levelsByPeriod.entries()].map(([period, level]) => ({ period, level }));
        const view = yearOfMonths(instrument, String(p.year), entries);
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

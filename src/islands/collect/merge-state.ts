// The upper level's state: the cell reports imported on this page, the merge's scope (code and
// name), their storage (one stored merge per instrument version and period) and earlier periods.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  formatPeriodLabel,
  summarizeUnits,
  type Instrument,
  type InstrumentCatalog,
  type Lang,
  type ReportBundle,
} from '../../core/index.ts';
import type { CollectionStore } from '../../storage/collections.ts';
import type { ImportNote } from '../../core/cell-collection.ts';
import { readStored } from '../../core/import.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { ImportedReport, MergeHistoryPoint } from './MergePanel.tsx';

type Find = (id: string, version: string) => Instrument | undefined;

/**
 * Adds a report for the upper level to `list` (in place); reports of another instrument or period
 * than those already there are refused.
 */
export function addReport(
  list: ImportedReport[],
  bundle: ReportBundle,
  source: string,
  { find, tr, lang }: { find: Find; tr: Tr; lang: Lang },
): ImportNote {
  if (!find(bundle.instrument.id, bundle.instrument.version))
    return {
      source,
      status: 'rejected',
      code: 'unknown-instrument',
      message: { vi: tr('collect.reportInstrument.error'), en: tr('collect.reportInstrument.error') },
    };
  const head = list[0]?.bundle;
  if (
    head &&
    (head.instrument.id !== bundle.instrument.id ||
      head.instrument.version !== bundle.instrument.version ||
      head.period !== bundle.period)
  ) {
    const text = tr('collect.reportOther.error', { period: formatPeriodLabel(head.period, lang) });
    return { source, status: 'rejected', code: 'report-other', message: { vi: text, en: text } };
  }
  if (!list.some((r) => r.bundle.digest === bundle.digest)) list.push({ bundle, source });
  return { source, status: 'report', scope: bundle.cell };
}

export type MergeState = ReturnType<typeof useMergeState>;

export function useMergeState({
  store,
  storeRef,
  catalog,
  find,
  tr,
}: {
  store: CollectionStore | undefined;
  storeRef: { current: CollectionStore | undefined };
  catalog: InstrumentCatalog;
  find: Find;
  tr: Tr;
}) {
  const [reports, setReportsState] = useState<ImportedReport[]>([]);
  // Imports run queued, after renders: they read the latest list through this ref.
  const reportsRef = useRef<ImportedReport[]>([]);
  const setReports = (next: ImportedReport[]): void => {
    reportsRef.current = next;
    setReportsState(next);
  };
  const [scope, setScope] = useState({ code: '', name: '' });
  const [mergeHistory, setMergeHistory] = useState<MergeHistoryPoint[]>([]);

  /**
   * Restores the merge stored last. A stored report that no longer reads (one stored before the
   * report checks, or damaged on the device) is not dropped in silence: it comes back as a line.
   */
  async function restore(collections: CollectionStore): Promise<ImportNote[]> {
    const merge = await collections.lastMerge();
    if (!merge) return [];
    const restored: ImportedReport[] = [];
    const refused: ImportNote[] = [];
    for (const o of readStored(merge.reports, catalog, tr('collect.source.stored.label'))) {
      if (o.kind === 'report') restored.push({ bundle: o.bundle, source: o.source });
      else if (o.kind === 'error')
        refused.push({ source: o.source, status: 'rejected', code: o.code, message: o.message });
    }
    setReports(restored);
    setScope({ code: merge.scopeCode, name: merge.scopeName });
    return refused;
  }

  /** Saves the merge list; false when storage refused the write (the list stays on the page). */
  async function persistMerge(next: ImportedReport[], sc = scope): Promise<boolean> {
    const f = next[0]?.bundle;
    const st = storeRef.current;
    if (!st || !f) return true;
    try {
      await st.saveMerge(
        {
          instrumentId: f.instrument.id,
          instrumentVersion: f.instrument.version,
          period: f.period,
          scopeCode: sc.code,
          scopeName: sc.name,
          reports: next.map((r) => r.bundle),
        },
        Date.now(),
      );
      return true;
    } catch {
      return false;
    }
  }

  async function removeMerge(f: ReportBundle | undefined): Promise<void> {
    if (store && f) await store.removeMerge(f.instrument.id, f.instrument.version, f.period);
  }

  // Upper-level history: other stored merges of the same instrument.
  useEffect(() => {
    const f = reports[0]?.bundle;
    if (!store || !f) return setMergeHistory([]);
    const ins = find(f.instrument.id, f.instrument.version);
    void (async () => {
      const points: MergeHistoryPoint[] = [];
      for (const m of await store.listMerges()) {
        if (m.instrumentId !== f.instrument.id) continue;
        const units = readStored(m.period === f.period ? reports.map((r) => r.bundle) : m.reports, catalog, '').flatMap(
          (o) => (o.kind === 'report' ? o.bundle.payload.units : []),
        );
        const unitsByCell = new Map(units.map((u) => [u.cell, u]));
        const all = [...unitsByCell.values()];
        const responses = all.reduce((s, u) => s + u.responses, 0);
        // core's exact mean (suppressed cells' answers are not in it: they carry no scores).
        points.push({
          period: m.period,
          cells: all.length,
          responses,
          mean: ins ? summarizeUnits(ins, all).mean : undefined,
        });
      }
      setMergeHistory(points.sort((a, b) => (a.period < b.period ? -1 : 1)));
    })();
  }, [reports, store]);

  return {
    reports,
    reportsRef,
    setReports,
    scope,
    setScope,
    mergeHistory,
    restore,
    persistMerge,
    removeMerge,
  };
}

// The secretary's collection page: import files, folders and pasted codes; keep one collection per
// cell, instrument and period on this device; see the cell's picture; export the cell report, CSV,
// print and backup; and, as the upper level, merge cell reports. Thin: core reads, scores and adds
// up; src/storage keeps; the pieces in ./collect/ wire them.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  CellCodeSchema,
  createCatalog,
  formatPeriodLabel,
  granularityOf,
  levelOfYear,
  parsePeriod,
  periodOfDate,
  pickText,
  serializeBundle,
  writeReportBundle,
  type Instrument,
  type Lang,
  type ReportBundle,
} from '../core/index.ts';
import {
  COLLECTION_PART_SIZE,
  openCollections,
  type CollectionMeta,
  type CollectionRecord,
  type CollectionStore,
} from '../storage/collections.ts';
import type { StorageProblem } from '../storage/store.ts';
import { writeCollectionBackup, type CollectionKey, type Roster } from '../core/backup.ts';
import {
  addResponse,
  checkRoster,
  collectionId,
  createCollection,
  isSameKey,
  keyOfBundle,
  parseRosterText,
  type Collection,
  type ImportNote,
} from '../core/cell-collection.ts';
import { toCsv } from '../core/csv.ts';
import { responseCsvRows } from '../core/csv-rows.ts';
import { Dashboard, type HistoryPoint, type YearInfo } from './collect/Dashboard.tsx';
import { downloadText, fileSlug } from './collect/download.ts';
import { filesOfDrop, importFiles } from './collect/importer.ts';
import { MergePanel, type ImportedReport, type MergeHistoryPoint } from './collect/MergePanel.tsx';
import { PrintSheet } from './collect/PrintSheet.tsx';
import { readPastedText, readStored, type ReadOutcome } from '../core/import.ts';
import { formatNumber, sortedResponses, tallyCollection } from '../core/stats.ts';
import { makeTr } from '../i18n/translator.ts';

export interface Props {
  lang: Lang;
  /**
   * The instruments, as JSON text: Astro revives object props value by value (slow for ~60 KB of
   * instruments on a cheap phone, in the task that renders the island); a string is parsed natively.
   */
  instrumentsJson: string;
  /** The strings this island uses, in the page's language. */
  strings: Record<string, string>;
  /** The app's version, written into files. */
  app: string;
}

/** Counts of the last import, by what happened. */
interface ImportRun {
  /** 1 for the first import of the page, then 2, 3… */
  id: number;
  files: number;
  done: number;
  counts: Record<ImportNote['status'], number>;
  /** Lines worth reading (everything but plain additions), the first {@link MAX_NOTES}. */
  notes: ImportNote[];
  running: boolean;
  ms: number;
  /** Where the time went: reading bytes, readBundle, applying to the collection (main thread). */
  timings: { readMs: number; parseMs: number; applyMs: number; saveMs: number };
  via: 'worker' | 'main' | 'paste';
}

const MAX_NOTES = 500;
/** Stored responses read again per slice when a collection opens. */
const RESTORE_SLICE = 200;
const emptyCounts = (): ImportRun['counts'] => ({
  added: 0,
  replaced: 0,
  duplicate: 0,
  older: 0,
  'wrong-collection': 0,
  rejected: 0,
  report: 0,
  backup: 0,
});

function todayIso(): string {
  return new Date().toISOString();
}

export default function CollectApp({ lang, instrumentsJson, strings, app }: Props) {
  const instruments = useMemo(() => JSON.parse(instrumentsJson) as Instrument[], [instrumentsJson]);
  const tr = useMemo(() => makeTr(strings), [strings]);
  const catalog = useMemo(() => createCatalog(instruments), [instruments]);
  const find = (id: string, version: string): Instrument | undefined =>
    catalog.versions(id).find((i) => i.version === version);

  const [store, setStore] = useState<CollectionStore | undefined>();
  const [problem, setProblem] = useState<StorageProblem | undefined>();
  const [ready, setReady] = useState(false);
  const [metas, setMetas] = useState<CollectionMeta[]>([]);
  const col = useRef<Collection | undefined>(undefined);
  const [rev, setRev] = useState(0);
  const bump = (): void => setRev((r) => r + 1);
  const [run, setRun] = useState<ImportRun | undefined>();
  const [saved, setSaved] = useState<'yes' | 'no' | 'saving'>('yes');
  const [showDash, setShowDash] = useState(false);
  const [printing, setPrinting] = useState<'cell' | 'merged' | undefined>();
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [year, setYear] = useState<YearInfo | undefined>();
  const [reports, setReportsState] = useState<ImportedReport[]>([]);
  // Imports run queued, after renders: they read the latest list and store through refs.
  const reportsRef = useRef<ImportedReport[]>([]);
  const setReports = (next: ImportedReport[]): void => {
    reportsRef.current = next;
    setReportsState(next);
  };
  const storeRef = useRef<CollectionStore | undefined>(undefined);
  /** Resolves once storage is open (IndexedDB, or memory when refused); imports wait for it. */
  const storeReady = useRef<{ promise: Promise<CollectionStore>; resolve: (s: CollectionStore) => void } | undefined>(
    undefined,
  );
  if (!storeReady.current) {
    let resolve: (s: CollectionStore) => void = () => undefined;
    const promise = new Promise<CollectionStore>((r) => (resolve = r));
    storeReady.current = { promise, resolve };
  }
  const [scope, setScope] = useState({ code: '', name: '' });
  const [mergeHistory, setMergeHistory] = useState<MergeHistoryPoint[]>([]);
  const [paste, setPaste] = useState('');
  const [dragging, setDragging] = useState(false);
  const [rosterText, setRosterText] = useState('');
  const [rosterCount, setRosterCount] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const runs = useRef(0);
  /** The open collection changed since it was last saved. */
  const dirty = useRef(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

  const first = instruments[0];
  const [form, setForm] = useState(() => ({
    instrument: first ? `${first.id}@${first.version}` : '',
    period: first
      ? periodOfDate(first.periods[0] ?? 'quarter', {
          year: new Date().getFullYear(),
          month: new Date().getMonth() + 1,
        })
      : '',
    cell: '',
    cellName: '',
  }));
  const [formError, setFormError] = useState<string | undefined>();

  // Open storage, the last collection and the last merge.
  useEffect(() => {
    void (async () => {
      const { collections, problem: p } = await openCollections();
      storeRef.current = collections;
      setStore(collections);
      setProblem(p);
      setMetas(await collections.list());
      const last = await collections.lastOpened();
      if (last) await openCollection(collections, last);
      const merge = await collections.lastMerge();
      if (merge) {
        const restored: ImportedReport[] = [];
        for (const o of readStored(merge.reports, catalog, tr('collect.source.stored.label')))
          if (o.kind === 'report') restored.push({ bundle: o.bundle, source: o.source });
        setReports(restored);
        setScope({ code: merge.scopeCode, name: merge.scopeName });
      }
      setReady(true);
      storeReady.current?.resolve(collections);
    })();
  }, []);

  const instrument = col.current ? find(col.current.key.instrumentId, col.current.key.instrumentVersion) : undefined;
  const tally = useMemo(
    () => (col.current && instrument ? tallyCollection(instrument, col.current) : undefined),
    [rev, instrument],
  );

  /** Opens (or creates) a collection; the stored one is read again through readBundle. */
  async function openCollection(
    s: CollectionStore,
    key: CollectionKey,
    extra?: { roster?: Roster; cellName?: string },
  ): Promise<void> {
    if (col.current && isSameKey(col.current.key, key)) {
      mergeExtra(col.current, extra);
      return;
    }
    if (col.current && dirty.current) await persist(s);
    const stored = await s.load(key);
    const c = createCollection(key, stored?.roster ?? { names: [] }, stored?.cellName);
    if (stored) {
      // Large collections are read again in slices, letting the page paint in between.
      const source = tr('collect.source.stored.label');
      for (let i = 0; i < stored.responses.length; i += RESTORE_SLICE) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
        for (const o of readStored(stored.responses.slice(i, i + RESTORE_SLICE), catalog, source))
          if (o.kind === 'response')
            addResponse(c, { bundle: o.bundle, score: o.score, warnings: o.warnings, source: o.source });
      }
    }
    mergeExtra(c, extra);
    col.current = c;
    setRosterText(c.roster.names.join('\n'));
    setRosterCount(c.roster.count ? String(c.roster.count) : '');
    setConfirmDelete(false);
    await s.setLastOpened(key);
    bump();
  }

  function mergeExtra(c: Collection, extra?: { roster?: Roster; cellName?: string }): void {
    if (!extra) return;
    dirty.current = true;
    if (extra.cellName && !c.cellName) c.cellName = extra.cellName;
    const r = extra.roster;
    if (r && c.roster.names.length === 0 && r.names.length > 0) c.roster = { ...c.roster, names: r.names };
    if (r?.count && !c.roster.count) c.roster = { ...c.roster, count: r.count };
    setRosterText(c.roster.names.join('\n'));
    setRosterCount(c.roster.count ? String(c.roster.count) : '');
  }

  function recordOf(c: Collection): CollectionRecord {
    return { key: c.key, cellName: c.cellName, roster: c.roster, responses: c.responses.values().map((r) => r.bundle) };
  }

  async function persist(s: CollectionStore | undefined = storeRef.current): Promise<void> {
    const c = col.current;
    if (!s || !c) return;
    setSaved('saving');
    dirty.current = false;
    try {
      await s.save(recordOf(c), Date.now());
      setMetas(await s.list());
      setSaved('yes');
    } catch {
      dirty.current = true;
      setSaved('no');
    }
  }

  async function persistMerge(next: ImportedReport[], sc = scope): Promise<void> {
    const f = next[0]?.bundle;
    const st = storeRef.current;
    if (!st || !f) return;
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
  }

  /** Adds a report for the upper level; reports of another instrument or period than those already there are refused. */
  function addReport(list: ImportedReport[], bundle: ReportBundle, source: string): ImportNote {
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

  /** Applies read outcomes to the open collection (opening one when needed) and the report list. */
  async function apply(outcomes: ReadOutcome[], acc: ImportRun, reportList: ImportedReport[]): Promise<void> {
    const s = storeRef.current;
    for (const o of outcomes) {
      let note: ImportNote;
      if (o.kind === 'error') note = { source: o.source, status: 'rejected', code: o.code, message: o.message };
      else if (o.kind === 'report') note = addReport(reportList, o.bundle, o.source);
      else if (o.kind === 'backup') {
        if (s) await openCollection(s, o.key, { roster: o.roster, ...(o.cellName ? { cellName: o.cellName } : {}) });
        note = { source: o.source, status: 'backup', count: o.count };
      } else {
        if (!col.current && s) await openCollection(s, keyOfBundle(o.bundle));
        const c = col.current;
        if (!c) continue;
        note = {
          source: o.source,
          warnings: o.warnings,
          ...addResponse(c, { bundle: o.bundle, score: o.score, warnings: o.warnings, source: o.source }),
        };
        if (note.status === 'added' || note.status === 'replaced') dirty.current = true;
      }
      acc.counts[note.status] += 1;
      const plain = note.status === 'added' && note.warnings.length === 0;
      if (!plain && acc.notes.length < MAX_NOTES) acc.notes.push(note);
    }
  }

  /** Runs one import (files or pasted text); imports queue one after another. */
  function startImport(kind: 'files', files: File[]): void;
  function startImport(kind: 'paste', text: string): void;
  function startImport(kind: 'files' | 'paste', what: File[] | string): void {
    chain.current = chain.current.then(async () => {
      const t0 = performance.now();
      const total = typeof what === 'string' ? 1 : what.length;
      runs.current += 1;
      const acc: ImportRun = {
        id: runs.current,
        files: total,
        done: 0,
        counts: emptyCounts(),
        notes: [],
        running: true,
        ms: 0,
        timings: { readMs: 0, parseMs: 0, applyMs: 0, saveMs: 0 },
        via: kind === 'paste' ? 'paste' : 'main',
      };
      setRun({ ...acc });
      await storeReady.current?.promise;
      const reportList = [...reportsRef.current];
      const reportsBefore = reportList.length;
      let lastPaint = 0;
      const beforeKey = col.current ? collectionId(col.current.key) : '';
      // A long import writes the parts it fills as it goes (see CollectionStore.checkpoint): the
      // save at its end then has little left to write. One at a time, while the workers read.
      let checkpointed = col.current?.responses.size ?? 0;
      let checkpointing = false;
      const checkpoint = (): void => {
        const s = storeRef.current;
        const c = col.current;
        if (!s || !c || checkpointing || c.responses.size < checkpointed + COLLECTION_PART_SIZE) return;
        checkpointing = true;
        checkpointed = c.responses.size;
        void s
          .checkpoint(recordOf(c))
          .catch(() => undefined)
          .finally(() => (checkpointing = false));
      };
      try {
        if (typeof what === 'string') {
          await apply(
            readPastedText(what, catalog, (i) => tr('collect.source.code.label', { n: i + 1 })),
            acc,
            reportList,
          );
          acc.done = 1;
        } else {
          acc.via = await importFiles(
            what,
            instruments,
            async (outcomes, done) => {
              const t1 = performance.now();
              await apply(outcomes, acc, reportList);
              checkpoint();
              acc.timings.applyMs += performance.now() - t1;
              acc.done = done;
              // Progress is redrawn a few times a second, not per chunk (a redraw costs more than a chunk).
              const now = performance.now();
              if (now - lastPaint > 250) {
                lastPaint = now;
                setRun({ ...acc, notes: acc.notes });
              }
            },
            acc.timings,
          );
        }
      } finally {
        acc.running = false;
        acc.ms = performance.now() - t0;
        const changed = dirty.current || (col.current ? collectionId(col.current.key) : '') !== beforeKey;
        if (reportList.length !== reportsBefore) {
          setReports(reportList);
          await persistMerge(reportList);
        }
        bump();
        const t2 = performance.now();
        if (changed) await persist();
        acc.timings.saveMs = performance.now() - t2;
        setRun({ ...acc });
      }
    });
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
        const sum = all.reduce((s, u) => s + u.total.sum, 0);
        points.push({
          period: m.period,
          cells: all.length,
          responses,
          mean: responses && ins ? sum / responses : undefined,
        });
      }
      setMergeHistory(points.sort((a, b) => (a.period < b.period ? -1 : 1)));
    })();
  }, [reports, store]);

  // Earlier periods of this cell and instrument, for the trend and the year-from-months rule.
  useEffect(() => {
    const c = col.current;
    if (!showDash || !store || !c || !instrument || !tally) return;
    let live = true;
    void (async () => {
      const points: HistoryPoint[] = [];
      const levelsByPeriod = new Map<string, string | undefined>();
      const others = metas.filter(
        (m) =>
          m.key.cell === c.key.cell &&
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
        const monthLevels = [...levelsByPeriod.entries()]
          .filter(([k, v]) => k.startsWith(`${p.year}-`) && v !== undefined)
          .map(([, v]) => v!);
        const r = levelOfYear(instrument, monthLevels);
        y = { year: p.year, months: monthLevels.length, needed: instrument.yearFromMonths.months, level: r?.level };
      }
      if (live) {
        setHistory(points);
        setYear(y);
      }
    })();
    return () => {
      live = false;
    };
  }, [showDash, rev, metas, store]);

  useEffect(() => {
    if (!printing) return;
    const done = (): void => setPrinting(undefined);
    window.addEventListener('afterprint', done, { once: true });
    // Let the sheet render first.
    const timer = setTimeout(() => window.print(), 50);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
  }, [printing]);

  // ----- actions -----
  async function createFromForm(e: Event): Promise<void> {
    e.preventDefault();
    const [id = '', version = ''] = form.instrument.split('@');
    const ins = find(id, version);
    const cell = form.cell.trim();
    const period = form.period.trim();
    if (!ins) return setFormError(tr('collect.form.instrument.error'));
    if (!CellCodeSchema.safeParse(cell).success) return setFormError(tr('collect.form.cell.error'));
    const g = granularityOf(period);
    if (!g || !ins.periods.includes(g))
      return setFormError(
        tr('collect.form.period.error', {
          example: periodOfDate(ins.periods[0] ?? 'quarter', { year: 2026, month: 10 }),
        }),
      );
    setFormError(undefined);
    if (!store) return;
    await openCollection(
      store,
      { cell, instrumentId: ins.id, instrumentVersion: ins.version, period },
      form.cellName.trim() ? { cellName: form.cellName.trim() } : undefined,
    );
    await persist();
  }

  async function closeCollection(): Promise<void> {
    col.current = undefined;
    setShowDash(false);
    setRun(undefined);
    await store?.setLastOpened(undefined);
    bump();
  }

  async function deleteCollection(): Promise<void> {
    const c = col.current;
    if (!c || !store) return;
    await store.remove(c.key);
    setMetas(await store.list());
    await closeCollection();
  }

  async function saveRoster(e: Event): Promise<void> {
    e.preventDefault();
    const c = col.current;
    if (!c) return;
    const names = parseRosterText(rosterText);
    const count = Number.parseInt(rosterCount, 10);
    c.roster = { names, ...(Number.isFinite(count) && count > 0 ? { count } : {}) };
    bump();
    await persist();
  }

  function exportReport(): void {
    const c = col.current;
    if (!c || !tally) return;
    const bundle = writeReportBundle({ report: tally.report, app, createdAt: todayIso() });
    downloadText(`bao-cao-${fileSlug(c.key.cell)}-${c.key.period}.json`, serializeBundle(bundle), 'application/json');
  }

  function exportCsv(): void {
    const c = col.current;
    if (!c || !instrument) return;
    downloadText(
      `phieu-${fileSlug(c.key.cell)}-${c.key.period}.csv`,
      toCsv(responseCsvRows(instrument, sortedResponses(c), lang)),
      'text/csv;charset=utf-8',
    );
  }

  function exportBackup(): void {
    const c = col.current;
    if (!c) return;
    const backup = writeCollectionBackup({
      key: c.key,
      ...(c.cellName ? { cellName: c.cellName } : {}),
      roster: c.roster,
      responses: [...c.responses.values()].map((r) => r.bundle),
      app,
      createdAt: todayIso(),
    });
    downloadText(
      `sao-luu-${fileSlug(c.key.cell)}-${c.key.period}.json`,
      `${JSON.stringify(backup)}\n`,
      'application/json',
    );
  }

  // ----- view -----
  const c = col.current;
  const rosterCheck = useMemo(() => {
    if (!c || !instrument || instrument.anonymity !== 'named' || c.roster.names.length === 0) return undefined;
    return checkRoster(
      c.roster.names,
      [...c.responses.values()].map((r) => r.bundle.payload.response.respondent?.name ?? '').filter(Boolean),
    );
  }, [rev, instrument]);
  const mergeInstrument = reports[0]
    ? find(reports[0].bundle.instrument.id, reports[0].bundle.instrument.version)
    : undefined;

  const onFiles = (e: Event): void => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) startImport('files', files);
  };

  return (
    <div class={`collect-app${printing ? ` printing-${printing}` : ''}`} data-ready={ready ? 'yes' : 'no'}>
      {problem ? (
        <p class="notice bad no-print" role="alert">
          {tr(problem === 'quota' ? 'collect.storageQuota.error' : 'collect.storage.error')}
        </p>
      ) : null}

      <section class="card no-print" aria-labelledby="open-title">
        <h2 id="open-title">{c ? tr('collect.current.title') : tr('collect.open.title')}</h2>
        {c && instrument ? (
          <div data-collection={collectionId(c.key)}>
            <p class="current">
              <strong>{c.cellName ? `${c.cellName} (${c.key.cell})` : c.key.cell}</strong> ·{' '}
              {pickText(instrument.shortTitle, lang)} · {formatPeriodLabel(c.key.period, lang)}
            </p>
            <p>
              <span data-count="responses">{tr('collect.count.message', { count: c.responses.size })}</span>{' '}
              <span class="muted" data-saved={saved}>
                {saved === 'yes'
                  ? store?.kind === 'memory'
                    ? tr('collect.savedMemory.message')
                    : tr('collect.saved.message')
                  : saved === 'saving'
                    ? tr('collect.saving.message')
                    : tr('collect.notSaved.error')}
              </span>
            </p>
            <div class="actions">
              <button type="button" onClick={() => void closeCollection()}>
                {tr('collect.close.label')}
              </button>
              {confirmDelete ? (
                <button
                  type="button"
                  class="danger"
                  onClick={() => void deleteCollection()}
                  data-action="delete-confirm"
                >
                  {tr('collect.deleteConfirm.label')}
                </button>
              ) : (
                <button type="button" onClick={() => setConfirmDelete(true)}>
                  {tr('collect.delete.label')}
                </button>
              )}
            </div>
          </div>
        ) : (
          <>
            <p class="muted">{tr('collect.open.hint')}</p>
            <form class="form-grid" onSubmit={(e) => void createFromForm(e)}>
              <label>
                <span>{tr('collect.form.instrument.label')}</span>
                <select
                  name="instrument"
                  value={form.instrument}
                  onChange={(e) => setForm({ ...form, instrument: e.currentTarget.value })}
                >
                  {instruments.map((i) => (
                    <option key={`${i.id}@${i.version}`} value={`${i.id}@${i.version}`}>
                      {pickText(i.shortTitle, lang)} ({i.version})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{tr('collect.form.period.label')}</span>
                <input
                  type="text"
                  name="period"
                  value={form.period}
                  maxLength={16}
                  onInput={(e) => setForm({ ...form, period: e.currentTarget.value })}
                />
              </label>
              <label>
                <span>{tr('collect.form.cell.label')}</span>
                <input
                  type="text"
                  name="cell"
                  value={form.cell}
                  maxLength={64}
                  onInput={(e) => setForm({ ...form, cell: e.currentTarget.value })}
                />
              </label>
              <label>
                <span>{tr('collect.form.cellName.label')}</span>
                <input
                  type="text"
                  name="cell-name"
                  value={form.cellName}
                  maxLength={200}
                  onInput={(e) => setForm({ ...form, cellName: e.currentTarget.value })}
                />
              </label>
              {formError ? (
                <p class="error" role="alert">
                  {formError}
                </p>
              ) : null}
              <div>
                <button type="submit" class="primary" disabled={!store}>
                  {tr('collect.form.submit.label')}
                </button>
              </div>
            </form>
          </>
        )}
        {metas.length > 0 ? (
          <details class="saved-list">
            <summary>{tr('collect.saved.title', { count: metas.length })}</summary>
            <ul class="plain">
              {metas.map((m) => {
                const ins = find(m.key.instrumentId, m.key.instrumentVersion);
                const id = collectionId(m.key);
                return (
                  <li key={id}>
                    <button
                      type="button"
                      disabled={!!c && collectionId(c.key) === id}
                      onClick={() => store && void openCollection(store, m.key)}
                    >
                      {m.cellName ? `${m.cellName} (${m.key.cell})` : m.key.cell} ·{' '}
                      {ins ? pickText(ins.shortTitle, lang) : m.key.instrumentId} ·{' '}
                      {formatPeriodLabel(m.key.period, lang)} · {tr('collect.count.message', { count: m.count })}
                    </button>
                  </li>
                );
              })}
            </ul>
          </details>
        ) : null}
      </section>

      <section class="card no-print" aria-labelledby="import-title">
        <h2 id="import-title">{tr('collect.import.title')}</h2>
        <p class="muted">{tr('collect.import.hint')}</p>
        <div
          class={`dropzone${dragging ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const dt = e.dataTransfer;
            if (!dt) return;
            void filesOfDrop(dt).then((files) => files.length && startImport('files', files));
          }}
        >
          <p>{tr('collect.drop.label')}</p>
          <div class="actions">
            <label class="btn primary file-btn">
              {tr('collect.pickFiles.label')}
              <input
                type="file"
                multiple
                accept=".json,.txt,.zip,application/json,text/plain,application/zip"
                onChange={onFiles}
                data-input="files"
                class="visually-hidden"
              />
            </label>
            <label class="btn file-btn">
              {tr('collect.pickFolder.label')}
              <input
                type="file"
                multiple
                {...{ webkitdirectory: '' }}
                onChange={onFiles}
                data-input="folder"
                class="visually-hidden"
              />
            </label>
          </div>
        </div>
        <form
          class="paste"
          onSubmit={(e) => {
            e.preventDefault();
            if (paste.trim()) {
              startImport('paste', paste);
              setPaste('');
            }
          }}
        >
          <label for="collect-paste">{tr('collect.paste.label')}</label>
          <textarea
            id="collect-paste"
            name="codes"
            rows={3}
            value={paste}
            onInput={(e) => setPaste(e.currentTarget.value)}
            aria-describedby="collect-paste-hint"
          />
          <p id="collect-paste-hint" class="muted">
            {tr('collect.paste.hint')}
          </p>
          <button type="submit">{tr('collect.paste.submit.label')}</button>
        </form>

        <div class="import-status" aria-live="polite">
          {run ? (
            <>
              {run.running ? (
                <progress max={run.files} value={run.done} aria-label={tr('collect.progress.label')} />
              ) : null}
              <p
                ref={statusRef}
                data-import-state={run.running ? 'running' : 'done'}
                data-run={run.id}
                data-ms={Math.round(run.ms)}
                data-timings={`read ${Math.round(run.timings.readMs)} ms, readBundle ${Math.round(run.timings.parseMs)} ms, apply ${Math.round(run.timings.applyMs)} ms, save ${Math.round(run.timings.saveMs)} ms`}
                data-via={run.via}
              >
                {run.running
                  ? tr('collect.progress.message', { done: run.done, total: run.files })
                  : tr('collect.done.message', { total: run.files, seconds: formatNumber(run.ms / 1000, lang, 1) })}
              </p>
              <ul class="counts" aria-label={tr('collect.counts.label')}>
                {(Object.keys(run.counts) as ImportNote['status'][])
                  .filter((k) => run.counts[k] > 0)
                  .map((k) => (
                    <li key={k} data-status={k} data-n={run.counts[k]}>
                      {tr(`collect.status.${k}.label`)}: <strong>{run.counts[k]}</strong>
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </div>
        {run && run.notes.length > 0 ? (
          <details class="notes" open={run.counts.rejected + run.counts['wrong-collection'] > 0}>
            <summary>{tr('collect.notes.title', { count: run.notes.length })}</summary>
            <ul class="plain notes-list">
              {run.notes.map((n, i) => (
                <li
                  key={i}
                  data-note={n.status}
                  class={n.status === 'rejected' || n.status === 'wrong-collection' ? 'bad' : undefined}
                >
                  <span class="source">{n.source}</span>: <NoteText note={n} lang={lang} tr={tr} />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {c && instrument ? (
        <section class="card no-print" aria-labelledby="roster-title">
          <h2 id="roster-title">{tr('collect.roster.title')}</h2>
          <form onSubmit={(e) => void saveRoster(e)}>
            {instrument.anonymity === 'named' ? (
              <>
                <label for="roster-names">{tr('collect.roster.names.label')}</label>
                <textarea
                  id="roster-names"
                  name="roster"
                  rows={5}
                  value={rosterText}
                  onInput={(e) => setRosterText(e.currentTarget.value)}
                />
              </>
            ) : null}
            <label for="roster-count">{tr('collect.roster.count.label')}</label>
            <input
              id="roster-count"
              type="number"
              name="roster-count"
              min={0}
              inputMode="numeric"
              value={rosterCount}
              onInput={(e) => setRosterCount(e.currentTarget.value)}
            />
            <p class="muted">
              {tr(instrument.anonymity === 'named' ? 'collect.roster.names.hint' : 'collect.roster.count.hint')}
            </p>
            <button type="submit">{tr('collect.roster.save.label')}</button>
          </form>
          {rosterCheck ? (
            <div class="roster-check" data-roster={`${rosterCheck.answered.length}/${c.roster.names.length}`}>
              <p>
                {tr('collect.roster.answered.message', {
                  count: rosterCheck.answered.length,
                  total: c.roster.names.length,
                })}
              </p>
              {rosterCheck.missing.length > 0 ? (
                <p>
                  <strong>{tr('collect.roster.missing.label')}:</strong> {rosterCheck.missing.join(', ')}
                </p>
              ) : null}
              {rosterCheck.unknown.length > 0 ? (
                <p class="warn">
                  <strong>{tr('collect.roster.unknown.label')}:</strong> {rosterCheck.unknown.join(', ')}
                </p>
              ) : null}
              {rosterCheck.repeated.length > 0 ? (
                <p class="warn">
                  <strong>{tr('collect.roster.repeated.label')}:</strong> {rosterCheck.repeated.join(', ')}
                </p>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {c && instrument && tally ? (
        <section class="card" aria-labelledby="result-title">
          <h2 id="result-title" class="no-print">
            {tr('collect.result.title')}
          </h2>
          <div class="actions no-print">
            <button
              type="button"
              aria-expanded={showDash}
              onClick={() => setShowDash(!showDash)}
              data-action="dashboard"
            >
              {showDash ? tr('collect.hideDashboard.label') : tr('collect.showDashboard.label')}
            </button>
            <button
              type="button"
              class="primary"
              onClick={exportReport}
              disabled={c.responses.size === 0}
              data-action="export-report"
            >
              {tr('collect.exportReport.label')}
            </button>
            <button type="button" onClick={exportCsv} disabled={c.responses.size === 0} data-action="export-csv">
              {tr('collect.exportCsv.label')}
            </button>
            <button
              type="button"
              onClick={() => setPrinting('cell')}
              disabled={c.responses.size === 0}
              data-action="print"
            >
              {tr('collect.print.label')}
            </button>
            <button type="button" onClick={exportBackup} data-action="backup">
              {tr('collect.backup.label')}
            </button>
          </div>
          <p class="muted no-print">{tr('collect.exportReport.hint')}</p>
          {showDash ? (
            <div class="no-print">
              <Dashboard
                instrument={instrument}
                collection={c}
                tally={tally}
                lang={lang}
                tr={tr}
                history={history}
                year={year}
              />
            </div>
          ) : null}
          {printing === 'cell' ? (
            <PrintSheet
              mode="cell"
              instrument={instrument}
              lang={lang}
              tr={tr}
              unitCode={c.key.cell}
              unitName={c.cellName}
              period={c.key.period}
              summary={tally.summary}
            />
          ) : null}
        </section>
      ) : null}

      {reports.length > 0 && mergeInstrument ? (
        <MergePanel
          instrument={mergeInstrument}
          reports={reports}
          scopeCode={scope.code}
          scopeName={scope.name}
          onScope={(code, name) => {
            const next = { code, name };
            setScope(next);
            void persistMerge(reports, next);
          }}
          onRemove={(digest) => {
            const head = reports[0]?.bundle;
            const next = reports.filter((r) => r.bundle.digest !== digest);
            setReports(next);
            void (next.length ? persistMerge(next) : removeMerge(head));
          }}
          onClear={() => {
            const head = reports[0]?.bundle;
            setReports([]);
            void removeMerge(head);
          }}
          history={mergeHistory}
          lang={lang}
          tr={tr}
          app={app}
          now={todayIso}
          printing={printing === 'merged'}
          onPrint={() => setPrinting('merged')}
        />
      ) : null}
    </div>
  );

  async function removeMerge(f: ReportBundle | undefined): Promise<void> {
    if (store && f) await store.removeMerge(f.instrument.id, f.instrument.version, f.period);
  }
}

/**
 * A period's level for the year-from-months rule: a month with one sheet has that sheet's level
 * (gates and disqualifiers included); with several, the level of their mean.
 */
function periodLevel(c: Collection, meanLevel: string | undefined): string | undefined {
  const all = c.responses.values();
  return all.length === 1 ? all[0]!.score.level : meanLevel;
}

function NoteText({
  note,
  lang,
  tr,
}: {
  note: ImportNote;
  lang: Lang;
  tr: (k: string, p?: Record<string, string | number>) => string;
}) {
  switch (note.status) {
    case 'rejected':
      return <span>{note.message[lang]}</span>;
    case 'report':
      return <span>{tr('collect.note.report.message', { scope: note.scope })}</span>;
    case 'backup':
      return <span>{tr('collect.note.backup.message', { count: note.count })}</span>;
    default: {
      const base =
        note.status === 'added'
          ? tr('collect.note.added.message')
          : note.status === 'replaced'
            ? tr('collect.note.replaced.message', { from: note.from, to: note.to })
            : note.status === 'duplicate'
              ? tr('collect.note.duplicate.message')
              : note.status === 'older'
                ? tr('collect.note.older.message', { kept: note.kept, got: note.got })
                : tr('collect.note.wrongCollection.message', {
                    cell: note.found.cell,
                    period: formatPeriodLabel(note.found.period, lang),
                    instrument: note.found.instrumentId,
                  });
      return (
        <span>
          {base}
          {note.warnings.map((w, i) => (
            <span key={i} class="flag">
              {' '}
              ⚑ {w.message[lang]}
            </span>
          ))}
        </span>
      );
    }
  }
}

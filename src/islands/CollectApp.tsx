// The secretary's collection page: import files, folders and pasted codes; keep one collection per
// cell, instrument and period on this device; see the cell's picture; export the cell report, CSV,
// print and backup; and, as the upper level, merge cell reports. Thin: core reads, scores and adds
// up; src/storage keeps; the pieces in ./collect/ (one per capability, see its README) wire them.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createCatalog, type Instrument, type Lang } from '../core/index.ts';
import { tallyCell } from '../core/cell-report.ts';
import { makeTr } from '../i18n/translator.ts';
import { useCollectionState } from './collect/collection-state.ts';
import { useMergeState } from './collect/merge-state.ts';
import { useImportQueue } from './collect/import-queue.ts';
import { useCellHistory } from './collect/cell-history.ts';
import { OpenPanel } from './collect/OpenPanel.tsx';
import { ImportPanel } from './collect/ImportPanel.tsx';
import { RosterPanel } from './collect/RosterPanel.tsx';
import { lazyPanel } from './collect/lazy.tsx';
import { Later, allHydrated } from './collect/later.tsx';
import { ResultPanel } from './collect/ResultPanel.tsx';
import type { MergePanel as MergePanelType } from './collect/MergePanel.tsx';

const MembersPanel = lazyPanel(() => import('./collect/MembersPanel.tsx').then((m) => m.MembersPanel));
const RoundPanel = lazyPanel(() => import('./collect/RoundPanel.tsx').then((m) => m.RoundPanel));
// The upper level's merge: only once reports are imported.
const MergePanel = lazyPanel<Parameters<typeof MergePanelType>[0]>(() =>
  import('./collect/MergePanel.tsx').then((m) => m.MergePanel),
);
import { LazySealPanel, sealedSink } from './seal/host.tsx';

export interface Props {
  lang: Lang;
  /** Every readable instrument, current and superseded (CollectIsland loads them). */
  instruments: Instrument[];
  /** The strings this island uses, in the page's language. */
  strings: Record<string, string>;
  /** The app's version, written into files. */
  app: string;
}

function todayIso(): string {
  return new Date().toISOString();
}

export default function CollectApp({ lang, instruments, strings, app }: Props) {
  const tr = useMemo(() => makeTr(strings), [strings]);
  const catalog = useMemo(() => createCatalog(instruments), [instruments]);
  const find = (id: string, version: string): Instrument | undefined =>
    catalog.versions(id).find((i) => i.version === version);

  const state = useCollectionState({ catalog, tr });
  const merge = useMergeState({ store: state.store, storeRef: state.storeRef, catalog, find, tr });
  const queue = useImportQueue({ instruments, catalog, find, lang, tr, state, merge, sealed: sealedSink });
  const [ready, setReady] = useState(false);
  const [showDash, setShowDash] = useState(false);
  const [printing, setPrinting] = useState<'cell' | 'merged' | undefined>();

  // Open storage, the last collection and the last merge.
  useEffect(() => {
    void (async () => {
      const collections = await state.start();
      queue.showNotes(await merge.restore(collections));
      await allHydrated();
      setReady(true);
      state.storeReady.current?.resolve(collections);
    })();
  }, []);

  const c = state.col.current;
  const instrument = c ? find(c.key.instrumentId, c.key.instrumentVersion) : undefined;
  const tally = useMemo(
    () => (state.col.current && instrument ? tallyCell(instrument, state.col.current) : undefined),
    [state.rev, instrument],
  );
  const { history, year } = useCellHistory({
    show: showDash,
    store: state.store,
    collection: c,
    instrument,
    tally,
    metas: state.metas,
    rev: state.rev,
    catalog,
    find,
    lang,
  });

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

  const beforeClose = (): void => {
    setShowDash(false);
    queue.setRun(undefined);
  };
  const { reports, scope } = merge;
  const mergeInstrument = reports[0]
    ? find(reports[0].bundle.instrument.id, reports[0].bundle.instrument.version)
    : undefined;

  return (
    <div class={`collect-app${printing ? ` printing-${printing}` : ''}`} data-ready={ready ? 'yes' : 'no'}>
      {state.problem ? (
        <p class="notice bad no-print" role="alert">
          {tr(state.problem === 'quota' ? 'collect.storageQuota.error' : 'collect.storage.error')}
        </p>
      ) : null}

      <Later>
        <OpenPanel
          instruments={instruments}
          find={find}
          instrument={instrument}
          state={state}
          lang={lang}
          tr={tr}
          onClose={() => {
            beforeClose();
            void state.closeCollection();
          }}
          onDelete={() => {
            if (!c || !state.store) return;
            beforeClose();
            void state.deleteCollection();
          }}
        />
      </Later>

      <Later>
        <ImportPanel
          run={queue.run}
          onFiles={(files) => queue.startImport('files', files)}
          onPaste={(text) => queue.startImport('paste', text)}
          lang={lang}
          tr={tr}
        />
      </Later>

      <LazySealPanel
        ready={ready}
        catalog={catalog}
        instruments={instruments}
        lang={lang}
        tr={tr}
        app={app}
        now={todayIso}
      />

      {c && instrument ? <RosterPanel instrument={instrument} state={state} tr={tr} lang={lang} /> : null}

      {c && instrument ? <RoundPanel collectionKey={c.key} cellName={c.cellName} lang={lang} tr={tr} /> : null}

      {c && instrument?.anonymity === 'named' && c.responses.all().length > 0 ? (
        <MembersPanel
          instrument={instrument}
          collection={c}
          decide={(change) => void state.decide(change)}
          lang={lang}
          tr={tr}
        />
      ) : null}

      {c && instrument && tally ? (
        <ResultPanel
          collection={c}
          instrument={instrument}
          tally={tally}
          showDash={showDash}
          onToggleDash={() => setShowDash(!showDash)}
          printing={printing === 'cell'}
          onPrint={() => setPrinting('cell')}
          history={history}
          year={year}
          app={app}
          now={todayIso}
          lang={lang}
          tr={tr}
        />
      ) : null}

      {reports.length > 0 && mergeInstrument ? (
        <MergePanel
          instrument={mergeInstrument}
          reports={reports}
          scopeCode={scope.code}
          scopeName={scope.name}
          onScope={(code, name) => {
            const next = { code, name };
            merge.setScope(next);
            void merge.persistMerge(reports, next);
          }}
          onRemove={(digest) => {
            const head = reports[0]?.bundle;
            const next = reports.filter((r) => r.bundle.digest !== digest);
            merge.setReports(next);
            void (next.length ? merge.persistMerge(next) : merge.removeMerge(head));
          }}
          onClear={() => {
            const head = reports[0]?.bundle;
            merge.setReports([]);
            void merge.removeMerge(head);
          }}
          history={merge.mergeHistory}
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
}

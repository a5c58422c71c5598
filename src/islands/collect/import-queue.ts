// The import queue: files, folders and pasted codes are read (core readBundle, on workers for many
// files) and applied one import after another: responses to the open collection (opening the
// collection the first one names), backups open their collection, reports go to the upper level's
// list. Counts and the lines worth reading are kept per import for the status under the drop zone.
import { useRef, useState } from 'preact/hooks';
import type { Instrument, InstrumentCatalog, Lang } from '../../core/index.ts';
import { COLLECTION_PART_SIZE } from '../../storage/collections.ts';
import { addResponse, collectionId, keyOfBundle, type ImportNote } from '../../core/cell-collection.ts';
import { readPastedText, type ReadOutcome } from '../../core/import.ts';
import type { Tr } from '../../i18n/translator.ts';
import { importFiles } from './importer.ts';
import { recordOf, type CollectionState } from './collection-state.ts';
import { addReport, type MergeState } from './merge-state.ts';
import type { ImportedReport } from './MergePanel.tsx';

/** Counts of the last import, by what happened. */
export interface ImportRun {
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
  /**
   * Set when storage refused a write (quota exceeded, storage gone) during or after this import:
   * what was imported stays on the page, not on the device, until a backup is downloaded.
   */
  unsaved?: boolean;
  /** Set when reading failed part way (a worker died and the fallback failed too): the files not reached. */
  failed?: string;
}

const MAX_NOTES = 500;
/** Pasted text up to this many characters and codes is read on the page; more goes to the worker. */
const PASTE_ON_PAGE_MAX = 16 * 1024;
const PASTE_ON_PAGE_CODES = 3;

/** Whether pasted text is too much to read on the page (each code may unpack to 512 KiB). */
function isLongPaste(text: string): boolean {
  if (text.length > PASTE_ON_PAGE_MAX) return true;
  let codes = 0;
  for (let at = text.indexOf('PCB1'); at >= 0; at = text.indexOf('PCB1', at + 4))
    if (++codes > PASTE_ON_PAGE_CODES) return true;
  return false;
}
const emptyCounts = (): ImportRun['counts'] => ({
  added: 0,
  replaced: 0,
  duplicate: 0,
  older: 0,
  'wrong-collection': 0,
  rejected: 0,
  skipped: 0,
  report: 0,
  backup: 0,
  sealed: 0,
});

export interface ImportQueueDeps {
  instruments: Instrument[];
  catalog: InstrumentCatalog;
  find: (id: string, version: string) => Instrument | undefined;
  lang: Lang;
  tr: Tr;
  state: CollectionState;
  merge: MergeState;
  /** Where sealed files go (kept sealed: src/islands/seal). */
  sealed?: { add(value: unknown, source: string): Promise<ImportNote> };
}

export function useImportQueue({ instruments, catalog, find, lang, tr, state, merge, sealed }: ImportQueueDeps) {
  const [run, setRun] = useState<ImportRun | undefined>();
  const chain = useRef<Promise<void>>(Promise.resolve());
  const runs = useRef(0);
  const { col, dirty, storeRef } = state;

  /** Applies read outcomes to the open collection (opening one when needed) and the report list. */
  async function apply(outcomes: ReadOutcome[], acc: ImportRun, reportList: ImportedReport[]): Promise<void> {
    const s = storeRef.current;
    for (const o of outcomes) {
      let note: ImportNote;
      if (o.kind === 'error') note = { source: o.source, status: 'rejected', code: o.code, message: o.message };
      else if (o.kind === 'skipped') note = { source: o.source, status: 'skipped', code: o.code, message: o.message };
      else if (o.kind === 'report') note = addReport(reportList, o.bundle, o.source, { find, tr, lang });
      else if (o.kind === 'backup') {
        if (s)
          await state.openCollection(s, o.key, {
            roster: o.roster,
            ...(o.cellName ? { cellName: o.cellName } : {}),
            ...(o.decisions ? { decisions: o.decisions } : {}),
          });
        note = { source: o.source, status: 'backup', count: o.count };
      } else if (o.kind === 'sealed') {
        if (!sealed) continue;
        note = await sealed.add(o.value, o.source);
      } else {
        if (!col.current && s) await state.openCollection(s, keyOfBundle(o.bundle));
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
      // Lines that stand for many files (codes past a cap, entries past an archive's limit) are
      // always kept, even past the list's length.
      const summary = 'code' in note && (note.code === 'too-many-codes' || note.code === 'zip-too-many');
      if (!plain && (acc.notes.length < MAX_NOTES || summary)) acc.notes.push(note);
    }
  }

  /** Runs one import (files or pasted text); imports queue one after another. */
  function startImport(kind: 'files', files: File[]): void;
  function startImport(kind: 'paste', text: string): void;
  function startImport(kind: 'files' | 'paste', what: File[] | string): void {
    // A long paste (more than a few codes) is read like a text file, in the import worker: the
    // page never unpacks thousands of codes itself (each is read, one at a time, within caps).
    if (kind === 'paste' && typeof what === 'string' && isLongPaste(what)) {
      const file = new File([what], `${tr('collect.source.paste.label')}.txt`, { type: 'text/plain' });
      chain.current = chain.current.then(() => runImport('files', [file], 'paste')).catch(() => undefined);
      return;
    }
    // Each import runs after the one before has settled, whatever became of it: one failure never
    // leaves the chain rejected (which stopped every later import until a reload).
    chain.current = chain.current.then(() => runImport(kind, what)).catch(() => undefined);
  }

  /** One import; never rejects: a failed read or a refused write is said on the run's status. */
  async function runImport(kind: 'files' | 'paste', what: File[] | string, via?: 'paste'): Promise<void> {
    {
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
      await state.storeReady.current?.promise;
      const reportList = [...merge.reportsRef.current];
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
          const ran = await importFiles(
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
          acc.via = via ?? ran;
        }
      } catch (error) {
        acc.failed = error instanceof Error ? error.message : String(error);
      } finally {
        acc.running = false;
        acc.ms = performance.now() - t0;
        const changed = dirty.current || (col.current ? collectionId(col.current.key) : '') !== beforeKey;
        const t2 = performance.now();
        if (reportList.length !== reportsBefore) {
          // The reports are on the page whatever storage says; a refused write is shown, not thrown.
          merge.setReports(reportList);
          if (!(await merge.persistMerge(reportList))) acc.unsaved = true;
        }
        state.bump();
        if (changed && !(await state.persist())) acc.unsaved = true;
        acc.timings.saveMs = performance.now() - t2;
        setRun({ ...acc });
      }
    }
  }

  /** Shows lines that came from no import (a stored report refused on restore) as a run of their own. */
  function showNotes(notes: ImportNote[]): void {
    if (notes.length === 0) return;
    runs.current += 1;
    const counts = emptyCounts();
    for (const n of notes) counts[n.status] += 1;
    setRun({
      id: runs.current,
      files: notes.length,
      done: notes.length,
      counts,
      notes: notes.slice(0, MAX_NOTES),
      running: false,
      ms: 0,
      timings: { readMs: 0, parseMs: 0, applyMs: 0, saveMs: 0 },
      via: 'main',
    });
  }

  return { run, setRun, startImport, showNotes };
}

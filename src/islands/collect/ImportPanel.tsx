// Importing: the drop zone (files, folders), pasted codes, and the last import's status, counts and
// the lines worth reading (each with its source).
import { useState } from 'preact/hooks';
import { formatPeriodLabel, type Lang } from '../../core/index.ts';
import type { ImportNote } from '../../core/cell-collection.ts';
import { formatNumber } from '../../core/stats.ts';
import type { Tr } from '../../i18n/translator.ts';
import { filesOfDrop } from './importer.ts';
import type { ImportRun } from './import-queue.ts';

interface Props {
  run: ImportRun | undefined;
  onFiles: (files: File[]) => void;
  onPaste: (text: string) => void;
  lang: Lang;
  tr: Tr;
}

export function ImportPanel({ run, onFiles, onPaste, lang, tr }: Props) {
  const [paste, setPaste] = useState('');
  const [dragging, setDragging] = useState(false);
  const onInput = (e: Event): void => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) onFiles(files);
  };

  return (
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
          void filesOfDrop(dt).then((files) => files.length && onFiles(files));
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
              onChange={onInput}
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
              onChange={onInput}
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
            onPaste(paste);
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
            {run.unsaved ? (
              <p class="error" role="alert" data-import-unsaved>
                {tr('collect.import.unsaved.error')}
              </p>
            ) : null}
            {run.failed !== undefined ? (
              <p class="error" role="alert" data-import-failed>
                {tr('collect.import.failed.error')}
              </p>
            ) : null}
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
                <bdi class="source">{n.source}</bdi>: <NoteText note={n} lang={lang} tr={tr} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function NoteText({ note, lang, tr }: { note: ImportNote; lang: Lang; tr: Tr }) {
  switch (note.status) {
    case 'rejected':
    case 'skipped':
      return <span>{note.message[lang]}</span>;
    case 'report':
      return <span>{tr('collect.note.report.message', { scope: note.scope })}</span>;
    case 'backup':
      return <span>{tr('collect.note.backup.message', { count: note.count })}</span>;
    case 'sealed':
      return <span>{tr('seal.note.sealed.message', { added: note.added, duplicate: note.duplicate })}</span>;
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

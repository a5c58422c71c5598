// Opening a collection: the open one (cell, instrument, period, count, saved state, close and
// delete), or the form that opens one; and the collections saved on this device.
import { useState } from 'preact/hooks';
import {
  CellCodeSchema,
  formatPeriodLabel,
  granularityOf,
  normalizeCellCode,
  periodOfDate,
  pickText,
  type Instrument,
  type Lang,
} from '../../core/index.ts';
import { collectionId } from '../../core/cell-collection.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { CollectionState } from './collection-state.ts';

interface Props {
  instruments: Instrument[];
  find: (id: string, version: string) => Instrument | undefined;
  instrument: Instrument | undefined;
  state: CollectionState;
  lang: Lang;
  tr: Tr;
  onClose: () => void;
  onDelete: () => void;
}

export function OpenPanel({ instruments, find, instrument, state, lang, tr, onClose, onDelete }: Props) {
  const { store, metas, saved, confirmDelete, setConfirmDelete } = state;
  const c = state.col.current;
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

  async function createFromForm(e: Event): Promise<void> {
    e.preventDefault();
    const [id = '', version = ''] = form.instrument.split('@');
    const ins = find(id, version);
    const cell = normalizeCellCode(form.cell);
    // Periods are written in capitals (2026-Q4): a lower-case q means the same quarter.
    const period = form.period.trim().toUpperCase();
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
    await state.openCollection(
      store,
      { cell, instrumentId: ins.id, instrumentVersion: ins.version, period },
      form.cellName.trim() ? { cellName: form.cellName.trim() } : undefined,
    );
    await state.persist();
  }

  return (
    <section class="card no-print" aria-labelledby="open-title">
      <h2 id="open-title">{c ? tr('collect.current.title') : tr('collect.open.title')}</h2>
      {c && instrument ? (
        <div data-collection={collectionId(c.key)}>
          <p class="current">
            <strong>
              {c.cellName ? (
                <>
                  <bdi class="name">{c.cellName}</bdi> ({c.key.cell})
                </>
              ) : (
                c.key.cell
              )}
            </strong>{' '}
            · {pickText(instrument.shortTitle, lang)} · {formatPeriodLabel(c.key.period, lang)}
          </p>
          <p>
            <span data-count="responses">{tr('collect.count.message', { count: c.responses.size })}</span>{' '}
            {/* Sheets kept but not counted (awaiting a decision, set aside): the saved list counts files. */}
            {c.responses.all().length !== c.responses.size ? (
              <span data-count="files">({tr('collect.count.files', { count: c.responses.all().length })}) </span>
            ) : null}
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
            <button type="button" onClick={onClose}>
              {tr('collect.close.label')}
            </button>
            {confirmDelete ? (
              <button type="button" class="danger" onClick={onDelete} data-action="delete-confirm">
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
                    onClick={() => store && void state.openCollection(store, m.key)}
                  >
                    {m.cellName ? (
                      <>
                        <bdi class="name">{m.cellName}</bdi> ({m.key.cell})
                      </>
                    ) : (
                      m.key.cell
                    )}{' '}
                    · {ins ? pickText(ins.shortTitle, lang) : m.key.instrumentId} ·{' '}
                    {formatPeriodLabel(m.key.period, lang)} · {tr('collect.count.files', { count: m.count })}
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

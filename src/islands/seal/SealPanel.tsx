// The collection page's sealed-survey section: the secretary's sealed files (count per cell and
// period, a shuffled batch to send up), the committee's keys, and what the committee opened.
import { useEffect, useState } from 'preact/hooks';
import type { InstrumentCatalog } from '../../core/bundle.ts';
import type { Instrument } from '../../core/instrument.ts';
import { formatPeriodLabel } from '../../core/period.ts';
import type { Lang } from '../../core/text.ts';
import { fill, type Params, type Tr } from '../../i18n/translator.ts';
import sealVi from '../../i18n/seal.vi.json';
import sealEn from '../../i18n/seal.en.json';
import type { SealedGroup } from '../../storage/sealed-files.ts';
import { KeysPanel } from './KeysPanel.tsx';
import { OpenedResults } from './OpenedResults.tsx';
import { useSealState } from './seal-state.ts';
import { SEALED_CHANGED } from './events.ts';

export interface SealPanelProps {
  catalog: InstrumentCatalog;
  /** The instruments of the site (round links are made for the anonymous ones). */
  instruments: readonly Instrument[];
  lang: Lang;
  tr: Tr;
  app: string;
  now: () => string;
}

export function SealPanel({ catalog, instruments, lang, tr: pageTr, app, now }: SealPanelProps) {
  // The panel's strings load with it, not with the page.
  const [tr] = useState<Tr>(() => {
    const own: Record<string, string> = lang === 'en' ? { ...sealVi, ...sealEn } : sealVi;
    return (key: string, params?: Params): string => {
      const text = own[key];
      return text === undefined ? pageTr(key, params) : fill(text, params);
    };
  });
  const seal = useSealState({ catalog, today: () => now().slice(0, 10) });
  useEffect(() => {
    void seal.start().catch(() => undefined);
    const refresh = (): void => void seal.refresh();
    window.addEventListener(SEALED_CHANGED, refresh);
    return () => window.removeEventListener(SEALED_CHANGED, refresh);
  }, []);
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const secure = seal.secure === true;
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const open = (which: SealedGroup[]): void => void run(() => seal.open(which));

  return (
    <section
      class="card no-print seal-panel"
      aria-labelledby="seal-title"
      data-seal-panel
      data-seal-ready={seal.secure === undefined ? 'no' : 'yes'}
    >
      <h2 id="seal-title">{tr('seal.panel.title')}</h2>
      <p class="muted small">{tr('seal.panel.hint')}</p>
      {seal.problem ? (
        <p class="notice bad" role="alert">
          {tr('seal.storage.error')}
        </p>
      ) : null}
      {seal.groups.length === 0 ? (
        <p class="muted" data-sealed-empty>
          {tr('seal.groups.empty.message')}
        </p>
      ) : (
        <table class="small" data-sealed-groups>
          <thead>
            <tr>
              <th scope="col">{tr('seal.groups.cell.label')}</th>
              <th scope="col">{tr('seal.groups.period.label')}</th>
              <th scope="col">{tr('seal.groups.instrument.label')}</th>
              <th scope="col" class="num-col">
                {tr('seal.groups.count.label')}
              </th>
              <th scope="col">{tr('seal.groups.actions.label')}</th>
            </tr>
          </thead>
          <tbody>
            {seal.groups.map((g) => (
              <tr key={`${g.key.instrumentId}|${g.key.period}|${g.key.cell}|${g.key.instrumentHash}`}>
                <td class="wrap-anywhere">{g.key.cell}</td>
                <td>{formatPeriodLabel(g.key.period, lang)}</td>
                <td>
                  {g.key.instrumentId} {g.key.instrumentVersion}
                </td>
                <td class="num-col" data-sealed-count={g.envelopes.length}>
                  {g.envelopes.length}
                </td>
                <td>
                  <button
                    type="button"
                    data-action="export-sealed"
                    onClick={() => {
                      const r = seal.exportBatch(g);
                      setStatus(tr('seal.export.message', { count: r.count, file: r.file }));
                    }}
                  >
                    {tr('seal.export.label')}
                  </button>{' '}
                  {secure && seal.keys.length > 0 ? (
                    <button type="button" data-action="open-sealed" disabled={busy} onClick={() => open([g])}>
                      {tr('seal.open.label')}
                    </button>
                  ) : null}{' '}
                  <button
                    type="button"
                    class="danger"
                    onClick={() => {
                      const ask = tr('seal.remove.confirm', {
                        count: g.envelopes.length,
                        cell: g.key.cell,
                        period: formatPeriodLabel(g.key.period, lang),
                      });
                      if (window.confirm(ask)) void seal.removeGroup(g);
                    }}
                  >
                    {tr('seal.remove.label')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {seal.groups.length > 0 ? <p class="muted small">{tr('seal.groups.count.hint')}</p> : null}
      <p role="status" class="ok small" data-seal-status>
        {busy ? tr('seal.busy.message') : (status ?? '')}
      </p>
      {seal.error ? (
        <p class="notice bad" role="alert" data-seal-error>
          {seal.error[lang]}
        </p>
      ) : null}
      {seal.opened ? <OpenedResults seal={seal} lang={lang} tr={tr} app={app} now={now} /> : null}
      {seal.secure !== undefined ? (
        <KeysPanel seal={seal} instruments={instruments} lang={lang} tr={tr} secure={secure} onStatus={setStatus} />
      ) : null}
    </section>
  );
}

// What the committee sees once sealed files are opened: per cell, the sheets counted, levels and
// mean (or only the count under the anonymity threshold), the comments as shuffled lists, and
// the cell report to export (it merges like any other). Nothing here names a file or an order.
import { pickText, type Lang } from '../../core/text.ts';
import { serializeBundle, writeReportBundle } from '../../core/bundle.ts';
import { summarizeUnits } from '../../core/report.ts';
import { formatNumber } from '../../core/stats.ts';
import { listItems } from '../../core/items.ts';
import { formatPeriodLabel } from '../../core/period.ts';
import type { Tr } from '../../i18n/translator.ts';
import { downloadText, fileSlug } from '../collect/download.ts';
import type { SealState } from './seal-state.ts';

interface Props {
  seal: SealState;
  lang: Lang;
  tr: Tr;
  app: string;
  now: () => string;
}

export function OpenedResults({ seal, lang, tr, app, now }: Props) {
  const opened = seal.opened;
  if (!opened) return null;
  return (
    <div class="seal-opened" data-seal-opened>
      <h3>{tr('seal.opened.title')}</h3>
      <p class="muted small">{tr('seal.opened.hint')}</p>
      {opened.failures.length > 0 ? (
        <div class="notice bad" data-seal-failures>
          <p>{tr('seal.opened.failures.title')}</p>
          <ul>
            {opened.failures.map((f) => (
              <li key={`${f.code}${f.message.en}`} data-code={f.code}>
                {f.count} × {f.message[lang]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {opened.cells.map((c) => {
        const summary = summarizeUnits(c.instrument, c.report.units);
        const itemLabel = (id: string): string => {
          const found = listItems(c.instrument).find(({ item }) => item.id === id);
          return found ? pickText(found.item.label, lang) : id;
        };
        return (
          <article key={`${c.cell}|${c.period}|${c.instrument.id}`} class="seal-cell" data-opened-cell={c.cell}>
            <h4>
              {c.cell} · {formatPeriodLabel(c.period, lang)} · {pickText(c.instrument.shortTitle, lang)}
            </h4>
            <p data-sheets={c.sheets}>
              {tr('seal.opened.sheets.message', { sheets: c.sheets, superseded: c.superseded })}
            </p>
            {c.hidden ? (
              <p class="notice warn" data-hidden>
                {tr('seal.opened.hidden.message')}
              </p>
            ) : (
              <>
                <p>
                  {tr('seal.opened.mean.label')}: <strong data-mean>{formatNumber(summary.mean, lang, 2)}</strong>
                </p>
                <p>
                  {tr('seal.opened.levels.label')}:{' '}
                  {c.instrument.levels
                    .map((l) => `${pickText(l.label, lang)} ${summary.levels[l.id] ?? 0}`)
                    .join(' · ')}
                </p>
                <h5>{tr('seal.opened.comments.title')}</h5>
                {c.comments.every((l) => l.texts.length === 0) ? (
                  <p class="muted">{tr('seal.opened.noComments.message')}</p>
                ) : (
                  c.comments
                    .filter((l) => l.texts.length > 0)
                    .map((l) => (
                      <section key={l.item} data-comments={l.item}>
                        <p>
                          <strong>{itemLabel(l.item)}</strong>
                        </p>
                        <ul>
                          {l.texts.map((t, i) => (
                            <li key={i} class="wrap-anywhere">
                              {t}
                            </li>
                          ))}
                        </ul>
                      </section>
                    ))
                )}
              </>
            )}
            <button
              type="button"
              class="primary"
              data-action="export-opened-report"
              onClick={() => {
                const bundle = writeReportBundle({ report: c.report, app, createdAt: now() });
                downloadText(
                  `bao-cao-${fileSlug(c.cell)}-${c.period}.json`,
                  serializeBundle(bundle),
                  'application/json',
                );
              }}
            >
              {tr('seal.opened.report.label')}
            </button>
          </article>
        );
      })}
      <button type="button" onClick={seal.closeOpened}>
        {tr('seal.opened.close.label')}
      </button>
    </div>
  );
}

// One A4 page for the committee: heading, unit, period, participation, overall result, levels,
// section averages (a cell) or cells side by side (merged), and the signature block.
import { formatPeriodLabel, pickText, type Instrument, type Lang, type ReportSummary } from '../../core/index.ts';
import { formatNumber, formatPercent, type UnitRow } from '../../core/stats.ts';
import type { Tr } from '../../i18n/translator.ts';

interface Props {
  mode: 'cell' | 'merged';
  instrument: Instrument;
  lang: Lang;
  tr: Tr;
  unitCode: string;
  unitName: string | undefined;
  period: string;
  summary: ReportSummary;
  /** Merged: one line per cell. */
  rows?: readonly UnitRow[];
}

export function PrintSheet({ mode, instrument, lang, tr, unitCode, unitName, period, summary, rows }: Props) {
  const levelName = (id: string | undefined): string => {
    const l = instrument.levels.find((x) => x.id === id);
    return l ? pickText(l.label, lang) : '—';
  };
  const hidden = summary.breakdownHidden;
  return (
    <article class="print-sheet" aria-label={tr('report.print.title')} data-print={mode}>
      <header class="print-head">
        <div class="print-unit">
          <p class="upper">{unitName || unitCode}</p>
          <p>*</p>
        </div>
        <div class="print-party">
          <p class="upper strong">{tr('report.print.party.label')}</p>
        </div>
      </header>
      <h2 class="print-title">{tr(mode === 'cell' ? 'report.print.cell.title' : 'report.print.merged.title')}</h2>
      <p class="print-sub">
        {pickText(instrument.title, lang)} · {formatPeriodLabel(period, lang)}
      </p>
      <p class="print-sub">
        {tr('report.print.unit.label')}: {unitName ? `${unitName} (${unitCode})` : unitCode}
      </p>

      <h3>{tr('report.print.totals.title')}</h3>
      <table class="print-table">
        <tbody>
          {mode === 'merged' ? (
            <tr>
              <th scope="row">{tr('report.print.cells.label')}</th>
              <td>{summary.cells}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row">{tr('report.print.participation.label')}</th>
            <td>
              {summary.responses}
              {summary.expected
                ? ` / ${summary.expected} (${formatPercent(summary.responses / summary.expected, lang)})`
                : ''}
            </td>
          </tr>
          {!hidden ? (
            <tr>
              <th scope="row">{tr('report.print.result.label')}</th>
              <td>
                {formatNumber(summary.mean, lang, 2)} / {instrument.maxScore} · {levelName(summary.meanLevel)}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {hidden ? (
        <p>{tr('dashboard.hidden.message', { count: summary.responses, min: instrument.minRespondents ?? 3 })}</p>
      ) : null}

      {!hidden ? (
        <div class="print-cols">
          <table class="print-table">
            <caption>{tr('report.print.levels.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('dashboard.level.label')}</th>
                <th scope="col">{tr('dashboard.levels.count.label')}</th>
                <th scope="col">%</th>
              </tr>
            </thead>
            <tbody>
              {instrument.levels.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{pickText(l.label, lang)}</th>
                  <td>{summary.levels[l.id] ?? 0}</td>
                  <td>
                    {formatPercent(
                      summary.responses ? (summary.levels[l.id] ?? 0) / summary.responses : undefined,
                      lang,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="print-table">
            <caption>{tr('report.print.sections.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('dashboard.section.label')}</th>
                <th scope="col">{tr('dashboard.sections.mean.label')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.sections
                .filter((s) => s.max > 0)
                .map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {pickText(instrument.sections.find((x) => x.id === s.id)?.title ?? { vi: s.id }, lang)}
                    </th>
                    <td>
                      {formatNumber(s.mean, lang, 2)} / {formatNumber(s.max, lang, 2)}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {summary.quota && !summary.quota.ok && !hidden ? (
        <p>
          {tr('dashboard.quota.error', {
            count: summary.quota.count,
            allowed: summary.quota.allowed,
            base: summary.quota.base,
            rule: pickText(summary.quota.reason, lang),
          })}
        </p>
      ) : null}

      {mode === 'merged' && rows ? (
        <table class="print-table">
          <caption>{tr('report.print.byCell.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('report.cell.label')}</th>
              <th scope="col">{tr('report.responses.label')}</th>
              <th scope="col">{tr('report.mean.label')}</th>
              <th scope="col">{tr('report.level.label')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.cell}>
                <th scope="row">{r.cell}</th>
                <td>
                  {r.responses}
                  {r.expected ? ` / ${r.expected}` : ''}
                </td>
                <td>{formatNumber(r.mean, lang, 2)}</td>
                <td>{r.hidden ? tr('report.hidden.label') : levelName(r.level)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <div class="print-sign">
        <div>
          <p class="upper strong">{tr('report.print.preparer.label')}</p>
          <p class="muted">{tr('report.print.signHint.label')}</p>
        </div>
        <div>
          <p class="print-date">{tr('report.print.dateLine.label')}</p>
          <p class="upper strong">{tr(mode === 'cell' ? 'report.print.secretary.label' : 'report.print.head.label')}</p>
          <p class="muted">{tr('report.print.signHint.label')}</p>
        </div>
      </div>
    </article>
  );
}

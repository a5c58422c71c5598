// The upper level: cell reports imported on the same page, every cell side by side, coverage,
// earlier periods, and the merged report (JSON), its CSV and its print page.
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';
import {
  CellCodeSchema,
  describeQuota,
  formatPeriodLabel,
  mergeReports,
  participationOf,
  pickText,
  serializeBundle,
  summarizeUnits,
  writeReportBundle,
  type Instrument,
  type Lang,
  type ReportBundle,
} from '../../core/index.ts';
import { ChartCanvas } from './ChartCanvas.tsx';
import { toCsv } from '../../core/csv.ts';
import { unitCsvRows } from '../../core/csv-rows.ts';
import { downloadText, fileSlug } from './download.ts';
import { PrintSheet } from './PrintSheet.tsx';
import { formatNumber, formatPercent, unitRows } from '../../core/stats.ts';
import type { Tr } from '../../i18n/translator.ts';

/** A report imported by the upper level. */
export interface ImportedReport {
  bundle: ReportBundle;
  source: string;
}

/** An earlier period's merged figures. */
export interface MergeHistoryPoint {
  period: string;
  cells: number;
  responses: number;
  mean: number | undefined;
}

interface Props {
  instrument: Instrument;
  reports: readonly ImportedReport[];
  scopeCode: string;
  scopeName: string;
  onScope: (code: string, name: string) => void;
  onRemove: (digest: string) => void;
  onClear: () => void;
  history: readonly MergeHistoryPoint[];
  lang: Lang;
  tr: Tr;
  app: string;
  /** Today, ISO date-time, from the page's clock. */
  now: () => string;
  printing: boolean;
  onPrint: () => void;
}

function scopeOf(code: string, name: string): { code: string; name?: string } {
  return name.trim() ? { code, name: name.trim() } : { code };
}

export function MergePanel(props: Props) {
  const { instrument, reports, scopeCode, scopeName, lang, tr } = props;
  const [error, setError] = useState<string | undefined>();
  const merged = useMemo(
    () =>
      mergeReports(
        reports.map((r) => r.bundle.payload),
        scopeOf(scopeCode.trim() || 'merged', scopeName),
        { sources: reports.map((r) => r.source), instrument },
      ),
    [reports, scopeCode, scopeName, instrument],
  );
  const levelName = (id: string | undefined): string => {
    const l = instrument.levels.find((x) => x.id === id);
    return l ? pickText(l.label, lang) : '—';
  };
  const units = merged.ok ? merged.report.units : [];
  const rows = useMemo(() => unitRows(instrument, units), [instrument, units]);
  const summary = useMemo(() => summarizeUnits(instrument, units), [instrument, units]);
  // Participation only over the cells that gave an expected count (the others are said).
  const participation = useMemo(() => participationOf(units), [units]);
  const period = reports[0]?.bundle.period ?? '';
  const meansConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: rows.map((r) => r.cell),
        datasets: [
          {
            label: tr('report.mean.label'),
            data: rows.map((r) => (r.mean === undefined ? null : Math.round(r.mean * 100) / 100)),
            backgroundColor: '#9b1c1c',
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { min: 0, max: instrument.maxScore } },
      },
    }),
    [rows, instrument, tr],
  );

  const scopeOk = CellCodeSchema.safeParse(scopeCode.trim()).success;
  const exportJson = (): void => {
    if (!scopeOk) return setError(tr('report.scope.error'));
    setError(undefined);
    const m = mergeReports(
      reports.map((r) => r.bundle.payload),
      scopeOf(scopeCode.trim(), scopeName),
      { sources: reports.map((r) => r.source), instrument },
    );
    if (!m.ok) return setError(m.conflict.message[lang]);
    const bundle = writeReportBundle({ report: m.report, app: props.app, createdAt: props.now() });
    downloadText(
      `bao-cao-gop-${fileSlug(instrument.id)}-${fileSlug(scopeCode)}-${period}.json`,
      serializeBundle(bundle),
      'application/json',
    );
  };
  const exportCsv = (): void => {
    downloadText(
      `bao-cao-gop-${fileSlug(instrument.id)}-${fileSlug(scopeCode || 'gop')}-${period}.csv`,
      toCsv(unitCsvRows(instrument, units, lang)),
      'text/csv;charset=utf-8',
    );
  };

  return (
    <section class="card merge" aria-labelledby="merge-title" data-merge={reports.length}>
      <h2 id="merge-title">{tr('report.merge.title')}</h2>
      <p class="muted">
        {pickText(instrument.shortTitle, lang)} · {formatPeriodLabel(period, lang)} ·{' '}
        {tr('report.count.label', { count: reports.length })}
      </p>
      {!merged.ok ? <p class="notice bad">{merged.conflict.message[lang]}</p> : null}
      {merged.ok && merged.conflicts.length > 0 ? (
        <div class="notice" data-notice="duplicates">
          <p>{tr('report.duplicates.message', { cells: merged.duplicates.join(', ') })}</p>
          <ul class="plain">
            {merged.conflicts.map((c) => (
              <li key={c.cell} data-conflict={c.cell} data-culprit={c.culprit ?? ''}>
                {c.message[lang]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div class="table-scroll">
        <table data-table="cells">
          <caption>{tr('report.cells.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('report.cell.label')}</th>
              <th scope="col">{tr('report.responses.label')}</th>
              <th scope="col">{tr('report.expected.label')}</th>
              <th scope="col">{tr('report.coverage.label')}</th>
              <th scope="col">{tr('report.mean.label')}</th>
              <th scope="col">{tr('report.level.label')}</th>
              {instrument.levels.map((l) => (
                <th scope="col" key={l.id}>
                  {pickText(l.label, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.cell} data-cell={r.cell}>
                <th scope="row">{r.cell}</th>
                <td>{r.responses}</td>
                <td>{r.expected ?? '—'}</td>
                <td>{formatPercent(r.coverage, lang)}</td>
                <td>{r.hidden ? tr('report.hidden.label') : formatNumber(r.mean, lang, 2)}</td>
                <td>{r.hidden ? '—' : levelName(r.level)}</td>
                {instrument.levels.map((l) => (
                  <td key={l.id}>{r.hidden ? '—' : (r.levels[l.id] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-total="merged">
              <th scope="row">{tr('report.total.label')}</th>
              <td data-total-responses>{summary.responses}</td>
              <td data-total-expected>{participation.expected ?? '—'}</td>
              <td data-total-coverage>
                {participation.expected === undefined
                  ? '—'
                  : `${participation.responses} / ${participation.expected} (${formatPercent(participation.share, lang)})`}
              </td>
              <td>{summary.breakdownHidden ? tr('report.hidden.label') : formatNumber(summary.mean, lang, 2)}</td>
              <td>{summary.breakdownHidden ? '—' : levelName(summary.meanLevel)}</td>
              {instrument.levels.map((l) => (
                <td key={l.id}>{summary.breakdownHidden ? '—' : (summary.levels[l.id] ?? 0)}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {participation.withoutExpected > 0 && rows.length > 0 ? (
        <p class="muted" data-notice="participation">
          {participation.units === 0
            ? tr('report.participation.none.message', { cells: participation.withoutExpected })
            : tr('report.participation.partial.message', {
                cells: participation.withoutExpected,
                responses: participation.responsesWithoutExpected,
              })}
        </p>
      ) : null}

      {summary.quota && rows.length > 0 && !summary.breakdownHidden ? (
        // The quota applies per grassroots organisation: every cell merged here, on decided levels.
        <p
          class={summary.quota.ok ? 'quota-ok' : 'quota-bad'}
          data-notice="quota"
          data-quota={summary.quota.ok ? 'ok' : 'over'}
          role={summary.quota.ok ? undefined : 'alert'}
        >
          {pickText(
            describeQuota(summary.quota, (id, l) =>
              pickText(instrument.levels.find((x) => x.id === id)?.label ?? { vi: id }, l),
            ),
            lang,
          )}
        </p>
      ) : null}

      {rows.length > 0 ? (
        <ChartCanvas name="cells" label={tr('report.chart.title')} config={meansConfig} height={220} />
      ) : null}

      {props.history.length > 1 ? (
        <table class="compact">
          <caption>{tr('report.trend.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('dashboard.period.label')}</th>
              <th scope="col">{tr('report.cellsCount.label')}</th>
              <th scope="col">{tr('report.responses.label')}</th>
              <th scope="col">{tr('report.mean.label')}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((h) => (
              <tr key={h.period}>
                <th scope="row">{formatPeriodLabel(h.period, lang)}</th>
                <td>{h.cells}</td>
                <td>{h.responses}</td>
                <td>{formatNumber(h.mean, lang, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h3>{tr('report.scope.title')}</h3>
      <div class="form-row">
        <label>
          <span>{tr('report.scopeCode.label')}</span>
          <input
            type="text"
            name="scope-code"
            value={scopeCode}
            maxLength={64}
            aria-describedby="scope-hint"
            onInput={(e) => props.onScope(e.currentTarget.value, scopeName)}
          />
        </label>
        <label>
          <span>{tr('report.scopeName.label')}</span>
          <input
            type="text"
            name="scope-name"
            value={scopeName}
            maxLength={200}
            onInput={(e) => props.onScope(scopeCode, e.currentTarget.value)}
          />
        </label>
      </div>
      <p id="scope-hint" class="muted">
        {tr('report.scope.hint')}
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={exportJson}
          disabled={!merged.ok || reports.length === 0}
          data-action="export-merged"
        >
          {tr('report.exportMerged.label')}
        </button>
        <button
          type="button"
          onClick={exportCsv}
          disabled={!merged.ok || reports.length === 0}
          data-action="export-merged-csv"
        >
          {tr('report.exportCsv.label')}
        </button>
        <button
          type="button"
          onClick={props.onPrint}
          disabled={!merged.ok || reports.length === 0}
          data-action="print-merged"
        >
          {tr('report.print.label')}
        </button>
      </div>

      <details>
        <summary>{tr('report.files.title')}</summary>
        <ul class="plain">
          {reports.map((r) => (
            <li key={r.bundle.digest}>
              <span>
                {r.bundle.payload.scopeName ? (
                  <>
                    <bdi class="name">{r.bundle.payload.scopeName}</bdi> ({r.bundle.cell})
                  </>
                ) : (
                  r.bundle.cell
                )}{' '}
                · <bdi class="source muted">{r.source}</bdi>
              </span>{' '}
              <button type="button" onClick={() => props.onRemove(r.bundle.digest)}>
                {tr('report.remove.label')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={props.onClear}>
          {tr('report.clear.label')}
        </button>
      </details>

      {props.printing && merged.ok ? (
        <PrintSheet
          mode="merged"
          instrument={instrument}
          lang={lang}
          tr={tr}
          unitCode={scopeCode.trim() || '—'}
          unitName={scopeName.trim() || undefined}
          period={period}
          summary={summary}
          rows={rows}
        />
      ) : null}
    </section>
  );
}

// One A4 page for the committee: heading, unit, period, participation, overall result, levels,
// section averages (a cell) or cells side by side (merged), and the signature block.
import {
  formatPeriodLabel,
  listItems,
  participationOf,
  pickText,
  type Instrument,
  type Lang,
  type MemberResult,
  type ReportSummary,
} from '../../core/index.ts';
import type { CellComments } from '../../core/cell-report.ts';
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
  /** A cell of a named instrument: each member's levels, for the minutes and the rating resolution. */
  members?: readonly MemberResult[];
  /** A cell's free-text answers, shuffled (only given at or above the anonymity threshold). */
  comments?: readonly CellComments[];
}

export function PrintSheet(props: Props) {
  const { mode, instrument, lang, tr, unitCode, unitName, period, summary, rows, members, comments } = props;
  const named = instrument.anonymity === 'named';
  const levelName = (id: string | undefined): string => {
    const l = instrument.levels.find((x) => x.id === id);
    return l ? pickText(l.label, lang) : '—';
  };
  const hidden = summary.breakdownHidden;
  // Participation over the cells that gave an expected count only (a cell's own sheet: its roster).
  const participation = participationOf(
    rows ?? [
      summary.expected === undefined
        ? { responses: summary.responses }
        : { responses: summary.responses, expected: summary.expected },
    ],
  );
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
              {participation.expected !== undefined
                ? participation.withoutExpected === 0
                  ? ` / ${participation.expected} (${formatPercent(participation.share, lang)})`
                  : ` · ${tr('report.print.participationPartial.label', {
                      responses: participation.responses,
                      expected: participation.expected,
                      share: formatPercent(participation.share, lang),
                      cells: participation.withoutExpected,
                    })}`
                : ''}
            </td>
          </tr>
          {!hidden ? (
            <tr>
              <th scope="row">{tr('report.print.result.label')}</th>
              <td data-print-figure="result">
                {named
                  ? // A named instrument's result is its levels' distribution, not the band of the mean.
                    instrument.levels.map((l) => `${pickText(l.label, lang)}: ${summary.levels[l.id] ?? 0}`).join(' · ')
                  : `${formatNumber(summary.mean, lang, 2)} / ${instrument.maxScore} · ${levelName(summary.meanLevel)}`}
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
            <caption>
              {instrument.resultLabel ? pickText(instrument.resultLabel, lang) : tr('report.print.levels.title')}
            </caption>
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

      {mode === 'cell' && members && members.length > 0 ? (
        <table class="print-table print-members" data-print-table="members">
          <caption>{tr('report.print.members.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('report.print.no.label')}</th>
              <th scope="col">{tr('collect.members.name.label')}</th>
              <th scope="col">{tr('report.print.points.label')}</th>
              <th scope="col">{tr('report.print.computed.label')}</th>
              <th scope="col">{tr('collect.members.proposed.label')}</th>
              <th scope="col">{tr('collect.members.decided.label')}</th>
            </tr>
          </thead>
          <tbody>
            {/* In the order people read names (Vietnamese collation: Đ after D), as the members panel and the CSV. */}
            {[...members]
              .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
              .map((m, i) => (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <th scope="row">
                    <bdi class="name">{m.name}</bdi>
                    {m.post ? (
                      <>
                        {', '}
                        <bdi>{m.post}</bdi>
                      </>
                    ) : null}
                  </th>
                  <td>{formatNumber(m.total, lang, 2)}</td>
                  <td>{levelName(m.level)}</td>
                  <td>{m.proposed ? levelName(m.proposed) : ''}</td>
                  <td>{m.decided ? levelName(m.decided) : ''}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : null}

      {mode === 'cell' && comments && comments.length > 0 ? (
        <section class="print-comments" data-print-comments>
          <h3>{tr('report.print.comments.title')}</h3>
          <p class="muted">{tr('report.print.comments.hint')}</p>
          {comments.map((c) => {
            const item = listItems(instrument).find((x) => x.item.id === c.item)?.item;
            return (
              <div key={c.item}>
                <p class="strong">{item ? pickText(item.label, lang) : c.item}</p>
                <ul>
                  {c.texts.map((t, i) => (
                    <li key={i}>
                      <bdi>{t}</bdi>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </section>
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

// The cell's picture for one collection: participation, overall result, levels, sections, items,
// earlier periods, members (named instruments) and the collective checks.
import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { decidedLevelsOf, pickText, type Instrument, type Lang, type YearView } from '../../core/index.ts';
import { ChartCanvas } from './ChartCanvas.tsx';
import { LEVEL_COLOURS } from './charts.ts';
import { sortedResponses, formatNumber, formatPercent, itemStats, type CollectionTally } from '../../core/stats.ts';
import type { Collection } from '../../core/cell-collection.ts';
import type { Tr } from '../../i18n/translator.ts';

/** One earlier (or the current) period of the same cell and instrument. */
export interface HistoryPoint {
  period: string;
  label: string;
  responses: number;
  mean: number | undefined;
  level: string | undefined;
}

/** The year from monthly sheets (core's view: months present, missing, the result and its reason). */
export interface YearInfo {
  year: number;
  view: YearView;
}

interface Props {
  instrument: Instrument;
  collection: Collection;
  tally: CollectionTally;
  lang: Lang;
  tr: Tr;
  history: HistoryPoint[];
  year: YearInfo | undefined;
}

export function Dashboard({ instrument, collection, tally, lang, tr, history, year }: Props) {
  const { summary, unit } = tally;
  const levelName = (id: string | undefined): string => {
    const l = instrument.levels.find((x) => x.id === id);
    return l ? pickText(l.label, lang) : (id ?? '—');
  };
  const hidden = summary.breakdownHidden;
  const min = instrument.minRespondents ?? 3;
  const levelsTitle = instrument.resultLabel ? pickText(instrument.resultLabel, lang) : tr('dashboard.levels.title');
  const named = instrument.anonymity === 'named';
  const items = useMemo(() => itemStats(instrument, [unit]), [instrument, unit]);
  const sectionTitle = (id: string): string =>
    pickText(instrument.sections.find((s) => s.id === id)?.title ?? { vi: id }, lang);
  const scoredSections = summary.sections.filter((s) => s.max > 0);
  const flagged = [...collection.responses.values()].filter((r) => r.warnings.length > 0).length;

  const levelsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: instrument.levels.map((l) => pickText(l.label, lang)),
        datasets: [
          {
            label: tr('dashboard.levels.count.label'),
            data: instrument.levels.map((l) => summary.levels[l.id] ?? 0),
            backgroundColor: instrument.levels.map((_, i) => LEVEL_COLOURS[i] ?? '#55585e'),
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    }),
    [instrument, summary, lang, tr],
  );
  const sectionsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: scoredSections.map((s) => truncate(sectionTitle(s.id), 32)),
        datasets: [
          {
            label: tr('dashboard.sections.mean.label'),
            data: scoredSections.map((s) => Math.round(s.mean * 100) / 100),
            backgroundColor: '#9b1c1c',
          },
          {
            label: tr('dashboard.sections.max.label'),
            data: scoredSections.map((s) => Math.round(s.max * 100) / 100),
            backgroundColor: '#c9ccd1',
          },
        ],
      },
      options: { maintainAspectRatio: false, indexAxis: 'y', scales: { x: { beginAtZero: true } } },
    }),
    [instrument, summary, lang, tr],
  );
  const scoredItems = items.filter((i) => i.share !== undefined);
  const itemsConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: scoredItems.map((i) => truncate(pickText(i.label, lang), 48)),
        datasets: [
          {
            label: tr('dashboard.items.share.label'),
            data: scoredItems.map((i) => Math.round((i.share ?? 0) * 1000) / 10),
            backgroundColor: '#1a56db',
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        indexAxis: 'y',
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, max: 100 } },
      },
    }),
    [items, lang, tr],
  );
  const trendConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: history.map((h) => h.label),
        datasets: [
          {
            label: tr('dashboard.trend.mean.label'),
            data: history.map((h) => (h.mean === undefined ? null : Math.round(h.mean * 100) / 100)),
            borderColor: '#9b1c1c',
            backgroundColor: '#9b1c1c',
          },
        ],
      },
      options: { maintainAspectRatio: false, scales: { y: { min: 0, max: instrument.maxScore } } },
    }),
    [history, instrument, tr],
  );

  return (
    <section class="dashboard" aria-labelledby="dashboard-title" data-dashboard="shown">
      <h2 id="dashboard-title">{tr('dashboard.title')}</h2>
      <dl class="figures">
        <div>
          <dt>{tr('dashboard.responses.label')}</dt>
          <dd data-figure="responses">
            {summary.responses}
            {summary.expected !== undefined ? ` / ${summary.expected}` : ''}
          </dd>
        </div>
        {summary.expected ? (
          <div>
            <dt>{tr('dashboard.participation.label')}</dt>
            <dd>{formatPercent(summary.responses / summary.expected, lang)}</dd>
          </div>
        ) : null}
        {!hidden ? (
          <>
            <div>
              <dt>{tr('dashboard.mean.label')}</dt>
              <dd data-figure="mean">{formatNumber(summary.mean, lang, 2)}</dd>
            </div>
            {named ? (
              // A named instrument's result is its members' levels (and the quota on them), not
              // the band of the mean: 74 % tốt is not "xuất sắc" because the mean is high.
              <div class="headline">
                <dt>{tr('dashboard.meanLevel.label')}</dt>
                <dd data-figure="levels">
                  <LevelsHeadline instrument={instrument} tally={tally} lang={lang} tr={tr} />
                </dd>
              </div>
            ) : (
              <div>
                <dt>{tr('dashboard.meanLevel.label')}</dt>
                <dd data-figure="level">{levelName(summary.meanLevel)}</dd>
              </div>
            )}
          </>
        ) : null}
      </dl>

      {hidden ? (
        <p class="notice" data-notice="hidden">
          {tr('dashboard.hidden.message', { count: summary.responses, min })}
        </p>
      ) : null}

      <Checks tally={tally} lang={lang} tr={tr} flagged={flagged} />

      {year ? (
        <p class={year.view.outcome.kind === 'level' ? 'notice good' : 'notice'} data-notice="year">
          {year.view.outcome.kind === 'level'
            ? `${tr('dashboard.year.message', {
                year: year.year,
                level: levelName(year.view.outcome.level),
                months: year.view.present.length,
              })} `
            : null}
          <span data-figure="year-reason">{pickText(year.view.reason, lang)}</span>
        </p>
      ) : null}

      {!hidden && summary.responses > 0 ? (
        <>
          <div class="chart-grid">
            <figure>
              {/* What the levels mean: members' opinions for the survey, never the cell's meeting level. */}
              <figcaption>{levelsTitle}</figcaption>
              <ChartCanvas name="levels" label={levelsTitle} config={levelsConfig} />
              <table class="compact">
                <caption class="visually-hidden">{levelsTitle}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('dashboard.level.label')}</th>
                    <th scope="col">{tr('dashboard.levels.count.label')}</th>
                    <th scope="col">%</th>
                  </tr>
                </thead>
                <tbody>
                  {instrument.levels.map((l) => (
                    <tr key={l.id} data-level={l.id}>
                      <th scope="row">{pickText(l.label, lang)}</th>
                      <td>{summary.levels[l.id] ?? 0}</td>
                      <td>{formatPercent((summary.levels[l.id] ?? 0) / summary.responses, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
            <figure>
              <figcaption>{tr('dashboard.sections.title')}</figcaption>
              <ChartCanvas
                name="sections"
                label={tr('dashboard.sections.title')}
                config={sectionsConfig}
                height={Math.max(200, scoredSections.length * 44)}
              />
              <table class="compact">
                <caption class="visually-hidden">{tr('dashboard.sections.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('dashboard.section.label')}</th>
                    <th scope="col">{tr('dashboard.sections.mean.label')}</th>
                    <th scope="col">{tr('dashboard.sections.max.label')}</th>
                  </tr>
                </thead>
                <tbody>
                  {scoredSections.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{sectionTitle(s.id)}</th>
                      <td>{formatNumber(s.mean, lang, 2)}</td>
                      <td>{formatNumber(s.max, lang, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
          </div>

          {history.length > 1 ? (
            <figure>
              <figcaption>{tr('dashboard.trend.title')}</figcaption>
              <ChartCanvas name="trend" label={tr('dashboard.trend.title')} config={trendConfig} height={200} />
              <table class="compact">
                <caption class="visually-hidden">{tr('dashboard.trend.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('dashboard.period.label')}</th>
                    <th scope="col">{tr('dashboard.responses.label')}</th>
                    <th scope="col">{tr('dashboard.mean.label')}</th>
                    <th scope="col">{tr('dashboard.meanLevel.label')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr key={h.period} aria-current={h.period === collection.key.period ? 'true' : undefined}>
                      <th scope="row">{h.label}</th>
                      <td>{h.responses}</td>
                      <td>{formatNumber(h.mean, lang, 2)}</td>
                      <td>{h.level ? levelName(h.level) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
          ) : (
            <p class="muted">{tr('dashboard.trend.empty.message')}</p>
          )}

          <details class="items">
            <summary>{tr('dashboard.items.title')}</summary>
            <ChartCanvas
              name="items"
              label={tr('dashboard.items.title')}
              config={itemsConfig}
              height={Math.max(200, scoredItems.length * 26)}
            />
            <div class="table-scroll">
              <table class="compact">
                <caption class="visually-hidden">{tr('dashboard.items.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('dashboard.item.label')}</th>
                    <th scope="col">{tr('dashboard.items.share.label')}</th>
                    <th scope="col">{tr('dashboard.items.answers.label')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">{pickText(i.label, lang)}</th>
                      <td>{formatPercent(i.share, lang)}</td>
                      <td>
                        {i.mean !== undefined
                          ? tr('dashboard.items.mean.label', { mean: formatNumber(i.mean, lang, 1) })
                          : i.options
                              .map(
                                (o) =>
                                  `${o.label ? pickText(o.label, lang) : o.value === 'true' ? tr('common.yes.label') : o.value === 'false' ? tr('common.no.label') : o.value}: ${o.count}`,
                              )
                              .join(' · ')}
                        {i.na > 0 ? ` · ${tr('common.na.label')}: ${i.na}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : null}

      {named && !hidden && collection.responses.size > 0 ? (
        <div class="table-scroll">
          <table data-table="members">
            <caption>{tr('dashboard.members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('dashboard.member.name.label')}</th>
                <th scope="col">{tr('dashboard.member.total.label')}</th>
                <th scope="col">{tr('dashboard.member.level.label')}</th>
                <th scope="col">{tr('dashboard.member.proposed.label')}</th>
                <th scope="col">{tr('dashboard.member.flags.label')}</th>
              </tr>
            </thead>
            <tbody>
              {sortedResponses(collection).map((r) => {
                const resp = r.bundle.payload.response;
                const s = r.score;
                const flags = [
                  s.proposal?.status === 'higher' ? tr('dashboard.member.higher.label') : '',
                  ...s.disqualifiers.map((d) => pickText(d.reason, lang)),
                  ...s.gates.map((g) => pickText(g.reason, lang)),
                  ...r.warnings.map((w) => w.message[lang]),
                  s.complete ? '' : tr('dashboard.member.incomplete.label'),
                ].filter(Boolean);
                return (
                  <tr key={resp.id} data-member={resp.id}>
                    <th scope="row">
                      <bdi class="name">{resp.respondent?.name ?? '—'}</bdi>
                      {resp.respondent?.post ? (
                        <span class="muted">
                          {' · '}
                          <bdi class="name">{resp.respondent.post}</bdi>
                        </span>
                      ) : null}
                    </th>
                    <td>{formatNumber(s.scaled, lang, 2)}</td>
                    <td>{levelName(s.level)}</td>
                    <td class={s.proposal?.status === 'higher' ? 'warn' : undefined}>
                      {s.proposal ? levelName(s.proposal.level) : '—'}
                    </td>
                    <td>
                      {flags.length ? (
                        <ul class="flags">
                          {flags.map((f, i) => (
                            <li key={i}>{f}</li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The distribution of levels (decided ones when every member has one) and the quota's verdict. */
export function LevelsHeadline({
  instrument,
  tally,
  lang,
  tr,
}: {
  instrument: Instrument;
  tally: CollectionTally;
  lang: Lang;
  tr: Tr;
}) {
  const q = tally.summary.quota;
  const counts = (q?.basis === 'decided' ? decidedLevelsOf(tally.unit) : undefined) ?? tally.summary.levels;
  return (
    <>
      <span class="levels-line">
        {instrument.levels.map((l) => `${pickText(l.label, lang)}: ${counts[l.id] ?? 0}`).join(' · ')}
      </span>
      {q ? (
        <span class={q.ok ? 'quota-ok' : 'quota-bad'} data-quota={q.ok ? 'ok' : 'over'}>
          {' — '}
          {q.ok
            ? tr('dashboard.quotaOk.message', { count: q.count, allowed: q.allowed })
            : tr('dashboard.quota.error', { count: q.count, allowed: q.allowed, base: q.base, rule: '' })}
        </span>
      ) : null}
    </>
  );
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** Collective checks: quota, proposals above computed, disqualified, gated, incomplete, flagged files. */
export function Checks({ tally, lang, tr, flagged }: { tally: CollectionTally; lang: Lang; tr: Tr; flagged: number }) {
  const s = tally.summary;
  const lines: { key: string; text: string; bad?: boolean }[] = [];
  if (!s.breakdownHidden) {
    const q = s.quota;
    if (q && !q.ok)
      lines.push({
        key: 'quota',
        bad: true,
        text: tr('dashboard.quota.error', {
          count: q.count,
          allowed: q.allowed,
          base: q.base,
          rule: pickText(q.reason, lang),
        }),
      });
    else if (q)
      lines.push({ key: 'quota-ok', text: tr('dashboard.quotaOk.message', { count: q.count, allowed: q.allowed }) });
    if (s.proposals.higher > 0)
      lines.push({
        key: 'higher',
        bad: true,
        text: tr('dashboard.proposalsHigher.message', { count: s.proposals.higher }),
      });
    if (s.disqualified > 0)
      lines.push({ key: 'disqualified', text: tr('dashboard.disqualified.message', { count: s.disqualified }) });
    if (s.gated > 0) lines.push({ key: 'gated', text: tr('dashboard.gated.message', { count: s.gated }) });
  }
  if (s.incomplete > 0)
    lines.push({ key: 'incomplete', text: tr('dashboard.incomplete.message', { count: s.incomplete }) });
  if (flagged > 0) lines.push({ key: 'flagged', text: tr('dashboard.flagged.message', { count: flagged }) });
  if (lines.length === 0) return null;
  return (
    <ul class="checks" aria-label={tr('dashboard.checks.label')}>
      {lines.map((l) => (
        <li key={l.key} class={l.bad ? 'notice bad' : 'notice'} data-check={l.key}>
          {l.text}
        </li>
      ))}
    </ul>
  );
}

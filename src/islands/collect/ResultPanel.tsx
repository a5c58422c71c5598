// Reports of the open cell: the dashboard, and the report, CSV, print sheet and backup exports.
import { useMemo, useState } from 'preact/hooks';
import type { Instrument, Lang } from '../../core/index.ts';
import { commentsOf } from '../../core/cell-report.ts';
import { randomIndexFrom } from '../../core/seal/shuffle.ts';
import type { Collection } from '../../core/cell-collection.ts';
import type { CollectionTally } from '../../core/stats.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { Dashboard as DashboardType, HistoryPoint, YearInfo } from './Dashboard.tsx';
import { PrintSheet } from './PrintSheet.tsx';
import { exportBackup, exportCsv, exportReport } from './exports.ts';
import { lazyPanel } from './lazy.tsx';

// The dashboard loads when first shown (its charts later still); the print sheet stays at hand,
// since printing starts a moment after it is asked for.
const Dashboard = lazyPanel<Parameters<typeof DashboardType>[0]>(() =>
  import('./Dashboard.tsx').then((m) => m.Dashboard),
);

interface Props {
  collection: Collection;
  instrument: Instrument;
  tally: CollectionTally;
  showDash: boolean;
  onToggleDash: () => void;
  printing: boolean;
  onPrint: () => void;
  history: HistoryPoint[];
  year: YearInfo | undefined;
  app: string;
  now: () => string;
  lang: Lang;
  tr: Tr;
}

/** Randomness for the order of comments (core takes it as a parameter). */
const randomIndex = randomIndexFrom(() => crypto.getRandomValues(new Uint32Array(1))[0]!);

export function ResultPanel(p: Props) {
  const { collection: c, instrument, tally, lang, tr } = p;
  // Shuffled once per printing (a new order each time tells nothing either).
  // Comments go on the printed page only when asked for: the page is for the committee, which
  // gets no comments (docs/privacy.md), and a comment's wording can point to its writer.
  const [withComments, setWithComments] = useState(false);
  const comments = useMemo(
    () => (p.printing && withComments ? commentsOf(instrument, c, randomIndex) : undefined),
    [p.printing, withComments, instrument, c, tally],
  );
  return (
    <section class="card" aria-labelledby="result-title">
      <h2 id="result-title" class="no-print">
        {tr('collect.result.title')}
      </h2>
      <div class="actions no-print">
        <button type="button" aria-expanded={p.showDash} onClick={p.onToggleDash} data-action="dashboard">
          {p.showDash ? tr('collect.hideDashboard.label') : tr('collect.showDashboard.label')}
        </button>
        <button
          type="button"
          class="primary"
          onClick={() => exportReport(c, tally, p.app, p.now())}
          disabled={c.responses.size === 0}
          data-action="export-report"
        >
          {tr('collect.exportReport.label')}
        </button>
        <button
          type="button"
          onClick={() => exportCsv(c, instrument, lang)}
          disabled={c.responses.size === 0}
          data-action="export-csv"
        >
          {tr('collect.exportCsv.label')}
        </button>
        <button type="button" onClick={p.onPrint} disabled={c.responses.size === 0} data-action="print">
          {tr('collect.print.label')}
        </button>
        <button type="button" onClick={() => exportBackup(c, p.app, p.now())} data-action="backup">
          {tr('collect.backup.label')}
        </button>
      </div>
      <p class="muted no-print">{tr('collect.exportReport.hint')}</p>
      {instrument.anonymity === 'anonymous' ? (
        <label class="no-print small">
          <input
            type="checkbox"
            checked={withComments}
            onChange={(e) => setWithComments(e.currentTarget.checked)}
            data-input="print-comments"
          />{' '}
          {tr('collect.print.comments.label')}
        </label>
      ) : null}
      {p.showDash ? (
        <div class="no-print">
          <Dashboard
            instrument={instrument}
            collection={c}
            tally={tally}
            lang={lang}
            tr={tr}
            history={p.history}
            year={p.year}
          />
        </div>
      ) : null}
      {p.printing ? (
        <PrintSheet
          mode="cell"
          instrument={instrument}
          lang={lang}
          tr={tr}
          unitCode={c.key.cell}
          unitName={c.cellName}
          period={c.key.period}
          summary={tally.summary}
          {...(tally.unit.members ? { members: tally.unit.members } : {})}
          {...(comments ? { comments } : {})}
        />
      ) : null}
    </section>
  );
}

// The summary shown once the form is complete: the result in words and a bar chart of each
// section's share of its maximum (chart.js loads only here).
import { useEffect, useRef } from 'preact/hooks';
import type { Instrument } from '../../core/instrument.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { FormView } from './controller.ts';
import { formatNumber } from './format.ts';
import { resultText } from './SheetNotes.tsx';
import type { Tr } from '../../i18n/translator.ts';

/** What the summary shows. */
export interface SummaryProps {
  view: FormView;
  instrument: Instrument;
  tr: Tr;
  lang: Lang;
}

function levelLabel(instrument: Instrument, id: string, lang: Lang): string {
  const level = instrument.levels.find((l) => l.id === id);
  return level ? pickText(level.label, lang) : id;
}

/** The result in words and the chart. */
export default function Summary({ view, instrument, tr, lang }: SummaryProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const sections = instrument.sections.filter((s) => s.max > 0);
  const percents = sections.map((s) => {
    const sec = view.score.sections.find((x) => x.id === s.id);
    return sec && sec.max > 0 ? Math.round((sec.points / sec.max) * 1000) / 10 : 0;
  });
  const key = percents.join(',');
  // Room for each bar's label (long titles take two or three lines at phone width).
  const chartHeight = 40 + sections.reduce((h, s) => h + 12 + 14 * Math.ceil(pickText(s.title, lang).length / 24), 0);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let live = true;
    void import('./chart.ts').then((m) => {
      if (live && canvas.current)
        chart = m.drawSectionChart(
          canvas.current,
          sections.map((s) => pickText(s.title, lang)),
          percents,
        );
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [key]);
  return (
    <section class="card summary" aria-labelledby="fa-summary">
      <h2 id="fa-summary">{tr('form.summary.title')}</h2>
      <p>
        {tr('form.summary.message', {
          total: formatNumber(view.score.scaled, lang),
          max: formatNumber(instrument.maxScore, lang),
          level: `${instrument.resultLabel ? `${pickText(instrument.resultLabel, lang)}: ` : ''}${resultText(instrument, view.score, tr, lang)}`,
        })}
      </p>
      {view.score.gates.length > 0 && (
        <div class="notice">
          <p>
            <strong>{tr('form.gates.title')}</strong>
          </p>
          <ul>
            {view.score.gates.map((g) => (
              <li key={g.id}>
                {tr('form.gate.item.label', {
                  from: levelLabel(instrument, g.from, lang),
                  to: levelLabel(instrument, g.to, lang),
                  reason: pickText(g.reason, lang),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.score.disqualifiers.length > 0 && (
        <div class="notice bad">
          <p>
            <strong>{tr('form.disqualifiers.title')}</strong>
          </p>
          <ul>
            {view.score.disqualifiers.map((d) => (
              <li key={d.id}>
                {tr('form.disqualifier.item.label', {
                  level: levelLabel(instrument, d.level, lang),
                  reason: pickText(d.reason, lang),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.score.complete && view.score.proposal && (
        <p
          class={`notice ${view.score.proposal.status === 'higher' ? 'bad' : 'good'}`}
          role={view.score.proposal.status === 'higher' ? 'alert' : undefined}
        >
          {tr(`form.proposal.${view.score.proposal.status}.message`, {
            level: levelLabel(instrument, view.score.level, lang),
          })}
        </p>
      )}
      <div class="chart-box" style={{ height: `${chartHeight}px` }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={sections
            .map((s, i) => `${pickText(s.title, lang)}: ${formatNumber(percents[i] ?? 0, lang)}%`)
            .join('; ')}
        />
      </div>
    </section>
  );
}

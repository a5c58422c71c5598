// The summary shown once the form is complete: the result in words and a bar of each section's
// share of its maximum. The bars are plain HTML and CSS (a width in per cent): nothing is measured
// or drawn by script, so the summary never makes a long task on a phone, prints as it shows, and
// reads as text. (It was a chart.js canvas: drawing it took one task of 100–150 ms at 4× CPU
// slowdown, and it came into view as the member typed the last comments. The collection page's
// dashboards, which chart many cells, keep chart.js.)
import type { Instrument } from '../../core/instrument.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { FormView } from './state.ts';
import { formatNumber } from './format.ts';
import type { Tr } from '../../i18n/translator.ts';

/** What the summary shows. */
export interface SummaryProps {
  view: FormView;
  instrument: Instrument;
  /** The result in words (SheetNotes' resultText, which the score panel above uses too). */
  result: string;
  tr: Tr;
  lang: Lang;
}

/** The colour band of a section's share: the same steps the chart had. */
function bandOf(percent: number): string {
  return percent >= 90 ? 'high' : percent >= 70 ? 'good' : percent >= 50 ? 'mid' : 'low';
}

function levelLabel(instrument: Instrument, id: string, lang: Lang): string {
  const level = instrument.levels.find((l) => l.id === id);
  return level ? pickText(level.label, lang) : id;
}

/** The result in words and the bars. */
export default function Summary({ view, instrument, result, tr, lang }: SummaryProps) {
  const sections = instrument.sections.filter((s) => s.max > 0);
  const percents = sections.map((s) => {
    const sec = view.score.sections.find((x) => x.id === s.id);
    return sec && sec.max > 0 ? Math.round((sec.points / sec.max) * 1000) / 10 : 0;
  });
  return (
    <section class="card summary" aria-labelledby="fa-summary">
      <h2 id="fa-summary">{tr('form.summary.title')}</h2>
      <p>
        {tr('form.summary.message', {
          total: formatNumber(view.score.scaled, lang),
          max: formatNumber(instrument.maxScore, lang),
          level: `${instrument.resultLabel ? `${pickText(instrument.resultLabel, lang)}: ` : ''}${result}`,
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
      <ul class="bars" aria-label={tr('form.summary.chart.label')}>
        {sections.map((s, i) => {
          const p = percents[i] ?? 0;
          return (
            <li key={s.id}>
              <span class="bar-label">{pickText(s.title, lang)}</span>
              <span class="bar-track" aria-hidden="true">
                <span class={`bar-fill ${bandOf(p)}`} style={{ width: `${Math.min(100, Math.max(0, p))}%` }} />
              </span>
              <span class="bar-value">{formatNumber(p, lang)}%</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

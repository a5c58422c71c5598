// What a sheet says beyond points and level: a member whose status leaves the counts, the members'
// vote to adopt the score and the upper level's confirmation, each scoring column, caps that held.
import type { Instrument } from '../../core/instrument.ts';
import type { Score } from '../../core/scoring.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import { formatNumber } from './format.ts';

/** The level's name, "Not rated" for a member whose status leaves the counts. */
export function resultText(instrument: Instrument, score: Score, tr: Tr, lang: Lang): string {
  if (score.unrated) return tr('form.unrated.label');
  const level = instrument.levels.find((l) => l.id === score.level);
  return level ? pickText(level.label, lang) : score.level;
}

/** The notes under the score, or nothing when the sheet has none of these. */
export function SheetNotes({
  instrument,
  score,
  tr,
  lang,
}: {
  instrument: Instrument;
  score: Score;
  tr: Tr;
  lang: Lang;
}) {
  const n = (v: number) => formatNumber(v, lang);
  const a = score.adoption;
  const caps = instrument.sections.flatMap((s) => (s.caps ?? []).filter((c) => score.capsHeld?.includes(c.id)));
  return (
    <>
      {score.unrated && (
        <p class="notice" data-sheet="unrated">
          {tr('form.unrated.message', { reason: pickText(score.unrated.reason, lang) })}
        </p>
      )}
      {caps.map((c) => (
        <p key={c.id} class="small muted" data-sheet="cap">
          {tr('form.caps.held.message', { reason: pickText(c.reason, lang) })}
        </p>
      ))}
      {score.columns && (
        <ul class="small" data-sheet="columns">
          {score.columns.map((c) => {
            const column = pickText(
              instrument.scorers?.find((s) => s.id === c.scorer)?.label ?? { vi: c.scorer },
              lang,
            );
            const level = instrument.levels.find((l) => l.id === c.bandLevel);
            return (
              <li key={c.scorer}>
                {c.entered === 0
                  ? tr('form.columns.empty.label', { column })
                  : tr('form.columns.item.label', {
                      column,
                      total: n(c.scaled),
                      max: n(instrument.maxScore),
                      level: level ? pickText(level.label, lang) : c.bandLevel,
                    })}
              </li>
            );
          })}
        </ul>
      )}
      {a && (
        <p
          class={`notice${a.status === 'not-adopted' ? ' bad' : a.status === 'adopted' ? ' good' : ''}`}
          data-sheet="adoption"
        >
          {tr(`form.adoption.${a.status}.message`, { for: n(a.votesFor ?? 0), voters: n(a.voters ?? 0) })}
          {a.confirmation !== 'not-asked' && <> {tr(`form.confirmation.${a.confirmation}.message`)}</>}
        </p>
      )}
    </>
  );
}

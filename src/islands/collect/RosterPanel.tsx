// Identity and roster: the cell's member list (named instruments) or expected count, and who has
// answered, who is missing, who is not on the list and who answered twice.
import { useMemo } from 'preact/hooks';
import type { Instrument } from '../../core/index.ts';
import { checkRoster, parseRosterText } from '../../core/cell-collection.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { CollectionState } from './collection-state.ts';

interface Props {
  instrument: Instrument;
  state: CollectionState;
  tr: Tr;
}

export function RosterPanel({ instrument, state, tr }: Props) {
  const { rosterText, setRosterText, rosterCount, setRosterCount, rev } = state;
  const c = state.col.current;
  const rosterCheck = useMemo(() => {
    if (!c || instrument.anonymity !== 'named' || c.roster.names.length === 0) return undefined;
    return checkRoster(
      c.roster.names,
      [...c.responses.values()].map((r) => r.bundle.payload.response.respondent?.name ?? '').filter(Boolean),
    );
  }, [rev, instrument]);
  if (!c) return null;

  async function saveRoster(e: Event): Promise<void> {
    e.preventDefault();
    const c = state.col.current;
    if (!c) return;
    const names = parseRosterText(rosterText);
    const count = Number.parseInt(rosterCount, 10);
    c.roster = { names, ...(Number.isFinite(count) && count > 0 ? { count } : {}) };
    state.bump();
    await state.persist();
  }

  return (
    <section class="card no-print" aria-labelledby="roster-title">
      <h2 id="roster-title">{tr('collect.roster.title')}</h2>
      <form onSubmit={(e) => void saveRoster(e)}>
        {instrument.anonymity === 'named' ? (
          <>
            <label for="roster-names">{tr('collect.roster.names.label')}</label>
            <textarea
              id="roster-names"
              name="roster"
              rows={5}
              value={rosterText}
              onInput={(e) => setRosterText(e.currentTarget.value)}
            />
          </>
        ) : null}
        <label for="roster-count">{tr('collect.roster.count.label')}</label>
        <input
          id="roster-count"
          type="number"
          name="roster-count"
          min={0}
          inputMode="numeric"
          value={rosterCount}
          onInput={(e) => setRosterCount(e.currentTarget.value)}
        />
        <p class="muted">
          {tr(instrument.anonymity === 'named' ? 'collect.roster.names.hint' : 'collect.roster.count.hint')}
        </p>
        <button type="submit">{tr('collect.roster.save.label')}</button>
      </form>
      {rosterCheck ? (
        <div class="roster-check" data-roster={`${rosterCheck.answered.length}/${c.roster.names.length}`}>
          <p>
            {tr('collect.roster.answered.message', {
              count: rosterCheck.answered.length,
              total: c.roster.names.length,
            })}
          </p>
          {rosterCheck.missing.length > 0 ? (
            <p>
              <strong>{tr('collect.roster.missing.label')}:</strong> {rosterCheck.missing.join(', ')}
            </p>
          ) : null}
          {rosterCheck.unknown.length > 0 ? (
            <p class="warn">
              <strong>{tr('collect.roster.unknown.label')}:</strong> {rosterCheck.unknown.join(', ')}
            </p>
          ) : null}
          {rosterCheck.repeated.length > 0 ? (
            <p class="warn">
              <strong>{tr('collect.roster.repeated.label')}:</strong> {rosterCheck.repeated.join(', ')}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

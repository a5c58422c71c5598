// Identity and roster: the cell's member list (named instruments) or expected count, and who has
// answered, who is missing, who is not on the list and who answered twice.
import { useState } from 'preact/hooks';
import { parseTypedNumber, type Instrument, type Lang } from '../../core/index.ts';
import { separatorsFor } from '../form/format.ts';
import { parseRosterText } from '../../core/cell-collection.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { CollectionState } from './collection-state.ts';

interface Props {
  instrument: Instrument;
  state: CollectionState;
  tr: Tr;
  lang: Lang;
}

/** The most members a cell's expected count may say (a typo guard, not a rule). */
const MAX_EXPECTED = 100_000;

export function RosterPanel({ instrument, state, tr, lang }: Props) {
  const [countError, setCountError] = useState<string | undefined>();
  const { rosterText, setRosterText, rosterCount, setRosterCount } = state;
  const c = state.col.current;
  if (!c) return null;
  // Who answered, member by member (members.ts): one roster entry takes one sheet; more sheets for
  // a name are a conflict (shown in the members panel), never counted twice.
  const rosterCheck = instrument.anonymity === 'named' && c.roster.names.length > 0 ? c.responses.members() : undefined;

  async function saveRoster(e: Event): Promise<void> {
    e.preventDefault();
    const c = state.col.current;
    if (!c) return;
    const names = parseRosterText(rosterText);
    // As people type it: "1,5" is refused (never 1 or 15), "1.200" is twelve hundred in Vietnamese.
    const read = parseTypedNumber(rosterCount, separatorsFor(lang), { integer: true, min: 0, max: MAX_EXPECTED });
    if (!read.ok && !read.empty) {
      setCountError(
        tr(
          read.problem === 'not-integer' ? 'collect.roster.count.whole.error' : 'collect.roster.count.unreadable.error',
          {
            max: MAX_EXPECTED,
          },
        ),
      );
      return;
    }
    setCountError(undefined);
    const count = read.ok ? read.value : 0;
    c.roster = { names, ...(count > 0 ? { count } : {}) };
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
          type="text"
          name="roster-count"
          inputMode="numeric"
          autoComplete="off"
          value={rosterCount}
          aria-invalid={countError ? 'true' : undefined}
          aria-describedby={countError ? 'roster-count-error' : undefined}
          onInput={(e) => setRosterCount(e.currentTarget.value)}
        />
        {countError ? (
          <p class="error" id="roster-count-error" role="alert">
            {countError}
          </p>
        ) : null}
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
            <p data-list="missing">
              <strong>{tr('collect.roster.missing.label')}:</strong> <Names names={rosterCheck.missing} />
            </p>
          ) : null}
          {rosterCheck.unknown.length > 0 ? (
            <p class="warn" data-list="unknown">
              <strong>{tr('collect.roster.unknown.label')}:</strong>{' '}
              <Names names={rosterCheck.unknown.map((s) => s.bundle.payload.response.respondent?.name ?? '')} />
            </p>
          ) : null}
          {rosterCheck.conflicts.length > 0 ? (
            <p class="warn" data-list="repeated">
              <strong>{tr('collect.roster.repeated.label')}:</strong>{' '}
              <Names
                names={rosterCheck.conflicts.map(
                  (g) => g.roster[0] ?? g.sheets[0]?.bundle.payload.response.respondent?.name ?? '',
                )}
              />
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Names separated by commas, each isolated (a right-to-left name never reorders the others). */
function Names({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((n, i) => (
        <span key={i}>
          {i > 0 ? ', ' : null}
          <bdi class="name">{n}</bdi>
        </span>
      ))}
    </>
  );
}

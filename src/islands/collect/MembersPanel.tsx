// Identity: a named collection member by member. Conflicts (more sheets than roster entries for a
// name: one member on two devices, or two people with one name the roster does not list twice)
// are shown with every sheet, to settle: keep one (the others are set aside, still kept and shown)
// or say they are different people. Then each counted member with the computed and proposed level,
// and the level the cell decided (its vote), which the cell report carries.
import type { Instrument, Lang } from '../../core/index.ts';
import { pickText } from '../../core/index.ts';
import type { Decisions } from '../../core/backup.ts';
import type { Collection, ImportedResponse } from '../../core/cell-collection.ts';
import { idOfSheet, type MemberGroup } from '../../core/members.ts';
import { formatNumber } from '../../core/stats.ts';
import type { Tr } from '../../i18n/translator.ts';

interface Props {
  instrument: Instrument;
  collection: Collection;
  /** Changes the collection's decisions (then saved). */
  decide: (change: (d: Decisions) => Decisions) => void;
  lang: Lang;
  tr: Tr;
}

const without = (list: readonly string[] | undefined, ids: readonly string[]): string[] =>
  (list ?? []).filter((x) => !ids.includes(x));

/** Keeps one sheet of a group: the group's other sheets set aside; no "different people" left. */
export function keepOne(d: Decisions, group: MemberGroup<ImportedResponse>, kept: string): Decisions {
  const ids = group.sheets.map(idOfSheet);
  const others = ids.filter((x) => x !== kept);
  return { ...d, setAside: [...without(d.setAside, ids), ...others], separate: without(d.separate, ids) };
}

/** Marks every sheet of a group as a different member's. */
export function keepAll(d: Decisions, group: MemberGroup<ImportedResponse>): Decisions {
  const ids = group.sheets.map(idOfSheet);
  return { ...d, setAside: without(d.setAside, ids), separate: [...without(d.separate, ids), ...ids] };
}

/** Undoes a group's settlement: its conflict is open again. */
export function reopen(d: Decisions, group: MemberGroup<ImportedResponse>): Decisions {
  const ids = group.sheets.map(idOfSheet);
  return { ...d, setAside: without(d.setAside, ids), separate: without(d.separate, ids) };
}

/** Records (or clears, with '') the level the cell decided for a sheet's member. */
export function decideLevel(d: Decisions, id: string, level: string): Decisions {
  const decided = { ...d.decided };
  if (level) decided[id] = level;
  else delete decided[id];
  return { ...d, decided };
}

export function MembersPanel({ instrument, collection: c, decide, lang, tr }: Props) {
  const view = c.responses.members();
  const levelLabel = (id: string | undefined): string => {
    const l = id ? instrument.levels.find((x) => x.id === id) : undefined;
    return l ? pickText(l.label, lang) : (id ?? '—');
  };
  const settled = view.groups.filter((g) => g.state === 'settled');
  const decided = c.decisions.decided ?? {};
  const rows = [...view.counted].sort((a, b) => {
    const na = a.bundle.payload.response.respondent?.name ?? '';
    const nb = b.bundle.payload.response.respondent?.name ?? '';
    return na.localeCompare(nb, 'vi') || (idOfSheet(a) < idOfSheet(b) ? -1 : 1);
  });

  const sheetLine = (s: ImportedResponse) => {
    const r = s.bundle.payload.response;
    return (
      <>
        <bdi class="name">{r.respondent?.name}</bdi>
        {r.respondent?.post ? (
          <>
            {' '}
            (<bdi>{r.respondent.post}</bdi>)
          </>
        ) : null}
        <span class="muted">
          {' · '}
          {tr('collect.members.sheet.message', {
            id: r.id.slice(0, 8),
            revision: r.revision,
            sent: s.bundle.createdAt,
          })}
          {' · '}
          <bdi>{s.source}</bdi>
        </span>
        {' · '}
        {tr('collect.members.total.message', {
          total: formatNumber(s.score.scaled, lang, 2),
          level: s.score.unrated ? tr('collect.members.unrated.label') : levelLabel(s.score.level),
        })}
      </>
    );
  };

  return (
    <section class="card no-print members" aria-labelledby="members-title" data-conflicts={view.conflicts.length}>
      <h2 id="members-title">{tr('collect.members.title')}</h2>
      {view.conflicts.length > 0 ? (
        <div class="conflicts" role="alert">
          <p class="warn">
            <strong>{tr('collect.members.conflicts.message', { count: view.conflicts.length })}</strong>
          </p>
          <p class="muted">{tr('collect.members.conflicts.hint')}</p>
          <ul class="plain">
            {view.conflicts.map((g) => (
              <li key={g.key} class="conflict" data-conflict={g.key}>
                <p>
                  {g.roster.length > 0
                    ? tr('collect.members.conflict.roster.message', {
                        sheets: g.sheets.length,
                        entries: g.roster.length,
                      })
                    : tr('collect.members.conflict.unlisted.message', { sheets: g.sheets.length })}
                </p>
                <ul class="plain sheets">
                  {g.sheets.map((s) => {
                    const id = idOfSheet(s);
                    const counted = g.counted.includes(s);
                    return (
                      <li key={id} data-sheet={id} data-counted={counted ? 'yes' : 'no'}>
                        {sheetLine(s)}{' '}
                        {counted ? <span class="flag">{tr('collect.members.countedMeanwhile.label')}</span> : null}{' '}
                        <button type="button" data-action="keep-sheet" onClick={() => decide((d) => keepOne(d, g, id))}>
                          {tr('collect.members.keep.label')}
                        </button>
                      </li>
                    );
                  })}
                </ul>
                <button type="button" data-action="keep-all" onClick={() => decide((d) => keepAll(d, g))}>
                  {tr('collect.members.different.label')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {settled.length > 0 ? (
        <details class="settled">
          <summary>{tr('collect.members.settled.title', { count: settled.length })}</summary>
          <ul class="plain">
            {settled.map((g) => (
              <li key={g.key} data-settled={g.key}>
                <ul class="plain sheets">
                  {g.sheets.map((s) => (
                    <li
                      key={idOfSheet(s)}
                      data-sheet={idOfSheet(s)}
                      class={g.setAside.includes(s) ? 'muted' : undefined}
                    >
                      {sheetLine(s)}{' '}
                      <span class="flag">
                        {g.setAside.includes(s)
                          ? tr('collect.members.setAside.label')
                          : tr('collect.members.counted.label')}
                      </span>
                    </li>
                  ))}
                </ul>
                <button type="button" data-action="reopen" onClick={() => decide((d) => reopen(d, g))}>
                  {tr('collect.members.reopen.label')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table class="members-table">
            <caption>{tr('collect.members.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('collect.members.name.label')}</th>
                <th scope="col">{tr('collect.members.computed.label')}</th>
                <th scope="col">{tr('collect.members.proposed.label')}</th>
                <th scope="col">{tr('collect.members.decided.label')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const r = s.bundle.payload.response;
                const id = r.id;
                return (
                  <tr key={id} data-member={id}>
                    <th scope="row">
                      <bdi class="name">{r.respondent?.name}</bdi>
                    </th>
                    <td data-label={tr('collect.members.computed.label')}>
                      {formatNumber(s.score.scaled, lang, 2)} ·{' '}
                      {s.score.unrated ? tr('collect.members.unrated.label') : levelLabel(s.score.level)}
                    </td>
                    <td data-label={tr('collect.members.proposed.label')}>
                      {s.score.proposal ? levelLabel(s.score.proposal.level) : '—'}
                    </td>
                    <td data-label={tr('collect.members.decided.label')}>
                      <select
                        name={`decided-${id}`}
                        aria-label={tr('collect.members.decidedFor.label', { name: r.respondent?.name ?? '' })}
                        value={decided[id] ?? ''}
                        onChange={(e) => {
                          const level = e.currentTarget.value;
                          decide((d) => decideLevel(d, id, level));
                        }}
                      >
                        <option value="">{tr('collect.members.notDecided.label')}</option>
                        {instrument.levels.map((l) => (
                          <option key={l.id} value={l.id}>
                            {pickText(l.label, lang)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="muted">{tr('collect.members.decided.hint')}</p>
        </div>
      ) : null}
    </section>
  );
}

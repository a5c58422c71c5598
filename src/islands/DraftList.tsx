// The home page's list of forms in progress on this device: continue, see whether they were sent,
// delete one (after a confirm step in the page). Reads the drafts store; never scores.
import { useEffect, useState } from 'preact/hooks';
import '../styles/form.css';
import type { Lang } from '../core/text.ts';
import { sitePath } from '../lib/paths.ts';
import type { DraftStore, StoredDraft } from '../storage/drafts.ts';
import type { DraftMessage } from './form/state.ts';
import type * as DraftListDeps from './form/draft-list-deps.ts';

type Deps = typeof DraftListDeps;

interface Props {
  lang: Lang;
  /** Short title of each instrument, by id. */
  titles: Record<string, string>;
}

const CHANNEL = 'phieu-chi-bo-drafts';

function relativeTime(ms: number, now: number, lang: Lang): string {
  const rtf = new Intl.RelativeTimeFormat(lang === 'vi' ? 'vi' : 'en', { numeric: 'auto' });
  const diff = (ms - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(diff / 86400), 'day');
  return new Date(ms).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

/** Drafts on this device, newest first. */
export default function DraftList({ lang, titles }: Props) {
  const [dict, setDict] = useState<Record<string, string>>();
  const [deps, setDeps] = useState<Deps>();
  const tr = (key: string, params?: Record<string, string | number>) =>
    deps ? deps.fill(dict?.[key] ?? key, params) : key;
  const [store, setStore] = useState<DraftStore>();
  const [drafts, setDrafts] = useState<StoredDraft[]>();
  const [confirming, setConfirming] = useState<string>();
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    let live = true;
    let opened: DraftStore | undefined;
    const refresh = async () => {
      if (!opened) return;
      const list = await opened.list().catch(() => []);
      if (live) setDrafts(list);
    };
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
    channel?.addEventListener('message', () => void refresh());
    // Only this page's language of the strings.
    const strings = lang === 'en' ? import('../i18n/form.en.json') : import('../i18n/form.vi.json');
    void Promise.all([import('./form/draft-list-deps.ts'), strings]).then(async ([loaded, words]) => {
      const s = await loaded.openDrafts();
      opened = s;
      if (!live) return;
      setDict(words.default);
      setDeps(loaded);
      setStore(s);
      void refresh();
    });
    const onShow = () => void refresh();
    window.addEventListener('pageshow', onShow);
    return () => {
      live = false;
      channel?.close();
      window.removeEventListener('pageshow', onShow);
    };
  }, [lang]);

  const remove = async (key: string) => {
    if (!store) return;
    await store.remove(key);
    setConfirming(undefined);
    setDrafts((list) => list?.filter((d) => d.key !== key));
    setMessage(tr('drafts.deleted.message'));
    if (typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage({ type: 'removed', key, tab: 'home' } satisfies DraftMessage);
      channel.close();
    }
  };

  if (!drafts || !deps || !dict)
    return (
      <p class="muted" aria-busy="true">
        …
      </p>
    );
  const now = Date.now();
  return (
    <div class="draft-list">
      {store?.problem && (
        <p class="notice bad">
          {tr(store.problem === 'quota' ? 'drafts.storage.quota.error' : 'drafts.storage.unavailable.error')}
        </p>
      )}
      {drafts.length === 0 ? (
        <p class="muted">{tr('drafts.empty.message')}</p>
      ) : (
        <ul class="drafts" aria-label={tr('drafts.list.label')}>
          {drafts.map(({ key, draft }) => {
            const title = titles[draft.instrument.id] ?? draft.instrument.id;
            const period = deps.formatPeriodLabel(draft.period, lang);
            const cell = draft.cell || tr('drafts.noCell.label');
            const params = new URLSearchParams({ cell: draft.cell, period: draft.period });
            const href = `${sitePath(`phieu/${draft.instrument.id}/`, lang)}?${params.toString()}`;
            const headingId = `dr-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
            const status =
              draft.sentAt === undefined
                ? tr('drafts.unsent.label')
                : draft.changedSinceSent
                  ? tr('drafts.changedSinceSent.label', { when: relativeTime(draft.sentAt, now, lang) })
                  : tr('drafts.sent.label', { when: relativeTime(draft.sentAt, now, lang), revision: draft.revision });
            return (
              <li key={key} class="card draft" aria-labelledby={headingId}>
                <h3 id={headingId}>{title}</h3>
                <p class="small">
                  {tr('drafts.where.label', { cell, period })}
                  {draft.respondent?.name ? ` · ${draft.respondent.name}` : ''}
                </p>
                <p class="small muted">
                  {tr('drafts.changed.label', { when: relativeTime(draft.updatedAt, now, lang) })} ·{' '}
                  <span class={deps.hasUnsentChanges(draft) ? 'warn' : 'ok'}>{status}</span>
                </p>
                {deps.isStaleDraft(draft, now) && <p class="notice">{tr('drafts.stale.message')}</p>}
                {confirming === key ? (
                  <div class="confirm" role="group" aria-label={tr('drafts.confirm.label')}>
                    <p>
                      <strong>{tr('drafts.confirm.message', { title, cell, period })}</strong>
                    </p>
                    <p>
                      <button type="button" class="danger" onClick={() => void remove(key)}>
                        {tr('drafts.delete.confirm.label')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(undefined)} autoFocus>
                        {tr('drafts.cancel.label')}
                      </button>
                    </p>
                  </div>
                ) : (
                  <p class="draft-actions">
                    <a class="btn primary" href={href}>
                      {tr('drafts.continue.label')}
                      <span class="visually-hidden">
                        {' '}
                        {title}, {cell}, {period}
                      </span>
                    </a>{' '}
                    <button type="button" onClick={() => setConfirming(key)}>
                      {tr('drafts.delete.label')}
                      <span class="visually-hidden">
                        {' '}
                        {title}, {cell}, {period}
                      </span>
                    </button>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p role="status" class="small ok">
        {message ?? ''}
      </p>
    </div>
  );
}

// The form page's island. The questions are static HTML; this wires them to core scoring and to
// the drafts store (src/islands/form/controller.ts) and renders the panel under the form: score,
// what is missing, the summary, and the ways to send.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Instrument } from '../core/instrument.ts';
import { pickText, type Lang } from '../core/text.ts';
import type { ExportResult } from './form/export.ts';
import type ExportWays from './form/ExportWays.tsx';
import type { SummaryProps } from './form/Summary.tsx';
import { readFormData, startForm, type FormHandle } from './form/controller.ts';
import type { FormView } from './form/state.ts';
import { jumpTo } from './form/dom.ts';
import type { Env } from './form/env.ts';
import { formatNumber } from './form/format.ts';
import { SheetNotes, resultText } from './form/SheetNotes.tsx';
import type { JSX } from 'preact';
import { makeTr, type Tr } from '../i18n/translator.ts';

interface Props {
  lang: Lang;
}

/**
 * The panel under the form. Renders nothing until the page's data is read (no server markup to
 * match); then in three short tasks, each after the frame of the one before (a slow phone never
 * waits long on one piece of work while the page opens): the score, what is missing, the rest.
 * Each goes below what is already shown: nothing moves.
 */
export default function FormApp({ lang }: Props) {
  const [view, setView] = useState<FormView>();
  /** How much of the panel is shown while the page opens: 0 the score, 1 + what is missing, 2 all. */
  const [stage, setStage] = useState(0);
  const env = useRef<Env | undefined>(undefined);
  /** Opening the form is done (the draft read and painted): the panel's last stage ends the start-up. */
  const [opened, setOpened] = useState(false);

  useEffect(() => {
    const data = readFormData();
    const form = document.getElementById('pcb-form');
    if (!data || !(form instanceof HTMLFormElement)) {
      // Nothing to start: the page's start-up (src/scripts/start-up.ts) is over.
      form?.removeAttribute('data-starting');
      return;
    }
    const tr = makeTr(data.strings);
    let handle: FormHandle | undefined;
    // The form starts in a task of its own, after the page's data is read.
    const timer = window.setTimeout(() => {
      handle = startForm(form, data, lang, tr, setView);
      env.current = { instrument: data.instrument, ref: data.ref, app: data.app, tr, handle };
      void handle.started.then(() => setOpened(true));
    }, 0);
    return () => {
      window.clearTimeout(timer);
      handle?.stop();
    };
  }, [lang]);

  // Effects run after the frame is painted; the next stage renders in a task of its own. Once all
  // is shown, later renders do not run this effect again.
  const shown = view !== undefined;
  useEffect(() => {
    if (!shown || stage >= 2) return;
    const timer = window.setTimeout(() => setStage(stage + 1), 0);
    return () => window.clearTimeout(timer);
  }, [shown, stage]);

  // The page has started once the form is open and the whole panel shown (after its frame): what
  // waited for it (src/scripts/start-up.ts, the service worker's registration) may go.
  useEffect(() => {
    if (opened && stage >= 2) document.getElementById('pcb-form')?.removeAttribute('data-starting');
  }, [opened, stage]);

  if (!view || !env.current) return null;
  const { instrument, tr } = env.current;
  return (
    <>
      <ScorePanel view={view} instrument={instrument} tr={tr} lang={lang} />
      {stage >= 1 && <ProblemList view={view} tr={tr} />}
      {stage >= 2 && <Rest view={view} env={env.current} lang={lang} />}
    </>
  );
}

function ScorePanel({ view, instrument, tr, lang }: { view: FormView; instrument: Instrument; tr: Tr; lang: Lang }) {
  const { score } = view;
  const n = (v: number) => formatNumber(v, lang);
  return (
    <section class="card score-card" aria-labelledby="fa-score">
      <h2 id="fa-score">{tr(score.complete ? 'form.score.title' : 'form.score.partial.title')}</h2>
      <p class="score-total">
        {tr('form.score.total.label', { total: n(score.scaled), max: n(instrument.maxScore) })}
        {' · '}
        {instrument.resultLabel && <>{pickText(instrument.resultLabel, lang)}: </>}
        <strong>{resultText(instrument, score, tr, lang)}</strong>
      </p>
      {!score.complete && <p class="small muted">{tr('form.score.partial.hint')}</p>}
      {score.max !== instrument.maxScore &&
        score.max > 0 &&
        (instrument.rescaleExcluded === false ? (
          <p class="small muted">{tr('form.score.raw.hint', { max: n(score.max) })}</p>
        ) : (
          <p class="small muted">{tr('form.score.scaled.hint', { total: n(score.total), max: n(score.max) })}</p>
        ))}
      <SheetNotes instrument={instrument} score={score} tr={tr} lang={lang} />
      <table class="small">
        <caption class="visually-hidden">{tr('form.score.sections.label')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('form.score.section.label')}</th>
            <th scope="col" class="num-col">
              {tr('form.score.points.label')}
            </th>
          </tr>
        </thead>
        <tbody>
          {instrument.sections
            .filter((s) => s.max > 0)
            .map((s) => {
              const sec = score.sections.find((x) => x.id === s.id);
              return (
                <tr key={s.id}>
                  <td>{pickText(s.title, lang)}</td>
                  <td class="num-col">{sec ? `${n(sec.points)}/${n(sec.max)}` : '—'}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </section>
  );
}

function ProblemList({ view, tr }: { view: FormView; tr: Tr }) {
  if (view.problems.length === 0) return null;
  return (
    <section class="card problems" aria-labelledby="fa-missing" id="fa-problems" tabIndex={-1}>
      <h2 id="fa-missing">{tr('form.missing.title', { count: view.problems.length })}</h2>
      <ul>
        {view.problems.map((p) => (
          <li key={p.target}>
            <a
              href={`#${p.target.startsWith('__') ? `ctx-${p.target.slice(2)}` : `q-${p.target}`}`}
              onClick={(e) => {
                e.preventDefault();
                jumpTo(p.target);
              }}
            >
              {p.text}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function formatWhen(ms: number, lang: Lang): string {
  return new Date(ms).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** The panel below what is missing: the summary, sending, storage, the alert. */
function Rest({ view, env, lang }: { view: FormView; env: Env; lang: Lang }) {
  const { instrument, tr } = env;
  return (
    <>
      {view.score.complete && (
        <LazySummary
          view={view}
          instrument={instrument}
          result={resultText(instrument, view.score, tr, lang)}
          tr={tr}
          lang={lang}
        />
      )}
      <ExportPanel view={view} env={env} lang={lang} />
      <StoragePanel view={view} tr={tr} />
      <Alert view={view} env={env} />
    </>
  );
}

/** The summary and its chart load (with chart.js) only once the form is complete. */
function LazySummary(props: SummaryProps) {
  const [Summary, setSummary] = useState<(p: SummaryProps) => JSX.Element>();
  useEffect(() => {
    void import('./form/Summary.tsx').then((m) => setSummary(() => m.default));
  }, []);
  return Summary ? <Summary {...props} /> : null;
}

function ExportPanel({ view, env, lang }: { view: FormView; env: Env; lang: Lang }) {
  const { tr, instrument, ref, handle, app } = env;
  const [result, setResult] = useState<{ version: number; value: ExportResult; Ways: typeof ExportWays }>();
  const [blocked, setBlocked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const current = result && result.version === view.version ? result : undefined;
  const ready = view.problems.length === 0;

  const prepare = async () => {
    setError(undefined);
    // The view with the last keys taken (the panel follows the member's typing after a pause).
    const latest = handle.settle() ?? view;
    if (latest.problems.length > 0) {
      setBlocked(true);
      document.getElementById('fa-problems')?.focus();
      return;
    }
    setBlocked(false);
    setBusy(true);
    try {
      // The writer, the digest, deflate and the full definition load only now.
      const [m, ui] = await Promise.all([import('./form/export.ts'), import('./form/ExportWays.tsx')]);
      const draft = await handle.exportable();
      // The version of the answers exported: a change of cell taken meanwhile (the tap on this
      // button ends typing in the cell field) counts, so the result is not taken for out of date.
      const exported = handle.version;
      const made = await m.buildFormExport(instrument, ref, draft, app, new Date(), window.location.hash, lang);
      if (!made.ok) {
        setError(made.message);
        return;
      }
      const value = made.value;
      setResult({ version: exported, value, Ways: ui.default });
    } catch {
      setError(tr('export.failed.error'));
    } finally {
      setBusy(false);
    }
  };

  const d = view.draft;
  return (
    <section class="card export" aria-labelledby="fa-export-title" id="fa-export">
      <h2 id="fa-export-title">{tr('export.panel.title')}</h2>
      <p class="small">{tr('export.panel.hint')}</p>
      {d.sentAt !== undefined && (
        <p class={`small ${d.changedSinceSent ? 'warn' : 'ok'}`}>
          {tr(d.changedSinceSent ? 'export.changedSince.message' : 'export.sent.message', {
            when: formatWhen(d.sentAt, lang),
            revision: d.revision,
          })}
        </p>
      )}
      {view.splitFrom !== undefined && (
        <p class="small warn" data-split>
          {tr('drafts.sentNamed.split.message', { name: view.splitFrom })}
        </p>
      )}
      <p class="export-actions">
        <button
          type="button"
          class="primary"
          onClick={() => void prepare()}
          disabled={busy}
          aria-describedby={blocked ? 'fa-blocked' : undefined}
        >
          {tr(current ? 'export.again.label' : 'export.prepare.label')}
        </button>{' '}
        <button type="button" onClick={() => window.print()}>
          {tr('form.print.label')}
        </button>
      </p>
      {blocked && !ready && (
        <p class="notice bad" id="fa-blocked" role="alert">
          {tr('export.incomplete.error', { count: view.problems.length })}
        </p>
      )}
      {error && (
        <p class="notice bad" role="alert">
          {error}
        </p>
      )}
      {current && (
        <current.Ways
          result={current.value}
          tr={tr}
          title={pickText(instrument.shortTitle, lang)}
          onSent={() => void handle.markSent()}
          announce={handle.announce}
        />
      )}
    </section>
  );
}

function StoragePanel({ view, tr }: { view: FormView; tr: Tr }) {
  const { storage } = view;
  return (
    <section class="card small storage" aria-labelledby="fa-storage">
      <h2 id="fa-storage">{tr('form.storage.title')}</h2>
      {storage.problem ? (
        <p class="notice bad" data-storage="problem">
          {storage.problem === 'quota'
            ? tr('storage.quota.error')
            : tr('storage.unavailable.error', { reason: tr(`form.storage.${storage.problem}.label`) })}
        </p>
      ) : (
        <p data-storage="ok">
          {tr('form.storage.device.message')} {storage.persisted === true && tr('storage.persisted.message')}
          {storage.persisted === false && tr('storage.notPersisted.message')}
        </p>
      )}
    </section>
  );
}

/** One fixed banner at the bottom for what must not be missed: another tab, no storage, an old draft. */
function Alert({ view, env }: { view: FormView; env: Env }) {
  const { tr, handle } = env;
  const [dismissed, setDismissed] = useState<string>();
  const toExport = (e: Event) => {
    e.preventDefault();
    const el = document.getElementById('fa-export');
    el?.scrollIntoView({ block: 'start' });
    el?.querySelector('button')?.focus({ preventScroll: true });
  };
  if (view.conflict)
    return (
      <div class="form-alert" role="alert">
        <p>{tr('drafts.otherTab.message')}</p>
        <p>
          <button type="button" class="primary" onClick={() => void handle.reloadFromStore()}>
            {tr('drafts.otherTab.reload.label')}
          </button>{' '}
          <button type="button" onClick={() => void handle.keepMine()}>
            {tr('drafts.otherTab.keep.label')}
          </button>
        </p>
      </div>
    );
  if (view.sentAside) {
    // A named sheet says whose it was (the next member must not take it for theirs).
    const name = view.sentAside.respondent?.name.trim();
    const key = name ? 'drafts.sentNamed' : 'drafts.sent';
    return (
      <div class="form-alert" role="status" data-alert="sent">
        <p>{tr(`${key}.message`, { name: name ?? '' })}</p>
        <p>
          <button type="button" onClick={() => handle.reopenSent()}>
            {tr(`${key}.reopen.label`, { name: name ?? '' })}
          </button>
        </p>
      </div>
    );
  }
  const kind = view.storage.problem ? 'storage' : view.stale ? 'stale' : undefined;
  if (!kind || dismissed === kind) return null;
  return (
    <div class="form-alert" role="status" data-alert={kind}>
      <p>{tr(kind === 'storage' ? 'form.storage.alert.message' : 'drafts.stale.message')}</p>
      <p>
        <a href="#fa-export" class="btn primary" onClick={toExport}>
          {tr('export.goto.label')}
        </a>{' '}
        <button type="button" onClick={() => setDismissed(kind)}>
          {tr('common.close.label')}
        </button>
      </p>
    </div>
  );
}

// The committee's keys: make one (after saying plainly what a lost device means, and downloading
// the passphrase-protected backup), restore one from its backup, see the fingerprint and the
// public key that round links carry, remove one.
import { useState } from 'preact/hooks';
import { encodeBase64Url } from '../../core/seal/index.ts';
import type { Lang } from '../../core/text.ts';
import type { Tr } from '../../i18n/translator.ts';
import type { Instrument } from '../../core/instrument.ts';
import { LinkMaker } from './LinkMaker.tsx';
import type { SealState } from './seal-state.ts';

interface Props {
  seal: SealState;
  instruments: readonly Instrument[];
  lang: Lang;
  tr: Tr;
  secure: boolean;
  onStatus: (text: string) => void;
}

export function KeysPanel({ seal, instruments, lang, tr, secure, onStatus }: Props) {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [label, setLabel] = useState('');
  const [restorePass, setRestorePass] = useState('');
  const [restoreFile, setRestoreFile] = useState<File>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!secure)
    return (
      <div class="seal-keys">
        <h3>{tr('seal.keys.title')}</h3>
        <p class="notice bad" data-seal-insecure>
          {tr('seal.insecure.error')}
        </p>
      </div>
    );

  const create = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (pass !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const made = await seal.createKey(pass, label);
      if (made) {
        setPass('');
        setAgain('');
        onStatus(tr('seal.create.done.message', made));
      }
    } finally {
      setBusy(false);
    }
  };
  const restore = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!restoreFile) return;
    setBusy(true);
    try {
      const fp = await seal.restoreKey(await restoreFile.text(), restorePass);
      if (fp) {
        setRestorePass('');
        onStatus(tr('seal.restore.done.message', { fingerprint: fp }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="seal-keys">
      <h3>{tr('seal.keys.title')}</h3>
      <p class="muted small">{tr('seal.keys.hint')}</p>
      {seal.keys.length === 0 ? <p class="muted">{tr('seal.keys.none.message')}</p> : null}
      <ul class="plain" data-seal-keys>
        {seal.keys.map((k) => (
          <li key={k.fingerprint} data-fingerprint={k.fingerprint}>
            <p>
              {tr('seal.keys.fingerprint.label')}: <strong class="fingerprint">{k.fingerprint}</strong>
              {k.label ? ` · ${k.label}` : ''} · {tr('seal.keys.created.label')} {k.createdAt}
            </p>
            <label>
              {tr('seal.keys.public.label')}
              <textarea readOnly rows={2} class="code-box" value={encodeBase64Url(k.publicKey)} data-public-key />
            </label>
            <p class="muted small">{tr('seal.keys.public.hint')}</p>
            <LinkMaker committeeKey={k} instruments={instruments} lang={lang} tr={tr} />
            <button
              type="button"
              class="danger"
              onClick={() => {
                if (window.confirm(tr('seal.keys.remove.confirm', { fingerprint: k.fingerprint })))
                  void seal.removeKey(k.fingerprint);
              }}
            >
              {tr('seal.keys.remove.label')}
            </button>
          </li>
        ))}
      </ul>
      <details>
        <summary>{tr('seal.create.title')}</summary>
        <p class="notice warn" data-seal-warning>
          {tr('seal.create.warning')}
        </p>
        <form onSubmit={(e) => void create(e)} data-form="create-key">
          <label>
            {tr('seal.create.label.label')}
            <input type="text" maxLength={200} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
          </label>
          <label>
            {tr('seal.create.passphrase.label')}
            <input
              type="password"
              name="passphrase"
              autoComplete="new-password"
              required
              minLength={12}
              value={pass}
              onInput={(e) => setPass(e.currentTarget.value)}
            />
          </label>
          <label>
            {tr('seal.create.repeat.label')}
            <input
              type="password"
              name="repeat"
              autoComplete="new-password"
              required
              value={again}
              onInput={(e) => setAgain(e.currentTarget.value)}
            />
          </label>
          {mismatch ? (
            <p class="notice bad" role="alert">
              {tr('seal.create.mismatch.error')}
            </p>
          ) : null}
          <button type="submit" class="primary" disabled={busy}>
            {tr('seal.create.submit.label')}
          </button>
        </form>
      </details>
      <details>
        <summary>{tr('seal.restore.title')}</summary>
        <form onSubmit={(e) => void restore(e)} data-form="restore-key">
          <label>
            {tr('seal.restore.file.label')}
            <input
              type="file"
              accept=".json,application/json"
              required
              onChange={(e) => setRestoreFile(e.currentTarget.files?.[0])}
            />
          </label>
          <label>
            {tr('seal.restore.passphrase.label')}
            <input
              type="password"
              name="restore-passphrase"
              autoComplete="current-password"
              required
              value={restorePass}
              onInput={(e) => setRestorePass(e.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {tr('seal.restore.submit.label')}
          </button>
        </form>
      </details>
    </div>
  );
}

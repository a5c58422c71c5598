// The round link of the open collection: the address that opens the form with its instrument,
// period and cell filled in and locked (src/core/round-link.ts), to send or to show as a QR code
// drawn here, offline. The QR library loads only when the secretary asks for the link.
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatPeriodLabel, writeRoundLink, type Lang } from '../../core/index.ts';
import type { CollectionKey } from '../../core/backup.ts';
import type { Tr } from '../../i18n/translator.ts';
import { sitePath } from '../../lib/paths.ts';
import { decodeBase64Url, fingerprintOf, isP256PublicKey } from '../../core/seal/index.ts';

interface Props {
  collectionKey: CollectionKey;
  cellName: string | undefined;
  lang: Lang;
  tr: Tr;
}

/** The round link of a collection, on this site (the form in the page's language). */
export function roundLinkOf(
  key: CollectionKey,
  cellName: string | undefined,
  lang: Lang,
  origin: string,
  publicKey?: Uint8Array,
): string {
  const base = new URL(sitePath('', lang), origin).href;
  return writeRoundLink(base, key.instrumentId, {
    cell: key.cell,
    period: key.period,
    ...(cellName ? { cellName } : {}),
    ...(publicKey ? { publicKey } : {}),
  });
}

/** The committee's public key pasted by the secretary (src/sealing): bytes, or undefined when not one. */
function committeeKeyOf(text: string): Uint8Array | undefined {
  const bytes = decodeBase64Url(text.trim());
  return bytes && isP256PublicKey(bytes) ? bytes : undefined;
}

export function RoundPanel({ collectionKey: key, cellName, lang, tr }: Props) {
  const [shown, setShown] = useState(false);
  const [qr, setQr] = useState<'drawing' | 'drawn' | 'failed'>('drawing');
  const [copy, setCopy] = useState<'' | 'copied' | 'failed'>('');
  const [keyText, setKeyText] = useState('');
  const canvas = useRef<HTMLCanvasElement>(null);
  // With the committee's key the members' answers are sealed for it (src/sealing/README.md).
  const committeeKey = keyText.trim() ? committeeKeyOf(keyText) : undefined;
  const badKey = keyText.trim() !== '' && !committeeKey;
  const link = shown && !badKey ? roundLinkOf(key, cellName, lang, location.origin, committeeKey) : '';
  const cellLabel = cellName ? `${cellName} (${key.cell})` : key.cell;
  const periodLabel = formatPeriodLabel(key.period, lang);

  useEffect(() => {
    if (!shown || !link) return;
    let live = true;
    setQr('drawing');
    void import('./round-qr.ts')
      .then(({ drawQr }) => {
        if (!live || !canvas.current) return;
        drawQr(canvas.current, link);
        setQr('drawn');
      })
      .catch(() => live && setQr('failed'));
    return () => {
      live = false;
    };
  }, [shown, link]);

  async function copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <section class="card no-print round" aria-labelledby="round-title">
      <h2 id="round-title">{tr('collect.round.title')}</h2>
      <p class="muted">{tr('collect.round.hint')}</p>
      <label>
        {tr('collect.round.key.label')}
        <input
          type="text"
          name="committee-key"
          autoComplete="off"
          spellcheck={false}
          value={keyText}
          onInput={(e) => setKeyText(e.currentTarget.value)}
          aria-describedby="round-key-hint"
        />
      </label>
      <p class="muted small" id="round-key-hint">
        {badKey
          ? tr('collect.round.key.error')
          : committeeKey
            ? tr('collect.round.key.message', { fingerprint: fingerprintOf(committeeKey) })
            : tr('collect.round.key.hint')}
      </p>
      {shown && link ? (
        <div class="round-link">
          <p class="link">
            <a href={link} data-round-link={link} target="_blank" rel="noopener">
              {link}
            </a>
          </p>
          <div class="actions">
            <button type="button" onClick={() => void copyLink()} data-action="copy-round-link">
              {tr('collect.round.copy.label')}
            </button>
            <span role="status" class={copy === 'failed' ? 'error' : 'muted'}>
              {copy === 'copied'
                ? tr('collect.round.copied.message')
                : copy === 'failed'
                  ? tr('collect.round.copyFailed.error')
                  : ''}
            </span>
          </div>
          {qr === 'failed' ? (
            <p class="error" role="alert">
              {tr('collect.round.qrFailed.error')}
            </p>
          ) : (
            <canvas
              ref={canvas}
              class="qr"
              data-qr={qr}
              role="img"
              aria-label={tr('collect.round.qr.label', { cell: cellLabel, period: periodLabel })}
            />
          )}
        </div>
      ) : (
        <button type="button" onClick={() => setShown(true)} data-action="round-link">
          {tr('collect.round.show.label')}
        </button>
      )}
    </section>
  );
}

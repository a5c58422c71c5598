// The round link of the open collection: the address that opens the form with its instrument,
// period and cell filled in and locked (src/core/round-link.ts), to send or to show as a QR code
// drawn here, offline. The QR library loads only when the secretary asks for the link.
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatPeriodLabel, writeRoundLink, type Lang } from '../../core/index.ts';
import type { CollectionKey } from '../../core/backup.ts';
import type { Tr } from '../../i18n/translator.ts';
import { sitePath } from '../../lib/paths.ts';

interface Props {
  collectionKey: CollectionKey;
  cellName: string | undefined;
  lang: Lang;
  tr: Tr;
}

/** The round link of a collection, on this site (the form in the page's language). */
export function roundLinkOf(key: CollectionKey, cellName: string | undefined, lang: Lang, origin: string): string {
  const base = new URL(sitePath('', lang), origin).href;
  return writeRoundLink(base, key.instrumentId, {
    cell: key.cell,
    period: key.period,
    ...(cellName ? { cellName } : {}),
  });
}

export function RoundPanel({ collectionKey: key, cellName, lang, tr }: Props) {
  const [shown, setShown] = useState(false);
  const [qr, setQr] = useState<'drawing' | 'drawn' | 'failed'>('drawing');
  const [copy, setCopy] = useState<'' | 'copied' | 'failed'>('');
  const canvas = useRef<HTMLCanvasElement>(null);
  const link = shown ? roundLinkOf(key, cellName, lang, location.origin) : '';
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
      {shown ? (
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

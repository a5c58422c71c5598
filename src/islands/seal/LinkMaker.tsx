// The committee's round links: the address that opens an anonymous survey for one cell and
// period with the committee's public key inside (`pk=`, src/core/round-link.ts), so that what the
// cell's members send is sealed. The cell's secretary hands it out like any round link.
import { useState } from 'preact/hooks';
import { writeRoundLink } from '../../core/round-link.ts';
import { pickText, type Lang } from '../../core/text.ts';
import type { Instrument } from '../../core/instrument.ts';
import type { Tr } from '../../i18n/translator.ts';
import { sitePath } from '../../lib/paths.ts';
import type { CommitteeKey } from '../../sealing/keys.ts';

interface Props {
  committeeKey: CommitteeKey;
  instruments: readonly Instrument[];
  lang: Lang;
  tr: Tr;
}

export function LinkMaker({ committeeKey, instruments, lang, tr }: Props) {
  const anonymous = instruments.filter((i) => i.anonymity === 'anonymous');
  const [instrumentId, setInstrumentId] = useState(anonymous[0]?.id ?? '');
  const [cell, setCell] = useState('');
  const [period, setPeriod] = useState('');
  const [link, setLink] = useState('');
  const [bad, setBad] = useState(false);
  if (anonymous.length === 0) return null;
  const make = (e: Event): void => {
    e.preventDefault();
    try {
      const base = new URL(sitePath('', lang), window.location.origin).href;
      setLink(writeRoundLink(base, instrumentId, { cell, period: period.trim(), publicKey: committeeKey.publicKey }));
      setBad(false);
    } catch {
      setLink('');
      setBad(true);
    }
  };
  return (
    <details class="seal-link">
      <summary>{tr('seal.link.title')}</summary>
      <form onSubmit={make} data-form="seal-link">
        <label>
          {tr('seal.link.instrument.label')}
          <select value={instrumentId} onChange={(e) => setInstrumentId(e.currentTarget.value)}>
            {anonymous.map((i) => (
              <option key={`${i.id}@${i.version}`} value={i.id}>
                {pickText(i.shortTitle, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tr('seal.link.cell.label')}
          <input
            type="text"
            name="cell"
            required
            maxLength={64}
            value={cell}
            onInput={(e) => setCell(e.currentTarget.value)}
          />
        </label>
        <label>
          {tr('seal.link.period.label')}
          <input
            type="text"
            name="period"
            required
            placeholder="2026-Q4"
            value={period}
            onInput={(e) => setPeriod(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{tr('seal.link.make.label')}</button>
      </form>
      {bad ? (
        <p class="notice bad" role="alert">
          {tr('seal.link.invalid.error')}
        </p>
      ) : null}
      {link ? (
        <label>
          {tr('seal.link.result.label', { fingerprint: committeeKey.fingerprint })}
          <textarea readOnly rows={3} class="code-box" value={link} data-seal-link />
        </label>
      ) : null}
    </details>
  );
}

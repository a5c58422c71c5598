// The three ways a finished form leaves the device, loaded with the export code: download the
// file, share it through the system sheet (where files can be shared), or copy the compact code.
import { useRef, useState } from 'preact/hooks';
import type { ExportResult } from './export.ts';
import type { Tr } from '../../i18n/translator.ts';

interface Props {
  result: ExportResult;
  tr: Tr;
  /** Title given to the share sheet. */
  title: string;
  /** Called once the file or code went out (download, share, copy). */
  onSent: () => void;
  announce: (text: string) => void;
}

/** Download, share and copy for one export. */
export default function ExportWays({ result, tr, title, onSent, announce }: Props) {
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string>();
  const code = useRef<HTMLTextAreaElement>(null);
  const file = new File([result.text], result.fileName, { type: 'application/json' });
  const canShare = typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });

  const download = () => {
    const url = URL.createObjectURL(new Blob([result.text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = result.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    onSent();
    announce(tr('export.downloaded.message', { file: result.fileName }));
  };
  const share = async () => {
    setError(undefined);
    try {
      await navigator.share({ files: [file], title });
      onSent();
    } catch (e) {
      if ((e as { name?: string }).name !== 'AbortError') setError(tr('export.share.error'));
    }
  };
  const copy = async () => {
    setError(undefined);
    let ok = false;
    try {
      await navigator.clipboard.writeText(result.code);
      ok = true;
    } catch {
      const box = code.current;
      if (box) {
        box.focus();
        box.select();
        try {
          // The old way, for in-app browsers without the clipboard API.
          ok = (document as { execCommand(command: string): boolean }).execCommand('copy');
        } catch {
          ok = false;
        }
      }
    }
    setCopied(ok);
    if (ok) {
      onSent();
      announce(tr('export.copied.message'));
    } else setError(tr('export.copy.error'));
  };

  return (
    <div class="export-ways" data-sealed={result.sealedTo ? 'yes' : 'no'}>
      {result.sealedTo ? (
        <p class="notice ok small" data-sealed-to={result.sealedTo}>
          {result.sealedNote}
        </p>
      ) : null}
      <p class="small">{tr('export.file.label', { file: result.fileName, revision: result.revision })}</p>
      <p class="export-actions">
        <button type="button" class="primary" onClick={download} data-action="download">
          {tr('export.download.label')}
        </button>
        {canShare && (
          <button type="button" onClick={() => void share()} data-action="share">
            {tr('export.share.label')}
          </button>
        )}
      </p>
      <label for="fa-code">{tr('export.code.label')}</label>
      <p class="small muted" id="fa-code-hint">
        {tr('export.code.hint')}
      </p>
      <textarea
        id="fa-code"
        ref={code}
        readOnly
        rows={4}
        value={result.code}
        aria-describedby="fa-code-hint"
        class="code-box"
      />
      <p class="export-actions">
        <button type="button" onClick={() => void copy()} data-action="copy">
          {tr('export.copy.label')}
        </button>
        <span role="status" class="ok small">
          {copied ? tr('export.copied.message') : ''}
        </span>
      </p>
      {error && (
        <p class="notice bad" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

// What the collection page loads of the sealed-survey capability up front: almost nothing. The
// sealed files' reader and store load when a sealed file is first imported; the panel (keys,
// counts, opening) loads after the page has started.
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { ImportNote } from '../../core/cell-collection.ts';
import type { SealPanelProps } from './SealPanel.tsx';

/** Where the import queue hands sealed files. */
export const sealedSink = {
  async add(value: unknown, source: string): Promise<ImportNote> {
    const { addSealedValue } = await import('./sealed-add.ts');
    return addSealedValue(value, source);
  },
};

/** The sealed-survey panel, loaded once the page is ready. */
export function LazySealPanel(props: SealPanelProps & { ready: boolean }) {
  const [Panel, setPanel] = useState<(p: SealPanelProps) => JSX.Element>();
  const { ready, ...rest } = props;
  useEffect(() => {
    if (!ready || Panel) return;
    void import('./SealPanel.tsx').then((m) => setPanel(() => m.SealPanel));
  }, [ready]);
  return Panel ? <Panel {...rest} /> : null;
}

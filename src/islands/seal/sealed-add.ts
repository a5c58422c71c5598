// Keeps imported sealed files on this device, sealed: read by core's sealed reader, stored as
// envelopes only. Loaded the first time a sealed file is imported (or the panel opens).
import type { ImportNote } from '../../core/cell-collection.ts';
import { readSealed } from '../../core/seal/index.ts';
import { openSealedStore } from '../../storage/sealed-files.ts';
import { SEALED_CHANGED } from './events.ts';

/** Reads and keeps one imported sealed file or batch; the line the import list shows. */
export async function addSealedValue(value: unknown, source: string): Promise<ImportNote> {
  const r = readSealed(value);
  if (!r.ok) return { source, status: 'rejected', code: r.error.code, message: r.error.message };
  const { store } = await openSealedStore();
  const added = await store.add(r.kind === 'sealed-batch' ? r.batch.envelopes : [r.envelope]);
  window.dispatchEvent(new Event(SEALED_CHANGED));
  return { source, status: 'sealed', ...added };
}

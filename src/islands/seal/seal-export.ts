// The member's sealed export: the response file the form made is sealed to the committee's key
// and the file, the share sheet and the paste code then carry only the envelope. Loaded with
// import() only when a survey opened from a link with a key is exported.
import { encodeBundleCode } from '../../core/code.ts';
import { slugify } from '../../core/draft.ts';
import type { ResponseBundle } from '../../core/bundle.ts';
import { serializeSealed } from '../../core/seal/index.ts';
import { sealResponseText, SealingUnavailable } from '../../sealing/seal.ts';
import type { ExportResult } from '../form/export.ts';

/** Why a sealed export could not be made: the page is not a secure context, or the key is bad. */
export type SealFailure = 'insecure-context' | 'bad-key';

/**
 * Seals an export. The file name says only what the label says (instrument, cell, period): every
 * member of the cell sends a file of the same name.
 */
export async function sealExport(
  plain: ExportResult,
  publicKey: Uint8Array,
): Promise<{ ok: true; result: ExportResult & { sealedTo: string } } | { ok: false; reason: SealFailure }> {
  // The file the form has just written (core's writer): its label is read straight from it.
  const b = JSON.parse(plain.text) as ResponseBundle;
  try {
    const envelope = await sealResponseText({
      text: plain.text,
      instrument: b.instrument,
      cell: b.cell,
      period: b.period,
      publicKey,
    });
    const name = [b.instrument.id, b.cell, b.period].map(slugify).filter(Boolean).join('_');
    return {
      ok: true,
      result: {
        fileName: `phieu-kin_${name}.json`,
        text: serializeSealed(envelope),
        code: encodeBundleCode(envelope),
        revision: plain.revision,
        sealedTo: envelope.key,
      },
    };
  } catch (e) {
    if (e instanceof SealingUnavailable) return { ok: false, reason: e.reason };
    throw e;
  }
}

// The committee's whole step: sealed files and batches in, one view per cell (and instrument and
// period) out, with every file that could not be used counted by its reason. What is opened stays
// in memory: nothing decrypted is stored.
import type { InstrumentCatalog } from '../core/bundle.ts';
import type { CollectedResponse } from '../core/collection.ts';
import type { Instrument } from '../core/instrument.ts';
import { normalizeCellCode } from '../core/patterns.ts';
import {
  committeeView,
  readOpenedPlaintext,
  type CommitteeView,
  type RandomIndex,
  type SealedEnvelope,
} from '../core/seal/index.ts';
import type { Message } from '../core/text.ts';
import type { CommitteeKey } from './keys.ts';
import { openEnvelope } from './open.ts';

/** Files left out, grouped by reason: how many, and the plain answer (no file names, no order). */
export interface OpenFailure {
  code: string;
  message: Message;
  count: number;
}

/** One cell's view with what it is of. */
export interface OpenedCell extends CommitteeView {
  instrument: Instrument;
  cell: string;
  period: string;
}

/** The result of opening: a view per cell, and the refusals. */
export interface OpenedBatches {
  cells: OpenedCell[];
  failures: OpenFailure[];
  /** Envelopes tried (identical copies included). */
  envelopes: number;
}

/**
 * Opens every envelope with the keys held, reads what each holds, and builds each cell's view.
 * Responses are grouped by instrument, period and cell; the same response id sent several times
 * keeps its latest revision (core's rules).
 */
export async function openSealed(
  envelopes: readonly SealedEnvelope[],
  keys: readonly CommitteeKey[],
  catalog: InstrumentCatalog,
  random: RandomIndex,
): Promise<OpenedBatches> {
  const failures = new Map<string, OpenFailure>();
  const fail = (code: string, message: Message): void => {
    const key = `${code}|${message.en}`;
    const f = failures.get(key);
    if (f) f.count++;
    else failures.set(key, { code, message, count: 1 });
  };
  const groups = new Map<
    string,
    { instrument: Instrument; cell: string; period: string; responses: CollectedResponse[] }
  >();
  const opened = await Promise.all(envelopes.map((e) => openEnvelope(e, keys)));
  opened.forEach((o, i) => {
    const envelope = envelopes[i] as SealedEnvelope;
    if (!o.ok) return fail(o.error.code, o.error.message);
    const read = readOpenedPlaintext(envelope, o.plaintext, catalog);
    o.plaintext.fill(0);
    if (!read.ok) return fail(read.code, read.message);
    const b = read.response.bundle;
    // One cell however its sheets spell its code, as the collection page and phieu aggregate count it.
    const cell = normalizeCellCode(b.cell);
    const id = `${b.instrument.id}|${b.instrument.version}|${b.period}|${cell}`;
    let g = groups.get(id);
    if (!g) {
      g = { instrument: read.instrument, cell, period: b.period, responses: [] };
      groups.set(id, g);
    }
    g.responses.push(read.response);
  });
  const cells = [...groups.values()]
    .sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : a.period < b.period ? -1 : 1))
    .map((g) => ({
      instrument: g.instrument,
      cell: g.cell,
      period: g.period,
      ...committeeView(g.instrument, g.period, g.cell, g.responses, random),
    }));
  return { cells, failures: [...failures.values()], envelopes: envelopes.length };
}

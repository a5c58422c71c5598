// Pages read instruments only through here (build time; nothing of this ships to the browser).
import type { GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import type { Instrument } from '../core/instrument.ts';

/** Order on the home page: the member's forms first, the secretary's sheet last. */
const KIND_ORDER: Record<Instrument['kind'], number> = {
  'meeting-survey': 0,
  'self-assessment': 1,
  'meeting-sheet': 2,
};

/** Every instrument, validated by the content collection, in display order. */
export async function loadInstruments(): Promise<Instrument[]> {
  const entries = await getCollection('instruments');
  return entries.map((e) => e.data).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
}

/**
 * Every version readers know: the current ones, then the superseded ones (files name the version
 * they were made with, so a new version must not make older files unreadable).
 */
export async function loadReadableInstruments(): Promise<Instrument[]> {
  const superseded = (await getCollection('supersededInstruments'))
    .map((e) => e.data)
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
  return [...(await loadInstruments()), ...superseded];
}

/** The static paths of a page per instrument (`[id]`), with the instrument as its prop. */
export const instrumentPaths = (async () =>
  (await loadInstruments()).map((instrument) => ({
    params: { id: instrument.id },
    props: { instrument },
  }))) satisfies GetStaticPaths;

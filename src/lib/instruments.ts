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

/**
 * The file of every readable instrument the collection page loads (`du-lieu/mau-phieu.<hash>.json`):
 * kept out of the page's HTML, where ~130 KB of JSON escaped into an island attribute made the
 * parse after first paint a long task; the name changes with the content, so a cached copy is
 * never mixed with a newer page. The page preloads it; the service worker precaches it.
 */
export async function readableInstrumentsFile(): Promise<{ name: string; path: string; text: string }> {
  const { createHash } = await import('node:crypto');
  const text = JSON.stringify(await loadReadableInstruments());
  const name = `mau-phieu.${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return { name, path: `du-lieu/${name}.json`, text };
}

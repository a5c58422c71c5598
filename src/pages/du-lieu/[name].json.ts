// The readable instruments as one static JSON file, for the collection page (see
// readableInstrumentsFile in src/lib/instruments.ts): one path, named by its content's hash.
import type { APIRoute, GetStaticPaths } from 'astro';
import { readableInstrumentsFile } from '../../lib/instruments.ts';

export const getStaticPaths = (async () => {
  const file = await readableInstrumentsFile();
  return [{ params: { name: file.name }, props: { text: file.text } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response((props as { text: string }).text, { headers: { 'content-type': 'application/json' } });

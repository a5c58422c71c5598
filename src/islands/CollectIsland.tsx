// The collection page's island: CollectApp, whose code (zod schemas, deflate, core, storage, the
// panels) is evaluated in a few tasks rather than one. Evaluating it all at once took 60–100 ms on
// a 4× slowed CPU, a task that blocks input (Lighthouse's total blocking time); each step here
// stays well under 50 ms. The instruments come as a JSON file the page preloads (not in the
// island's props: escaped into the HTML they made its parse after first paint a long task),
// fetched while the steps run; its strings are a JSON data block in the page (src/lib/
// collect-strings.ts), read in a step too. The module resolves once every step is done, so Astro
// hydrates the finished app over the server's HTML (client:steps then renders it in a task of its
// own). Each step imports a module of ./collect/steps/ that exports nothing: the import loads and
// runs the shared chunk it names, where importing a module of that chunk (core/fields.ts...) made
// the bundler add a chunk re-exporting its names (0.9 KiB of brotli for the five steps).
import { h, type ComponentType } from 'preact';
import type { Instrument } from '../core/instrument.ts';
import type { Props as AppProps } from './CollectApp.tsx';

/** What the page gives the island: everything but the instruments and strings, which it reads. */
export type Props = Omit<AppProps, 'instruments' | 'strings'>;

/** The `<link rel="preload">` the page puts in its head for the instruments' file. */
export const INSTRUMENTS_LINK_ID = 'readable-instruments';

/** The `<script type="application/json">` that carries the island's strings in the page. */
export const STRINGS_ID = 'collect-strings';

/** At build, the strings by language (the module is not in the browser's code). */
const stringsAtBuild = import.meta.env.SSR ? (await import('../lib/collect-strings.ts')).collectStrings : undefined;

/** The page's strings for the island; none (keys show) if the page has lost them. */
function readStrings(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(document.getElementById(STRINGS_ID)?.textContent ?? '');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, string>;
  } catch (error) {
    console.error(error);
  }
  console.error(`the page has no strings for the island (#${STRINGS_ID})`);
  return {};
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Every readable instrument: at build from the content collections, in the browser from the page's file. */
async function loadInstruments(): Promise<Instrument[]> {
  if (import.meta.env.SSR) return (await import('../lib/instruments.ts')).loadReadableInstruments();
  const link = document.getElementById(INSTRUMENTS_LINK_ID);
  if (!(link instanceof HTMLLinkElement)) throw new Error('the page names no instruments file');
  const response = await fetch(link.href);
  if (!response.ok) throw new Error(`instruments file: HTTP ${response.status}`);
  const list: unknown = await response.json();
  if (!Array.isArray(list) || list.length === 0) throw new Error('instruments file: not a list');
  return list as Instrument[];
}

/**
 * What the island shows when the instruments cannot be loaded: the page cannot read any file
 * without them, so none of its controls stay (same root as the app, so hydration replaces them).
 */
function Unavailable({ strings }: { strings: Record<string, string> }) {
  return (
    <div class="collect-app" data-ready="unavailable">
      <p class="notice bad" role="alert">
        {strings['collect.instruments.error']}
      </p>
    </div>
  );
}

async function loadInSteps(): Promise<ComponentType<Props>> {
  const instruments = loadInstruments();
  instruments.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const strings = import.meta.env.SSR ? undefined : readStrings();
  const stringsOf = (lang: Props['lang']) => strings ?? stringsAtBuild?.(lang) ?? {};
  await nextTask();
  await import('./collect/steps/schemas.ts');
  await nextTask();
  await import('./collect/steps/bundle.ts');
  await nextTask();
  await import('./collect/steps/codes.ts');
  await nextTask();
  await import('./collect/steps/import.ts');
  await nextTask();
  await import('./collect/steps/storage.ts');
  await nextTask();
  const App = (await import('./CollectApp.tsx')).default;
  let list: Instrument[];
  try {
    list = await instruments;
  } catch (error) {
    console.error(error);
    return (props: Props) => h(Unavailable, { strings: stringsOf(props.lang) });
  }
  await nextTask();
  return (props: Props) => h(App, { ...props, instruments: list, strings: stringsOf(props.lang) });
}

const CollectIsland = await loadInSteps();
export default CollectIsland;

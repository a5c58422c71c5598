// The strings the collection page's island uses (build time only). They travel in the page as a
// JSON data block (<script type="application/json">), not in the island's props: Astro writes
// props into an attribute (every quote escaped) and revives them value by value in the task that
// hydrates the island; a data block is read whole by one JSON.parse, in a start-up step of its own
// (src/islands/CollectIsland.tsx).
import type { Lang } from '../core/text.ts';
import { DICTIONARIES } from '../i18n/t.ts';

/** The areas of the dictionary the island shows. The sealed-survey panel brings its own strings. */
const PREFIXES = ['collect.', 'report.', 'dashboard.', 'common.', 'seal.note.'];

/** The island's strings in one language. */
export function collectStrings(lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(DICTIONARIES[lang]).filter(([k]) => PREFIXES.some((p) => k.startsWith(p))));
}

/** The same, as the text of a data block: JSON with every `<` escaped, so no text ends the element. */
export function collectStringsBlock(lang: Lang): string {
  return JSON.stringify(collectStrings(lang)).replace(/</g, '\\u003c');
}

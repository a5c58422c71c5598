// One t() for every string of the UI. Dictionaries are flat JSON per language and area; keys
// read `area.feature.kind` with kind ∈ label | title | hint | message | error.
import type { Lang } from '../core/text.ts';
import { fill, type Params } from './translator.ts';
import viCommon from './vi.json';
import enCommon from './en.json';

const modules = import.meta.glob<Record<string, string>>('./*.{vi,en}.json', { eager: true, import: 'default' });

function collect(lang: Lang, common: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...common };
  for (const [path, dict] of Object.entries(modules)) if (path.endsWith(`.${lang}.json`)) Object.assign(out, dict);
  return out;
}

/** Every string, by language. */
export const DICTIONARIES: Record<Lang, Record<string, string>> = {
  vi: collect('vi', viCommon),
  en: collect('en', enCommon),
};

/**
 * The string for a key in a language, with `{name}` places filled. A key missing in English
 * falls back to Vietnamese; a key missing everywhere shows itself, so it is seen and fixed.
 */
export function t(lang: Lang, key: string, params?: Params): string {
  return fill(DICTIONARIES[lang][key] ?? DICTIONARIES.vi[key] ?? key, params);
}

/** A t() bound to one language, for components. */
export function translator(lang: Lang): (key: string, params?: Params) => string {
  return (key, params) => t(lang, key, params);
}

// URLs inside the site, always under the base path the site is built for (BASE_PATH).
import type { Lang } from '../core/text.ts';

/** A site URL for a path like `phieu/khao-sat/` in a language (`en/` prefix for English). */
export function sitePath(path: string, lang: Lang = 'vi'): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  const clean = path.replace(/^\/+/, '');
  return `${base}${lang === 'en' ? 'en/' : ''}${clean}`;
}

/** The same page in the other language. */
export function otherLangPath(path: string, lang: Lang): string {
  return sitePath(path, lang === 'vi' ? 'en' : 'vi');
}

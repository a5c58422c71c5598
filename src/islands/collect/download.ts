// Saving a file the app made (report, CSV, backup) through the browser's download.
import { slugify } from '../../core/draft.ts';

/** A file name part from free text: core's slug (diacritics folded), at most 60 characters. */
export function fileSlug(text: string): string {
  return slugify(text).slice(0, 60) || 'tep';
}

/** Offers text as a file to download. */
export function downloadText(name: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

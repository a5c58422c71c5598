// The last change of a draft, written synchronously to localStorage as the page is hidden or
// closed. The form writes its drafts to IndexedDB after a pause in the member's taps and keys; a
// page hidden, reloaded or closed inside that pause may not live to finish an IndexedDB write (it
// is asynchronous, and the browser may drop the page first). localStorage writes before the call
// returns, so the change is on the device whatever happens next; the next start of the form takes
// it when it is newer than the stored draft (journal-read.ts, loaded only when there is an entry),
// and the entry is removed once IndexedDB holds it.
//
// Who can read it: the same as the drafts store (this site, on this device, in this browser
// profile). Entries live only between a page going away and the next save of the same draft.
import type { Draft } from '../core/draft.ts';

const PREFIX = 'phieu-chi-bo|journal|';

/** The browser's localStorage, or undefined when there is none or it is refused (private modes, policy). */
function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** Writes the draft under its key now; false when localStorage refuses it (full, disabled). */
export function writeJournal(key: string, draft: Draft): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(PREFIX + key, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the journal's entry for a key (IndexedDB holds that draft now, or it was unusable). */
export function clearJournal(key: string): void {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing to do: an entry left behind is read and checked again next time.
  }
}

/** The journal's text for a key, or null when it holds none (its reader, journal-read.ts, loads only then). */
export function journalText(key: string): string | null {
  try {
    return storage()?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

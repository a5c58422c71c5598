// A page's own start-up, as its markup declares it and its island ends it, and the person's
// pauses. Work that is not what the person opened the page for (today: registering the service
// worker, whose install downloads the whole site for offline use) waits until the page has
// finished starting, then for a pause in their taps and keys, so that on a slow phone it competes
// neither with the page's first tasks nor with their first answers.
//
// The markup marks each element whose island has more to do after hydration with
// `data-starting` (the form, src/components/form/FormPage.astro: reading the stored draft, the
// first paint of its answers, the panel under it); the island removes the mark when that is done
// (src/islands/FormApp.tsx). A mark in the HTML rather than a call at run time: a page that is
// still starting says so from its first byte, before its island could say anything; and an
// attribute rather than a shared function: the island and this page script are bundled apart, and
// a module both imported would be one more file for every page to fetch.

/** The attribute of an element whose island is still starting. */
const STARTING = 'data-starting';

/**
 * Runs `run` once no element of the page is still starting, or after `limitMs` should one never
 * end (an island that failed to load must not keep the page from working offline).
 */
export function afterStartUp(run: () => void, limitMs: number): void {
  const starting = () => document.querySelector(`[${STARTING}]`) !== null;
  if (!starting()) {
    run();
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    watch.disconnect();
    window.clearTimeout(limit);
    run();
  };
  const watch = new MutationObserver(() => {
    if (!starting()) finish();
  });
  watch.observe(document.documentElement, { subtree: true, attributeFilter: [STARTING], childList: true });
  const limit = window.setTimeout(finish, limitMs);
}

/** What the person does that a pause waits out: a tap, a key, typing. */
const ACTIVITY = ['pointerdown', 'keydown', 'input'] as const;

/**
 * Runs `run` once the person has let the page be for `quietMs` (no tap, key or typing), or after
 * `limitMs` however busy they are: work they did not ask for goes in the first pause they take.
 */
export function afterPause(run: () => void, quietMs: number, limitMs: number): void {
  let done = false;
  let quiet = window.setTimeout(() => finish(), quietMs);
  const limit = window.setTimeout(() => finish(), limitMs);
  const busy = () => {
    window.clearTimeout(quiet);
    quiet = window.setTimeout(() => finish(), quietMs);
  };
  function finish(): void {
    if (done) return;
    done = true;
    window.clearTimeout(quiet);
    window.clearTimeout(limit);
    for (const type of ACTIVITY) document.removeEventListener(type, busy, true);
    run();
  }
  for (const type of ACTIVITY) document.addEventListener(type, busy, { capture: true, passive: true });
}

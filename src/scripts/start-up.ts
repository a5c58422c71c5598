// When work the person did not open the page for may run: today, registering the service worker,
// whose install downloads the whole site (~100 files, ~1.6 MB) for offline use. On a slow phone
// that must compete neither with the page's own start-up nor with the member's first answers.
//
// So it waits until, after load:
// - every island is hydrated (`astro-island[ssr]` loses its `ssr`), and every element whose
//   island has more to do after hydration has lost its `data-starting` mark (the form,
//   src/components/form/FormPage.astro, until its draft is read and painted and its panel shown:
//   src/islands/FormApp.tsx removes it); or 10 s have passed, should an island never load;
// - then the person has let the page be for 2 s (no tap, key or typing), or 30 s have passed
//   since load however busy they are: the site must get its offline copy.
// A mark in the HTML rather than a call at run time: a page still starting says so from its first
// byte, before its island could say anything; and an attribute rather than a shared function: the
// island and this page script are bundled apart, and a module both imported would be one more
// file for every page to fetch. One check every half second rather than observers and listeners
// per island: a few microseconds each, and the smallest script on every page. Taps and keys are
// read from the browser's event counts at each check, not heard one by one (a listener at every
// tap and key was 4 ms of script over the harness's fill at 4× slowdown).

/** The longest the page's islands may hold the work back after load, in ms (one that never loads). */
const START_UP_LIMIT_MS = 10_000;
/** The pause in taps and keys the work waits for, in ms. */
const PAUSE_MS = 2000;
/** The longest the person's taps and keys hold it back after load, in ms. */
const PAUSE_LIMIT_MS = 30_000;
/** How often the page is looked at, in ms. */
const CHECK_MS = 500;

/** Runs `run` once the page has started and the person paused (see the head of this file); call after load. */
export function whenStartedAndPaused(run: () => void): void {
  const loaded = Date.now();
  let active = loaded;
  const activity = ['pointerdown', 'keydown', 'input'];
  // The browser's own count of each kind of event (Event Timing), read at each check: no listener
  // runs at every tap and key. Where it keeps none (Safari), a listener notes the time instead.
  const counts = (performance as { eventCounts?: ReadonlyMap<string, number> }).eventCounts;
  const countNow = () => activity.reduce((sum, type) => sum + (counts?.get(type) ?? 0), 0);
  let seen = countNow();
  const busy = () => {
    active = Date.now();
  };
  if (!counts) for (const type of activity) document.addEventListener(type, busy, { capture: true, passive: true });
  const timer = window.setInterval(() => {
    const now = Date.now();
    if (counts) {
      const count = countNow();
      if (count !== seen) active = now;
      seen = count;
    }
    const started =
      document.querySelector('astro-island[ssr],[data-starting]') === null || now - loaded >= START_UP_LIMIT_MS;
    if (!started || (now - active < PAUSE_MS && now - loaded < PAUSE_LIMIT_MS)) return;
    window.clearInterval(timer);
    if (!counts) for (const type of activity) document.removeEventListener(type, busy, true);
    run();
  }, CHECK_MS);
}

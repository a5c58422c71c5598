// Registers the service worker (dist/sw.js, made by scripts/build-sw.mjs) and talks to the person
// through the page's #app-status live region (src/components/AppStatus.astro); loaded by
// src/components/OfflineWorker.astro, in the page's <head>:
//
// - the first install says once that the site now works offline;
// - a new version never takes over by itself: it waits, the region offers an "Update" button,
//   and only a click tells the waiting worker to skip waiting, then the page reloads. Nobody
//   loses a half-filled form to an automatic reload.
//
// A bundled module script (no inline script, so the Content-Security-Policy needs no hash for it);
// it registers only in the built site.

import { afterPause, afterStartUp } from './start-up.ts';

/** The message the generated worker listens for before it skips waiting (Workbox's convention). */
const SKIP_WAITING = { type: 'SKIP_WAITING' } as const;
/** The longest a page's start-up may hold the registration back after load, in ms (an island that never loads). */
const START_UP_LIMIT_MS = 10_000;
/** The pause in taps and keys the registration waits for, once the page has started, in ms. */
const PAUSE_MS = 2000;
/** The longest the person's taps and keys hold it back, in ms: the site must get its offline copy. */
const PAUSE_LIMIT_MS = 30_000;
/** How long the "ready offline" note stays, in ms (the update prompt stays until used). */
const OFFLINE_NOTE_MS = 8000;

/** Set when the person clicked Update: only then does a change of controller reload the page. */
let acceptedUpdate = false;

/** The live region and the words rendered into it, or undefined when the page has none. */
function findStatusRegion(): { region: HTMLElement; offline: string; update: string; label: string } | undefined {
  const region = document.getElementById('app-status');
  if (!region) return undefined;
  const { offlineMessage, updateMessage, updateLabel } = region.dataset;
  return { region, offline: offlineMessage ?? '', update: updateMessage ?? '', label: updateLabel ?? '' };
}

/** Shows the one-time "ready to work offline" note, then clears it. */
function showOfflineReady(): void {
  const status = findStatusRegion();
  if (!status || status.offline === '' || status.region.childElementCount > 0) return;
  const note = document.createElement('p');
  note.className = 'app-status-note';
  note.textContent = status.offline;
  status.region.replaceChildren(note);
  window.setTimeout(() => {
    if (note.isConnected) note.remove();
  }, OFFLINE_NOTE_MS);
}

/** Offers the waiting worker; a click activates it and reloads once it controls the page. */
function showUpdatePrompt(waiting: ServiceWorker): void {
  const status = findStatusRegion();
  if (!status || status.region.querySelector('[data-sw-update]')) return;
  const line = document.createElement('p');
  line.className = 'app-status-note';
  line.append(document.createTextNode(`${status.update} `));
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn';
  button.dataset['swUpdate'] = '';
  button.textContent = status.label;
  button.addEventListener('click', () => {
    button.disabled = true;
    // Accepted in another tab already: the new version is active, only this page is old.
    if (waiting.state === 'activated' || waiting.state === 'redundant') {
      window.location.reload();
      return;
    }
    acceptedUpdate = true;
    waiting.postMessage(SKIP_WAITING);
  });
  line.append(button);
  status.region.replaceChildren(line);
}

/** Watches a worker being installed: first install → offline note; later ones → update prompt. */
function watchInstalling(worker: ServiceWorker): void {
  worker.addEventListener('statechange', () => {
    if (worker.state !== 'installed') return;
    // A page already controlled by a worker is running the old version: offer the new one.
    if (navigator.serviceWorker.controller) showUpdatePrompt(worker);
    else showOfflineReady();
  });
}

async function register(base: string): Promise<void> {
  const registration = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base, updateViaCache: 'none' });
  // A new version may already be waiting (found on an earlier visit, never accepted).
  if (registration.waiting && navigator.serviceWorker.controller) showUpdatePrompt(registration.waiting);
  if (registration.installing) watchInstalling(registration.installing);
  registration.addEventListener('updatefound', () => {
    if (registration.installing) watchInstalling(registration.installing);
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install claims the page too (clientsClaim): that is no reason to reload.
    if (acceptedUpdate) window.location.reload();
  });
  // A tab left open for days (the secretary's collection page) still learns of new versions.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
  });
}

/**
 * Registers `<base>sw.js` with the site's base path as scope, once the page has loaded, its
 * islands are hydrated and have done what opening the page needs (./start-up.ts), the person has
 * paused for 2 s (or 30 s have passed), and it is idle: the registration and the precache
 * download (the whole site, ~100 files, ~1.6 MB) must not compete with the page's own start-up,
 * nor with the member's taps, on a slow phone.
 * Does nothing where service workers are unavailable (old browsers, plain-http intranet hosts
 * other than localhost, file:// copies): the site still works online there.
 */
export function registerServiceWorker(baseUrl: string): void {
  if (!('serviceWorker' in navigator)) return;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const start = () => {
    register(base).catch((error: unknown) => {
      // Not fatal: the site works online without it. Say so for whoever opens the console.
      console.warn('Service worker not registered:', error);
    });
  };
  // After load, when the page is idle: registering (and the precache download it starts) is not
  // what the person opened the page for, and must not hold up their first taps.
  const whenIdle = () => {
    // Some browsers (Safari before 18) have no requestIdleCallback.
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(start, { timeout: 5000 });
    else setTimeout(start, 1000);
  };
  // Not during a burst of taps and keys: a member who starts answering at once (the page-speed
  // harness's fill does, half a second after the page settles) would have every tap's frame share
  // two cores with the download for its first second or so. The first pause of 2 s will do.
  const whenPaused = () => afterPause(whenIdle, PAUSE_MS, PAUSE_LIMIT_MS);
  // Not while an island is still starting: the idle moments between the steps of one (the
  // collection page's, client:steps) were where registering made a long task, and the precache
  // download beside the form's first paint and reading of its draft made those tasks take two to
  // three times as long. A page registers once its islands are hydrated and their start-up ended
  // (or 10 s after load, should one never be), then in a pause, then when idle.
  const afterIslands = () => {
    const deadline = Date.now() + START_UP_LIMIT_MS;
    const starting = [...document.querySelectorAll('astro-island[ssr]')];
    let left = starting.length;
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      afterStartUp(whenPaused, Math.max(0, deadline - Date.now()));
    };
    if (left === 0) return go();
    for (const island of starting)
      island.addEventListener('astro:hydrate', () => (left -= 1) === 0 && go(), { once: true });
    setTimeout(go, START_UP_LIMIT_MS);
  };
  if (document.readyState === 'complete') afterIslands();
  else window.addEventListener('load', afterIslands, { once: true });
}

// Registers the service worker (dist/sw.js, made by scripts/build-sw.mjs) and talks to the person
// through the page's #app-status live region (src/components/AppStatus.astro); loaded by
// src/components/OfflineWorker.astro, first in the page's <body>:
//
// - the first install says once that the site now works offline;
// - a new version never takes over by itself: it waits, the region offers an "Update" button,
//   and only a click tells the waiting worker to skip waiting, then the page reloads. Nobody
//   loses a half-filled form to an automatic reload.
//
// A bundled module script (no inline script, so the Content-Security-Policy needs no hash for it);
// it registers only in the built site.

import { whenStartedAndPaused } from './start-up.ts';

/** The message the generated worker listens for before it skips waiting (Workbox's convention). */
const SKIP_WAITING = { type: 'SKIP_WAITING' } as const;
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
 * Registers `<base>sw.js` with the site's base path as scope, once the page has loaded, started
 * and the person paused (./start-up.ts), and then when it is idle: the registration and the
 * precache download must not hold up the page's start-up nor the member's first taps.
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
  // Some browsers (Safari before 18) have no requestIdleCallback.
  const whenIdle = () => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(start, { timeout: 5000 });
    else setTimeout(start, 1000);
  };
  // Issue 13: registering between the steps of the collection page's start-up made a long task;
  // the precache beside the form's first paint and draft made those tasks two to three times as
  // long; and beside the harness's fill (it starts answering half a second after the page
  // settles) it shared two cores with the first second of taps.
  const afterLoad = () => whenStartedAndPaused(whenIdle);
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
}

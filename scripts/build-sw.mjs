#!/usr/bin/env node
// Writes the service worker, dist/sw.js, after `astro build` (see `npm run build`), with Workbox's
// generateSW. It precaches every file of dist/ with a content revision, so the whole site (home,
// every form, the collection page, scripts, styles, the JSON Schema, manifest, icon) opens with
// no network once visited, under whatever base path the site was built for.
//
//   node scripts/build-sw.mjs [dist]
//
// What the worker does, and why:
// - Precache URLs are relative to sw.js, so the same worker works at `/` or `/phieu/`.
// - A page is a folder with index.html: `phieu/x/` and `phieu/x/?cell=C1` both find
//   `phieu/x/index.html` (directoryIndex; every query parameter is ignored for the lookup:
//   parameters only prefill the form, the HTML is the same).
// - Any other page of the site is asked of the network; offline, the cached 404 page answers.
// - No runtime caching of anything else, no other origin, no Google Analytics.
// - A new version waits: it takes over only when the person clicks "Update" (the page posts
//   SKIP_WAITING, see src/scripts/register-sw.ts), never under a half-filled form.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { generateSW } from 'workbox-build';

const projectRoot = path.resolve(import.meta.dirname, '..');

/** Files no one needs offline: source maps, the worker itself, host configuration. */
const IGNORED = [
  'sw.js',
  'sw.js.map',
  'workbox-*.js',
  '**/*.map',
  '_headers',
  '_redirects',
  '.nojekyll',
  '**/.DS_Store',
];
/** Largest single file precached; bigger ones would make the first visit too heavy on a phone. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * @param {string} distDir
 */
async function buildServiceWorker(distDir) {
  if (!existsSync(path.join(distDir, 'index.html'))) throw new Error(`build-sw: no built site in ${distDir}`);
  const hasNotFoundPage = existsSync(path.join(distDir, '404.html'));

  /** @type {import('workbox-build').GenerateSWOptions['runtimeCaching']} */
  const runtimeCaching = hasNotFoundPage
    ? [
        {
          // Pages that are not precached (none today; a page added by a newer deploy): the
          // network, and offline the cached "not found" page rather than the browser's error.
          // Only navigations of this site's own origin; a worker only sees its scope anyway.
          urlPattern: ({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin,
          handler: 'NetworkOnly',
          options: { precacheFallback: { fallbackURL: '404.html' } },
        },
      ]
    : [];

  const result = await generateSW({
    globDirectory: distDir,
    globPatterns: ['**/*'],
    globIgnores: IGNORED,
    globFollow: false,
    swDest: path.join(distDir, 'sw.js'),
    // One file: no workbox-*.js beside it, nothing fetched from a CDN.
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
    disableDevLogs: true,
    // Waits for the person's "Update" click; the generated code listens for SKIP_WAITING.
    skipWaiting: false,
    // The very first install controls the open page at once, so it works offline straight away.
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    directoryIndex: 'index.html',
    // `?cell=...&period=...` prefill a form; the cached page is the same whatever they are.
    ignoreURLParametersMatching: [/.*/],
    // Astro's bundles carry a content hash in their names: no extra revision needed.
    dontCacheBustURLsMatching: /^_astro\//,
    maximumFileSizeToCacheInBytes: MAX_FILE_BYTES,
    offlineGoogleAnalytics: false,
    navigationPreload: false,
    cacheId: 'phieu-chi-bo',
    runtimeCaching,
  });

  const { count, size, warnings } = result;
  for (const warning of warnings) console.warn(`build-sw: ${warning}`);
  const swSize = (await stat(path.join(distDir, 'sw.js'))).size;
  console.log(
    `build-sw: dist/sw.js (${(swSize / 1024).toFixed(1)} KiB) precaches ${count} files, ${(size / 1024).toFixed(1)} KiB` +
      (hasNotFoundPage ? '; offline fallback 404.html' : ''),
  );
  // A warning here means a file of the site would be missing offline (e.g. over the size limit).
  if (warnings.length > 0) process.exitCode = 1;
}

const distDir = path.resolve(projectRoot, process.argv[2] ?? 'dist');
buildServiceWorker(distDir).catch((/** @type {unknown} */ error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

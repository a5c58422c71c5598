// @ts-check
import preact from '@astrojs/preact';
import { defineConfig, passthroughImageService } from 'astro/config';
import { unwrapPreloadPlugin } from './scripts/lib/unwrap-preload.mjs';

/**
 * The path the site is served under, from `BASE_PATH` (e.g. `/phieu/` for a GitHub project page).
 * Always begins and ends with `/`; `/` by default.
 * @param {string | undefined} value
 * @returns {string}
 */
function normaliseBasePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

const base = normaliseBasePath(process.env.BASE_PATH);
// `SITE_URL` (e.g. https://example.org) is optional: the site uses relative and base-relative
// URLs only, so it runs from any host, an intranet server or a copied folder.
const site = process.env.SITE_URL?.trim() || undefined;

export default defineConfig({
  ...(site ? { site } : {}),
  base,
  output: 'static',
  // Every page is a folder with an index.html, so plain static servers find it; links end in `/`.
  trailingSlash: 'always',
  build: {
    format: 'directory',
    inlineStylesheets: 'auto',
    assets: '_astro',
  },
  integrations: [
    preact({ compat: false, devtools: false }),
    {
      // `client:steps` (src/scripts/client-steps.ts): evaluate an island's code and render it in
      // separate tasks, so a large island never makes one long task at start.
      name: 'phieu-client-steps',
      hooks: {
        'astro:config:setup': ({ addClientDirective }) =>
          addClientDirective({ name: 'steps', entrypoint: './src/scripts/client-steps.ts' }),
      },
    },
  ],
  // Nothing remote: no prefetch script, no web fonts, no image service (no sharp, no CDN).
  prefetch: false,
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
  // A Content-Security-Policy <meta> on every page (docs/security.md): only the site's own files
  // run. Astro adds the SHA-256 of each inline script it emits (the island hydration runtime) and
  // of each inline <style> to script-src / style-src, so neither needs 'unsafe-inline'. Not active
  // in `astro dev`. frame-ancestors cannot be set from a <meta>; a host may add it as a header.
  security: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
  // No code blocks on the site; Shiki's inline styles would also break the CSP above.
  markdown: { syntaxHighlight: false },
  compressHTML: true,
  vite: {
    plugins: [
      {
        // No <link rel="modulepreload"> added by script before each dynamic import: Vite's helper
        // appended one per dependency, 20–25 ms of appendChild in the tasks that load the
        // collection page's steps and lazy panels (a long task on a 4× slowed CPU). The browser
        // fetches a chunk's imports itself; the service worker has every file on the device.
        name: 'phieu-no-module-preload',
        configEnvironment: (name) => (name === 'client' ? { build: { modulePreload: false } } : undefined),
      },
      // Nor Vite's preload wrapper around each import(), which has nothing left to preload.
      unwrapPreloadPlugin(),
    ],
    build: {
      sourcemap: false,
      rolldownOptions: {
        output: {
          // Fewer, larger shared chunks: the collection page imports its code in steps
          // (src/islands/CollectIsland.tsx), and each dynamic import is an entry that would
          // otherwise split the small modules every page shares into a request each.
          codeSplitting: {
            groups: [
              { name: 'preact', test: /[\\/]node_modules[\\/]preact[\\/]/ },
              {
                name: 'core-base',
                test: /[\\/]src[\\/]core[\\/](?:text|period|patterns|draft|scoring|answers|items|condition)\.ts$/,
              },
            ],
          },
        },
      },
      // Fonts and images stay files: a data: URL would be re-downloaded inside every stylesheet.
      assetsInlineLimit: 0,
    },
  },
});

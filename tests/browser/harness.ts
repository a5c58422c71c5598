// Helpers for the browser tests (tests/browser/**/*.spec.ts), run by tests/browser/run.mjs with
// Node's test runner against the built site in a real Chromium.
//
//   const browser = await launchBrowser();
//   const tab = await newPage(browser);
//   await tab.page.goto(siteUrl('bieu-mau/'));
//   assert.deepEqual(tab.externalRequests(), []);
//   assert.deepEqual(await runAxe(tab.page), []);
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AxeResults, ImpactValue } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.mjs';

const require = createRequire(import.meta.url);

/** The built site's address, base path included, ending in `/` (set by run.mjs). */
export const baseUrl: string = (() => {
  const url = process.env.PHIEU_BASE_URL;
  if (!url) throw new Error('PHIEU_BASE_URL is not set: run the browser tests with `npm run test:browser`.');
  return url.endsWith('/') ? url : `${url}/`;
})();

/** Where failing tests leave screenshots (git-ignored). */
export const artifactsDir = path.resolve(import.meta.dirname, 'out');

/** The absolute URL of a path of the site, e.g. `siteUrl('bieu-mau/')`. */
export function siteUrl(pathInSite = ''): string {
  return new URL(pathInSite.replace(/^\/+/, ''), baseUrl).href;
}

/** Starts the headless Chromium found by scripts/find-chromium.mjs (or `CHROME_PATH`). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

/** A page in its own browser context, with what it requested and what went wrong recorded. */
export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Every URL requested, by the page, its workers and its service worker, in order. */
  requests: string[];
  /** Requests that failed (network error, blocked, aborted), as `URL (reason)`. */
  failedRequests: string[];
  /** Responses with a status of 400 or more, as `status URL`. */
  errorResponses: string[];
  /** Uncaught exceptions and `console.error` messages of the page. */
  pageErrors: string[];
  /** Requests to any origin other than the site's (there should be none: the site is offline-first). */
  externalRequests(): string[];
  /** Saves a full-page screenshot under tests/browser/out/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Closes the context (and so the page). */
  close(): Promise<void>;
}

/** Options of {@link newPage}: Playwright context options; a phone-sized viewport by default. */
export type NewPageOptions = BrowserContextOptions;

/**
 * Opens a page in a fresh context (empty storage), 360×640 by default: the phone the secretary
 * hands round is the smallest screen the site supports.
 */
export async function newPage(browser: Browser, options: NewPageOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    // Lets runAxe inject axe-core even when the page sets a strict Content-Security-Policy.
    bypassCSP: true,
    ...options,
  });
  const page = await context.newPage();
  const siteOrigin = new URL(baseUrl).origin;
  const requests: string[] = [];
  const failedRequests: string[] = [];
  const errorResponses: string[] = [];
  const pageErrors: string[] = [];

  context.on('request', (request) => {
    requests.push(request.url());
  });
  context.on('requestfailed', (request) => {
    failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) errorResponses.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => {
    pageErrors.push(`uncaught: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // "Failed to load resource" does not name the resource; its location does (e.g. a missing favicon).
    const where = message.location().url;
    pageErrors.push(`console.error: ${message.text()}${where ? ` (${where})` : ''}`);
  });

  return {
    page,
    context,
    requests,
    failedRequests,
    errorResponses,
    pageErrors,
    externalRequests: () =>
      requests.filter((url) => {
        const parsed = URL.parse(url);
        if (parsed === null) return true;
        // data:, blob: and about: stay on the device.
        if (!/^(https?|wss?|ftp):$/.test(parsed.protocol)) return false;
        return parsed.origin !== siteOrigin;
      }),
    screenshot: async (name) => {
      await mkdir(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${name.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}

/**
 * Puts entries in an object store of the site's database as localforage lays it out (database
 * `phieu-chi-bo`, localforage's blob-support store beside), from the page's origin. Creates the
 * database or adds the store (one version up) when missing, as localforage and the drafts store
 * do, so a database another page of the site already made is kept.
 */
export async function seedStore(page: Page, storeName: string, entries: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ name, values }) =>
      new Promise<void>((resolve, reject) => {
        const open = (version?: number): void => {
          const request =
            version === undefined ? indexedDB.open('phieu-chi-bo') : indexedDB.open('phieu-chi-bo', version);
          request.onupgradeneeded = () => {
            for (const store of [name, 'local-forage-detect-blob-support'])
              if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store);
          };
          request.onerror = () => reject(new Error(String(request.error)));
          request.onsuccess = () => {
            const db = request.result;
            if (!db.objectStoreNames.contains(name)) {
              const next = db.version + 1;
              db.close();
              open(next);
              return;
            }
            const tx = db.transaction(name, 'readwrite');
            for (const [k, v] of Object.entries(values)) tx.objectStore(name).put(v, k);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(new Error(String(tx.error)));
          };
        };
        open();
      }),
    { name: storeName, values: entries },
  );
}

/** The keys of an object store of the site's database, sorted ([] when there is no database or store). */
export async function storeKeys(page: Page, storeName: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('phieu-chi-bo');
        request.onerror = () => reject(new Error(String(request.error)));
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve([]);
            return;
          }
          const keys = db.transaction(name, 'readonly').objectStore(name).getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result.map(String).sort());
          };
          keys.onerror = () => reject(new Error(String(keys.error)));
        };
      }),
    storeName,
  );
}

/** An accessibility violation as axe-core reports it, cut down to what a failing test should show. */
export interface AxeViolation {
  id: string;
  impact: ImpactValue | null | undefined;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

const axeSource = require.resolve('axe-core/axe.min.js');
const reportedImpacts: ReadonlySet<string> = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now and returns the violations of
 * impact "serious" or "critical". An empty array means the page passes.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ path: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } })
      .axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
  });
  return results.violations
    .filter((violation) => reportedImpacts.has(violation.impact ?? ''))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Violations as readable lines, for an assertion message. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `[${v.impact ?? '?'}] ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}\n    ${v.helpUrl}`)
    .join('\n');
}

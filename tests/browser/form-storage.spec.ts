// How the form page opens its storage: the stored draft is read straight from IndexedDB at start
// (src/storage/idb.ts) and written straight too (src/storage/idb-store.ts, in localforage's
// layout), so the page never loads localforage and loads at start only the scripts
// `npm run test:size` counts; the collection page's localforage shares the database both ways;
// what the old code stored (frozen fixtures, tests/fixtures/stored/v1) still opens.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { measureSite } from '../../scripts/check-size.mjs';
import { baseUrl, launchBrowser, newPage, seedStore, siteUrl, type TestPage } from './harness.ts';

const SURVEY = 'phieu/khao-sat-sinh-hoat/';
const SELF = 'phieu/tu-danh-gia-dang-vien/';
const fixtures = path.resolve(import.meta.dirname, '../fixtures/stored/v1');
const LOCALFORAGE = /\/_astro\/localforage\.[^/]*\.js$/;
const dist = path.resolve(import.meta.dirname, '../../dist');

/** The scripts `npm run test:size` counts for a page (its static import graph), as paths in dist/. */
async function countedScripts(page: string): Promise<string[]> {
  const budgets = { default: { script: 30, total: 45 }, overrides: [] };
  const { pages } = await measureSite({ dist, base: new URL(baseUrl).pathname, budgets });
  return pages.find((p) => p.page === page)?.scripts ?? [];
}

/** The site's scripts a page requested, as paths in dist/. */
function scriptsOf(tab: TestPage): string[] {
  const base = new URL(baseUrl).pathname;
  return tab.requests
    .map((u) => new URL(u).pathname)
    .filter((p) => p.startsWith(base) && p.endsWith('.js'))
    .map((p) => p.slice(base.length));
}

/** Waits until the island has read storage and painted its panel. */
async function ready(page: Page): Promise<void> {
  await page.locator('#fa-score').waitFor();
  await page.waitForFunction(() => document.getElementById('fa-storage') !== null);
}

async function saved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById('fp-save')?.textContent === 'Đã lưu');
}

/** A page without the service worker (its precache would request every file of the site). */
function openPage(browser: Browser): Promise<TestPage> {
  return newPage(browser, { serviceWorkers: 'block' });
}

/** Stores entries in the `drafts` store (see seedStore), from a page of the site without an island. */
async function seed(tab: TestPage, entries: Record<string, unknown>): Promise<void> {
  await tab.page.goto(siteUrl(`${SURVEY}in/`));
  await seedStore(tab.page, 'drafts', entries);
}

/** The object stores of the site's database, sorted (the database must exist). */
async function stores(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('phieu-chi-bo');
        request.onerror = () => reject(new Error(String(request.error)));
        request.onsuccess = () => {
          const names = [...request.result.objectStoreNames].sort();
          request.result.close();
          resolve(names);
        };
      }),
  );
}

async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

describe('form page storage at start', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('never loads localforage, and creates nothing until the member touches the form', async () => {
    const tab = await openPage(browser);
    try {
      await tab.page.goto(siteUrl(SURVEY));
      await ready(tab.page);
      await tab.page.waitForTimeout(300);
      assert.deepEqual(
        tab.requests.filter((u) => LOCALFORAGE.test(u)),
        [],
      );
      // What the page loads before a touch is what the size budget counts (nothing loaded on the side).
      const counted = await countedScripts('phieu/khao-sat-sinh-hoat/index.html');
      assert.deepEqual(
        scriptsOf(tab).filter((s) => !counted.includes(s)),
        [],
      );
      assert.ok(!(await databases(tab.page)).includes('phieu-chi-bo'), 'no database made by reading');
      assert.equal(await tab.page.locator('[data-storage="ok"]').count(), 1);
      await tab.page.locator('#q-duration input[value="tat-ca"]').check();
      await saved(tab.page);
      assert.deepEqual(
        tab.requests.filter((u) => LOCALFORAGE.test(u)),
        [],
      );
      // Made as localforage makes it, so the collection page's localforage opens it as its own.
      assert.deepEqual(await stores(tab.page), ['drafts', 'local-forage-detect-blob-support']);
      await tab.page.reload();
      await ready(tab.page);
      await tab.page.waitForFunction(() => document.querySelector('#q-duration input:checked') !== null);
      assert.equal(await tab.page.locator('#q-duration input:checked').getAttribute('value'), 'tat-ca');
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('adds its store to a database the collection page made first, and both keep working', async () => {
    const tab = await openPage(browser);
    try {
      await tab.page.goto(siteUrl('tong-hop/'));
      await tab.page.locator('.collect-app[data-ready="yes"]').waitFor();
      // The sealed-survey panel (src/islands/seal) opens its two stores once it has started.
      await tab.page.locator('[data-seal-panel][data-seal-ready="yes"]').waitFor();
      assert.deepEqual(await stores(tab.page), [
        'collections',
        'local-forage-detect-blob-support',
        'seal-keys',
        'sealed',
      ]);
      await tab.page.goto(siteUrl(`${SURVEY}?cell=CB-23&period=2026-Q4`));
      await ready(tab.page);
      await tab.page.locator('#q-duration input[value="tat-ca"]').check();
      await saved(tab.page);
      assert.deepEqual(await stores(tab.page), [
        'collections',
        'drafts',
        'local-forage-detect-blob-support',
        'seal-keys',
        'sealed',
      ]);
      await tab.page.reload();
      await ready(tab.page);
      await tab.page.waitForFunction(() => document.querySelector('#q-duration input:checked') !== null);
      assert.equal(await tab.page.locator('#q-duration input:checked').getAttribute('value'), 'tat-ca');
      await tab.page.goto(siteUrl('tong-hop/'));
      await tab.page.locator('.collect-app[data-ready="yes"]').waitFor();
      assert.equal(await tab.page.locator('.collect-app .notice.bad[role="alert"]').count(), 0);
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('lets the collection page upgrade the database under an open form, then saves again', async () => {
    const tab = await openPage(browser);
    try {
      const url = siteUrl(`${SURVEY}?cell=CB-24&period=2026-Q4`);
      await tab.page.goto(url);
      await ready(tab.page);
      await tab.page.locator('#q-duration input[value="tat-ca"]').check();
      await saved(tab.page);
      // Another tab's localforage adds its store: the form's open connection must give way.
      const other = await tab.context.newPage();
      await other.goto(siteUrl('tong-hop/'));
      await other.locator('.collect-app[data-ready="yes"]').waitFor({ timeout: 10_000 });
      assert.equal(await other.locator('.collect-app .notice.bad[role="alert"]').count(), 0);
      // The sealed-survey panel adds its two stores too (two more upgrades under the open form).
      await other.locator('[data-seal-panel][data-seal-ready="yes"]').waitFor();
      assert.deepEqual(await stores(other), [
        'collections',
        'drafts',
        'local-forage-detect-blob-support',
        'seal-keys',
        'sealed',
      ]);
      await other.close();
      // The form opens its connection again for the next change.
      await tab.page.locator('#q-attendance input[value="tu-90"]').check();
      // Written to IndexedDB (waitForFunction would take the promise itself as a true value).
      const stored = () =>
        tab.page.evaluate(
          (key) =>
            new Promise<unknown>((resolve) => {
              const request = indexedDB.open('phieu-chi-bo');
              request.onerror = () => resolve(undefined);
              request.onsuccess = () => {
                const db = request.result;
                const get = db.transaction('drafts', 'readonly').objectStore('drafts').get(key);
                get.onsuccess = () => {
                  db.close();
                  resolve((get.result as { answers?: Record<string, unknown> } | undefined)?.answers?.attendance);
                };
                get.onerror = () => resolve(undefined);
              };
            }),
          'draft|khao-sat-sinh-hoat|CB-24|2026-Q4',
        );
      for (let i = 0; i < 100 && (await stored()) !== 'tu-90'; i++) await tab.page.waitForTimeout(100);
      assert.equal(await stored(), 'tu-90');
      await tab.page.reload();
      await ready(tab.page);
      await tab.page.waitForFunction(() => document.querySelectorAll('#pcb-form input:checked').length === 2);
      assert.equal(await tab.page.locator('#q-duration input:checked').getAttribute('value'), 'tat-ca');
      assert.equal(await tab.page.locator('#q-attendance input:checked').getAttribute('value'), 'tu-90');
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('opens what version 1 of the site stored, without loading localforage', async () => {
    const tab = await openPage(browser);
    try {
      const entries = JSON.parse(readFileSync(path.join(fixtures, 'drafts-store.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      await seed(tab, entries);
      const before = tab.requests.length;
      // The cell comes from the context the old version remembered.
      await tab.page.goto(siteUrl(`${SELF}?period=2026-Q3`));
      await ready(tab.page);
      await tab.page.waitForFunction(() => (document.getElementById('i-tasks-assigned') as HTMLInputElement).value);
      assert.equal(await tab.page.locator('#ctx-cell').inputValue(), 'CB-07');
      assert.equal(await tab.page.locator('#ctx-name').inputValue(), 'Lê Thị Hoa');
      assert.equal(await tab.page.locator('#ctx-post').inputValue(), 'Đảng viên');
      assert.equal(await tab.page.locator('#i-tasks-assigned').inputValue(), '10');
      assert.equal(await tab.page.locator('#i-tasks-exceeded').inputValue(), '2');
      // Sent, then changed: said so, with the revision the next file carries.
      await tab.page.locator('.export .warn').waitFor();
      assert.deepEqual(
        tab.requests.slice(before).filter((u) => LOCALFORAGE.test(u)),
        [],
      );
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('opens an empty form over a stored value that is not a draft, and saves over it', async () => {
    const tab = await openPage(browser);
    try {
      const key = 'draft|khao-sat-sinh-hoat|CB-21|2026-Q4';
      await seed(tab, {
        [key]: { storeVersion: 1, instrument: { id: 'khao-sat-sinh-hoat', version: '2025.1' }, answers: 'nope' },
      });
      await tab.page.goto(siteUrl(`${SURVEY}?cell=CB-21&period=2026-Q4`));
      await ready(tab.page);
      assert.equal(await tab.page.locator('#pcb-form input:checked').count(), 0);
      await tab.page.locator('#q-duration input[value="mot-vai"]').check();
      await saved(tab.page);
      await tab.page.reload();
      await ready(tab.page);
      await tab.page.waitForFunction(() => document.querySelector('#q-duration input:checked') !== null);
      assert.equal(await tab.page.locator('#q-duration input:checked').getAttribute('value'), 'mot-vai');
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('keeps a change made as the page closes, before the drafts store has loaded', async () => {
    const tab = await openPage(browser);
    try {
      await seed(tab, { 'ctx|khao-sat-sinh-hoat': { cell: 'CB-22', period: '2026-Q4' } });
      // The drafts store's code never arrives: the page must write the draft itself when it is closed.
      await tab.context.route(/\/_astro\/drafts\.[^/]*\.js$/, () => undefined);
      const url = siteUrl(`${SURVEY}?cell=CB-22&period=2026-Q4`);
      await tab.page.goto(url);
      await ready(tab.page);
      await tab.page.locator('#q-duration input[value="phan-lon"]').check();
      await tab.page.waitForFunction(() => document.getElementById('fp-save')?.textContent === 'Đang lưu…');
      await tab.page.close({ runBeforeUnload: true });
      // Reading needs no store code: the next page opens with it still missing.
      const page = await tab.context.newPage();
      await page.goto(url);
      await ready(page);
      await page.waitForFunction(() => document.querySelector('#q-duration input:checked') !== null);
      assert.equal(await page.locator('#q-duration input:checked').getAttribute('value'), 'phan-lon');
    } finally {
      await tab.close();
    }
  });
});

// Offline (issue 3): the service worker made by scripts/build-sw.mjs installs on the first visit,
// says once that the site works offline, then serves every page of dist/ with no network at all,
// including a form opened with URL parameters, and a form still saves answers on the device.
// A new version waits for the person's "Update" click: no reload under a half-filled form (that
// part deploys a new worker into its own copy of dist/, served on its own port).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/serve.mjs';
import { baseUrl, launchBrowser, newPage, siteUrl, type TestPage } from './harness.ts';

const distDir = path.resolve(import.meta.dirname, '../../dist');

/** Every page of the built site, as a path inside the site (`''`, `phieu/x/`, `en/tong-hop/`...). */
function listPages(): string[] {
  return readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => path.relative(distDir, e.parentPath).split(path.sep).join('/'))
    .map((dir) => (dir === '' ? '' : `${dir}/`))
    .sort();
}

/** A Vietnamese UI string, as the built page shows it. */
function viString(key: string): string {
  const dir = path.resolve(import.meta.dirname, '../../src/i18n');
  for (const file of readdirSync(dir).filter((f) => f === 'vi.json' || f.endsWith('.vi.json'))) {
    const dict = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>;
    if (key in dict) return dict[key]!;
  }
  throw new Error(`no Vietnamese string ${key}`);
}

/** Waits until a service worker controls the page; on time-out, says what state it got to. */
async function waitForController(page: Page): Promise<string> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 45_000 });
  } catch (error) {
    const state = await page.evaluate(async () =>
      (await navigator.serviceWorker.getRegistrations()).map((r) => ({
        scope: r.scope,
        installing: r.installing?.state,
        waiting: r.waiting?.state,
        active: r.active?.state,
      })),
    );
    throw new Error(`no service worker controls ${page.url()}: ${JSON.stringify(state)}`, { cause: error });
  }
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}

/** Keys saved in the site's IndexedDB database (every store), leaving out storage probes. */
async function savedKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('phieu-chi-bo'));
    const keys: string[] = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<IDBValidKey[]>((resolve, reject) => {
          const req = db.transaction(store, 'readonly').objectStore(store).getAllKeys();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error ?? new Error('read failed'));
        });
        keys.push(...all.map(String).filter((k) => !k.startsWith('__probe__')));
      }
      db.close();
    }
    return keys;
  });
}

const pages = listPages();
const formPages = pages.filter((p) => /^(en\/)?phieu\/[^/]+\/$/.test(p));

describe('offline', () => {
  let browser: Browser;
  let tab: TestPage;

  before(async () => {
    browser = await launchBrowser();
    // The real policy applies: registration must work under the site's own CSP.
    tab = await newPage(browser, { bypassCSP: false });
  });

  after(async () => {
    await tab?.context.setOffline(false);
    await tab?.close();
    await browser?.close();
  });

  it('installs the service worker with the site as its scope and says once that it works offline', async () => {
    const response = await tab.page.goto(siteUrl(), { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    const scope = await waitForController(tab.page);
    assert.equal(scope, baseUrl);
    await tab.page.locator('#app-status').getByText(viString('sw.offline.message')).waitFor({ timeout: 15_000 });
    // No update is on offer after a first install.
    assert.equal(await tab.page.locator('#app-status [data-sw-update]').count(), 0);
  });

  it('precached every page of the site', async () => {
    const cached = await tab.page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url.replace(/\?__WB_REVISION__=.*$/, ''));
      }
      return urls;
    });
    for (const p of pages) assert.ok(cached.includes(siteUrl(`${p}index.html`)), `${p}index.html is not precached`);
    // Nothing of any other origin is in the caches.
    assert.deepEqual(
      cached.filter((u) => !u.startsWith(new URL(baseUrl).origin)),
      [],
    );
  });

  it('opens the home page again with the network off', async () => {
    await tab.context.setOffline(true);
    const response = await tab.page.reload({ waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    assert.equal(response?.fromServiceWorker(), true);
    assert.equal(await tab.page.locator('h1').count(), 1);
  });

  it(`opens every page of the site offline (${pages.length} pages)`, async () => {
    assert.ok(pages.includes('tong-hop/'), 'the collection page tong-hop/ is built');
    assert.ok(formPages.length >= 3, `form pages found: ${formPages.join(', ')}`);
    for (const p of pages) {
      const response = await tab.page.goto(siteUrl(p), { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `offline ${p}`);
      assert.equal(response?.fromServiceWorker(), true, `${p} came from the service worker`);
      assert.equal(await tab.page.locator('h1').count(), 1, `${p} has its heading`);
    }
  });

  it('opens a form with URL parameters offline', async () => {
    const form = formPages.find((p) => !p.startsWith('en/'))!;
    const response = await tab.page.goto(siteUrl(`${form}?cell=CB-01&period=2026-Q1&utm_source=zalo`), {
      waitUntil: 'load',
    });
    assert.equal(response?.status(), 200);
    assert.equal(response?.fromServiceWorker(), true);
    assert.equal(await tab.page.locator('h1').count(), 1);
  });

  it('lets a member answer a question offline and keeps it on the device', async () => {
    const form = formPages.find((p) => !p.startsWith('en/'))!;
    const page = tab.page;
    await page.goto(siteUrl(form), { waitUntil: 'load' });
    // Wait for the form's script (hydration) before typing, as a person would see it react.
    await page.waitForLoadState('networkidle');
    const cell = page.locator('#ctx-cell');
    if ((await cell.count()) > 0) await cell.fill('CB-OFFLINE');
    const radio = page.locator('main input[type="radio"]').first();
    await radio.check();
    assert.equal(await radio.isChecked(), true);
    let keys: string[] = [];
    for (let i = 0; i < 50 && keys.length === 0; i++) {
      await page.waitForTimeout(200);
      keys = await savedKeys(page);
    }
    assert.ok(keys.length > 0, 'the answer was saved in IndexedDB while offline');
  });

  it('asked nothing of any other server, online or off', () => {
    assert.deepEqual(tab.externalRequests(), []);
    console.log(`offline: ${tab.requests.length} requests seen, none to another origin`);
  });
});

describe('a new version', () => {
  // Its own copy of the site on its own server, so the test can "deploy" a new worker.
  let browser: Browser;
  let tab: TestPage;
  let copy: string;
  let server: RunningServer;
  let url: string;

  before(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'phieu-deploy-'));
    await cp(distDir, copy, { recursive: true });
    server = await startServer({ root: copy, port: 0, base: process.env.BASE_PATH ?? '/' });
    url = server.url;
    browser = await launchBrowser();
    tab = await newPage(browser, { bypassCSP: false });
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
    await server?.close();
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('waits for the person to click Update, then takes over', async () => {
    const page = tab.page;
    await page.goto(url, { waitUntil: 'load' });
    await waitForController(page);
    await page.evaluate(() => {
      (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
    });

    // Deploy "a new version": the same worker with one byte more, so the browser installs it.
    await appendFile(path.join(copy, 'sw.js'), '\n// next version\n');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      await registration.update();
    });

    const button = page.locator('#app-status [data-sw-update]');
    await button.waitFor({ timeout: 30_000 });
    assert.equal((await button.innerText()).trim(), viString('sw.update.label'));
    assert.ok((await page.locator('#app-status').innerText()).includes(viString('sw.update.message')));
    // It waits: the page was not reloaded and the new worker is waiting, not active.
    await page.waitForTimeout(1000);
    assert.equal(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded), true);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).waiting !== null), true);

    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), button.click()]);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded),
      undefined,
    );
    await waitForController(page);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).waiting === null), true);
    assert.equal(await page.locator('#app-status [data-sw-update]').count(), 0);
    // This server has its own origin: nothing may go anywhere else.
    const origin = new URL(url).origin;
    assert.deepEqual(
      tab.requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin),
      [],
    );
  });
});

describe('when the worker installs', () => {
  // Its install downloads the whole site (~100 files): not while the form is still opening.
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  /** Records, in the page, when the worker was registered and whether the form was still opening. */
  async function watchRegistration(tab: TestPage): Promise<void> {
    await tab.page.addInitScript(() => {
      const seen: { starting?: boolean; at?: number } = {};
      (window as unknown as { __registration: typeof seen }).__registration = seen;
      const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
      navigator.serviceWorker.register = (...args: Parameters<typeof register>) => {
        seen.starting = document.querySelector('[data-starting]') !== null;
        seen.at = performance.now();
        return register(...args);
      };
    });
  }
  const registration = (page: Page) =>
    page.evaluate(() => (window as unknown as { __registration: { starting?: boolean; at?: number } }).__registration);

  /** A fresh tab on a Vietnamese form, registration watched; waits for the form to open when it can. */
  async function openForm(options: { started: boolean }): Promise<TestPage> {
    const tab = await newPage(browser, { bypassCSP: false });
    await watchRegistration(tab);
    // The island's code fails to load (and so does Astro's second try, `?astro-retry=…`): the
    // form stays marked as starting for ever.
    if (!options.started) await tab.page.route(/\/_astro\/FormApp\.[^/?]+\.js(\?|$)/, (route) => route.abort());
    const form = formPages.find((p) => !p.startsWith('en/'));
    assert.ok(form, 'a Vietnamese form page is built');
    await tab.page.goto(siteUrl(form), { waitUntil: 'load' });
    // The page says it is still starting from its first byte; the form's island ends it.
    if (options.started)
      await tab.page.locator('#pcb-form:not([data-starting])').waitFor({ state: 'attached', timeout: 15_000 });
    return tab;
  }

  it('registers once the form has opened its draft and painted it, not before', async () => {
    const tab = await openForm({ started: true });
    try {
      await waitForController(tab.page);
      const seen = await registration(tab.page);
      assert.equal(seen.starting, false, 'registered while the form was still opening');
      assert.equal(typeof seen.at, 'number');
    } finally {
      await tab.close();
    }
  });

  it('waits while the member keeps answering, and registers in their first pause of 2 s', async () => {
    const tab = await openForm({ started: true });
    try {
      // A key every 0.8 s for 4 s: never a pause of 2 s.
      const cell = tab.page.locator('#ctx-cell');
      for (const key of 'CB-01') {
        await cell.press(key);
        await tab.page.waitForTimeout(800);
      }
      assert.equal((await registration(tab.page)).at, undefined, 'registered while the member was typing');
      const lastKey = await tab.page.evaluate(() => performance.now());
      await waitForController(tab.page);
      const seen = await registration(tab.page);
      assert.ok(seen.at! >= lastKey + 1000, `registered ${Math.round(seen.at! - lastKey)} ms after the last key`);
    } finally {
      await tab.close();
    }
  });

  it('registers anyway, 10 s after load, on a form whose script never loads', async () => {
    const tab = await openForm({ started: false });
    try {
      const loadedAt = await tab.page.evaluate(() => performance.now());
      await waitForController(tab.page);
      assert.equal(await tab.page.locator('#pcb-form[data-starting]').count(), 1, 'the form never started');
      const seen = await registration(tab.page);
      assert.equal(seen.starting, true);
      assert.ok(seen.at! >= loadedAt + 9_000, `registered ${Math.round(seen.at! - loadedAt)} ms after load`);
    } finally {
      await tab.close();
    }
  });
});

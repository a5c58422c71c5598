// Security (issue 6), in a real Chromium with the site's own Content-Security-Policy enforced:
//
// - every built page carries the policy in a <meta>, allows only the site's own scripts, and every
//   inline script or style it has is listed by hash (checked on the HTML files themselves);
// - no page breaks the policy or asks anything of another origin (home, every form, print
//   sheets, the collection page, both languages);
// - hostile strings never run: HTML and <script> typed into a form, passed in its URL, shown back
//   in the draft list; the whole hostile corpus (tests/fixtures/hostile) and its pasted codes
//   imported through the collection page's file input, plus a 40 MB file. No dialog opens, no
//   `window.__pwned` is set, no element with an event handler appears, valid files are kept.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, siteUrl, type TestPage } from './harness.ts';

const root = path.resolve(import.meta.dirname, '../..');
const distDir = path.join(root, 'dist');
const corpusDir = path.join(root, 'tests/fixtures/hostile');

interface Expectation {
  file: string;
  expect: string;
  xss?: boolean;
}
interface CodeExpectation {
  name: string;
  text: string;
}

/** Every page of the built site, as a path inside the site (`''`, `phieu/x/`, `en/tong-hop/`...). */
function listPages(): string[] {
  return readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => path.relative(distDir, e.parentPath).split(path.sep).join('/'))
    .map((dir) => (dir === '' ? '' : `${dir}/`))
    .sort();
}

const pages = listPages();
const formPages = pages.filter((p) => /^(en\/)?phieu\/[^/]+\/$/.test(p));
const corpus = JSON.parse(readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Expectation[];
const codes = JSON.parse(readFileSync(path.join(corpusDir, 'codes.json'), 'utf8')) as CodeExpectation[];

/** Hostile strings typed by hand: each would set window.__pwned or open a dialog if it ran. */
const XSS_CELL = '<img src=x onerror=alert(1)>';
const XSS_TEXT =
  '<script>window.__pwned="typed";alert(1)</script><img src=x onerror="window.__pwned=\'typed\'"><svg onload=alert(1)>';

/** The policy of a page as directive → sources. */
function parsePolicy(content: string): Map<string, string[]> {
  const policy = new Map<string, string[]>();
  for (const part of content.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** What hostile input may have left in the page: every item must stay empty or false. */
async function traces(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    handlers: Array.from(document.querySelectorAll('*'))
      .filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name)))
      .map((el) => el.outerHTML.slice(0, 80)),
    injectedImages: Array.from(document.images).filter((img) => img.getAttribute('src') === 'x').length,
    injectedScripts: Array.from(document.scripts).filter((s) => (s.textContent ?? '').includes('__pwned')).length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    violations: (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  }));
}

/** The id of the collection page's last import run (`data-run`), or null before the first. */
async function lastRun(page: Page): Promise<string | null> {
  return page
    .locator('.import-status [data-import-state]')
    .getAttribute('data-run', { timeout: 1000 })
    .catch(() => null);
}

/** Waits until an import run other than `previous` is done; returns its status line's attributes. */
async function waitForImport(page: Page, previous: string | null, timeout = 60_000): Promise<{ via: string | null }> {
  await page.waitForFunction(
    (prev) => {
      const line = document.querySelector('.import-status [data-import-state]');
      return line?.getAttribute('data-import-state') === 'done' && line.getAttribute('data-run') !== prev;
    },
    previous,
    { timeout },
  );
  return { via: await page.locator('.import-status [data-import-state]').getAttribute('data-via') };
}

const CLEAN = { pwned: null, handlers: [], injectedImages: 0, injectedScripts: 0, javascriptLinks: 0, violations: [] };

describe('the Content-Security-Policy of the built pages', () => {
  it(`is on every page (${pages.length}), first in <head>, and allows only the site's own scripts`, () => {
    assert.ok(pages.length >= 4, `pages: ${pages.join(', ')}`);
    for (const p of pages) {
      const html = readFileSync(path.join(distDir, p, 'index.html'), 'utf8');
      const metas = [...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)"/gi)];
      assert.equal(metas.length, 1, `${p}: one CSP <meta>`);
      const head = html.slice(0, html.indexOf('</head>'));
      assert.ok(head.includes(metas[0]![0]), `${p}: the CSP <meta> is in <head>`);
      // A script before the policy would run unchecked.
      assert.ok(!/<script/i.test(head.slice(0, head.indexOf(metas[0]![0]))), `${p}: no script before the policy`);

      const policy = parsePolicy(metas[0]![1]!.replaceAll('&#39;', "'"));
      assert.deepEqual(policy.get('default-src'), ["'self'"], p);
      assert.deepEqual(policy.get('object-src'), ["'none'"], p);
      assert.deepEqual(policy.get('base-uri'), ["'self'"], p);
      assert.deepEqual(policy.get('form-action'), ["'self'"], p);
      assert.deepEqual(policy.get('connect-src'), ["'self'"], p);
      assert.deepEqual(policy.get('worker-src'), ["'self'"], p);
      for (const directive of ['script-src', 'style-src']) {
        const sources = policy.get(directive) ?? [];
        assert.ok(sources.includes("'self'"), `${p}: ${directive} 'self'`);
        const others = sources.filter((s) => s !== "'self'" && !/^'sha256-[A-Za-z0-9+/]+=*'$/.test(s));
        assert.deepEqual(others, [], `${p}: ${directive} has only 'self' and hashes (no 'unsafe-inline', no hosts)`);
      }

      // Every inline script and style the page has is allowed by its hash; nothing else inline.
      const scriptSrc = policy.get('script-src') ?? [];
      for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
        const attrs = m[1] ?? '';
        if (/\ssrc=/i.test(attrs)) continue;
        const type = /\stype="([^"]*)"/i.exec(attrs)?.[1];
        if (type !== undefined && type !== 'module' && type !== 'text/javascript') continue; // data, not code
        assert.ok(scriptSrc.includes(sha256(m[2] ?? '')), `${p}: inline script ${m[2]?.slice(0, 60)}… is hashed`);
      }
      const styleSrc = policy.get('style-src') ?? [];
      for (const m of html.matchAll(/<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi))
        assert.ok(styleSrc.includes(sha256(m[2] ?? '')), `${p}: inline style ${m[2]?.slice(0, 60)}… is hashed`);

      // No inline event handlers, style attributes (blocked by this policy) or javascript: URLs.
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
        assert.ok(!/\son[a-z]+\s*=/i.test(tag), `${p}: inline event handler in ${tag.slice(0, 80)}`);
        assert.ok(!/\sstyle\s*=/i.test(tag), `${p}: style attribute in ${tag.slice(0, 80)}`);
        assert.ok(!/=\s*"?\s*javascript:/i.test(tag), `${p}: javascript: URL in ${tag.slice(0, 80)}`);
      }
    }
  });
});

describe('the service worker', () => {
  it('is one file of the site: no imported scripts, no analytics, only relative precache URLs', () => {
    const sw = readFileSync(path.join(distDir, 'sw.js'), 'utf8');
    assert.ok(!/importScripts\s*\(/.test(sw), 'no importScripts (no workbox-*.js, no CDN)');
    assert.ok(!/google-analytics|googletagmanager|gtag\(/i.test(sw), 'no Google Analytics');
    const urls = [...sw.matchAll(/\burl:"([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(urls.length >= pages.length, `precache entries: ${urls.length}`);
    assert.deepEqual(
      urls.filter((u) => /^([a-z]+:|\/)/i.test(u)),
      [],
      'precache URLs are relative to sw.js, so any base path works',
    );
    for (const p of pages) assert.ok(urls.includes(`${p}index.html`), `${p}index.html is precached`);
  });
});

describe('in the browser, with the policy enforced', () => {
  let browser: Browser;
  let tab: TestPage;
  const dialogs: string[] = [];

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, { bypassCSP: false });
    // Init scripts are the browser's, not the page's: the policy does not apply to them.
    await tab.context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    tab.page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it(`loads every page (${pages.length}) without breaking the policy or calling another origin`, async () => {
    for (const p of pages) {
      const response = await tab.page.goto(siteUrl(p), { waitUntil: 'load' });
      assert.equal(response?.status(), 200, p);
      await tab.page.waitForLoadState('networkidle');
      assert.equal(await tab.page.locator('meta[http-equiv="content-security-policy"]').count(), 1, p);
      assert.deepEqual(await traces(tab.page), CLEAN, p);
    }
    assert.deepEqual(tab.externalRequests(), []);
    assert.deepEqual(
      tab.pageErrors.filter((e) => /content security policy|refused to/i.test(e)),
      [],
    );
  });

  it('never runs HTML typed into a form or passed in its URL, nor in the draft list', async () => {
    const page = tab.page;
    const form = formPages.find((p) => !p.startsWith('en/'))!;
    const query = `?cell=${encodeURIComponent(XSS_CELL)}&period=${encodeURIComponent('<script>alert(1)</script>')}&name=${encodeURIComponent(XSS_TEXT)}`;
    await page.goto(siteUrl(`${form}${query}`), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await traces(page), CLEAN, 'form opened with hostile URL parameters');

    const cell = page.locator('#ctx-cell');
    if ((await cell.count()) > 0) await cell.fill(XSS_CELL);
    const text = page.locator('main textarea').first();
    if ((await text.count()) > 0) await text.fill(XSS_TEXT);
    await page.locator('main input[type="radio"]').first().check();
    await page.waitForTimeout(1500); // the draft is saved (debounced) with the hostile strings
    assert.deepEqual(await traces(page), CLEAN, 'form after typing HTML');

    // The home page lists the drafts on this device, cell code and all.
    await page.goto(siteUrl(), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    assert.deepEqual(await traces(page), CLEAN, 'home page listing a hostile draft');
    assert.deepEqual(dialogs, []);
  });

  it('imports the hostile corpus through the collection page without running any of it', async () => {
    const page = tab.page;
    const response = await page.goto(siteUrl('tong-hop/'), { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    await page.locator('[data-ready="yes"]').waitFor({ timeout: 15_000 });

    // Open a collection whose cell name is itself HTML.
    const open = page.locator('form.form-grid');
    await open.locator('select[name="instrument"]').selectOption({ index: 0 });
    const value = await open
      .locator('select[name="instrument"] option')
      .evaluateAll((options) =>
        (options as HTMLOptionElement[]).map((o) => o.value).find((v) => v.startsWith('khao-sat-sinh-hoat@')),
      );
    if (value) await open.locator('select[name="instrument"]').selectOption(value);
    await open.locator('input[name="period"]').fill('2026-Q1');
    await open.locator('input[name="cell"]').fill('CB-01');
    await open.locator('input[name="cell-name"]').fill(`Chi bộ ${XSS_CELL}`);
    await open.locator('button[type="submit"]').click();
    await page.locator('[data-collection]').waitFor({ timeout: 15_000 });
    assert.deepEqual(await traces(page), CLEAN, 'collection with a hostile cell name');

    // Every file of the corpus at once, plus a 40 MB file (sparse on disk).
    const dir = mkdtempSync(path.join(tmpdir(), 'phieu-hostile-'));
    try {
      const big = path.join(dir, 'big-40mb.json');
      const fd = openSync(big, 'w');
      writeSync(fd, '{"format":"phieu-chi-bo","formatVersion":1,"payload":"');
      ftruncateSync(fd, 40 * 1024 * 1024);
      closeSync(fd);
      const files = [...corpus.map((e) => path.join(corpusDir, e.file)), big];
      const before = await lastRun(page);
      await page.locator('input[type="file"][data-input="files"]').setInputFiles(files);
      await waitForImport(page, before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const counts = Object.fromEntries(
      await page
        .locator('.import-status [data-status]')
        .evaluateAll((items) =>
          items.map((li) => [li.getAttribute('data-status') ?? '', Number(li.getAttribute('data-n'))]),
        ),
    ) as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    // The valid response files of this survey are kept; the bad ones are set aside, each with a
    // reason (the backup is not a bundle but the page reads it as a backup; the 40 MB file is refused).
    const refused = corpus.filter((e) => e.expect !== 'ok' && !e.file.startsWith('backup-')).length + 1;
    assert.ok(
      (counts['added'] ?? 0) + (counts['replaced'] ?? 0) + (counts['duplicate'] ?? 0) >= 1,
      JSON.stringify(counts),
    );
    assert.ok((counts['rejected'] ?? 0) >= refused, `${refused} refused at least: ${JSON.stringify(counts)}`);
    assert.ok(total >= corpus.length + 1, `every file accounted for: ${JSON.stringify(counts)}`);
    await page.locator('details.notes').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const notes = await page.locator('.notes-list').innerText();
    const refusedNames = [...corpus.filter((e) => e.expect !== 'ok').map((e) => e.file), 'big-40mb.json'];
    for (const name of refusedNames) assert.ok(notes.includes(name), `${name} is named in the import notes`);
    assert.deepEqual(await traces(page), CLEAN, 'after importing the corpus');

    // Over the import worker's threshold (200 files): the files are read in a module worker,
    // which the policy must allow (worker-src 'self') without falling back to the main thread.
    const one = readFileSync(path.join(corpusDir, 'valid-survey-xss-text.json'));
    const many = Array.from({ length: 240 }, (_, i) => ({
      name: `many-${i}.json`,
      mimeType: 'application/json',
      buffer: one,
    }));
    const beforeMany = await lastRun(page);
    await page.locator('input[type="file"][data-input="files"]').setInputFiles(many);
    const { via } = await waitForImport(page, beforeMany);
    assert.equal(via, 'worker');
    const counted = await page
      .locator('.import-status [data-status]')
      .evaluateAll((items) => items.reduce((sum, li) => sum + Number(li.getAttribute('data-n')), 0));
    assert.equal(counted, 240);
    assert.deepEqual(await traces(page), CLEAN, 'after a batch read in the import worker');

    // Pasted codes, garbage included.
    await page.locator('#collect-paste').fill(codes.map((c) => c.text).join('\n\n'));
    const beforePaste = await lastRun(page);
    await page.locator('form.paste button[type="submit"]').click();
    await waitForImport(page, beforePaste, 30_000);
    assert.deepEqual(await traces(page), CLEAN, 'after pasting the codes');

    // Reload: what was stored (names, cell names, answers with HTML) is shown again, still inert.
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-ready="yes"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    assert.deepEqual(await traces(page), CLEAN, 'after reloading the collection');
    assert.deepEqual(dialogs, []);
  });

  it('asked nothing of any other server throughout', () => {
    assert.deepEqual(tab.externalRequests(), []);
    console.log(`security: ${tab.requests.length} requests seen, none to another origin`);
  });
});

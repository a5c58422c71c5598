// Hostile text on the collection page: a .txt of codes each unpacking to 512 KiB and a paste of
// megabytes are read in the import worker (never on the page), within the caps per text (the codes
// past a cap get one line saying how many were not read), and every later import still works.
// The longest main-thread task seen is printed (a figure, not a timed assertion).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { encodeBundleCode, serializeBundle, writeResponseBundle } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import { codeFloodText } from '../../bench/flood.mjs';
import { launchBrowser, newPage, type TestPage } from './harness.ts';
import { countOf, importDone, openCollectPage } from './collect-page.ts';

const survey = realInstruments().find((i) => i.id === 'khao-sat-sinh-hoat')!;
const answers = [...generateResponses(survey, { count: 6, seed: 'flood', cells: 1, period: '2026-Q4' })];
const bundles = answers.map((r) =>
  writeResponseBundle({ instrument: survey, response: r, app: 'test', createdAt: '2026-12-01' }),
);

/** Prints the longest main-thread task since the last call (a figure for the report, not an assertion). */
async function printLongest(page: Page, what: string): Promise<void> {
  const ms = await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    const m = w.__longest;
    w.__longest = 0;
    return m;
  });
  process.stdout.write(`# longest main-thread task during ${what}: ${Math.round(ms)} ms\n`);
}

async function viaOf(page: Page): Promise<string | null> {
  return page.locator('[data-import-state="done"]').getAttribute('data-via');
}

describe('collection page: hostile text', () => {
  let browser: Browser;
  let tab: TestPage;

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    await openCollectPage(tab.page);
    await tab.page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
  });
  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('reads a .txt of 520 codes of 512 KiB in the worker: 512 read and refused one by one, one line for the 8 left', async () => {
    const { page } = tab;
    const good = bundles.slice(0, 2).map((b) => encodeBundleCode(b));
    const text = `Gửi chị:\n${good.join('\n')}\n${codeFloodText(520)}`;
    await page.setInputFiles('input[data-input="files"]', [
      { name: 'ma-chat.txt', mimeType: 'text/plain', buffer: Buffer.from(text) },
    ]);
    await importDone(page, 1);
    assert.equal(await viaOf(page), 'worker');
    assert.equal(await countOf(page, 'added'), 2);
    // 512 of the 520 are read (the cap of 256 MB unpacked per text) and refused; 8 are left, in one line.
    assert.equal(await countOf(page, 'rejected'), 513);
    // The line for the codes left is shown even past the list's first 500 lines.
    assert.match(await page.locator('.notes-list').innerText(), /ma-chat\.txt #515: .*8 mã sau cùng không được đọc/);
    await printLongest(page, 'the .txt of codes');
  });

  it('reads a paste of megabytes in the worker, and the next import works', async () => {
    const { page } = tab;
    const chat = 'Chị ơi em gửi phiếu ạ, mạng yếu nên gửi lại. '.repeat(40_000);
    const paste = `${chat}\n${encodeBundleCode(bundles[2]!)}\n${chat}\n${encodeBundleCode(bundles[3]!)}`;
    await page.locator('#collect-paste').evaluate((el, value) => {
      (el as HTMLTextAreaElement).value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, paste);
    await page.click('form.paste button[type="submit"]');
    await importDone(page, 2);
    assert.equal(await viaOf(page), 'paste');
    await printLongest(page, 'the paste (the browser laying out a 3.6 MB textarea included)');
    assert.equal(await countOf(page, 'added'), 2);

    await page.setInputFiles('input[data-input="files"]', [
      { name: 'phieu.json', mimeType: 'application/json', buffer: Buffer.from(serializeBundle(bundles[4]!)) },
    ]);
    await importDone(page, 3);
    assert.equal(await countOf(page, 'added'), 1);
    assert.match(await page.locator('[data-count="responses"]').innerText(), /5/);
    await printLongest(page, 'the next import');
  });
});

// The collection page when storage fails: a write refused (quota exceeded) never drops an import.
// The answers stay on the page with a visible "not saved: download a backup", the import queue
// goes on (every later import works), and a report imported meanwhile does not stay "running".
// When the page's instruments file cannot be loaded, the page says so instead of a dead island.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  buildReport,
  createUnitTally,
  scoreResponse,
  serializeBundle,
  writeReportBundle,
  writeResponseBundle,
  type Instrument,
  type Response,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import { launchBrowser, newPage, siteUrl, type TestPage } from './harness.ts';
import { countOf, importDone, openCollectPage } from './collect-page.ts';

const survey = realInstruments().find((i) => i.id === 'khao-sat-sinh-hoat')!;
const PERIOD = '2026-Q4';

function fileOf(name: string, text: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/json', buffer: Buffer.from(text) };
}
function responseFile(ins: Instrument, r: Response, name: string) {
  return fileOf(
    name,
    serializeBundle(writeResponseBundle({ instrument: ins, response: r, app: 'test', createdAt: '2026-12-01' })),
  );
}

/** Makes every IndexedDB write fail as a full disk does (reads still work). */
async function fillStorage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const full = (): never => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
  });
}

async function responsesShown(page: Page): Promise<string> {
  return (await page.locator('[data-count="responses"]').innerText()).trim();
}

describe('collection page: storage faults', () => {
  let browser: Browser;
  let tab: TestPage;

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, {
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'block',
      acceptDownloads: true,
    });
    await openCollectPage(tab.page);
  });
  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('keeps answers imported while storage is full, says they are not saved, and goes on importing', async () => {
    const { page } = tab;
    const answers = [...generateResponses(survey, { count: 6, seed: 'faults', cells: 1, period: PERIOD })];
    // Whether leaving the page now would ask first (a beforeunload listener cancels the event).
    const asksBeforeLeaving = () =>
      page.evaluate(() => {
        const e = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(e);
        return e.defaultPrevented;
      });
    assert.equal(await asksBeforeLeaving(), false, 'nothing unsaved yet');
    await fillStorage(page);

    await page.setInputFiles(
      'input[data-input="files"]',
      answers.slice(0, 3).map((r, i) => responseFile(survey, r, `phieu-${i}.json`)),
    );
    await importDone(page, 1);
    assert.equal(await countOf(page, 'added'), 3);
    await page.waitForSelector('[data-import-unsaved]');
    await page.waitForSelector('[data-saved="no"]');
    assert.match(await responsesShown(page), /3/);
    assert.equal(await asksBeforeLeaving(), true, 'answers only in memory: leaving asks first');

    // The queue recovered: the next import runs and adds to what is in memory.
    await page.setInputFiles(
      'input[data-input="files"]',
      answers.slice(3).map((r, i) => responseFile(survey, r, `phieu-${i + 3}.json`)),
    );
    await importDone(page, 2);
    assert.equal(await countOf(page, 'added'), 3);
    assert.match(await responsesShown(page), /6/);
    await page.waitForSelector('[data-import-unsaved]');

    // A report imported while storage is full finishes, and is on the page.
    const tally = createUnitTally(survey, 'CB-0009', 5);
    for (const r of answers.slice(0, 3)) tally.add({ ...r, cell: 'CB-0009' }, scoreResponse(survey, r.answers));
    const report = buildReport(survey, PERIOD, 'CB-0009', [tally.unit()]);
    const text = serializeBundle(writeReportBundle({ report, app: 'test', createdAt: '2026-12-01T08:00:00+07:00' }));
    await page.setInputFiles('input[data-input="files"]', [fileOf('bao-cao.json', text)]);
    await importDone(page, 3);
    assert.equal(await countOf(page, 'report'), 1);
    await page.waitForSelector('[data-merge="1"]');
    await page.waitForSelector('[data-import-unsaved]');

    // The backup of what is in memory downloads, with every answer in it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="backup"]')]);
    const backup = JSON.parse(await readFile(await download.path(), 'utf8')) as { responses: unknown[] };
    assert.equal(backup.responses.length, 6);
  });

  it('says what to do when the instruments file cannot be loaded, and keeps what is stored', async () => {
    const broken = await newPage(browser, { viewport: { width: 360, height: 640 }, serviceWorkers: 'block' });
    try {
      const { page } = broken;
      await page.route('**/du-lieu/*.json', (route) => route.abort('internetdisconnected'));
      await page.goto(siteUrl('tong-hop/'), { waitUntil: 'load' });
      const alert = page.locator('[role="alert"]', { hasText: 'không tải được các mẫu phiếu' });
      await alert.waitFor();
      assert.match(await alert.innerText(), /tải lại trang khi có mạng/);
      // Nothing half-working is left on the page: no import buttons that could not read a file.
      assert.equal(await page.locator('input[type="file"], textarea, select').count(), 0);
    } finally {
      await broken.close();
    }
  });
});

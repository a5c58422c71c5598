// Round links in a real Chromium: the secretary opens a round on the collection page and gets a
// link and a QR code drawn on the page (the QR read back from the canvas's pixels gives the same
// link); the link opens the form at 360 px with the cell and period filled in and locked, the page
// no wider than the screen; a cell typed in lower case on the collection page is the same cell.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import decodeQR from 'qr/decode.js';
import type { Browser } from 'playwright-core';
import type { Instrument } from '../../src/core/index.ts';
import { realInstruments } from '../builders.ts';
import { launchBrowser, newPage, siteUrl, type TestPage } from './harness.ts';
import { openCollectPage } from './collect-page.ts';

const survey = realInstruments().find((i) => i.kind === 'meeting-survey') as Instrument;

describe('round links', () => {
  let browser: Browser;
  let tab: TestPage;
  let link = '';

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await openCollectPage(tab.page);
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('gives the open round a link and a QR code drawn on the page that reads back to the link', async () => {
    const page = tab.page;
    await page.selectOption('select[name="instrument"]', `${survey.id}@${survey.version}`);
    await page.fill('input[name="period"]', '2026-Q4');
    await page.fill('input[name="cell"]', '  cb\u20110042 ');
    await page.fill('input[name="cell-name"]', 'Chi bộ Khu phố 4');
    await page.click('.form-grid button[type="submit"]');
    await page.waitForSelector('[data-collection]');
    assert.match(await page.locator('.current').innerText(), /\(CB-0042\)/);
    await page.click('[data-action="round-link"]');
    await page.waitForSelector('canvas.qr[data-qr="drawn"]');
    link = (await page.locator('[data-round-link]').getAttribute('data-round-link')) ?? '';
    assert.ok(link.startsWith(siteUrl(`phieu/${survey.id}/#v=1&cell=CB-0042&period=2026-Q4`)), link);
    const image = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.qr')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return { width: data.width, height: data.height, data: [...data.data] };
    });
    const decoded = decodeQR({ width: image.width, height: image.height, data: new Uint8Array(image.data) });
    assert.equal(decoded, link);
  });

  it('opens the form at 360 px with the cell and period filled in and locked', async () => {
    const phone = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      await phone.page.goto(link, { waitUntil: 'load' });
      await phone.page.waitForSelector('form[data-round="locked"]');
      const cell = phone.page.locator('#ctx-cell');
      assert.equal(await cell.inputValue(), 'CB-0042');
      assert.equal(await cell.evaluate((el) => (el as HTMLInputElement).readOnly), true);
      assert.equal(await phone.page.locator('#ctx-period').inputValue(), '2026-Q4');
      const choosable = await phone.page
        .locator('#ctx-period option')
        .evaluateAll((os) =>
          os.filter((o) => !(o as HTMLOptionElement).disabled).map((o) => (o as HTMLOptionElement).value),
        );
      assert.deepEqual(choosable, ['2026-Q4']);
      assert.match(await phone.page.locator('.round-note').innerText(), /Chi bộ Khu phố 4 \(CB-0042\)/);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `page is ${width} px wide`);
    } finally {
      await phone.close();
    }
  });

  it('says why a damaged link cannot be used, and leaves the fields free', async () => {
    const phone = await newPage(browser, { viewport: { width: 360, height: 740 } });
    try {
      await phone.page.goto(siteUrl(`phieu/${survey.id}/#v=1&cell=%3Cb%3E&period=2026-Q4`), { waitUntil: 'load' });
      await phone.page.waitForSelector('form[data-round="bad"]');
      assert.match(await phone.page.locator('.round-note[role="alert"]').innerText(), /Mã chi bộ trong liên kết/);
      assert.equal(await phone.page.locator('#ctx-cell').evaluate((el) => (el as HTMLInputElement).readOnly), false);
    } finally {
      await phone.close();
    }
  });
});

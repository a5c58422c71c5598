// Reports that say the right thing and a layout that holds with any text, in a real Chromium:
// hostile names (120 letters with no space, an unclosed right-to-left override, stacked combining
// marks) neither widen the page nor reorder the other names nor spill over other rows; the printed
// report of a named instrument lists each member with computed, proposed and decided levels; the
// CSV's name carries the instrument, its formula-like cells are defused and its ids left alone; an
// anonymous cell below the threshold gets no scores in its CSV.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Download, Page } from 'playwright-core';
import { serializeBundle, writeResponseBundle, type Instrument, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import { launchBrowser, newPage, type TestPage } from './harness.ts';
import { importDone, openCollectPage } from './collect-page.ts';

const instruments = realInstruments();
const selfAssessment = instruments.find((i) => i.kind === 'self-assessment') as Instrument;
const survey = instruments.find((i) => i.kind === 'meeting-survey') as Instrument;
const PERIOD = '2026-Q4';
const LONG = 'Nguyễn'.repeat(20); // 120 letters, no space
const RLO = '\u202EPhạm Văn Đảo';
const STACKED = `Z${'\u0301\u0300\u0302\u0303'.repeat(20)}algo`;
const FORMULA = '\u00A0=HYPERLINK("http://x","y")';

function fileOf(name: string, ins: Instrument, response: Response) {
  const text = serializeBundle(
    writeResponseBundle({ instrument: ins, response, app: 'test', createdAt: '2026-12-01T08:00:00+07:00' }),
  );
  return { name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') };
}

async function downloadOf(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

describe('collection page: reports and layout with any text', () => {
  let browser: Browser;
  let tab: TestPage;
  const names = [LONG, RLO, 'Trần Thị Bình', STACKED, FORMULA];
  const sheets = [...generateResponses(selfAssessment, { count: 5, seed: 'text', cells: 1, period: PERIOD })].map(
    (r, i) => ({ ...r, id: `-text-${i}-abcd`, respondent: { name: names[i]! } }),
  );

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, { viewport: { width: 1024, height: 900 }, acceptDownloads: true });
    await openCollectPage(tab.page);
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('keeps the page within its width, each name isolated and stacked marks inside their line', async () => {
    const page = tab.page;
    await page.setInputFiles(
      'input[data-input="files"]',
      sheets.map((r, i) => fileOf(`p${i}.json`, selfAssessment, r)),
    );
    await importDone(page, 1);
    await page.fill('#roster-names', [...names, 'Lê Văn Chưa Gửi'].join('\n'));
    await page.click('form:has(#roster-names) button[type="submit"]');
    await page.waitForSelector('[data-roster="5/6"]');
    await page.click('[data-action="dashboard"]');
    await page.waitForSelector('[data-dashboard="shown"]');
    await page.waitForSelector('.members-table');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1024, `page is ${width} px wide`);
    // Every name shown from a file is in its own <bdi> (direction isolated: the override stays inside).
    const unisolated = await page.evaluate((rlo) => {
      const bad: string[] = [];
      const walk = document.createTreeWalker(document.querySelector('.collect-app')!, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode())
        if (n.textContent?.includes(rlo) && !n.parentElement?.closest('bdi, textarea')) bad.push(n.textContent);
      return bad;
    }, '\u202E');
    assert.deepEqual(unisolated, []);
    assert.equal(
      await page
        .locator('bdi.name')
        .first()
        .evaluate((el) => getComputedStyle(el).unicodeBidi),
      'isolate',
    );
    // Stacked marks are clipped to the name's box: no taller than a few lines of text.
    const heights = await page
      .locator('bdi.name', { hasText: 'algo' })
      .evaluateAll((els) => els.map((el) => [el.getBoundingClientRect().height, getComputedStyle(el).overflow]));
    assert.ok(heights.length > 0);
    for (const [h, overflow] of heights) {
      assert.equal(overflow, 'hidden');
      assert.ok(Number(h) < 60, `a stacked name is ${h} px tall`);
    }
  });

  it('shows each member as a block on a 360 px phone: names whole, the choice readable', async () => {
    const page = tab.page;
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 360);
      // An ordinary name on one line (it broke mid-syllable, a letter or two per line, in a column).
      const binh = page.locator('.members-table bdi.name', { hasText: 'Trần Thị Bình' });
      const box = (await binh.boundingBox())!;
      assert.ok(box.height < 30 && box.width > 80, `the name is ${box.width}×${box.height} px`);
      const select = (await page.locator('.members-table select').first().boundingBox())!;
      assert.ok(select.width > 200, `the choice is ${select.width} px wide`);
      // Every file chooser fits the page (the key restore form's widened it to 412 px).
      const chooser = await page.evaluate(() =>
        Math.max(...[...document.querySelectorAll('input[type="file"]')].map((e) => e.getBoundingClientRect().right)),
      );
      assert.ok(chooser <= 360, `a file chooser reaches ${chooser} px`);
    } finally {
      await page.setViewportSize({ width: 1024, height: 900 });
    }
  });

  it('prints each member with computed, proposed and decided levels, and the levels as the result', async () => {
    const page = tab.page;
    const id = sheets[2]!.id;
    await page.selectOption(`select[name="decided-${id}"]`, selfAssessment.levels[1]!.id);
    await page.waitForSelector('[data-saved="yes"]');
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.click('[data-action="print"]');
    await page.waitForSelector('body[data-printed="yes"] [data-print-table="members"]');
    const rows = page.locator('[data-print-table="members"] tbody tr');
    assert.equal(await rows.count(), 5);
    // In the order people read names (Vietnamese collation), not the report file's code-unit order.
    const printed = await page
      .locator('[data-print-table="members"] tbody bdi.name')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const collated = await page.evaluate((xs) => [...xs].sort((a, b) => a.localeCompare(b, 'vi')), printed);
    assert.deepEqual(printed, collated);
    const binh = await rows.filter({ hasText: 'Trần Thị Bình' }).innerText();
    assert.ok(binh.includes(selfAssessment.levels[1]!.label.vi), binh);
    const result = await page.locator('[data-print-figure="result"]').innerText();
    for (const l of selfAssessment.levels) assert.ok(result.includes(l.label.vi), result);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.waitForSelector('.print-sheet', { state: 'detached' });
  });

  it('names the CSV after its instrument, defuses formulas and leaves ids alone', async () => {
    const { name, text } = await downloadOf(tab.page, '[data-action="export-csv"]');
    assert.equal(name, `phieu-${selfAssessment.id}-cb-0001-${PERIOD}.csv`);
    assert.ok(text.includes(`'\u00A0=HYPERLINK(""http://x"",""y"")`), 'the formula is defused');
    assert.ok(text.includes(',-text-0-abcd,'), 'an id starting with "-" is left as it is');
    const report = await downloadOf(tab.page, '[data-action="export-report"]');
    assert.equal(report.name, `bao-cao-${selfAssessment.id}-cb-0001-${PERIOD}.json`);
  });

  it('gives an anonymous cell below the threshold a CSV without scores', async () => {
    const page = tab.page;
    await page.click('text=Đóng');
    const [one] = [...generateResponses(survey, { count: 1, seed: 'one', cells: 1, period: PERIOD })];
    await page.setInputFiles('input[data-input="files"]', [fileOf('one.json', survey, one!)]);
    await importDone(page, 2);
    await page.waitForSelector('[data-action="export-csv"]:not([disabled])');
    const { name, text } = await downloadOf(page, '[data-action="export-csv"]');
    assert.ok(name.startsWith(`phieu-${survey.id}-`), name);
    const [, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    const cells = row!.split(',');
    assert.match(row!, /Ẩn điểm/);
    // Total and level (columns 6 and 7 of an anonymous survey) are empty.
    assert.equal(cells[5], '');
    assert.equal(cells[6], '');
  });
});

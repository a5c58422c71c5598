// Member identity on the collection page, in a real Chromium: two members with one name stay two;
// one member's second sheet from another device (typed without diacritics) is a conflict shown with
// both sheets and counted once until the secretary keeps one; the decision and a decided level
// survive a reload. Names are isolated for direction (<bdi>).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { serializeBundle, writeResponseBundle, type Instrument, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import { launchBrowser, newPage, type TestPage } from './harness.ts';
import { importDone, openCollectPage, reloadCollectPage } from './collect-page.ts';

const selfAssessment = realInstruments().find((i) => i.kind === 'self-assessment') as Instrument;
const PERIOD = '2026-Q4';

function fileOf(name: string, ins: Instrument, response: Response, createdAt: string) {
  const text = serializeBundle(writeResponseBundle({ instrument: ins, response, app: 'test', createdAt }));
  return { name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') };
}

describe('collection page: one member, one count', () => {
  let browser: Browser;
  let tab: TestPage;
  const base = [...generateResponses(selfAssessment, { count: 5, seed: 'identity', cells: 1, period: PERIOD })];
  const names = ['Nguyễn Văn An', 'Nguyễn Văn An', 'Trần Thị Bình', 'Lê Đức Cường', 'Phạm Thu Dung'];
  const sheets = base.map((r, i) => ({ ...r, id: `thiet-bi-${i}-aaaa`, respondent: { name: names[i]! } }));
  // Trần Thị Bình again, from a laptop, typed without diacritics: another sheet id, sent later.
  const laptop = { ...base[2]!, id: 'may-tinh-2-bbbb', respondent: { name: 'tran thi binh' } };

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await openCollectPage(tab.page);
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('keeps two members with one name as two, and counts a member on two devices once', async () => {
    const files = sheets.map((r, i) => fileOf(`phieu-${i}.json`, selfAssessment, r, '2026-12-01T08:00:00+07:00'));
    files.push(fileOf('binh-laptop.json', selfAssessment, laptop, '2026-12-02T08:00:00+07:00'));
    await tab.page.setInputFiles('input[data-input="files"]', files);
    await importDone(tab.page, 1);
    await tab.page.fill('#roster-names', names.join('\n'));
    await tab.page.click('form:has(#roster-names) button[type="submit"]');
    await tab.page.waitForSelector('[data-roster="5/5"]');
    // Five members counted, six sheets kept (both said, as the saved list counts files); one
    // conflict with both sheets visible.
    assert.match(await tab.page.locator('[data-count="responses"]').innerText(), /\b5\b/);
    assert.match(await tab.page.locator('[data-count="files"]').innerText(), /\b6 tệp đã nhận\b/);
    assert.equal(await tab.page.locator('.members[data-conflicts="1"]').count(), 1);
    const conflict = tab.page.locator('.conflict');
    assert.equal(await conflict.locator('[data-sheet]').count(), 2);
    assert.equal(await conflict.locator('[data-sheet="may-tinh-2-bbbb"][data-counted="yes"]').count(), 1);
    assert.equal(await conflict.locator('[data-sheet="thiet-bi-2-aaaa"][data-counted="no"]').count(), 1);
    // Both An are in the members' table.
    assert.equal(await tab.page.locator('.members-table tr[data-member] bdi:text-is("Nguyễn Văn An")').count(), 2);
  });

  it('settles the conflict by keeping the first sheet, and keeps that after a reload', async () => {
    await tab.page.click('[data-sheet="thiet-bi-2-aaaa"] [data-action="keep-sheet"]');
    await tab.page.waitForSelector('.members[data-conflicts="0"]');
    assert.equal(await tab.page.locator('.members-table tr[data-member="thiet-bi-2-aaaa"]').count(), 1);
    assert.equal(await tab.page.locator('.members-table tr[data-member="may-tinh-2-bbbb"]').count(), 0);
    await tab.page.selectOption('select[name="decided-thiet-bi-0-aaaa"]', { index: 1 });
    await tab.page.waitForSelector('[data-saved="yes"]');
    await reloadCollectPage(tab.page);
    await tab.page.waitForSelector('.members[data-conflicts="0"]');
    assert.match(await tab.page.locator('[data-count="responses"]').innerText(), /\b5\b/);
    assert.equal(await tab.page.locator('[data-settled] [data-sheet]').count(), 2);
    assert.notEqual(await tab.page.locator('select[name="decided-thiet-bi-0-aaaa"]').inputValue(), '');
    // Names are isolated for direction wherever the page lists them.
    assert.ok((await tab.page.locator('.members bdi.name').count()) >= 5);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { formatViolations, launchBrowser, newPage, runAxe, siteUrl, type TestPage } from './harness.ts';

describe('home page', () => {
  let browser: Browser;
  let tab: TestPage;

  before(async () => {
    browser = await launchBrowser();
    tab = await newPage(browser);
    const response = await tab.page.goto(siteUrl(), { waitUntil: 'load' });
    assert.equal(response?.status(), 200, `GET ${siteUrl()}`);
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
  });

  it('is in Vietnamese and has one main heading', async () => {
    assert.equal(await tab.page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(await tab.page.locator('h1').count(), 1);
    assert.notEqual((await tab.page.locator('h1').innerText()).trim(), '');
  });

  it('asks nothing of any other server', () => {
    assert.deepEqual(tab.externalRequests(), []);
  });

  it('loads without errors', () => {
    assert.deepEqual(tab.failedRequests, []);
    assert.deepEqual(tab.errorResponses, []);
    assert.deepEqual(tab.pageErrors, []);
  });

  it('has no serious or critical accessibility violations', async () => {
    const violations = await runAxe(tab.page);
    assert.equal(violations.length, 0, formatViolations(violations));
  });
});

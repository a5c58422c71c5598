// What the collection page's browser tests share: waiting for an import, reading its counts.
import type { Page } from 'playwright-core';
import { siteUrl } from './harness.ts';

/** Waits for the n-th import of the page to finish. */
export async function importDone(page: Page, run: number): Promise<void> {
  await page.waitForSelector(`[data-import-state="done"][data-run="${run}"]`, { timeout: 120_000 });
}

/** How many files of the last import ended with a status (added, duplicate, invalid…); 0 if none. */
export async function countOf(page: Page, status: string): Promise<number> {
  const el = page.locator(`.counts [data-status="${status}"]`);
  return (await el.count()) === 0 ? 0 : Number(await el.getAttribute('data-n'));
}

/** Opens the collection page and waits until its island is ready (storage open, last collection read). */
export async function openCollectPage(page: Page): Promise<void> {
  await page.goto(siteUrl('tong-hop/'), { waitUntil: 'load' });
  await page.waitForSelector('.collect-app[data-ready="yes"]');
}

/** Reloads the collection page and waits until its island is ready again. */
export async function reloadCollectPage(page: Page): Promise<void> {
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('.collect-app[data-ready="yes"]');
}

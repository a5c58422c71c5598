// What the collection page's browser tests share: waiting for an import, reading its counts.
import type { Page } from 'playwright-core';

/** Waits for the n-th import of the page to finish. */
export async function importDone(page: Page, run: number): Promise<void> {
  await page.waitForSelector(`[data-import-state="done"][data-run="${run}"]`, { timeout: 120_000 });
}

/** How many files of the last import ended with a status (added, duplicate, invalid…); 0 if none. */
export async function countOf(page: Page, status: string): Promise<number> {
  const el = page.locator(`.counts [data-status="${status}"]`);
  return (await el.count()) === 0 ? 0 : Number(await el.getAttribute('data-n'));
}

// How the collection page keeps a collection in IndexedDB (src/storage/collections.ts): a large
// import is stored in parts of 1,000 responses (written as the import goes, then the rest), a
// reload shows exactly what was saved, and a collection stored by the first version of the site
// (one record, tests/fixtures/stored/v1) still opens and is stored in parts from its next save.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { serializeBundle, writeResponseBundle, type Instrument, type Response } from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { allInstrumentVersions, realInstruments } from '../builders.ts';
import { launchBrowser, newPage, seedStore, siteUrl, type TestPage } from './harness.ts';
import { countOf, importDone, openCollectPage, reloadCollectPage } from './collect-page.ts';

const survey = realInstruments().find((i) => i.id === 'khao-sat-sinh-hoat')!;
/** The survey version the frozen stored collections of tests/fixtures/stored/ were made with. */
const survey2025 = allInstrumentVersions().find((i) => i.id === 'khao-sat-sinh-hoat' && i.version === '2025.1')!;

function fileOf(ins: Instrument, r: Response, createdAt = '2026-12-01'): Uint8Array {
  return new TextEncoder().encode(
    serializeBundle(writeResponseBundle({ instrument: ins, response: r, app: 'test', createdAt })),
  );
}

async function openPage(browser: Browser): Promise<TestPage> {
  const tab = await newPage(browser, { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await openCollectPage(tab.page);
  return tab;
}

interface StoredSummary {
  keys: string[];
  heads: { storeVersion: unknown; parts: unknown; count: unknown; responses: boolean }[];
  /** Per part key: its index and its responses as `id@revision`. */
  parts: Record<string, { index: unknown; sends: string[] }>;
}

/** What the `collections` store holds, read straight from IndexedDB. */
function storedOf(page: Page): Promise<StoredSummary> {
  return page.evaluate(
    () =>
      new Promise<StoredSummary>((resolve, reject) => {
        const request = indexedDB.open('phieu-chi-bo');
        request.onerror = () => reject(new Error(String(request.error)));
        request.onsuccess = () => {
          const db = request.result;
          const store = db.transaction('collections').objectStore('collections');
          const keys = store.getAllKeys();
          const values = store.getAll();
          store.transaction.oncomplete = () => {
            db.close();
            const out: StoredSummary = { keys: keys.result as string[], heads: [], parts: {} };
            keys.result.forEach((k, i) => {
              const v = values.result[i] as Record<string, unknown>;
              const key = k as string;
              if (key.startsWith('collection:'))
                out.heads.push({
                  storeVersion: v.storeVersion,
                  parts: v.parts,
                  count: v.count,
                  responses: 'responses' in v,
                });
              if (key.startsWith('part:'))
                out.parts[key] = {
                  index: v.index,
                  sends: (v.responses as { payload: { response: { id: string; revision: number } } }[]).map(
                    (b) => `${b.payload.response.id}@${b.payload.response.revision}`,
                  ),
                };
            });
            resolve(out);
          };
        };
      }),
  );
}

/** Stores entries in the `collections` store (see seedStore), from a page of the site without an island. */
async function seed(tab: TestPage, entries: Record<string, unknown>): Promise<void> {
  await tab.page.goto(siteUrl('phieu/khao-sat-sinh-hoat/in/'));
  await seedStore(tab.page, 'collections', entries);
}

describe('collection page: storage', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('stores a large import in parts and shows exactly what was saved after a reload', async () => {
    const answers = [...generateResponses(survey, { count: 2300, seed: 'parts', cells: 1, period: '2026-Q4' })];
    const first: Record<string, Uint8Array> = {};
    answers.forEach((r, i) => (first[`phieu-${i}.json`] = fileOf(survey, r)));
    // Then newer sends of five of them, and ten more.
    const more = [...generateResponses(survey, { count: 10, seed: 'more', cells: 1, period: '2026-Q4' })];
    const second: Record<string, Uint8Array> = {};
    answers
      .slice(0, 5)
      .forEach((r, i) => (second[`sua-${i}.json`] = fileOf(survey, { ...r, revision: r.revision + 1 }, '2026-12-02')));
    more.forEach((r, i) => (second[`them-${i}.json`] = fileOf(survey, r)));

    const tab = await openPage(browser);
    try {
      const { page } = tab;
      await page.setInputFiles('input[data-input="files"]', [
        { name: 'dot-1.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(first)) },
      ]);
      await importDone(page, 1);
      assert.equal(await countOf(page, 'added'), 2300);
      let stored = await storedOf(page);
      assert.equal(stored.heads.length, 1);
      assert.deepEqual(stored.heads[0], { storeVersion: 2, parts: 3, count: 2300, responses: false });
      const partKeys = Object.keys(stored.parts).sort();
      assert.deepEqual(
        partKeys.map((k) => k.slice(k.lastIndexOf('#'))),
        ['#0', '#1', '#2'],
      );
      assert.deepEqual(
        partKeys.map((k) => stored.parts[k]!.sends.length),
        [1000, 1000, 300],
      );
      const ids = (s: StoredSummary) =>
        Object.values(s.parts)
          .flatMap((p) => p.sends)
          .sort();
      assert.deepEqual(ids(stored), answers.map((r) => `${r.id}@${r.revision}`).sort());

      await page.setInputFiles('input[data-input="files"]', [
        { name: 'dot-2.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(second)) },
      ]);
      await importDone(page, 2);
      assert.equal(await countOf(page, 'replaced'), 5);
      assert.equal(await countOf(page, 'added'), 10);
      stored = await storedOf(page);
      assert.deepEqual(stored.heads[0], { storeVersion: 2, parts: 3, count: 2310, responses: false });
      const expected = [
        ...answers.slice(0, 5).map((r) => `${r.id}@${r.revision + 1}`),
        ...answers.slice(5).map((r) => `${r.id}@${r.revision}`),
        ...more.map((r) => `${r.id}@${r.revision}`),
      ].sort();
      assert.deepEqual(ids(stored), expected);

      await reloadCollectPage(page);
      await page.waitForSelector('[data-count="responses"]');
      assert.match(await page.locator('[data-count="responses"]').innerText(), /\b2[.,]?310\b/);
      // Importing everything again changes nothing: every file is already there.
      await page.setInputFiles('input[data-input="files"]', [
        { name: 'dot-2.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(second)) },
      ]);
      await importDone(page, 1);
      assert.equal(await countOf(page, 'duplicate'), 15);
      assert.deepEqual(ids(await storedOf(page)), expected);
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });

  it('opens a collection stored by version 1 and stores it in parts from its next save', async () => {
    const v1 = JSON.parse(
      readFileSync(new URL('../fixtures/stored/v1/collections-store.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const tab = await newPage(browser, { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    try {
      const { page } = tab;
      await seed(tab, v1);
      await openCollectPage(page);
      await page.waitForSelector('[data-count="responses"]');
      assert.match(await page.locator('[data-count="responses"]').innerText(), /\b3\b/);
      assert.match(await page.locator('.current').innerText(), /CB-07/);
      assert.deepEqual((await storedOf(page)).heads, [
        { storeVersion: 1, parts: undefined, count: undefined, responses: true },
      ]);

      const [r] = [...generateResponses(survey2025, { count: 1, seed: 'v1-next', cells: 1, period: '2026-Q3' })];
      await page.setInputFiles('input[data-input="files"]', [
        {
          name: 'moi.json',
          mimeType: 'application/json',
          buffer: Buffer.from(fileOf(survey2025, { ...r!, cell: 'CB-07' })),
        },
      ]);
      await importDone(page, 1);
      assert.equal(await countOf(page, 'added'), 1);
      const stored = await storedOf(page);
      assert.deepEqual(stored.heads, [{ storeVersion: 2, parts: 1, count: 4, responses: false }]);
      assert.equal(Object.values(stored.parts)[0]?.sends.length, 4);

      await reloadCollectPage(page);
      await page.waitForSelector('[data-count="responses"]');
      assert.match(await page.locator('[data-count="responses"]').innerText(), /\b4\b/);
      assert.deepEqual(tab.pageErrors, []);
    } finally {
      await tab.close();
    }
  });
  it('says so when a stored merge holds a report that no longer reads, instead of dropping it', async () => {
    // A merge stored before reports were checked: one of its reports has level counts that do not
    // add up to its responses (tests/fixtures/hostile), which every reader now refuses.
    const forged: unknown = JSON.parse(
      readFileSync(new URL('../fixtures/hostile/report-levels-mismatch.json', import.meta.url), 'utf8'),
    );
    const tab = await newPage(browser, { viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    try {
      await seed(tab, {
        'merge:khao-sat-sinh-hoat@2025.1|2026-Q1': {
          storeVersion: 1,
          instrumentId: 'khao-sat-sinh-hoat',
          instrumentVersion: '2025.1',
          period: '2026-Q1',
          scopeCode: 'DU-01',
          scopeName: 'Đảng ủy 1',
          reports: [forged],
          updatedAt: 1,
        },
      });
      await openCollectPage(tab.page);
      await importDone(tab.page, 1);
      assert.equal(await countOf(tab.page, 'rejected'), 1);
    } finally {
      await tab.close();
    }
  });
});

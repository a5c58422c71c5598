// Sealed surveys end to end in a real Chromium, one browser context (profile) per person: a
// committee makes its key; three members answer from a link carrying it and send sealed files
// (two as files, one as a paste code); the secretary imports them, sees only how many, and sends
// a shuffled batch up; the committee opens it. The secretary's device never holds a plain answer
// (its IndexedDB and every file it exports are checked after each step), the committee's view
// names no file and no order, and its report equals core's report of the same answers unsealed.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createCatalog, readBundle, reportOfResponses, type CollectedResponse } from '../../src/core/index.ts';
import { InstrumentSchema, type Instrument } from '../../src/core/instrument.ts';
import { readSealed } from '../../src/core/seal/index.ts';
import { restoreCommitteeKey } from '../../src/sealing/keys.ts';
import { openEnvelope } from '../../src/sealing/open.ts';
import { launchBrowser, newPage, type TestPage } from './harness.ts';
import { importDone, openCollectPage } from './collect-page.ts';

const instrumentsDir = path.resolve(import.meta.dirname, '../../src/content/instruments');
const instruments: Instrument[] = readdirSync(instrumentsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => InstrumentSchema.parse(JSON.parse(readFileSync(path.join(instrumentsDir, f), 'utf8'))));
const catalog = createCatalog(instruments);
const survey = instruments.find((i) => i.id === 'khao-sat-sinh-hoat')!;

const PASSPHRASE = 'ban thường vụ kiểm thử niêm phong';
const COMMENTS = [
  'Ý kiến riêng của đảng viên thứ nhất',
  'Ý kiến riêng của đảng viên thứ hai',
  'Ý kiến riêng của đảng viên thứ ba',
];
/** Words only a plain answer holds: none may reach the secretary's device. */
const PLAIN_MARKERS = [...COMMENTS, '"answers"', 'thematic-held', 'Ý kiến riêng'];

async function collectReady(page: Page): Promise<void> {
  await openCollectPage(page);
  await page.waitForSelector('[data-seal-panel]');
}

/** Every value of every object store of the site's database, as text. */
async function dumpDatabase(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const req = indexedDB.open('phieu-chi-bo');
        req.onerror = () => reject(new Error(String(req.error)));
        req.onsuccess = () => {
          const db = req.result;
          const names = [...db.objectStoreNames];
          if (names.length === 0) return resolve('');
          const tx = db.transaction(names, 'readonly');
          const parts: string[] = [];
          for (const n of names) {
            const r = tx.objectStore(n).getAll();
            r.onsuccess = () => parts.push(`${n}:${JSON.stringify(r.result)}`);
          }
          tx.oncomplete = () => resolve(parts.join('\n'));
        };
      }),
  );
}

function assertNoPlain(text: string, where: string): void {
  for (const m of PLAIN_MARKERS) assert.ok(!text.includes(m), `${where} holds "${m}"`);
}

async function answerSurvey(page: Page, comment: string): Promise<void> {
  await page.locator('#fa-score').waitFor();
  await page.locator('#q-thematic-held input[value="yes"]').check();
  // The questions that answer enables are painted enabled at the next frame.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
  const names = await page.$$eval('fieldset.item:not(:disabled)', (sets) =>
    sets.filter((s) => !s.querySelector('input:checked')).map((s) => s.getAttribute('data-item') ?? ''),
  );
  for (const name of names) {
    const first = page.locator(`#q-${name} input[type="radio"]`).first();
    if (await first.isEnabled()) await first.check();
  }
  await page.locator('#i-suggestions').fill(comment);
  await page.waitForFunction(() => document.getElementById('fa-problems') === null);
}

describe('sealed surveys: three members, a secretary and a committee', () => {
  let browser: Browser;
  const tabs: TestPage[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    for (const t of tabs) await t.close().catch(() => undefined);
    await browser?.close();
  });

  it('the secretary never holds a plain answer; the committee reads them, unlinked, and reports the same', async () => {
    // The committee makes its key (the backup downloads first).
    const committee = await newPage(browser, { acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    tabs.push(committee);
    await collectReady(committee.page);
    const warning = committee.page.locator('[data-seal-warning]');
    await committee.page.locator('.seal-keys details summary').first().click();
    assert.match(await warning.innerText(), /mất vĩnh viễn/);
    await committee.page.fill('input[name="passphrase"]', PASSPHRASE);
    await committee.page.fill('input[name="repeat"]', PASSPHRASE);
    const [backupDownload] = await Promise.all([
      committee.page.waitForEvent('download'),
      committee.page.locator('[data-form="create-key"] button[type="submit"]').click(),
    ]);
    const backupText = readFileSync(await backupDownload.path(), 'utf8');
    await committee.page.waitForSelector('[data-seal-keys] [data-fingerprint]');
    const fingerprint = (await committee.page
      .locator('[data-seal-keys] [data-fingerprint]')
      .getAttribute('data-fingerprint'))!;
    const pk = await committee.page.locator('[data-public-key]').inputValue();
    assert.equal(pk.length, 87);

    // The committee makes the cell's round link with its key inside.
    await committee.page.locator('.seal-link summary').click();
    await committee.page.fill('[data-form="seal-link"] input[name="cell"]', 'CB-07');
    await committee.page.fill('[data-form="seal-link"] input[name="period"]', '2026-Q4');
    await committee.page.locator('[data-form="seal-link"] button[type="submit"]').click();
    const roundLink = await committee.page.locator('[data-seal-link]').inputValue();
    assert.ok(roundLink.includes(`pk=${pk}`), roundLink);

    // Three members, each in a profile of their own, answer from the round link. (The query gives
    // the form its cell and period whether or not the form reads them from the link's fragment.)
    const link = roundLink.replace('/#', '/?cell=CB-07&period=2026-Q4#');
    const sent: { name: string; text: string }[] = [];
    let code = '';
    for (const [i, comment] of COMMENTS.entries()) {
      const member = await newPage(browser, { acceptDownloads: true });
      tabs.push(member);
      await member.page.goto(link);
      await answerSurvey(member.page, comment);
      await member.page.getByRole('button', { name: 'Tạo tệp để gửi' }).click();
      await member.page.waitForSelector(`[data-sealed-to="${fingerprint}"]`);
      const shownCode = await member.page.locator('#fa-code').inputValue();
      assertNoPlain(shownCode, 'the paste code');
      if (i === 2) code = shownCode;
      else {
        const [download] = await Promise.all([
          member.page.waitForEvent('download'),
          member.page.locator('[data-action="download"]').click(),
        ]);
        const text = readFileSync(await download.path(), 'utf8');
        assertNoPlain(text, 'a sealed file');
        assert.equal(download.suggestedFilename(), 'phieu-kin_khao-sat-sinh-hoat_cb-07_2026-q4.json');
        sent.push({ name: download.suggestedFilename().replace('.json', `-${i + 1}.json`), text });
      }
      // The member's own draft stays readable to them. Once sent (the file saved), it is set aside
      // for whoever opens the form next on this device (a phone handed round) and opened again by
      // its sender; the third member only looked at the code (nothing sent), so it is as it was.
      await member.page.reload();
      await member.page.locator('#fa-score').waitFor();
      if (i < 2) {
        await member.page.locator('.form-alert[data-alert="sent"]').waitFor();
        assert.equal(await member.page.locator('#i-suggestions').inputValue(), '');
        await member.page.getByRole('button', { name: 'Tôi là người đã gửi: mở lại để sửa' }).click();
      }
      await member.page.waitForFunction(
        (c) => (document.getElementById('i-suggestions') as HTMLTextAreaElement | null)?.value === c,
        comment,
      );
      assert.equal(await member.page.locator('#i-suggestions').inputValue(), comment);
    }

    // The secretary imports two files and one pasted code: only a count is shown.
    const secretary = await newPage(browser, { acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    tabs.push(secretary);
    await collectReady(secretary.page);
    await secretary.page.setInputFiles(
      'input[data-input="files"]',
      sent.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })),
    );
    await importDone(secretary.page, 1);
    await secretary.page.fill('#collect-paste', `Đồng chí C gửi: ${code}`);
    await secretary.page.locator('form.paste button[type="submit"]').click();
    await importDone(secretary.page, 2);
    await secretary.page.waitForSelector('[data-sealed-count="3"]');
    assertNoPlain(await secretary.page.locator('body').innerText(), 'the secretary’s page');
    assertNoPlain(await dumpDatabase(secretary.page), 'the secretary’s IndexedDB');
    // Identical files count once.
    await secretary.page.setInputFiles('input[data-input="files"]', [
      { name: 'lai.json', mimeType: 'application/json', buffer: Buffer.from(sent[0]!.text) },
    ]);
    await importDone(secretary.page, 3);
    assert.equal(await secretary.page.locator('[data-sealed-count]').getAttribute('data-sealed-count'), '3');

    const [batchDownload] = await Promise.all([
      secretary.page.waitForEvent('download'),
      secretary.page.locator('[data-action="export-sealed"]').click(),
    ]);
    const batchText = readFileSync(await batchDownload.path(), 'utf8');
    assertNoPlain(batchText, 'the sealed batch');
    for (const f of sent) assert.ok(!batchText.includes(f.name), 'the batch names no file');
    const batch = readSealed(batchText);
    assert.ok(batch.ok && batch.kind === 'sealed-batch');
    assert.equal(batch.batch.count, 3);
    assert.ok(!/createdAt|source|name/.test(Object.keys(batch.batch).join(',')));
    assertNoPlain(await dumpDatabase(secretary.page), 'the secretary’s IndexedDB after the export');

    // The committee imports the batch and opens it.
    await committee.page.setInputFiles('input[data-input="files"]', [
      { name: batchDownload.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(batchText) },
    ]);
    await importDone(committee.page, 1);
    await committee.page.locator('[data-action="open-sealed"]').click();
    await committee.page.waitForSelector('[data-seal-opened] [data-sheets="3"]');
    const view = await committee.page.locator('[data-seal-opened]').innerText();
    for (const c of COMMENTS) assert.ok(view.includes(c), `the committee reads "${c}"`);
    for (const f of sent) assert.ok(!view.includes(f.name), 'the committee sees no file name');
    assert.ok(!view.includes(batchDownload.suggestedFilename()));
    // Nothing decrypted is stored on the committee's device either.
    assertNoPlain(await dumpDatabase(committee.page), 'the committee’s IndexedDB');

    const [reportDownload] = await Promise.all([
      committee.page.waitForEvent('download'),
      committee.page.locator('[data-action="export-opened-report"]').click(),
    ]);
    const report = readBundle(readFileSync(await reportDownload.path(), 'utf8'), { catalog });
    assert.ok(report.ok && report.kind === 'report');

    // The same answers, unsealed (opened here in Node with the key's backup), give the same report.
    const key = await restoreCommitteeKey(backupText, PASSPHRASE);
    assert.ok(key.ok);
    const plain: CollectedResponse[] = [];
    for (const e of batch.batch.envelopes) {
      const opened = await openEnvelope(e, [key.key]);
      assert.ok(opened.ok);
      const r = readBundle(opened.plaintext, { catalog });
      assert.ok(r.ok && r.kind === 'response');
      plain.push({ bundle: r.bundle, score: r.score });
    }
    assert.deepEqual(report.bundle.payload, reportOfResponses(survey, '2026-Q4', { code: 'CB-07' }, plain));
  });

  it('the secretary puts the committee key into the open collection’s round link, and a bad key is refused', async () => {
    const tab = await newPage(browser, { viewport: { width: 1200, height: 900 } });
    tabs.push(tab);
    await collectReady(tab.page);
    const backup = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../fixtures/sealed/committee-key.phieu-key.json'), 'utf8'),
    ) as { publicKey: string; fingerprint: string };
    const plain = readFileSync(path.resolve(import.meta.dirname, '../fixtures/sealed/member-1.response.json'));
    await tab.page.setInputFiles('input[data-input="files"]', [
      { name: 'a.json', mimeType: 'application/json', buffer: plain },
    ]);
    await importDone(tab.page, 1);
    await tab.page.fill('input[name="committee-key"]', 'not a key');
    await tab.page.locator('[data-action="round-link"]').click();
    assert.match(await tab.page.locator('#round-key-hint').innerText(), /không phải khóa công khai hợp lệ/);
    assert.equal(await tab.page.locator('[data-round-link]').count(), 0, 'no link with a bad key');
    await tab.page.fill('input[name="committee-key"]', backup.publicKey);
    const link = await tab.page.locator('[data-round-link]').getAttribute('data-round-link');
    assert.ok(link?.includes(`pk=${backup.publicKey}`), String(link));
    assert.match(await tab.page.locator('#round-key-hint').innerText(), new RegExp(backup.fingerprint));
  });
});

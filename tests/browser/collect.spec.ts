// The secretary's collection page (issue 4) in a real Chromium: files made with core (the real
// instruments, synthetic answers) mixed with broken ones are imported through the file input;
// counts, reasons, dashboard charts, persistence across a reload, the cell report, the CSV, the
// backup, and the upper level's merge are checked. Text from files must stay text (no dialog).
// A timing run imports 1,000 files (and 10,000 with PHIEU_COLLECT_BENCH=10000).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { zipSync } from 'fflate';
import type { Browser, Download, Page } from 'playwright-core';
import {
  buildReport,
  createUnitTally,
  describeQuota,
  digestOf,
  encodeBundleCode,
  yearOfMonths,
  mergeReports,
  pickText,
  scoreResponse,
  serializeBundle,
  summarizeUnits,
  writeReportBundle,
  writeResponseBundle,
  type Instrument,
  type Report,
  type ReportBundle,
  type Response,
  type ResponseBundle,
} from '../../src/core/index.ts';
import { generateResponses } from '../../src/core/synth.ts';
import { realInstruments } from '../builders.ts';
import { formatViolations, launchBrowser, newPage, runAxe, siteUrl, type TestPage } from './harness.ts';
import { countOf, importDone, reloadCollectPage } from './collect-page.ts';

const instruments = realInstruments();
function instrumentOf(kind: Instrument['kind']): Instrument {
  const ins = instruments.find((i) => i.kind === kind);
  if (!ins) throw new Error(`no ${kind} instrument`);
  return ins;
}
const selfAssessment = instrumentOf('self-assessment');
const survey = instrumentOf('meeting-survey');
const PERIOD = '2026-Q4';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>Nguyễn "Lạ" </td><script>alert(2)</script>';
const HOSTILE_SCOPE = '<b onmouseover=alert(3)>Chi bộ 2</b>';

function bundleOf(ins: Instrument, response: Response, createdAt = '2026-12-01T08:00:00+07:00'): ResponseBundle {
  return writeResponseBundle({ instrument: ins, response, app: 'test', createdAt });
}

function fileOf(name: string, text: string | Buffer): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/json', buffer: typeof text === 'string' ? Buffer.from(text, 'utf8') : text };
}

/** Re-seals an edited envelope so it passes the digest check (to reach the checks after it). */
function reseal<T extends { digest: string }>(bundle: T): T {
  const { digest: _old, ...rest } = bundle;
  return { ...rest, digest: digestOf(rest) } as T;
}

function cellReport(
  ins: Instrument,
  responses: Response[],
  cell: string,
  scopeName?: string,
  expected?: number,
): Report {
  const tally = createUnitTally(ins, cell, expected);
  for (const r of responses) tally.add(r, scoreResponse(ins, r.answers));
  return buildReport(ins, PERIOD, cell, [tally.unit()], scopeName);
}

async function openPage(browser: Browser, pathInSite = 'tong-hop/'): Promise<TestPage> {
  const tab = await newPage(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const response = await tab.page.goto(siteUrl(pathInSite), { waitUntil: 'load' });
  assert.equal(response?.status(), 200);
  await tab.page.waitForSelector('.collect-app[data-ready="yes"]');
  return tab;
}

async function downloadOf(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

/** How many pixels of a canvas are painted (a drawn chart has many). */
async function paintedPixels(page: Page, chart: string): Promise<number> {
  return page.evaluate((name) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`);
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  }, chart);
}

describe('collection page', () => {
  let browser: Browser;
  let tab: TestPage;
  let dir: string;
  const dialogs: string[] = [];
  const members = [...generateResponses(selfAssessment, { count: 12, seed: 'collect-spec', cells: 1, period: PERIOD })];
  members[0]!.respondent = { name: HOSTILE_NAME, post: '<i>Đảng viên</i>' };
  let cellReportText = '';
  let backupText = '';

  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(tmpdir(), 'phieu-collect-'));
    tab = await openPage(browser);
    tab.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(async () => {
    await tab?.close();
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports good files, skips duplicates, keeps the newest send and explains every rejection', async () => {
    const files = members.map((r, i) => {
      const response = i === 1 ? { ...r, revision: 1 } : r;
      return fileOf(`phieu-${i + 1}.json`, serializeBundle(bundleOf(selfAssessment, response)));
    });
    // A second send of member 2, changed and with a higher revision.
    const resend = { ...members[1]!, revision: 2, answers: { ...members[1]!.answers, 'a2-digital': false } };
    files.push(
      fileOf('phieu-2-gui-lai.json', serializeBundle(bundleOf(selfAssessment, resend, '2026-12-02T08:00:00+07:00'))),
    );
    // The same file twice, under another name.
    files.push(fileOf('phieu-3 (1).json', files[2]!.buffer));
    // A score note that disagrees with the answers (re-sealed): accepted, flagged.
    const b4 = bundleOf(selfAssessment, members[3]!);
    files[3] = fileOf(
      'phieu-4.json',
      serializeBundle(reseal({ ...b4, payload: { ...b4.payload, score: { total: 1, level: 'khong-hoan-thanh' } } })),
    );
    // Broken files.
    const valid = serializeBundle(bundleOf(selfAssessment, members[4]!));
    files.push(fileOf('rong.json', ''));
    files.push(fileOf('cat-do.json', valid.slice(0, Math.floor(valid.length / 2))));
    const edited = JSON.parse(valid) as ResponseBundle;
    edited.payload.response.answers['a1-study'] = !edited.payload.response.answers['a1-study'];
    files.push(fileOf('da-sua.json', JSON.stringify(edited)));
    const other = bundleOf(selfAssessment, members[5]!);
    files.push(
      fileOf(
        'mau-khac.json',
        JSON.stringify(
          reseal({
            ...other,
            instrument: { ...other.instrument, id: 'phieu-khong-co' },
            payload: {
              ...other.payload,
              response: {
                ...other.payload.response,
                instrument: { id: 'phieu-khong-co', version: other.instrument.version },
              },
            },
          }),
        ),
      ),
    );
    files.push(fileOf('anh.jpg', randomBytes(3000)));
    // A valid response of another cell.
    const [stranger] = [
      ...generateResponses(selfAssessment, { count: 1, seed: 'stranger', cells: 1, period: PERIOD, startId: 2 }),
    ];
    files.push(fileOf('chi-bo-khac.json', serializeBundle(bundleOf(selfAssessment, stranger!))));

    await tab.page.setInputFiles('input[data-input="files"]', files);
    await importDone(tab.page, 1);
    assert.equal(await countOf(tab.page, 'added'), 12);
    assert.equal(await countOf(tab.page, 'replaced'), 1);
    assert.equal(await countOf(tab.page, 'duplicate'), 1);
    assert.equal(await countOf(tab.page, 'rejected'), 5);
    assert.equal(await countOf(tab.page, 'wrong-collection'), 1);
    assert.match(await tab.page.locator('[data-count="responses"]').innerText(), /\b12\b/);

    const notes = await tab.page.locator('.notes-list').innerText();
    assert.match(notes, /rong\.json: Tệp trống/);
    assert.match(notes, /cat-do\.json: Tệp bị hỏng hoặc bị cắt dở/);
    assert.match(notes, /da-sua\.json: Tệp đã bị sửa/);
    assert.match(notes, /mau-khac\.json: Trang này không có mẫu phiếu "phieu-khong-co"/);
    assert.match(notes, /anh\.jpg: Tệp (không phải văn bản|bị hỏng)/);
    assert.match(notes, /chi-bo-khac\.json: thuộc chi bộ CB-0002/);
    assert.match(notes, /phieu-3 \(1\)\.json: đã nhập rồi/);
    assert.match(notes, /phieu-2-gui-lai\.json: đã thay bản gửi trước/);
    assert.match(notes, /phieu-4\.json: đã nhận ⚑ Điểm ghi trong tệp \(1\)/);
    assert.equal(await tab.page.locator('[data-saved="yes"]').count(), 1);
  });

  it('imports the same files again without counting anything twice', async () => {
    const again = members
      .slice(2, 5)
      .map((r, i) => fileOf(`lai-${i}.json`, serializeBundle(bundleOf(selfAssessment, r))));
    await tab.page.setInputFiles('input[data-input="files"]', again);
    await importDone(tab.page, 2);
    // members[3] was imported with an edited score note (another file): it is an older/newer send, not new.
    assert.equal(await countOf(tab.page, 'added'), 0);
    assert.match(await tab.page.locator('[data-count="responses"]').innerText(), /\b12\b/);
  });

  it('matches the roster by name and shows who has not answered', async () => {
    const names = members.slice(1, 11).map((r) => r.respondent!.name.toUpperCase());
    await tab.page.fill('#roster-names', [...names, 'Người Chưa Gửi', 'Ai Đó Khác'].join('\n'));
    // The expected count is read as people type numbers: "1,5" is refused (never 1 or 15), nothing saved.
    await tab.page.fill('#roster-count', '1,5');
    await tab.page.click('form:has(#roster-names) button[type="submit"]');
    await tab.page.waitForSelector('#roster-count-error');
    assert.match(await tab.page.locator('#roster-count-error').innerText(), /số nguyên, ví dụ 25/);
    assert.equal(await tab.page.locator('[data-roster]').count(), 0);
    await tab.page.fill('#roster-count', '');
    await tab.page.click('form:has(#roster-names) button[type="submit"]');
    await tab.page.waitForSelector('[data-roster="10/12"]');
    assert.equal(await tab.page.locator('#roster-count-error').count(), 0);
    assert.match(await tab.page.locator('.roster-check').innerText(), /Người Chưa Gửi, Ai Đó Khác/);
  });

  it('shows the dashboard with drawn charts and members, and renders file text as text', async () => {
    await tab.page.click('[data-action="dashboard"]');
    for (const chart of ['levels', 'sections']) {
      await tab.page.waitForSelector(`canvas[data-chart="${chart}"][data-drawn="yes"]`);
      assert.ok((await paintedPixels(tab.page, chart)) > 500, `${chart} chart is drawn`);
    }
    const table = await tab.page.locator('[data-table="members"]').innerText();
    assert.ok(table.includes('<img src=x onerror=alert(1)>'), 'the hostile name shows as text');
    assert.equal(await tab.page.locator('[data-table="members"] img, [data-table="members"] script').count(), 0);
    assert.deepEqual(dialogs, []);
    const violations = await runAxe(tab.page);
    assert.equal(violations.length, 0, formatViolations(violations));
  });

  it('keeps the collection across a reload', async () => {
    await reloadCollectPage(tab.page);
    await tab.page.waitForSelector('[data-count="responses"]');
    assert.match(await tab.page.locator('[data-count="responses"]').innerText(), /\b12\b/);
    assert.match(await tab.page.locator('.current').innerText(), /CB-0001/);
    assert.equal(
      await tab.page
        .locator('#roster-names')
        .inputValue()
        .then((v) => v.split('\n').length),
      12,
    );
  });

  it('exports the cell report, the CSV and a backup', async () => {
    const report = await downloadOf(tab.page, '[data-action="export-report"]');
    // The file name carries the instrument: two instruments of one cell and quarter never overwrite each other.
    assert.match(report.name, /^bao-cao-tu-danh-gia-dang-vien-cb-0001-2026-Q4\.json$/);
    const bundle = JSON.parse(report.text) as ReportBundle;
    assert.equal(bundle.kind, 'report');
    assert.equal(bundle.cell, 'CB-0001');
    assert.equal(bundle.payload.units.length, 1);
    assert.equal(bundle.payload.units[0]!.responses, 12);
    assert.equal(bundle.payload.units[0]!.expected, 12);
    cellReportText = report.text;

    const csv = await downloadOf(tab.page, '[data-action="export-csv"]');
    assert.ok(csv.text.startsWith('\uFEFF'), 'CSV starts with a BOM');
    const lines = csv.text.slice(1).split('\r\n');
    assert.equal(lines.at(-1), '', 'CSV ends with CRLF');
    assert.equal(lines.length - 1, 13, 'a header and one row per response');
    assert.ok(!/(^|,)=/.test(csv.text), 'no cell starts a formula');

    // The A4 print view: title, unit, period, totals, levels, sections, signatures.
    await tab.page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await tab.page.click('[data-action="print"]');
    await tab.page.waitForSelector('body[data-printed="yes"]');
    const sheet = (await tab.page.locator('.print-sheet[data-print="cell"]').textContent()) ?? '';
    for (const text of [
      'Đảng Cộng sản Việt Nam',
      'Báo cáo tổng hợp kết quả',
      'Quý IV/2026',
      'CB-0001',
      '12 / 12',
      'Người lập biểu',
      'Bí thư chi bộ',
      'ngày …… tháng …… năm 20',
    ])
      assert.ok(sheet.includes(text), `print sheet shows ${text}`);
    await tab.page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await tab.page.waitForSelector('.print-sheet', { state: 'detached' });

    const backup = await downloadOf(tab.page, '[data-action="backup"]');
    assert.match(backup.text, /^\{"format":"phieu-chi-bo-collection"/);
    backupText = backup.text;
  });

  it('merges the cell report with a second cell’s as the upper level', async () => {
    const second = [
      ...generateResponses(selfAssessment, { count: 7, seed: 'second', cells: 1, period: PERIOD, startId: 2 }),
    ];
    const report2 = cellReport(selfAssessment, second, 'CB-0002', HOSTILE_SCOPE, 9);
    const report2Text = serializeBundle(
      writeReportBundle({ report: report2, app: 'test', createdAt: '2026-12-01T08:00:00+07:00' }),
    );
    await tab.page.setInputFiles('input[data-input="files"]', [
      fileOf('bao-cao-1.json', cellReportText),
      fileOf('bao-cao-2.json', report2Text),
    ]);
    await importDone(tab.page, 1);
    assert.equal(await countOf(tab.page, 'report'), 2);
    await tab.page.waitForSelector('[data-merge="2"]');
    assert.equal((await tab.page.locator('[data-total-responses]').innerText()).trim(), '19');
    assert.equal(await tab.page.locator('[data-table="cells"] tbody tr').count(), 2);
    assert.ok(
      (await tab.page.locator('.merge details').textContent())?.includes(HOSTILE_SCOPE),
      'scope name shows as text',
    );

    await tab.page.fill('input[name="scope-code"]', 'DU-01');
    await tab.page.fill('input[name="scope-name"]', 'Đảng ủy phường 1');
    const merged = await downloadOf(tab.page, '[data-action="export-merged"]');
    const bundle = JSON.parse(merged.text) as ReportBundle;
    assert.equal(bundle.cell, 'DU-01');
    assert.equal(bundle.payload.scopeName, 'Đảng ủy phường 1');
    const total = bundle.payload.units.reduce((s, u) => s + u.responses, 0);
    assert.equal(total, 19);
    const expected = mergeReports([(JSON.parse(cellReportText) as ReportBundle).payload, report2], {
      code: 'DU-01',
      name: 'Đảng ủy phường 1',
    });
    assert.ok(expected.ok);
    assert.deepEqual(bundle.payload.units, expected.report.units, 'merged units equal core’s merge of the cells');
    // The quota is one check over every cell merged here (the grassroots organisation), in words.
    const quota = summarizeUnits(selfAssessment, expected.report.units).quota;
    assert.ok(quota);
    const levelName = (id: string, l: 'vi' | 'en'): string =>
      pickText(selfAssessment.levels.find((x) => x.id === id)?.label ?? { vi: id }, l);
    assert.equal(
      (await tab.page.locator('[data-notice="quota"]').innerText()).trim(),
      pickText(describeQuota(quota, levelName), 'vi'),
    );

    const csv = await downloadOf(tab.page, '[data-action="export-merged-csv"]');
    const lines = csv.text.slice(1).split('\r\n');
    assert.equal(lines.length - 1, 4, 'header, two cells, total');
    assert.match(lines[3]!, /^Tổng cộng,19,21,/);

    await tab.page.click('[data-action="print-merged"]');
    await tab.page.waitForSelector('body[data-printed="yes"] .print-sheet[data-print="merged"]');
    const sheet = (await tab.page.locator('.print-sheet[data-print="merged"]').textContent()) ?? '';
    assert.ok(
      sheet.includes('Đảng ủy phường 1 (DU-01)') && sheet.includes('CB-0002'),
      'merged print names the unit and the cells',
    );

    await tab.page.waitForSelector('canvas[data-chart="cells"][data-drawn="yes"]');
    const violations = await runAxe(tab.page);
    assert.equal(violations.length, 0, formatViolations(violations));
    assert.deepEqual(dialogs, []);
  });

  it('restores a backup on another device and takes pasted codes; hides a small anonymous breakdown', async () => {
    const other = await openPage(browser);
    other.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      await other.page.setInputFiles('input[data-input="files"]', [fileOf('sao-luu.json', backupText)]);
      await importDone(other.page, 1);
      assert.equal(await countOf(other.page, 'backup'), 1);
      assert.equal(await countOf(other.page, 'added'), 12);
      await other.page.waitForSelector('[data-roster="10/12"]');

      // Another collection: an anonymous survey with two answers, pasted as codes inside chat text.
      await other.page.click('text=Đóng đợt này');
      await other.page.selectOption('select[name="instrument"]', `${survey.id}@${survey.version}`);
      // Typed in lower case, as people do: the same period (2026-q4 is 2026-Q4).
      await other.page.fill('input[name="period"]', PERIOD.toLowerCase());
      await other.page.fill('input[name="cell"]', 'CB-0009');
      await other.page.click('button[type="submit"]:has-text("Mở đợt tổng hợp")');
      await other.page.waitForSelector('.current');
      const answers = [...generateResponses(survey, { count: 2, seed: 'anon', cells: 1, period: PERIOD, startId: 9 })];
      const codes = answers.map((r) => encodeBundleCode(bundleOf(survey, r, '2026-12-01')));
      await other.page.fill('#collect-paste', `Anh Ba gửi: ${codes[0]}\nChị Tư: ${codes[1]}\nPCB1.hong`);
      await other.page.click('form.paste button[type="submit"]');
      await importDone(other.page, 2);
      assert.equal(await countOf(other.page, 'added'), 2);
      assert.equal(await countOf(other.page, 'rejected'), 1);
      await other.page.click('[data-action="dashboard"]');
      await other.page.waitForSelector('[data-notice="hidden"]');
      assert.equal(await other.page.locator('canvas').count(), 0, 'no chart below the threshold');
      assert.equal(await other.page.locator('[data-figure="mean"]').count(), 0, 'no mean below the threshold');
      assert.deepEqual(other.externalRequests(), []);
      assert.deepEqual(other.pageErrors, []);
    } finally {
      await other.close();
    }
  });

  it('prints an anonymous cell’s comments only when asked, for reading in the cell', async () => {
    const sheets = [
      ...generateResponses(survey, { count: 3, seed: 'comments', cells: 1, period: PERIOD, startId: 40 }),
    ];
    sheets.forEach((r, i) => (r.answers = { ...r.answers, suggestions: `Ý kiến số ${i + 1} về sinh hoạt` }));
    const other = await openPage(browser);
    try {
      await other.page.setInputFiles(
        'input[data-input="files"]',
        sheets.map((r, i) => fileOf(`y-kien-${i}.json`, serializeBundle(bundleOf(survey, r)))),
      );
      await importDone(other.page, 1);
      await other.page.evaluate(() => {
        window.print = () => document.body.setAttribute('data-printed', String(Date.now()));
      });
      const printed = async (): Promise<string> => {
        await other.page.click('[data-action="print"]');
        await other.page.waitForSelector('body[data-printed] .print-sheet[data-print="cell"]');
        const text = (await other.page.locator('.print-sheet[data-print="cell"]').textContent()) ?? '';
        await other.page.evaluate(() => {
          document.body.removeAttribute('data-printed');
          window.dispatchEvent(new Event('afterprint'));
        });
        await other.page.waitForSelector('.print-sheet', { state: 'detached' });
        return text;
      };
      // By default the page for the committee carries no comment (the committee gets none).
      assert.doesNotMatch(await printed(), /Ý kiến số/);
      await other.page.check('input[data-input="print-comments"]');
      const withComments = await printed();
      for (const n of [1, 2, 3]) assert.ok(withComments.includes(`Ý kiến số ${n} về sinh hoạt`), withComments);
    } finally {
      await other.close();
    }
  });

  it('rates the year from twelve monthly meeting sheets and compares the months', async () => {
    const sheet = instrumentOf('meeting-sheet');
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const sheets = months.map(
      (period) =>
        [...generateResponses(sheet, { count: 1, seed: `month-${period}`, cells: 1, period, startId: 7 })][0]!,
    );
    const other = await openPage(browser);
    try {
      for (const [i, r] of sheets.entries()) {
        if (i > 0) await other.page.click('text=Đóng đợt này');
        await other.page.setInputFiles('input[data-input="files"]', [
          fileOf(`thang-${i + 1}.json`, serializeBundle(bundleOf(sheet, r))),
        ]);
        await importDone(other.page, i + 1);
        assert.equal(await countOf(other.page, 'added'), 1, `month ${i + 1}`);
      }
      await other.page.click('[data-action="dashboard"]');
      const expected = yearOfMonths(
        sheet,
        '2026',
        sheets.map((r) => ({ period: r.period, level: scoreResponse(sheet, r.answers).level })),
      );
      assert.ok(expected);
      await other.page.waitForSelector('[data-notice="year"]');
      const notice = await other.page.locator('[data-notice="year"]').innerText();
      if (expected.outcome.kind === 'level') {
        const level = expected.outcome.level;
        const label = sheet.levels.find((l) => l.id === level)!.label.vi;
        assert.match(notice, new RegExp(`Năm 2026: đủ 12 tháng, xếp loại cả năm: ${label}`));
      }
      assert.ok(notice.includes(expected.reason.vi), notice);
      assert.deepEqual(expected.missing, []);
      await other.page.waitForSelector('canvas[data-chart="trend"][data-drawn="yes"]');
      assert.equal(await other.page.locator('.dashboard figure:has(canvas[data-chart="trend"]) tbody tr').count(), 12);
    } finally {
      await other.close();
    }
  });

  it('takes files dropped on the drop zone', async () => {
    const other = await openPage(browser);
    try {
      const answers = [...generateResponses(survey, { count: 3, seed: 'drop', cells: 1, period: PERIOD, startId: 10 })];
      const texts = answers.map((r) => serializeBundle(bundleOf(survey, r, '2026-12-01')));
      await other.page.evaluate((contents) => {
        const dt = new DataTransfer();
        contents.forEach((text, i) =>
          dt.items.add(new File([text], `keo-tha-${i + 1}.json`, { type: 'application/json' })),
        );
        const zone = document.querySelector('.dropzone')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, texts);
      await importDone(other.page, 1);
      assert.equal(await countOf(other.page, 'added'), 3);
      assert.match(await other.page.locator('.current').innerText(), /CB-0010/);
    } finally {
      await other.close();
    }
  });

  it('opens a ZIP of response files, reporting the broken ones inside', async () => {
    const other = await openPage(browser);
    try {
      const answers = [...generateResponses(survey, { count: 4, seed: 'zip', cells: 1, period: PERIOD, startId: 11 })];
      const entries: Record<string, Uint8Array> = {};
      answers.forEach(
        (r, i) =>
          (entries[`tai-ve/phieu-${i + 1}.json`] = new TextEncoder().encode(
            serializeBundle(bundleOf(survey, r, '2026-12-01')),
          )),
      );
      entries['tai-ve/hong.json'] = new TextEncoder().encode('{"format":');
      entries['__MACOSX/._phieu-1.json'] = new Uint8Array([0, 1, 2]);
      await other.page.setInputFiles('input[data-input="files"]', [
        { name: 'tat-ca.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries)) },
      ]);
      await importDone(other.page, 1);
      assert.equal(await countOf(other.page, 'added'), 4);
      assert.equal(await countOf(other.page, 'rejected'), 1);
      assert.match(await other.page.locator('.notes-list').innerText(), /tat-ca\.zip\/tai-ve\/hong\.json: Tệp bị hỏng/);
      // The system file the archiver added has its own line, skipped (not counted as rejected).
      assert.equal(await countOf(other.page, 'skipped'), 1);
      assert.match(await other.page.locator('.notes-list').innerText(), /__MACOSX\/\._phieu-1\.json: Tệp ẩn/);
      await other.page.setInputFiles('input[data-input="files"]', [
        { name: 'hong.zip', mimeType: 'application/zip', buffer: Buffer.from([0x50, 0x4b, 3, 4, 9, 9, 9]) },
      ]);
      await importDone(other.page, 2);
      // Every worker sharing the archive finds it damaged; it is reported once.
      const notes = await other.page.locator('.notes-list').innerText();
      assert.equal(notes.match(/hong\.zip: Tệp nén \.zip bị hỏng/g)?.length, 1);
      assert.equal(await countOf(other.page, 'rejected'), 1);
    } finally {
      await other.close();
    }
  });

  it('hydrates its panels onto the server’s own nodes, later ones a task after the first render', async () => {
    const fresh = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    try {
      // Every element of the island as the server sent it, before any of its code runs.
      await fresh.page.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          (window as unknown as { served: Element[] }).served = [...document.querySelectorAll('.collect-app *')];
        });
      });
      await fresh.page.goto(siteUrl('tong-hop/'), { waitUntil: 'load' });
      await fresh.page.waitForSelector('.collect-app[data-ready="yes"]');
      const kept = await fresh.page.evaluate(() => {
        const served = (window as unknown as { served: Element[] }).served;
        return {
          served: served.length,
          replaced: served.filter((el) => !el.isConnected).map((el) => el.outerHTML.slice(0, 80)),
        };
      });
      assert.ok(kept.served > 20, `the server sent ${kept.served} elements in the island`);
      // The first paint waits for the end of the HTML: the element it names is the body's last.
      const expected = await fresh.page.evaluate(() => {
        const id = document.querySelector('link[rel="expect"][blocking="render"]')?.getAttribute('href')?.slice(1);
        return { id, last: [...document.body.children].filter((el) => el.tagName !== 'SCRIPT').at(-1)?.id };
      });
      assert.ok(expected.id, 'the page names the element its first paint waits for');
      assert.equal(expected.last, expected.id);
      assert.deepEqual(kept.replaced, []);
      // The import panel, hydrated after the first render, takes pasted codes.
      await fresh.page.fill('#collect-paste', 'PCB1.hong');
      await fresh.page.click('form.paste button[type="submit"]');
      await importDone(fresh.page, 1);
      assert.deepEqual(fresh.pageErrors, []);
    } finally {
      await fresh.close();
    }
  });

  it('serves the same page in English', async () => {
    const en = await openPage(browser, 'en/tong-hop/');
    try {
      assert.equal(await en.page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await en.page.locator('h1').innerText(), "Collect the cell's responses");
      const violations = await runAxe(en.page);
      assert.equal(violations.length, 0, formatViolations(violations));
      assert.deepEqual(en.pageErrors, []);
    } finally {
      await en.close();
    }
  });

  it('asks nothing of any other server and logs no errors', () => {
    assert.deepEqual(tab.externalRequests(), []);
    assert.deepEqual(tab.pageErrors, []);
    assert.deepEqual(dialogs, []);
  });
});

describe('collection page: import timing', () => {
  const sizes = [
    1000,
    ...(Number(process.env.PHIEU_COLLECT_BENCH) > 1000 ? [Number(process.env.PHIEU_COLLECT_BENCH)] : []),
  ];
  let browser: Browser;
  let dir: string;

  before(async () => {
    browser = await launchBrowser();
    dir = await mkdtemp(path.join(tmpdir(), 'phieu-collect-bench-'));
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const n of sizes) {
    it(`imports ${n} files in the worker and reports the time`, async (t) => {
      const folder = path.join(dir, String(n));
      const { mkdir } = await import('node:fs/promises');
      await mkdir(folder, { recursive: true });
      const paths: string[] = [];
      let i = 0;
      const t0 = performance.now();
      for (const r of generateResponses(survey, { count: n, seed: `bench-${n}`, cells: 1, period: PERIOD })) {
        const file = path.join(folder, `phieu-${++i}.json`);
        await writeFile(file, serializeBundle(bundleOf(survey, r, '2026-12-01')));
        paths.push(file);
      }
      t.diagnostic(`${n} files written in ${Math.round(performance.now() - t0)} ms`);
      const tab = await openPage(browser);
      try {
        const start = performance.now();
        await tab.page.setInputFiles('input[data-input="files"]', paths);
        const handed = performance.now() - start;
        await importDone(tab.page, 1);
        const wall = performance.now() - start;
        t.diagnostic(`${n} files: setInputFiles returned after ${Math.round(handed)} ms`);
        const status = tab.page.locator('[data-import-state="done"]');
        const inPage = Number(await status.getAttribute('data-ms'));
        const via = await status.getAttribute('data-via');
        const timings = await status.getAttribute('data-timings');
        t.diagnostic(
          `${n} files: ${Math.round(wall)} ms from setInputFiles to done (in page until applied: ${inPage} ms via ${via}: ${timings}; the rest is Playwright handing the files over, worker start-up and rendering)`,
        );
        assert.equal(await countOf(tab.page, 'added'), n);
        assert.equal(via, 'worker');

        // The same files in one ZIP: one read instead of n.
        const entries: Record<string, Uint8Array> = {};
        for (const p of paths) entries[path.basename(p)] = await readFile(p);
        const zipPath = path.join(dir, `${n}.zip`);
        await writeFile(zipPath, zipSync(entries, { level: 6 }));
        const zipTab = await openPage(browser);
        try {
          const z0 = performance.now();
          await zipTab.page.setInputFiles('input[data-input="files"]', zipPath);
          await importDone(zipTab.page, 1);
          const zipWall = performance.now() - z0;
          const zs = zipTab.page.locator('[data-import-state="done"]');
          t.diagnostic(
            `${n} files in one ZIP: ${Math.round(zipWall)} ms from setInputFiles to done (in page: ${await zs.getAttribute('data-ms')} ms: ${await zs.getAttribute('data-timings')})`,
          );
          assert.equal(await countOf(zipTab.page, 'added'), n);
        } finally {
          await zipTab.close();
        }
        assert.match(
          await tab.page.locator('[data-count="responses"]').innerText(),
          new RegExp(`${n.toLocaleString('vi-VN').replace('.', '\\.?')}|${n}`),
        );
      } finally {
        await tab.close();
      }
    });
  }
});

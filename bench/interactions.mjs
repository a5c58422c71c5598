#!/usr/bin/env node
// @ts-check
// Main-thread time per interaction, ours against SurveyJS, from a performance trace: what the page
// itself spends on each tap and key (script, style, layout, paint), which the page-speed harness's
// fill time cannot show, since its round trip per action sets a floor whatever the page does.
//
//   node bench/interactions.mjs [--runs 3] [--cpu 4] [--dist dist] [--page /phieu/khao-sat-sinh-hoat/]
//                               [--harness bench/out/harness] [--out bench/out/interactions.json]
//                               [--compare NAME=DIST]   (another build of ours, e.g. before a change)
//
// Each run opens a page as the harness does (412×823 mobile, 4× CPU slowdown through CDP), waits
// for load, network idle and two frames, starts a trace, answers the form with the same filler
// the harness uses (perf/fill.mjs for ours, the harness's fills/surveyjs.mjs for SurveyJS), then
// keeps tracing 2 s more so that work left for a pause (saving, the summary) is counted too.
// Sites alternate (A1 B1 A2 B2 …). Needs the harness copy with its SurveyJS build (bench/harness.mjs
// makes it); without it, only our page is measured.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { startServer } from '../scripts/serve.mjs';
import { breakdown, summarize } from './trace-breakdown.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The value after `--name` on the command line, else `fallback`. @param {string} name @param {string} fallback */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? /** @type {string} */ (args[i + 1]) : fallback;
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  '__metadata',
].join(',');

/** The browser context the shared harness fills in: a 412×823 phone (its measure.mjs). */
export const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  locale: 'vi-VN',
};

/**
 * One traced fill of one page.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {(page: import("playwright-core").Page, ctx: { url: string }) => Promise<unknown>} fill
 * @param {number} cpu
 */
async function tracedFill(browser, url, fill, cpu) {
  const context = await browser.newContext(PHONE);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    /** @type {any[]} */
    const events = [];
    cdp.on('Tracing.dataCollected', (/** @type {any} */ m) => events.push(...m.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    const t0 = performance.now();
    await fill(page, { url });
    const fillMs = performance.now() - t0;
    await page.waitForTimeout(2000);
    await cdp.send('Tracing.end');
    await done;
    const wall = summarize(breakdown(events));
    const cpuTime = summarize(breakdown(events, { clock: 'cpu' }));
    return { fillMs, summary: { ...wall, cpu: cpuTime.mean } };
  } finally {
    await context.close();
  }
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? /** @type {number} */ (s[Math.floor((s.length - 1) / 2)]) : 0;
};

/**
 * Runs the comparison and returns its figures; `log` prints the table.
 * @param {{ dist?: string, harness?: string, runs?: number, cpu?: number, page?: string, compare?: string, log?: (s?: string) => void }} [options]
 */
export async function measureInteractions(options = {}) {
  const log = options.log ?? ((s = '') => process.stdout.write(`${s}\n`));
  const dist = path.resolve(root, options.dist ?? 'dist');
  const harness = path.resolve(root, options.harness ?? 'bench/out/harness');
  const runs = options.runs ?? 3;
  const cpu = options.cpu ?? 4;
  const at = options.page ?? '/phieu/khao-sat-sinh-hoat/';
  const baseline = path.join(harness, 'surveyjs-baseline', 'dist');
  const ours = await startServer({ root: dist, port: 0 });
  const sjs = existsSync(path.join(baseline, 'index.html'))
    ? await startServer({ root: baseline, port: 0 })
    : undefined;
  const oursFill = (await import(pathToFileURL(path.join(root, 'perf', 'fill.mjs')).href)).default;
  const sites = [{ name: 'ours', url: new URL(at.replace(/^\//, ''), ours.url).href, fill: oursFill }];
  const [otherName, otherDist] = options.compare?.includes('=') ? options.compare.split('=') : [];
  const other = otherDist ? await startServer({ root: path.resolve(root, otherDist), port: 0 }) : undefined;
  if (other && otherName)
    sites.push({ name: otherName, url: new URL(at.replace(/^\//, ''), other.url).href, fill: oursFill });
  if (sjs) {
    const fill = (await import(pathToFileURL(path.join(harness, 'fills', 'surveyjs.mjs')).href)).default;
    sites.unshift({ name: 'surveyjs', url: sjs.url, fill });
  } else log(`(no SurveyJS build in ${baseline}: run npm run bench once, or bench/harness.mjs, to make it)`);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  /** @type {Record<string, any[]>} */
  const all = Object.fromEntries(sites.map((s) => [s.name, []]));
  try {
    for (const s of sites) await tracedFill(browser, s.url, s.fill, cpu); // warm-up, not counted
    for (let r = 0; r < runs; r++)
      for (const s of sites) {
        const one = await tracedFill(browser, s.url, s.fill, cpu);
        /** @type {any[]} */ (all[s.name]).push(one);
      }
  } finally {
    await browser.close();
    await ours.close();
    await sjs?.close();
    await other?.close();
  }
  const ms = (/** @type {number} */ x) => x.toFixed(2);
  log(`\nMain-thread time per interaction, ms (trace, ${cpu}× CPU slowdown, ${runs} runs, a line each):`);
  log(
    'CPU time by kind (mean per interaction), then elapsed time per interaction (median, p95, max) and the longest task',
  );
  log('site\tinteractions\tscript\tstyle\tlayout\tpaint\tother\tall\t| elapsed median\tp95\tmax\tlongest task');
  /** @type {Record<string, any>} */
  const figures = {};
  for (const s of sites) {
    const list = /** @type {any[]} */ (all[s.name]).map((x) => x.summary);
    const med = (/** @type {(x: any) => number} */ f) => median(list.map(f));
    figures[s.name] = {
      runs: list,
      median: {
        interactions: med((x) => x.interactions),
        script: med((x) => x.cpu.script),
        style: med((x) => x.cpu.style),
        layout: med((x) => x.cpu.layout),
        paint: med((x) => x.cpu.paint),
        other: med((x) => x.cpu.other),
        total: med((x) => x.cpu.total),
        elapsed: med((x) => x.median),
        p95: med((x) => x.p95),
        max: Math.max(...list.map((x) => x.max)),
        longestTask: Math.max(...list.map((x) => x.longestTask)),
      },
    };
    for (const [i, x] of list.entries())
      log(
        `${s.name} ${i + 1}\t${x.interactions}\t${ms(x.cpu.script)}\t${ms(x.cpu.style)}\t${ms(x.cpu.layout)}\t${ms(x.cpu.paint)}\t${ms(x.cpu.other)}\t${ms(x.cpu.total)}\t| ${ms(x.median)}\t${ms(x.p95)}\t${ms(x.max)}\t${ms(x.longestTask)}`,
      );
  }
  const base = figures.surveyjs?.median;
  for (const name of Object.keys(figures).filter((n) => n !== 'surveyjs' && base)) {
    const o = figures[name].median;
    const ratio = (/** @type {string} */ k) => (base[k] > 0 ? o[k] / base[k] : NaN);
    figures[name].ratio = Object.fromEntries(['script', 'style', 'layout', 'paint', 'total'].map((k) => [k, ratio(k)]));
    log(
      `${name} / SurveyJS, CPU time per interaction (medians of runs): script ${ratio('script').toFixed(2)}×, style ${ratio('style').toFixed(2)}×, layout ${ratio('layout').toFixed(2)}×, paint ${ratio('paint').toFixed(2)}×, all ${ratio('total').toFixed(2)}×`,
    );
  }
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = option('out', path.join(root, 'bench', 'out', 'interactions.json'));
  const figures = await measureInteractions({
    dist: option('dist', 'dist'),
    harness: option('harness', 'bench/out/harness'),
    runs: Number(option('runs', '3')),
    cpu: Number(option('cpu', '4')),
    page: option('page', '/phieu/khao-sat-sinh-hoat/'),
    compare: option('compare', ''),
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
}

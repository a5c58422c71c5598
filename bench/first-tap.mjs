#!/usr/bin/env node
// @ts-check
// The main-thread CPU one tap costs, from the task that dispatches its `pointerdown` to the end of
// the first frame after its `click`, traced at 4× CPU slowdown as the harness fills (412×823
// mobile): the page loads, the cell code is typed, the first N−1 radio questions are tapped, then
// the Nth is traced. The harness's slowest interactions were the first taps of the fill, and
// Event Timing rounds to 8 ms; this measure does not, and counts CPU time, not waiting.
//
//   node bench/first-tap.mjs [--runs 8] [--nth 1] [--page /phieu/khao-sat-sinh-hoat/]
//                            [--site now=dist] [--site before=bench/out/dist-a] …   (interleaved)
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { startServer } from '../scripts/serve.mjs';
import { PHONE } from './interactions.mjs';
import { mainThreadOf } from './trace-breakdown.mjs';

const args = process.argv.slice(2);
/** @param {string} name @param {string} fallback */
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? /** @type {string} */ (args[i + 1]) : fallback;
};
const runs = Number(option('runs', '8'));
const nth = Number(option('nth', '1'));
const at = option('page', '/phieu/khao-sat-sinh-hoat/').replace(/^\//, '');
const sites = args.flatMap((a, i) => (a === '--site' && args[i + 1] ? [/** @type {string} */ (args[i + 1])] : []));
if (sites.length === 0) sites.push('now=dist');
const named = sites.map((s) => {
  const [name, dir] = s.includes('=') ? s.split('=') : [s, s];
  return { name: /** @type {string} */ (name), dir: /** @type {string} */ (dir) };
});

const RADIO = /<(?:fieldset|div)\b[^>]*\bid="(q-[^"]+)"[^>]*\bdata-type="(?:yes-no|bonus|choice|rating|level)"/g;

/**
 * @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, args?: any }} TraceEvent
 */

/**
 * CPU and elapsed ms of the tap in a trace: the top-level tasks from the one dispatching
 * `pointerdown` to the first frame (`ProxyMain::BeginMainFrame`) after the one dispatching `click`.
 * @param {TraceEvent[]} events
 */
function tapCost(events) {
  const main = mainThreadOf(events);
  if (!main) return undefined;
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  /** @type {TraceEvent[]} */
  const top = [];
  let end = -1;
  for (const e of own)
    if ((e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.ts >= end) {
      top.push(e);
      end = e.ts + (e.dur ?? 0);
    }
  /** @param {TraceEvent} task @param {(e: TraceEvent) => boolean} test */
  const holds = (task, test) =>
    own.some((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0) && test(e));
  const dispatches = (/** @type {string} */ type) => (/** @type {TraceEvent} */ e) =>
    e.name === 'EventDispatch' && e.args?.data?.type === type;
  const first = top.findIndex((t) => holds(t, dispatches('pointerdown')));
  const click = top.findIndex((t) => holds(t, dispatches('click')));
  const frame = top.findIndex((t, i) => i >= click && holds(t, (e) => e.name === 'ProxyMain::BeginMainFrame'));
  if (first < 0 || click < 0 || frame < 0) return undefined;
  const tasks = top.slice(first, frame + 1);
  const last = /** @type {TraceEvent} */ (tasks[tasks.length - 1]);
  return {
    cpu: tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000,
    wall: (last.ts + (last.dur ?? 0) - /** @type {TraceEvent} */ (tasks[0]).ts) / 1000,
  };
}

const servers = await Promise.all(named.map((s) => startServer({ root: s.dir, port: 0 })));
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
/** @type {{ cpu: number, wall: number }[][]} */
const results = named.map(() => []);
for (let run = 0; run < runs; run++)
  for (const [i, site] of named.entries()) {
    const url = /** @type {{ url: string }} */ (servers[i]).url + at;
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const radios = [...(await (await fetch(url)).text()).matchAll(RADIO)].map((m) => m[1]);
    await page.locator('#ctx-cell').pressSequentially('CB-01');
    for (const id of radios.slice(0, nth - 1)) await page.click(`[id="${id}"] label >> nth=0`, { force: true });
    /** @type {TraceEvent[]} */
    const events = [];
    cdp.on('Tracing.dataCollected', (m) =>
      events.push(.../** @type {TraceEvent[]} */ (/** @type {unknown} */ (m.value))),
    );
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,cc',
      transferMode: 'ReportEvents',
    });
    await page.click(`[id="${radios[nth - 1]}"] label >> nth=0`, { force: true });
    await page.waitForTimeout(400);
    await cdp.send('Tracing.end');
    await done;
    await context.close();
    const cost = tapCost(events);
    if (!cost) throw new Error(`${site.name}: the tap was not found in the trace`);
    /** @type {{ cpu: number, wall: number }[]} */ (results[i]).push(cost);
    console.log(`${site.name}\trun ${run + 1}\tCPU ${cost.cpu.toFixed(1)} ms\telapsed ${cost.wall.toFixed(1)} ms`);
  }
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
for (const [i, site] of named.entries()) {
  const r = /** @type {{ cpu: number, wall: number }[]} */ (results[i]);
  console.log(
    `${site.name}: tap ${nth}, ${r.length} runs: CPU median ${median(r.map((x) => x.cpu)).toFixed(1)} ms, elapsed median ${median(r.map((x) => x.wall)).toFixed(1)} ms`,
  );
}
await browser.close();
for (const s of servers) await s.close();

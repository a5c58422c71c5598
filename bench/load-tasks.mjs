#!/usr/bin/env node
// @ts-check
// The renderer's tasks while a page loads, traced without CPU throttling as Lighthouse traces it
// before its simulation: every top-level task of at least `--min` ms of elapsed time, from the
// navigation to 2.5 s after `load`, with its elapsed time, its CPU time and what ran inside it.
// Lighthouse's simulation (Lantern) multiplies a task's elapsed time by 4 and counts what is over
// 50 ms after first paint as blocking time: a task's CPU time is what the page costs, its elapsed
// time what the machine made of it (on a busy 2-core VM the renderer waits for a core while the
// browser's other processes run). docs/benchmarks.md, issue 13, "What the slow machine does to a
// load", has the figures this printed.
//
//   node bench/load-tasks.mjs [--runs 3] [--min 8] [--dist dist] [--page /tong-hop/]
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { startServer } from '../scripts/serve.mjs';
import { PHONE, option } from './interactions.mjs';
import { TASKS, mainThreadOf } from './trace-breakdown.mjs';

/** @typedef {import('./trace-breakdown.mjs').TraceEvent} TraceEvent */

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8',
  'blink.user_timing',
];
/** Elapsed time from which Lantern's ×4 makes a task long (50 ms). */
const LONG_AT_4X = 12.5;

/**
 * The top-level tasks of the main thread, outermost only, from `from` on, in order.
 * @param {TraceEvent[]} events
 * @param {{ pid: number, tid: number }} main
 * @param {number} from
 */
function tasksOf(events, main, from) {
  const tasks = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && TASKS.has(e.name) && e.ts >= from)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  /** @type {TraceEvent[]} */
  const outer = [];
  for (const t of tasks) {
    const last = outer[outer.length - 1];
    if (last && t.ts < last.ts + (last.dur ?? 0)) continue;
    outer.push(t);
  }
  return outer;
}

/**
 * The names that took the most elapsed time inside a task (nested events count in each of theirs).
 * @param {TraceEvent[]} events the main thread's complete events
 * @param {TraceEvent} task
 */
function inside(events, task) {
  const end = task.ts + (task.dur ?? 0);
  /** @type {Map<string, number>} */
  const by = new Map();
  let url = '';
  for (const e of events) {
    if (e.ts < task.ts || e.ts + (e.dur ?? 0) > end || TASKS.has(e.name)) continue;
    by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    if (!url && typeof e.args?.data?.url === 'string') url = e.args.data.url.replace(/^.*\//, '');
  }
  const top = [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
  return `${url ? `${url} ` : ''}| ${top.join(', ')}`;
}

const runs = Number(option('runs', '3'));
const min = Number(option('min', '8'));
const at = option('page', '/tong-hop/').replace(/^\//, '');
const server = await startServer({ root: option('dist', 'dist'), port: 0 });
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  console.log(`${server.url}${at}: tasks of ${min} ms or more (elapsed / CPU, ms from navigation)`);
  for (let r = 1; r <= runs; r++) {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(`${server.url}${at}`, { waitUntil: 'load' });
    await page.waitForTimeout(2500);
    /** @type {TraceEvent[]} */
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    await context.close();
    const main = mainThreadOf(events);
    const nav = events.find(
      (e) =>
        e.name === 'navigationStart' &&
        e.pid === main?.pid &&
        String(e.args?.data?.documentLoaderURL).startsWith('http'),
    );
    if (!main || !nav) throw new Error('no navigation of the page in the trace');
    const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid);
    const ms = (/** @type {number} */ us) => (us / 1000).toFixed(1);
    const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    console.log(`run ${r}: first paint at ${fcp ? ms(fcp.ts - nav.ts) : '?'} ms`);
    let long = 0;
    let wall = 0;
    let cpu = 0;
    for (const t of tasksOf(events, main, nav.ts)) {
      const dur = (t.dur ?? 0) / 1000;
      if (dur < min) continue;
      const after = fcp !== undefined && t.ts >= fcp.ts;
      if (after && dur >= LONG_AT_4X) {
        long += 1;
        wall += dur;
        cpu += (t.tdur ?? 0) / 1000;
      }
      console.log(
        `  +${ms(t.ts - nav.ts)}  ${dur.toFixed(1)} / ${ms(t.tdur ?? 0)}  ${after ? '' : '(before first paint) '}${inside(mine, t)}`,
      );
    }
    console.log(
      `  after first paint, ${long} task(s) of ${LONG_AT_4X} ms or more: ${wall.toFixed(1)} ms elapsed, ${cpu.toFixed(1)} ms of CPU`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}

// @ts-check
// Turns a Chromium performance trace (the events of CDP `Tracing`) into the main-thread time a page
// spends per interaction, by kind of work: script, style, layout, paint, other. Used by
// bench/interactions.mjs; pure (no browser), so it is tested on small made-up traces.
//
// How time is counted:
//   - only the renderer main thread of the page (`CrRendererMain` with the most input events);
//   - only inside top-level tasks (`RunTask`, `ThreadControllerImpl::RunTask`), by self time: an
//     event's duration minus its children's, so nothing counts twice;
//   - an interaction starts with the task that dispatches a `pointerdown`, `mousedown` (when no
//     pointer event came before it in the same task) or `keydown`; every task from there until the
//     next interaction belongs to it: what the input ran at once, and what it left for later
//     (frames, timers, saving). Work before the first interaction is "before".

/**
 * Names of trace events by kind of work (self time), as Lighthouse groups them (hit testing and
 * scrolling with paint; V8's own events, garbage collection included, with script). Anything else
 * inside a task is "other": mostly the task itself and the browser's messages (the input sent).
 */
const KIND = /** @type {Record<string, 'script' | 'style' | 'layout' | 'paint'>} */ ({
  EvaluateScript: 'script',
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireIdleCallback: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.evaluateModule': 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  'V8.Execute': 'script',
  MinorGC: 'script',
  MajorGC: 'script',
  'BlinkGC.AtomicPhase': 'script',
  'V8.GC_SCAVENGER': 'script',
  'V8.GCScavenger': 'script',
  'V8.GCCompactor': 'script',
  'V8.GCFinalizeMC': 'script',
  'V8.GCIncrementalMarking': 'script',
  'V8.GCIncrementalMarkingFinalize': 'script',
  'V8.GC_MC_BACKGROUND_MARKING': 'script',
  XHRReadyStateChange: 'script',
  XHRLoad: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  ScheduleStyleRecalculation: 'style',
  Layout: 'layout',
  UpdateLayerTree: 'paint',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  CompositeLayers: 'paint',
  Commit: 'paint',
  'Decode Image': 'paint',
  'Draw LazyPixelRef': 'paint',
  HitTest: 'paint',
  ScrollLayer: 'paint',
  BlinkScheduler_PerformMicrotaskCheckpoint: 'script',
});

/** @param {string} name */
const kindOf = (name) => KIND[name] ?? (name.startsWith('V8.') || name.startsWith('v8.') ? 'script' : 'other');

/** The names of a thread's top-level tasks in a trace. */
export const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask']);
const STARTS = new Set(['pointerdown', 'keydown']);
const KINDS = /** @type {const} */ (['script', 'style', 'layout', 'paint', 'other']);

/**
 * @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, args?: any }} TraceEvent
 * @typedef {{ script: number, style: number, layout: number, paint: number, other: number, total: number }} Work
 * @typedef {{ at: number, input: string, work: Work, longestTask: number }} Interaction
 * @typedef {{ interactions: Interaction[], before: Work, longestTask: number, tasks: number }} Breakdown
 */

/** @returns {Work} */
const emptyWork = () => ({ script: 0, style: 0, layout: 0, paint: 0, other: 0, total: 0 });

/**
 * The page's main thread: the `CrRendererMain` thread whose events include the most input dispatches.
 * @param {TraceEvent[]} events
 * @returns {{ pid: number, tid: number } | undefined}
 */
export function mainThreadOf(events) {
  /** @type {Map<string, { pid: number, tid: number, inputs: number }>} */
  const mains = new Map();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mains.set(`${e.pid}:${e.tid}`, { pid: e.pid, tid: e.tid, inputs: 0 });
  for (const e of events)
    if (e.name === 'EventDispatch') {
      const m = mains.get(`${e.pid}:${e.tid}`);
      if (m) m.inputs += 1;
    }
  let best;
  for (const m of mains.values()) if (!best || m.inputs > best.inputs) best = m;
  return best && { pid: best.pid, tid: best.tid };
}

/**
 * Main-thread work per interaction, in milliseconds, between `from` and `to` (trace microseconds).
 * `clock: 'cpu'` counts the thread's CPU time (`tdur`: what the page's code and rendering cost,
 * whatever else the machine runs and however the CPU is slowed); `'wall'` (default) the elapsed
 * time, as the member waits it. Task lengths are always elapsed time.
 * @param {TraceEvent[]} events
 * @param {{ from?: number, to?: number, clock?: 'wall' | 'cpu' }} [options]
 * @returns {Breakdown}
 */
export function breakdown(events, { from = -Infinity, to = Infinity, clock = 'wall' } = {}) {
  const spent = (/** @type {TraceEvent} */ e) => (clock === 'cpu' ? (e.tdur ?? e.dur ?? 0) : (e.dur ?? 0));
  const main = mainThreadOf(events);
  /** @type {Breakdown} */
  const result = { interactions: [], before: emptyWork(), longestTask: 0, tasks: 0 };
  if (!main) return result;
  const own = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number')
    .filter((e) => e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  /** @type {Work} */
  let current = result.before;
  /** @type {Interaction | undefined} */
  let interaction;
  // Walks the nesting: a stack of open events, each with the time its children took.
  /** @type {{ e: TraceEvent, end: number, children: number, kind: string }[]} */
  const stack = [];
  const close = () => {
    const top = stack.pop();
    if (!top) return;
    const self = Math.max(0, spent(top.e) - top.children);
    current[/** @type {keyof Work} */ (top.kind)] += self / 1000;
    const parent = stack[stack.length - 1];
    if (parent) parent.children += spent(top.e);
  };
  for (const e of own) {
    while (stack.length && e.ts >= /** @type {any} */ (stack[stack.length - 1]).end) close();
    if (stack.length === 0) {
      if (!TASKS.has(e.name)) continue; // outside any task (trace bookkeeping)
      result.tasks += 1;
      const ms = (e.dur ?? 0) / 1000;
      result.longestTask = Math.max(result.longestTask, ms);
      const input = inputStarting(own, e);
      if (input) {
        interaction = { at: e.ts, input, work: emptyWork(), longestTask: 0 };
        result.interactions.push(interaction);
        current = interaction.work;
      }
      if (interaction) interaction.longestTask = Math.max(interaction.longestTask, ms);
      current.total += spent(e) / 1000;
      stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0, kind: 'other' });
      continue;
    }
    stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0, kind: kindOf(e.name) });
  }
  while (stack.length) close();
  return result;
}

/**
 * The input a task dispatches first, when it starts an interaction.
 * @param {TraceEvent[]} sorted the thread's events sorted by start
 * @param {TraceEvent} task
 */
function inputStarting(sorted, task) {
  const end = task.ts + (task.dur ?? 0);
  for (let i = lowerBound(sorted, task.ts); i < sorted.length; i++) {
    const e = /** @type {TraceEvent} */ (sorted[i]);
    if (e.ts >= end) break;
    if (e.name !== 'EventDispatch') continue;
    const type = e.args?.data?.type;
    if (STARTS.has(type)) return type;
    if (type === 'mousedown') return type;
    if (type === 'pointerup' || type === 'keyup' || type === 'click' || type === 'input') return undefined;
  }
  return undefined;
}

/** @param {TraceEvent[]} sorted @param {number} ts */
function lowerBound(sorted, ts) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (/** @type {TraceEvent} */ (sorted[mid]).ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Summary of a breakdown: the mean per interaction of each kind, and the distribution of the total.
 * @param {Breakdown} b
 */
export function summarize(b) {
  const n = b.interactions.length;
  /** @type {Record<string, number>} */
  const mean = {};
  for (const k of [...KINDS, 'total'])
    mean[k] = n ? b.interactions.reduce((s, i) => s + i.work[/** @type {keyof Work} */ (k)], 0) / n : 0;
  const totals = b.interactions.map((i) => i.work.total).sort((x, y) => x - y);
  const at = (/** @type {number} */ q) => (n ? /** @type {number} */ (totals[Math.min(n - 1, Math.floor(q * n))]) : 0);
  return {
    interactions: n,
    mean,
    median: at(0.5),
    p95: at(0.95),
    max: n ? /** @type {number} */ (totals[n - 1]) : 0,
    longestTask: b.longestTask,
    before: b.before,
  };
}

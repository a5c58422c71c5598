// bench/trace-breakdown.mjs: main-thread time per interaction from a Chromium trace, by kind of work.
import { describe, expect, it } from 'vitest';
import { breakdown, mainThreadOf, summarize } from '../../bench/trace-breakdown.mjs';

const PID = 7;
const MAIN = 1;
const meta = [
  { name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: MAIN, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: 2, args: { name: 'Compositor' } },
];
/** A complete event; times in ms, as the trace's microseconds. */
const x = (name: string, at: number, ms: number, extra: Record<string, unknown> = {}, tid = MAIN) => ({
  name,
  ph: 'X',
  ts: at * 1000,
  dur: ms * 1000,
  pid: PID,
  tid,
  ...extra,
});
const input = (type: string, at: number, ms: number) => x('EventDispatch', at, ms, { args: { data: { type } } });
const task = (at: number, ms: number) => x('ThreadControllerImpl::RunTask', at, ms);

describe('trace breakdown', () => {
  it('finds the page main thread: the renderer thread that dispatched input', () => {
    expect(mainThreadOf([...meta, input('keydown', 1, 1)])).toEqual({ pid: PID, tid: MAIN });
  });

  it('counts self time by kind, each nested event once', () => {
    const events = [
      ...meta,
      task(0, 10),
      input('pointerdown', 0, 4), // 1 ms of its own, then a 3 ms listener
      x('FunctionCall', 1, 3),
      x('UpdateLayoutTree', 5, 1),
      x('Layout', 6, 2),
      x('Paint', 8, 1),
      // the compositor's work is another thread: not the page's main thread
      x('Paint', 0, 50, {}, 2),
    ];
    const [one] = breakdown(events).interactions;
    expect(one?.input).toBe('pointerdown');
    expect(one?.work).toEqual({ script: 4, style: 1, layout: 2, paint: 1, other: 2, total: 10 });
  });

  it('gives an interaction every task until the next one, and what ran before the first to "before"', () => {
    const events = [
      ...meta,
      task(0, 5),
      x('EvaluateScript', 0, 5),
      task(10, 3),
      input('keydown', 10, 3),
      task(20, 6), // a timer the key left: still the key's
      x('TimerFire', 20, 6),
      task(40, 2),
      input('pointerdown', 40, 2),
    ];
    const b = breakdown(events);
    expect(b.before.script).toBe(5);
    expect(b.interactions.map((i) => i.work.total)).toEqual([9, 2]);
    expect(b.interactions[0]?.longestTask).toBe(6);
    expect(b.longestTask).toBe(6);
  });

  it('counts CPU time instead of elapsed time when asked', () => {
    const events = [...meta, { ...task(0, 8), tdur: 2000 }, { ...input('keydown', 0, 8), tdur: 2000 }];
    expect(breakdown(events).interactions[0]?.work.total).toBe(8);
    expect(breakdown(events, { clock: 'cpu' }).interactions[0]?.work.total).toBe(2);
  });

  it('summarizes the mean per interaction and the spread of the totals', () => {
    const events = [...meta, task(0, 2), input('keydown', 0, 2), task(10, 6), input('keydown', 10, 6)];
    const s = summarize(breakdown(events));
    expect(s.interactions).toBe(2);
    expect(s.mean.script).toBe(4);
    expect(s.max).toBe(6);
  });
});

// When the form's deferred work runs, so that a tap or a key only does what its frame needs: in a
// new task (the start-up cut into steps), at an idle moment (remembering the context), or once
// the next frame is painted (the panel, the first save). The pause in the member's taps and keys,
// which the draft, the panel and the save wait for, is answers.ts's. Knows nothing of forms.

/** Lets the browser handle input and paint before going on (a new task). */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => window.setTimeout(resolve, 0));
}

/** Runs a job when the page is idle (soon anyway). */
export function whenIdle(job: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(job, { timeout: 2000 });
  else window.setTimeout(job, 200);
}

/** A queue of jobs run once the next frame is painted (or soon, if frames are not being drawn). */
export function createAfterPaint(): (job: () => void) => void {
  let queued = false;
  const jobs = new Set<() => void>();
  return function afterPaint(job: () => void): void {
    jobs.add(job);
    if (queued) return;
    queued = true;
    const run = () => {
      if (!queued) return;
      queued = false;
      const due = [...jobs];
      jobs.clear();
      for (const j of due) j();
    };
    requestAnimationFrame(() => window.setTimeout(run, 0));
    window.setTimeout(run, 100);
  };
}

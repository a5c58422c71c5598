// Filler for the shared page-speed harness (../shared/bench/measure.mjs --fill ours=perf/fill.mjs):
// answers one of our form pages the way the harness answers SurveyJS (see its fills/lib.mjs: a
// forced click per choice, key-by-key typing, the same numbers and texts), then waits until the
// live score has been painted. Our score is live, so there is no submit step; the export button is
// not pressed (it would measure a download, not the form).
const NUMBERS = ['34', '7'];
const COMMENTS = ['Công việc bận rộn, ít thời gian cho gia đình.', 'Bảng hỏi ngắn gọn, dễ hiểu. Cảm ơn!'];
const CELL = 'CB-01';

const tap = (page, selector) => page.click(selector, { force: true });
const type = (page, selector, text) => page.locator(selector).pressSequentially(text);
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

export default async function fill(page) {
  // Tag the controls in document order in one round trip: the first option of every radio group
  // (its label, the big tap target), every number input and every text box.
  const plan = await page.evaluate(() => {
    const steps = [];
    const seen = new Set();
    let n = 0;
    const tag = (el) => {
      el.setAttribute('data-perf-fill', String(++n));
      return `[data-perf-fill="${n}"]`;
    };
    const form = document.getElementById('pcb-form');
    if (!form) return { steps };
    for (const el of form.querySelectorAll('input, textarea')) {
      if (el.disabled || el.readOnly || el.closest('[hidden]')) continue;
      if (el.type === 'radio') {
        if (seen.has(el.name)) continue;
        seen.add(el.name);
        steps.push({ kind: 'click', sel: tag(el.closest('label') ?? el) });
      } else if (el.type === 'number' || el.inputMode === 'numeric' || el.inputMode === 'decimal') steps.push({ kind: 'number', sel: tag(el) });
      else if (el.tagName === 'TEXTAREA') steps.push({ kind: 'comment', sel: tag(el) });
      else if (el.id === 'ctx-cell') steps.push({ kind: 'cell', sel: tag(el) });
    }
    return { steps };
  });
  let numbers = 0;
  let comments = 0;
  for (const s of plan.steps) {
    if (s.kind === 'click') await tap(page, s.sel);
    else if (s.kind === 'number') await type(page, s.sel, NUMBERS[numbers++ % NUMBERS.length]);
    else if (s.kind === 'comment') await type(page, s.sel, COMMENTS[comments++ % COMMENTS.length]);
    else if (s.kind === 'cell') await type(page, s.sel, CELL);
  }
  await settle(page);
  return { answered: plan.steps.filter((s) => s.kind !== 'cell').length };
}

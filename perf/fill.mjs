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

/** Kinds of question answered with radios (the first option is tapped). */
const RADIO_TYPES = new Set(['yes-no', 'bonus', 'choice', 'rating', 'level']);

/**
 * The steps of a fill, in document order, from the page's static HTML (the questions are
 * server-rendered): the cell code, the first option of every radio question (its label, the big
 * tap target), every number and every text box. Read outside the page, so that planning costs
 * the page nothing: an evaluate in the page was itself a task of 30–90 ms at 4× slowdown, inside
 * the harness's measured window.
 * @param {string} html
 */
export function planOf(html) {
  const steps = [];
  if (/\bid="ctx-cell"/.test(html)) steps.push({ kind: 'cell', sel: '#ctx-cell' });
  for (const m of html.matchAll(/<(?:fieldset|div)\b[^>]*\bid="(q-[^"]+)"[^>]*\bdata-type="([^"]+)"/g)) {
    const [, id, type] = /** @type {[string, string, string]} */ (/** @type {unknown} */ (m));
    const at = `[id="${id}"]`;
    if (RADIO_TYPES.has(type)) steps.push({ kind: 'click', sel: `${at} label >> nth=0` });
    else if (type === 'number' || type === 'points') steps.push({ kind: 'number', sel: `${at} input` });
    else if (type === 'text' && html.includes(`<textarea id="i-${id.slice(2)}"`))
      steps.push({ kind: 'comment', sel: `${at} textarea` });
  }
  return steps;
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{ url?: string }} [ctx]
 */
export default async function fill(page, ctx = {}) {
  const url = ctx.url ?? page.url();
  const steps = planOf(await (await fetch(url)).text());
  const plan = { steps };
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

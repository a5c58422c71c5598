// The shared page-speed harness (../shared/bench: Lighthouse and a scripted fill in Debian's
// Chromium, with a SurveyJS baseline), run by `npm run bench` when it is there, so that one command
// prints every figure of the performance issue. The harness folder is read-only: it is copied to
// bench/out/harness and installed there once (npm registry needed the first time only). Four runs
// of its measure.mjs:
//   - side by side: SurveyJS and our survey form, Lighthouse and the fill (perf/fill.mjs);
//   - the fill floor: the same form with every script removed, filled the same way, interleaved
//     with SurveyJS and the real form (what any page would cost in this harness);
//   - every form page (both languages) filled the same way, no Lighthouse;
//   - Lighthouse on every kind of page of the site, every form page among them.
// Then, per interaction: the harness's own figures of each fill run (script, style, layout per
// interaction, longest task, slowest interaction) and a trace of the same fill (bench/interactions.mjs:
// main-thread time per tap or key by kind, not bound by the harness's round trip), ours against
// SurveyJS in both.
// Results: bench/out/harness-{side,floor,forms,pages}.json (the harness's own format), bench/out/interactions.json
// and a summary.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from '../scripts/find-chromium.mjs';
import { measureInteractions } from './interactions.mjs';

/** The pages Lighthouse measures: name, path in the site. */
const PAGES = [
  ['home', '/'],
  ['home-en', '/en/'],
  ['khao-sat', '/phieu/khao-sat-sinh-hoat/'],
  ['tu-danh-gia', '/phieu/tu-danh-gia-dang-vien/'],
  ['phieu-cham', '/phieu/phieu-cham-sinh-hoat/'],
  ['cham-theo-phan', '/phieu/cham-sinh-hoat-theo-phan/'],
  ['khao-sat-en', '/en/phieu/khao-sat-sinh-hoat/'],
  ['tu-danh-gia-en', '/en/phieu/tu-danh-gia-dang-vien/'],
  ['phieu-cham-en', '/en/phieu/phieu-cham-sinh-hoat/'],
  ['cham-theo-phan-en', '/en/phieu/cham-sinh-hoat-theo-phan/'],
  ['in', '/phieu/tu-danh-gia-dang-vien/in/'],
  ['tong-hop', '/tong-hop/'],
  ['tong-hop-en', '/en/tong-hop/'],
];
const FORM = '/phieu/khao-sat-sinh-hoat/';
/** Every form page (the pages above with a form), each filled on its own as the survey is. */
const FORM_PAGES = PAGES.filter(([, at]) => at.includes('/phieu/') && !at.endsWith('/in/'));

/**
 * Where the shared harness is: `PHIEU_HARNESS`, else ../shared/bench beside the project.
 * @param {string} root
 */
export function harnessSource(root) {
  const dir = process.env.PHIEU_HARNESS || path.resolve(root, '..', 'shared', 'bench');
  return existsSync(path.join(dir, 'measure.mjs')) ? dir : undefined;
}

/**
 * @param {string} cwd
 * @param {string[]} cmd
 * @param {{ quiet?: boolean }} [options]
 */
function run(cwd, cmd, { quiet = true } = {}) {
  const [bin, ...rest] = cmd;
  const r = spawnSync(/** @type {string} */ (bin), rest, {
    cwd,
    encoding: 'utf8',
    stdio: quiet ? 'pipe' : 'inherit',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`${cmd.join(' ')} (in ${cwd}) failed with ${r.status}:\n${(r.stderr ?? '').slice(-2000)}`);
  return r.stdout ?? '';
}

/** Copies the harness and installs it and its SurveyJS baseline, once. */
function prepare(/** @type {string} */ source, /** @type {string} */ dir, /** @type {(s: string) => void} */ log) {
  if (!existsSync(path.join(dir, 'measure.mjs'))) {
    cpSync(source, dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  if (!existsSync(path.join(dir, 'node_modules', 'lighthouse'))) {
    log('harness: installing (lighthouse, playwright-core, chrome-launcher)…');
    run(dir, [npm, 'ci', ...quiet]);
  }
  const baseline = path.join(dir, 'surveyjs-baseline');
  if (!existsSync(path.join(baseline, 'dist', 'index.html'))) {
    log('harness: building the SurveyJS baseline…');
    // `npm ci` refuses its lock file (optional rollup packages missing); install works.
    run(baseline, [npm, 'install', ...quiet]);
    run(baseline, [npm, 'run', 'build']);
  }
}

/** A copy of the built site whose form pages have no script at all (the fill floor). */
function bareCopy(/** @type {string} */ dist, /** @type {string} */ to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(dist, to, { recursive: true });
  const forms = path.join(to, 'phieu');
  for (const name of readdirSync(forms)) {
    const file = path.join(forms, name, 'index.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8')
      .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
      .replace(/<link[^>]*modulepreload[^>]*>/g, '');
    writeFileSync(file, html);
  }
}

/** @param {number | null | undefined} ms */
const msOf = (ms) => (ms === null || ms === undefined ? '–' : `${Math.round(ms)} ms`);
/** @param {number} bytes */
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Runs the three measurements and prints a summary. Returns the summary (for results.json).
 * @param {{ root: string, dist: string, out: string, log: (s?: string) => void }} options
 */
export async function runHarness({ root, dist, out, log }) {
  const source = harnessSource(root);
  if (!source) {
    log('\n## page-speed harness: ../shared/bench not found (set PHIEU_HARNESS), skipped');
    return undefined;
  }
  const dir = path.join(out, 'harness');
  prepare(source, dir, log);
  const bare = path.join(out, 'harness-bare');
  bareCopy(dist, bare);
  const fill = path.join(root, 'perf', 'fill.mjs');
  const measure = (/** @type {string[]} */ extra, /** @type {string} */ file) => {
    run(dir, [process.execPath, 'measure.mjs', '--chromium', findChromium(), ...extra, '--out', file]);
    return JSON.parse(readFileSync(file, 'utf8'));
  };
  const surveyjs = ['--site', 'surveyjs=surveyjs-baseline/dist:/'];
  const ours = ['--site', `ours=${dist}:${FORM}`, '--fill', `ours=${fill}`];

  log('\n## page-speed harness (../shared/bench): our survey form against SurveyJS, 3 runs, medians');
  const side = measure([...surveyjs, ...ours], path.join(out, 'harness-side.json'));
  log('\n## page-speed harness: the fill floor (our form with no script), 5 runs interleaved');
  const floor = measure(
    [
      '--no-lighthouse',
      '--runs',
      '5',
      ...surveyjs,
      ...ours,
      '--site',
      `bare=${bare}:${FORM}`,
      '--fill',
      `bare=${fill}`,
    ],
    path.join(out, 'harness-floor.json'),
  );
  log('\n## page-speed harness: every form page filled, 3 runs each (no Lighthouse)');
  const forms = measure(
    [
      '--no-lighthouse',
      ...FORM_PAGES.flatMap(([name, at]) => ['--site', `${name}=${dist}:${at}`, '--fill', `${name}=${fill}`]),
    ],
    path.join(out, 'harness-forms.json'),
  );
  log('\n## page-speed harness: Lighthouse on every kind of page, 3 runs');
  const pages = measure(
    ['--no-fill', ...PAGES.flatMap(([name, at]) => ['--site', `${name}=${dist}:${at}`])],
    path.join(out, 'harness-pages.json'),
  );

  /** @param {any} report @param {string} name */
  const site = (report, name) => report.sites.find((/** @type {any} */ s) => s.name === name);
  /** @param {any} s */
  const perItem = (s) => s.fill.median.fillMs / s.fill.median.answered;
  /** @type {{ lighthouse: any[], fill: any[], forms?: any[], perInteraction?: any, trace?: any }} */
  const summary = { lighthouse: [], fill: [] };

  log('\nLighthouse (mobile, simulated throttling), every run: score / total blocking time / layout shift');
  log("(benchmark index: Lighthouse's measure of the machine's speed during each run; it falls when the VM is busy)");
  log('page\truns\ttransfer\tscript\tbenchmark index');
  for (const report of [side, pages])
    for (const s of report.sites) {
      const runs = s.lighthouse?.runs ?? [];
      if (runs.length === 0) continue;
      const m = s.lighthouse.median;
      summary.lighthouse.push({
        page: s.name,
        runs: runs.map((/** @type {any} */ r) => ({
          score: r.score,
          tbt: r.tbt,
          cls: r.cls,
          benchmarkIndex: r.benchmarkIndex,
        })),
        transfer: m.transferBytes,
        script: m.scriptTransferBytes,
      });
      log(
        `${s.name}\t${runs.map((/** @type {any} */ r) => `${r.score}/${Math.round(r.tbt)}/${r.cls.toFixed(3)}`).join(' ')}\t${kib(m.transferBytes)}\t${kib(m.scriptTransferBytes)}\t${runs.map((/** @type {any} */ r) => Math.round(r.benchmarkIndex)).join(' ')}`,
      );
    }

  log('\nFill (4× slower CPU): per item, against SurveyJS in the same run; tap INP estimate of each run');
  log('run\tsite\tper item\tratio\tINP (runs)\tblocking');
  for (const [label, report, names] of /** @type {const} */ ([
    ['side by side', side, ['surveyjs', 'ours']],
    ['floor', floor, ['surveyjs', 'ours', 'bare']],
  ])) {
    const base = perItem(site(report, 'surveyjs'));
    for (const name of names) {
      const s = site(report, name);
      const item = perItem(s);
      const inp = s.fill.runs.map((/** @type {any} */ r) => r.inpMs);
      summary.fill.push({
        run: label,
        site: name,
        perItemMs: item,
        ratio: item / base,
        inp,
        blockingMs: s.fill.median.blockingMs,
      });
      log(
        `${label}\t${name === 'bare' ? 'ours, no script' : name}\t${msOf(item)}\t${(item / base).toFixed(2)}×\t${inp.join(', ')}\t${msOf(s.fill.median.blockingMs)}`,
      );
    }
  }
  log('\nPer interaction, each fill run of the side-by-side (harness figures; 4× slower CPU):');
  log('site\trun\tinteractions\tscript/int\tstyle/int\tlayout/int\tlongest task\tslowest interaction\ttap INP');
  /** @type {Record<string, any[]>} */
  const perInteraction = {};
  for (const name of ['surveyjs', 'ours']) {
    const s = site(side, name);
    perInteraction[name] = s.fill.runs.map((/** @type {any} */ r) => ({
      interactions: r.interactions,
      scriptMs: r.scriptMs / r.interactions,
      styleMs: r.styleMs / r.interactions,
      layoutMs: r.layoutMs / r.interactions,
      longestTaskMs: r.longestTaskMs,
      maxInteractionMs: r.maxInteractionMs,
      inpMs: r.inpMs,
    }));
    for (const [i, r] of /** @type {any[]} */ (perInteraction[name]).entries())
      log(
        `${name}\t${i + 1}\t${r.interactions}\t${r.scriptMs.toFixed(2)} ms\t${r.styleMs.toFixed(2)} ms\t${r.layoutMs.toFixed(2)} ms\t${msOf(r.longestTaskMs)}\t${msOf(r.maxInteractionMs)}\t${msOf(r.inpMs)}`,
      );
  }
  log('\nEvery form page filled (4× slower CPU), each run: longest task / slowest interaction / tap INP, ms');
  log('page\tinteractions\truns');
  summary.forms = FORM_PAGES.map(([name]) => {
    const runs = site(forms, name).fill.runs.map((/** @type {any} */ r) => ({
      interactions: r.interactions,
      longestTaskMs: r.longestTaskMs,
      maxInteractionMs: r.maxInteractionMs,
      inpMs: r.inpMs,
    }));
    log(
      `${name}\t${runs.map((/** @type {any} */ r) => r.interactions).join(', ')}\t${runs.map((/** @type {any} */ r) => `${Math.round(r.longestTaskMs)}/${Math.round(r.maxInteractionMs ?? 0)}/${Math.round(r.inpMs ?? 0)}`).join('  ')}`,
    );
    return { page: name, runs };
  });
  const medianOf = (/** @type {number[]} */ xs) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
  const ratioOf = (/** @type {string} */ k) =>
    medianOf((perInteraction.ours ?? []).map((r) => r[k])) / medianOf((perInteraction.surveyjs ?? []).map((r) => r[k]));
  summary.perInteraction = {
    runs: perInteraction,
    ratio: { script: ratioOf('scriptMs'), style: ratioOf('styleMs'), layout: ratioOf('layoutMs') },
  };
  log(
    `ours / SurveyJS per interaction (medians of runs): script ${ratioOf('scriptMs').toFixed(2)}×, style ${ratioOf('styleMs').toFixed(2)}×, layout ${ratioOf('layoutMs').toFixed(2)}×`,
  );
  summary.trace = await measureInteractions({ dist, harness: dir, runs: 3, log });
  writeFileSync(path.join(out, 'interactions.json'), `${JSON.stringify(summary.trace, null, 2)}\n`);
  return summary;
}

#!/usr/bin/env node
// `npm run bench`: builds the site, makes synthetic data with `phieu synth`, and prints every
// figure the performance issue asks for, with the machine it ran on:
//   - page weights of every built page (brotli / gzip, first load and lazy), from dist/;
//   - aggregation of 1k, 10k and 46,437 member files (one province) with the command line:
//     wall time and peak memory of `phieu aggregate`, and its ratio to merely reading and parsing
//     the same files in a child process (bench/read-parse.mjs), runs interleaved;
//   - the same pipeline in headless Chromium on file contents in memory (read, validate, digest,
//     re-score, dedupe, tally);
//   - merging 2,006 cell reports, with the command line and in Chromium;
//   - `phieu validate` and `phieu aggregate` on hostile text files of codes (bench/flood.mjs);
//   - the collection page itself importing one ZIP of N files (1k, 10k, 46,437);
//   - when ../shared/bench is there, its page-speed harness (bench/harness.mjs): Lighthouse on
//     every kind of page, our form's fill time and tap latency against SurveyJS, and the fill floor
//     (about 7 minutes; --no-harness skips it).
// Figures go to stdout and to bench/out/results.json. Options: --no-build, --sizes 1000,10000,46437,
// --only page (only the collection page's import: about a minute, for iterating on it; the other
// sections are left out of the output and stay empty in results.json), --only cli (only `phieu
// aggregate` against read+parse, no build: for iterating on the command line; its figures go to
// bench/out/results-cli.json, leaving results.json alone), --dist <folder> (the built
// site the page part opens, dist/ by default: to compare two builds back to back).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { runHarness } from './harness.mjs';
import { chatFloodText, codeFloodText, codeOf } from './flood.mjs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
const args = process.argv.slice(2);
const onlyArg = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const ONLY = ['page', 'seal', 'harness', 'cli'];
if (onlyArg !== undefined && !ONLY.includes(onlyArg))
  throw new Error(`--only: expected ${ONLY.map((o) => `"${o}"`).join(', ')}, got ${onlyArg}`);
/** Only the command line's aggregate (no build, no browser). */
const onlyCli = onlyArg === 'cli';
const noBuild = args.includes('--no-build') || onlyCli;
const sizesArg = args[args.indexOf('--sizes') + 1];
const SIZES = args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [1000, 10000, 46437];
const distArg = args.includes('--dist') ? args[args.indexOf('--dist') + 1] : undefined;
const dist = path.resolve(root, distArg ?? 'dist');
/** Whether the sections other than the collection page run. */
const all = onlyArg === undefined;
const PROVINCE_CELLS = 2006; // one province: 46,437 members in 2,006 cells (domain brief)
const INSTRUMENT = 'tu-danh-gia-dang-vien';
// A quarter that is over: synth dates files on the 20th of its last month, and readers refuse a
// file dated later than tomorrow (the bench of 2026-12-03 found every 2026-Q4 file refused).
const PERIOD = '2026-Q3';
const node = process.execPath;
const results = { machine: {}, pages: [], node: [], chromium: [], merge: {}, page: [], seal: {} };

function log(line = '') {
  process.stdout.write(`${line}\n`);
}
function cli(cmdArgs, { quiet = true } = {}) {
  // Peak RSS of the child, printed by a preloaded exit hook (works whatever the CLI does on exit).
  const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n[bench] maxrss '+process.resourceUsage().maxRSS+'\\n'))`;
  const t0 = performance.now();
  const r = spawnSync(node, ['--import', hook, path.join(root, 'cli', 'phieu.mjs'), ...cmdArgs], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  // The last line: worker threads of the command print theirs too, before the process ends.
  const rss = Number([...r.stderr.matchAll(/\[bench\] maxrss (\d+)/g)].at(-1)?.[1] ?? NaN) * 1024;
  if (r.status !== 0 && r.status !== 1) throw new Error(`phieu ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  if (!quiet) process.stderr.write(r.stderr);
  return { ms, rss, stdout: r.stdout, stderr: r.stderr, status: r.status };
}
const mib = (b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

// Machine
const cpus = os.cpus();
results.machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memory: mib(os.totalmem()),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  date: new Date().toISOString(),
};
log(`# Phiếu chi bộ benchmark, ${results.machine.date}`);
log(
  `machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memory}; node ${process.version}`,
);

// 1. Build and page weights
if (!noBuild) {
  log('\n## build');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
if (all) {
  const { measureSite, formatTable } = await import(path.join(root, 'scripts', 'check-size.mjs'));
  const budgets = JSON.parse(readFileSync(path.join(root, 'size-budget.json'), 'utf8'));
  const { pages } = await measureSite({ dist: path.join(root, 'dist'), base: '/', budgets });
  results.pages = pages;
  log('\n## page weights (first load, KiB brotli q11; lazy = loaded only by dynamic import)');
  log(formatTable(pages));
}

// 2. Synthetic data (deterministic) and the command line
mkdirSync(out, { recursive: true });
function dataset(count) {
  const cells = Math.max(1, Math.round((count * PROVINCE_CELLS) / 46437));
  const dir = path.join(out, `responses-${count}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    const r = cli([
      'synth',
      '--instrument',
      INSTRUMENT,
      '--count',
      String(count),
      '--cells',
      String(cells),
      '--seed',
      '7',
      '--period',
      PERIOD,
      '--out',
      dir,
    ]);
    writeFileSync(marker, '');
    log(`synth ${count} files in ${cells} cells: ${sec(r.ms)}`);
  }
  return { dir, cells };
}
/** One ZIP of `count` survey files of a single cell (made once, kept in bench/out). */
function oneCellZip(count) {
  const file = path.join(out, `one-cell-${count}.zip`);
  if (!existsSync(file)) {
    const dir = path.join(out, `one-cell-${count}`);
    rmSync(dir, { recursive: true, force: true });
    cli([
      'synth',
      '--instrument',
      'khao-sat-sinh-hoat',
      '--count',
      String(count),
      '--cells',
      '1',
      '--seed',
      '7',
      '--out',
      dir,
    ]);
    const entries = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    writeFileSync(`${file}.part`, zipSync(entries, { level: 6 }));
    renameSync(`${file}.part`, file);
    rmSync(dir, { recursive: true, force: true });
  }
  return { file, bytes: statSync(file).size };
}

if (all || onlyCli)
  log(
    '\n## command line: phieu aggregate (read, validate, digest, re-score, dedupe, tally, write report) against reading and parsing the same files',
  );
if (all || onlyCli)
  log('files\tcells\twall (3 runs)\tper file\tpeak RSS\tread+parse (3 runs)\tratio aggregate / read+parse');
/** A child process reading and parsing every file of a folder (bench/read-parse.mjs), wall time and peak RSS. */
function readParse(dir) {
  const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n[bench] maxrss '+process.resourceUsage().maxRSS+'\\n'))`;
  const t0 = performance.now();
  const r = spawnSync(node, ['--import', hook, path.join(root, 'bench', 'read-parse.mjs'), dir], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`read-parse ${dir} failed:\n${r.stderr}`);
  return { ms, rss: Number(/\[bench\] maxrss (\d+)/.exec(r.stderr)?.[1] ?? NaN) * 1024 };
}
const range = (xs, f) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
for (const count of all || onlyCli ? SIZES : []) {
  const { dir, cells } = dataset(count);
  const report = path.join(out, `report-${count}.json`);
  cli(['aggregate', dir, '--out', report]); // warm the page cache once
  readParse(dir);
  // Interleaved (A B A B A B), so a machine busy with something else weighs on both alike.
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const base = readParse(dir);
    const r = cli(['aggregate', dir, '--out', report]);
    runs.push({ ms: r.ms, rss: r.rss, readParseMs: base.ms, readParseRss: base.rss, ratio: r.ms / base.ms });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = median(runs.map((x) => x.ms));
  const readParseMs = median(runs.map((x) => x.readParseMs));
  const rss = Math.max(...runs.map((x) => x.rss));
  results.node.push({ files: count, cells, ms, rss, readParseMs, ratio: ms / readParseMs, runs });
  log(
    `${count}\t${cells}\t${range(
      runs.map((x) => x.ms),
      sec,
    )}\t${((ms * 1000) / count).toFixed(0)} µs\t${mib(rss)}\t${range(
      runs.map((x) => x.readParseMs),
      sec,
    )}\t${range(
      runs.map((x) => x.ratio),
      (x) => `${x.toFixed(2)}×`,
    )} (target ≤ 2.5×)`,
  );
}

// 2b. Bounded reading: hostile text files of codes (bench/flood.mjs). The CLI must stay under
// 512 MiB whatever it is given, printing a line per code (or per run of codes past a cap).
if (all) {
  log('\n## command line on hostile code files (target: peak RSS < 512 MiB, a line for every code)');
  log('file\tcommand\twall\tpeak RSS\tlines');
  const floodDir = path.join(out, 'flood');
  mkdirSync(floodDir, { recursive: true });
  const good = readFileSync(path.join(root, 'tests/fixtures/bundles/v1/tu-danh-gia-dang-vien.response.json'));
  const codes = path.join(floodDir, 'codes-512k.txt');
  const chat = path.join(floodDir, 'text-30mb.txt');
  writeFileSync(codes, codeFloodText());
  writeFileSync(chat, chatFloodText(codeOf(new Uint8Array(good)), 30));
  results.flood = [];
  for (const file of [codes, chat])
    for (const command of ['validate', 'aggregate']) {
      const r = cli(
        command === 'validate' ? ['validate', file] : ['aggregate', file, '--out', path.join(floodDir, 'r.json')],
      );
      const lines =
        command === 'validate'
          ? r.stdout.split('\n').filter(Boolean).length
          : r.stderr.split('\n').filter((l) => l.startsWith('INVALID')).length;
      results.flood.push({ file: path.basename(file), command, ms: r.ms, rss: r.rss, lines });
      log(`${path.basename(file)}\t${command}\t${sec(r.ms)}\t${mib(r.rss)}\t${lines}`);
    }
}

// 3. Cell reports of the province, one file per cell, then merge
const biggest = Math.max(...SIZES);
const cellDir = path.join(out, `cell-reports-${biggest}`);
if (all) {
  rmSync(cellDir, { recursive: true, force: true });
  mkdirSync(cellDir, { recursive: true });
  execFileSync(node, [path.join(root, 'bench', 'split-report.ts'), path.join(out, `report-${biggest}.json`), cellDir], {
    cwd: root,
  });
  const n = readdirSync(cellDir).length;
  const merged = path.join(out, 'merged.json');
  cli(['merge', cellDir, '--out', merged, '--scope', 'TINH']);
  const r = cli(['merge', cellDir, '--out', merged, '--scope', 'TINH']);
  results.merge.node = { reports: n, ms: r.ms, rss: r.rss };
  log(
    `\n## command line: phieu merge of ${n} cell reports: ${sec(r.ms)} wall (process start included), peak RSS ${mib(r.rss)}`,
  );
}

// 4. The same in headless Chromium
if (!onlyCli) {
  if (all) {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [path.join(root, 'bench', 'pipeline.ts')],
      bundle: true,
      format: 'esm',
      minify: true,
      outfile: path.join(out, 'www', 'pipeline.js'),
      logLevel: 'error',
    });
    writeFileSync(path.join(out, 'www', 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title>');
    const instruments = readdirSync(path.join(root, 'src', 'content', 'instruments'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(path.join(root, 'src', 'content', 'instruments', f), 'utf8')));
    writeFileSync(path.join(out, 'www', 'instruments.json'), JSON.stringify(instruments));
    const pack = (dir, name) => {
      const texts = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => readFileSync(path.join(dir, f), 'utf8'));
      writeFileSync(path.join(out, 'www', name), JSON.stringify(texts));
      return texts.length;
    };
    for (const count of SIZES) pack(dataset(count).dir, `texts-${count}.json`);
    pack(cellDir, 'cell-reports.json');
  }

  const { startServer } = await import(path.join(root, 'scripts', 'serve.mjs'));
  const { findChromium, CHROMIUM_ARGS } = await import(path.join(root, 'scripts', 'find-chromium.mjs'));
  const { chromium } = await import('playwright-core');
  const server = all
    ? await startServer({ root: path.join(out, 'www'), port: 0, host: '127.0.0.1', base: '/', quiet: true })
    : undefined;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    results.machine.chromium = browser.version();
    if (all && server) {
      log(
        `\n## headless Chromium ${browser.version()}: the same pipeline on file contents in memory (the import worker's reader, run on the page)`,
      );
      log('files\twall\tper file\tJS heap after');
      for (const count of SIZES) {
        const page = await browser.newPage();
        await page.goto(server.url);
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        const r = await page.evaluate(
          async ({ count, period }) => {
            const { aggregateInputs, asInputs } = await import('./pipeline.js');
            const instruments = await (await fetch('./instruments.json')).json();
            const texts = await (await fetch(`./texts-${count}.json`)).json();
            const inputs = asInputs(texts);
            await aggregateInputs(instruments, inputs.slice(0, 500), period); // warm-up
            return aggregateInputs(instruments, inputs, period);
          },
          { count, period: PERIOD },
        );
        const metrics = Object.fromEntries(
          (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
        );
        results.chromium.push({ files: count, ...r, heap: metrics.JSHeapUsedSize });
        log(
          `${count}\t${sec(r.ms)}\t${((r.ms * 1000) / count).toFixed(0)} µs\t${mib(metrics.JSHeapUsedSize)} (valid ${r.valid}, cells ${r.cells}; ${r.how})`,
        );
        await page.close();
      }
      const page = await browser.newPage();
      await page.goto(server.url);
      const m = await page.evaluate(async () => {
        const { mergeInputs, asInputs } = await import('./pipeline.js');
        const instruments = await (await fetch('./instruments.json')).json();
        const texts = await (await fetch('./cell-reports.json')).json();
        const inputs = asInputs(texts);
        await mergeInputs(instruments, inputs.slice(0, 50));
        return mergeInputs(instruments, inputs);
      });
      results.merge.chromium = m;
      log(
        `\n## headless Chromium: merge of ${m.reports} cell reports (read, validate, digest, merge): ${sec(m.ms)} (${m.how})`,
      );
    }

    // Sealed surveys (bench/seal.mjs): sealing time at 4× CPU slowdown, and the sealing code's bytes.
    if (all || onlyArg === 'seal') {
      const { benchSealing } = await import('./seal.mjs');
      results.seal = await benchSealing({ root, browser, startServer, dist, out, log });
    }

    // The collection page itself (dist/tong-hop/): one ZIP of the files, as a secretary would pick
    // it, from setInputFiles until every file is applied to the collection and saved. A page
    // collection belongs to one cell, so these files are the anonymous survey's, all of one cell
    // (none collapse as duplicates: every file is counted, stored and shown).
    if (onlyArg !== 'seal') {
      log(
        `\n## headless Chromium: the collection page, one ZIP of N survey files of one cell (pick → applied and saved)`,
      );
      log('files\tzip\twall\tper file\tin page (worker read, read+check, apply, save)\tcounted\tJS heap after');
      const site = await startServer({
        root: dist,
        port: 0,
        host: '127.0.0.1',
        base: '/',
        quiet: true,
      });
      try {
        for (const count of SIZES) {
          const zip = oneCellZip(count);
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          await page.goto(`${site.url}tong-hop/`, { waitUntil: 'load' });
          await page.waitForSelector('.collect-app[data-ready="yes"]');
          const t0 = performance.now();
          await page.setInputFiles('input[data-input="files"]', zip.file);
          await page.waitForSelector('[data-import-state="done"][data-run="1"]', { timeout: 600_000 });
          const ms = performance.now() - t0;
          const status = page.locator('[data-import-state="done"]');
          const inPage = Number(await status.getAttribute('data-ms'));
          const timings = await status.getAttribute('data-timings');
          const added = Number(await page.locator('.counts [data-status="added"]').getAttribute('data-n'));
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          const metrics = Object.fromEntries(
            (await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]),
          );
          results.page.push({
            files: count,
            zipBytes: zip.bytes,
            ms,
            inPage,
            timings,
            added,
            heap: metrics.JSHeapUsedSize,
          });
          log(
            `${count}\t${mib(zip.bytes)}\t${sec(ms)}\t${((ms * 1000) / count).toFixed(0)} µs\t${sec(inPage)} (${timings})\t${added}\t${mib(metrics.JSHeapUsedSize)}`,
          );
          await page.close();
        }
      } finally {
        await site.close();
      }
    }
  } finally {
    await browser.close();
    await server?.close();
  }
}

if ((all || onlyArg === 'harness') && !args.includes('--no-harness')) {
  // The harness installs from the npm registry the first time and drives Lighthouse: a failure
  // there is reported, and every figure above still reaches results.json.
  try {
    results.harness = await runHarness({ root, dist, out, log });
  } catch (error) {
    log(`\n## page-speed harness failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

const resultsFile = path.join(out, onlyCli ? 'results-cli.json' : 'results.json');
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
log(`\nresults: ${path.relative(root, resultsFile)}`);

#!/usr/bin/env node
// @ts-check
// Browser tests: `npm run test:browser` (after `npm run build`).
//
// Finds Chromium (installing Debian's package on a machine with none, when allowed: see
// scripts/ensure-chromium.mjs), serves dist/ on a free port, then runs every tests/browser/**/*.spec.ts (and
// .spec.mjs) with Node's own test runner, which strips the types (Node 22). The specs read the
// site's address from PHIEU_BASE_URL and the browser from CHROME_PATH.
//
//   npm run test:browser                 all specs
//   npm run test:browser -- smoke        specs whose path contains "smoke"
//
// Output is TAP, ending with the "# tests N", "# pass N", "# fail N" summary that CI reads.
// Environment: BASE_PATH (serve under a sub-path, as the build was made), CHROME_PATH,
// PHIEU_BROWSER_CONCURRENCY (spec files run at once; default 1 in CI, up to 4 locally).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { startServer } from '../../scripts/serve.mjs';

const here = import.meta.dirname;
const projectRoot = path.resolve(here, '../..');
const distDir = path.join(projectRoot, 'dist');

/**
 * The spec files under a folder, sorted, skipping the artefacts folder.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function listSpecs(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.spec\.(ts|mts|mjs|js)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).split(path.sep).includes('out'))
    .sort();
}

/**
 * @returns {Promise<number>} the exit code
 */
async function main() {
  /** @type {string} */
  let chromiumPath;
  try {
    chromiumPath = ensureChromium();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
  if (!existsSync(path.join(distDir, 'index.html'))) {
    console.error(`No built site in ${distDir}: run \`npm run build\` first.`);
    return 1;
  }

  const filters = process.argv.slice(2);
  const specs = (await listSpecs(here)).filter(
    (file) => filters.length === 0 || filters.some((f) => path.relative(here, file).includes(f)),
  );
  if (specs.length === 0) {
    console.error(`No browser specs found${filters.length ? ` matching ${filters.join(', ')}` : ''}.`);
    return 1;
  }

  const server = await startServer({ root: distDir, port: 0, base: process.env.BASE_PATH ?? '/' });
  const concurrency =
    Number(process.env.PHIEU_BROWSER_CONCURRENCY) ||
    (process.env.CI ? 1 : Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))));
  console.log(`# site ${server.url} from ${path.relative(process.cwd(), distDir) || '.'}`);
  console.log(`# chromium ${chromiumPath}`);

  /** @type {string[]} */
  const nodeArgs = [];
  // Node 22.18+ strips types by default; 22.6–22.17 need the flag.
  if (!process.features.typescript)
    nodeArgs.push('--experimental-strip-types', '--disable-warning=ExperimentalWarning');
  nodeArgs.push(
    '--test',
    '--test-reporter=tap',
    `--test-concurrency=${concurrency}`,
    '--test-timeout=120000',
    ...specs.map((file) => path.relative(projectRoot, file)),
  );

  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, nodeArgs, {
        cwd: projectRoot,
        stdio: 'inherit',
        env: { ...process.env, PHIEU_BASE_URL: server.url, CHROME_PATH: chromiumPath },
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (/** @type {unknown} */ error) => {
    console.error(error);
    process.exitCode = 1;
  },
);

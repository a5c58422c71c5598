#!/usr/bin/env node
// Launcher of the `phieu` command. The CLI is TypeScript that Node runs directly (type stripping,
// on by default from Node 22.18 / 23.6). On an older Node this re-runs itself with the Node the
// project installs as a dev dependency (node_modules/node), or says which version is needed.
// Plain JavaScript that old Node versions can parse: no TypeScript here.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const NEEDED = '22.18';
const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

/** @param {string} version */
function hasTypeStripping(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major === 22) return minor >= 18;
  if (major === 23) return minor >= 6;
  return major > 23;
}

if (!hasTypeStripping(process.versions.node)) {
  const local = [
    join(root, 'node_modules', 'node', 'bin', 'node'),
    join(root, 'node_modules', 'node', 'bin', 'node.exe'),
  ].find((p) => existsSync(p));
  if (local && process.env.PHIEU_REEXEC !== '1') {
    // Loaded only here: node:child_process (and node:net with it) costs ~4 ms at every start.
    const { spawnSync } = await import('node:child_process');
    const child = spawnSync(local, [self, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, PHIEU_REEXEC: '1' },
    });
    if (child.error) {
      console.error(`phieu: cannot run ${local}: ${child.error.message}`);
      process.exit(2);
    }
    if (child.signal) process.kill(process.pid, child.signal);
    process.exit(child.status ?? 1);
  }
  console.error(
    `phieu: cần Node.js ${NEEDED} trở lên (đang dùng ${process.version}). ` +
      `Cài Node ${NEEDED}+ hoặc chạy "npm install" trong thư mục dự án.\n` +
      `phieu: needs Node.js ${NEEDED} or newer (this is ${process.version}). ` +
      `Install Node ${NEEDED}+ or run "npm install" in the project folder.`,
  );
  process.exit(2);
}

// A larger young generation: reading tens of thousands of files allocates many short-lived
// objects, and fewer scavenges save ~7% of an aggregate of a province (docs/benchmarks.md).
setFlagsFromString('--max-semi-space-size=32');

// The CLI bundled into one JavaScript file starts ~4 times faster than the TypeScript sources. It
// runs only while every file it was built from is unchanged; when it is missing or stale it is
// rebuilt (if esbuild is there and the folder writable), else the sources run (cli/bundle.mjs).
const trace =
  process.env.PHIEU_LAUNCH_TRACE === '1' ? (/** @type {string} */ m) => console.error(`phieu: ${m}`) : undefined;
/** @returns {Promise<string | undefined>} the bundle to run, if it may */
async function freshBundle() {
  if (process.env.PHIEU_BUNDLE === '0') {
    trace?.('running the sources (PHIEU_BUNDLE=0)');
    return undefined;
  }
  const { buildBundle, checkBundle } = await import('./bundle.mjs');
  const check = checkBundle(root);
  if (check.fresh) return check.file;
  trace?.(`bundle not used: ${check.reason}; rebuilding`);
  try {
    await buildBundle(root);
  } catch (e) {
    trace?.(`running the sources: no bundle (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    return undefined;
  }
  const again = checkBundle(root);
  if (again.fresh) return again.file;
  trace?.(`running the sources: the new bundle is stale already (${again.reason})`);
  return undefined;
}
const bundle = await freshBundle();
// V8's code cache of what runs (checked against the source by Node), kept beside the bundle.
module.enableCompileCache?.(join(root, 'node_modules', '.cache', 'phieu', 'v8'));
// The module that runs the CLI, for worker threads to start from directly (phieu aggregate --jobs):
// without this launcher's checks, ~20 ms sooner.
const MAIN = Symbol.for('phieu.main');
const sources = new URL('./main.ts', import.meta.url).href;
if (bundle === undefined) {
  Reflect.set(globalThis, MAIN, sources);
  await import(sources);
} else {
  trace?.(`running ${bundle}`);
  try {
    Reflect.set(globalThis, MAIN, pathToFileURL(bundle).href);
    await import(pathToFileURL(bundle).href);
  } catch (e) {
    // Deleted between the check and the import (a build cleaning up): nothing ran yet.
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code !== 'ERR_MODULE_NOT_FOUND' || existsSync(bundle)) throw e;
    trace?.('running the sources: the bundle is gone');
    Reflect.set(globalThis, MAIN, sources);
    await import(sources);
  }
}

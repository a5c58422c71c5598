#!/usr/bin/env node
// Builds the CLI bundle, node_modules/.cache/phieu/cli.mjs, that cli/phieu.mjs runs instead of the
// TypeScript sources while it is up to date (see cli/bundle.mjs). Run by `npm run build`,
// `npm run build:cli` and `npm install` (prepare); `phieu` also rebuilds it when it is stale.
//
//   node scripts/build-cli.mjs [--optional]
//
// --optional: a failure (no esbuild, read-only folder) is a warning, not an error: `phieu` then
// runs the sources, as it does without a bundle.
// @ts-check
import path from 'node:path';
import { buildBundle } from '../cli/bundle.mjs';

const optional = process.argv.includes('--optional');
const root = path.resolve(import.meta.dirname, '..');
const t0 = performance.now();
try {
  const built = await buildBundle(root, { logLevel: 'warning' });
  const kb = Math.round(built.bytes / 1024);
  const ms = Math.round(performance.now() - t0);
  console.log(`build-cli: ${path.relative(root, built.file)} (${kb} KB, ${built.inputs} inputs, ${ms} ms)`);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`build-cli: ${optional ? 'warning: ' : ''}no bundle: ${message}`);
  if (!optional) process.exitCode = 1;
}

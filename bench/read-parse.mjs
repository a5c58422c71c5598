#!/usr/bin/env node
// The floor phieu aggregate is measured against (npm run bench): list a folder's *.json files,
// then read each one (UTF-8) and JSON.parse it, nothing more. Run as its own process, like the
// command, so both figures include starting Node.
//   node bench/read-parse.mjs <folder>
// Prints one line of JSON: { "files", "ms" } (ms: inside the process, from before the listing).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node bench/read-parse.mjs <folder>\n');
  process.exit(2);
}
const t0 = performance.now();
let files = 0;
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.json')) continue;
  if (JSON.parse(readFileSync(path.join(dir, name), 'utf8'))) files += 1;
}
process.stdout.write(`${JSON.stringify({ files, ms: Math.round(performance.now() - t0) })}\n`);

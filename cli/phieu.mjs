#!/usr/bin/env node
// Launcher of the `phieu` command. The CLI is TypeScript that Node runs directly (type stripping,
// on by default from Node 22.18 / 23.6). On an older Node this re-runs itself with the Node the
// project installs as a dev dependency (node_modules/node), or says which version is needed.
// Plain JavaScript that old Node versions can parse: no TypeScript here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const NEEDED = '22.18';

/** @param {string} version */
function hasTypeStripping(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major === 22) return minor >= 18;
  if (major === 23) return minor >= 6;
  return major > 23;
}

if (!hasTypeStripping(process.versions.node)) {
  const self = fileURLToPath(import.meta.url);
  const root = join(dirname(self), '..');
  const local = [
    join(root, 'node_modules', 'node', 'bin', 'node'),
    join(root, 'node_modules', 'node', 'bin', 'node.exe'),
  ].find((p) => existsSync(p));
  if (local && process.env.PHIEU_REEXEC !== '1') {
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
await import('./main.ts');

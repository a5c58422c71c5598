// @ts-check
// Makes sure the browser tests have a Chromium: the one already installed (scripts/find-chromium.mjs),
// or, on a machine with none, Debian's `chromium` package installed with apt-get when this user may
// install packages (root, or sudo without a password). Nothing downloads a browser build of its
// own. `PHIEU_INSTALL_BROWSER=0` turns the install off (the tests then stop with the message).
import { spawnSync } from 'node:child_process';
import { findChromium } from './find-chromium.mjs';

/**
 * What the machine allows, gathered once (a parameter of {@link planBrowserInstall}, so the choice
 * is tested without a machine of each kind).
 * @typedef {{ platform: string; isRoot: boolean; hasAptGet: boolean; hasPasswordlessSudo: boolean;
 *   env: Readonly<Record<string, string | undefined>> }} MachineFacts
 */

/**
 * How to install a browser here: the commands to run (each an argv), or why none can run and what
 * the user should do instead.
 * @param {MachineFacts} facts
 * @returns {{ ok: true; commands: string[][] } | { ok: false; why: string }}
 */
export function planBrowserInstall(facts) {
  if (facts.env.PHIEU_INSTALL_BROWSER === '0')
    return { ok: false, why: 'PHIEU_INSTALL_BROWSER=0: not installing one.' };
  if (facts.platform !== 'linux' || !facts.hasAptGet)
    return { ok: false, why: 'This machine has no apt-get: install Chromium or Google Chrome yourself.' };
  const prefix = facts.isRoot ? [] : facts.hasPasswordlessSudo ? ['sudo', '-n'] : undefined;
  if (prefix === undefined)
    return {
      ok: false,
      why: 'Installing needs root: run `sudo apt-get install -y chromium` once, then the tests again.',
    };
  return {
    ok: true,
    commands: [
      [...prefix, 'apt-get', 'update'],
      [...prefix, 'apt-get', 'install', '-y', 'chromium'],
    ],
  };
}

/**
 * @param {string} command
 * @returns {boolean}
 */
function succeeds(command, args = /** @type {string[]} */ ([])) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.status === 0;
}

/** @returns {MachineFacts} */
function machineFacts() {
  return {
    platform: process.platform,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasAptGet: process.platform === 'linux' && succeeds('sh', ['-c', 'command -v apt-get']),
    hasPasswordlessSudo: process.platform === 'linux' && succeeds('sudo', ['-n', 'true']),
    env: process.env,
  };
}

/**
 * The path of a Chromium to drive, installing Debian's package first when there is none and the
 * plan allows it. Throws with a message saying what to do when no browser can be had.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string}
 */
export function ensureChromium({ log = console.log } = {}) {
  try {
    return findChromium();
  } catch (error) {
    const notFound = error instanceof Error ? error.message : String(error);
    // CHROME_PATH pointing at nothing is the user's setting: say so rather than install over it.
    if (process.env.CHROME_PATH?.trim() || process.env.CHROMIUM_PATH?.trim()) throw error;
    const plan = planBrowserInstall(machineFacts());
    if (!plan.ok) throw new Error(`${notFound}\n${plan.why}`, { cause: error });
    log("# no Chromium found: installing Debian's chromium for the browser tests");
    for (const argv of plan.commands) {
      log(`# ${argv.join(' ')}`);
      const [command = '', ...args] = argv;
      const result = spawnSync(command, args, {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      if (result.status !== 0)
        throw new Error(`${notFound}\n\`${argv.join(' ')}\` failed (exit ${result.status ?? result.signal}).`, {
          cause: error,
        });
    }
    return findChromium();
  }
}

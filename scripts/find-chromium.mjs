// @ts-check
// Finds a Chromium or Chrome to drive from the browser tests and benchmarks (playwright-core does
// not download browsers for us: tests run against the one installed on the machine).
import { accessSync, constants } from 'node:fs';

/** Flags for a quiet, offline, headless browser: no sync, updates or background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Where Chromium and Chrome are usually installed, in order of preference. */
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * @param {string} file
 * @returns {boolean}
 */
function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of a Chromium or Chrome executable: `CHROME_PATH`, then `CHROMIUM_PATH`, then the usual
 * install locations. Throws when there is none, saying how to install one.
 * @param {Readonly<Record<string, string | undefined>>} [env]
 * @returns {string}
 */
export function findChromium(env = process.env) {
  for (const name of /** @type {const} */ (['CHROME_PATH', 'CHROMIUM_PATH'])) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (isExecutable(value)) return value;
    throw new Error(`${name} is set to ${value}, but no executable browser is there.`);
  }
  const found = CHROMIUM_PATHS.find(isExecutable);
  if (found !== undefined) return found;
  throw new Error(
    [
      'No Chromium or Chrome found (looked at CHROME_PATH, CHROMIUM_PATH and:',
      ...CHROMIUM_PATHS.map((p) => `  ${p}`),
      ').',
      'Set CHROME_PATH to a Chromium or Chrome executable, or install one:',
      '  Debian/Ubuntu: sudo apt-get install -y chromium',
      '  macOS: install Google Chrome (https://www.google.com/chrome/)',
    ].join('\n'),
  );
}

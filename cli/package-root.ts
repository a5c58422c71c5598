// Where the CLI finds the package it belongs to: instruments and package.json, relative to this
// file (so `phieu` works from any working directory and through `npx`).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's root folder (the parent of cli/). */
export const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..');

/** The folder of instrument definitions. */
export const INSTRUMENTS_DIR = path.join(PACKAGE_ROOT, 'src', 'content', 'instruments');

let version: string | undefined;
/** The app version written into files (package.json `version`). */
export function appVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return version;
}

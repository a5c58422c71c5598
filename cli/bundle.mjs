// The CLI as one JavaScript file, for a quick start: Node then neither strips the types of ~45
// TypeScript files nor resolves and compiles ~140 modules (`phieu --help`: ~0.05 s instead of
// ~0.20 s). The launcher (cli/phieu.mjs) runs the bundle ONLY while every file it was built from is
// unchanged, and otherwise rebuilds it or runs the TypeScript sources as before. A stale bundle
// never runs.
//
// Bundles live in node_modules/.cache/phieu/ (ignored by git, ESLint and TypeScript), named by
// their content (cli-<hash>.mjs, never rewritten); the file `current` names the newest. The first
// line of a bundle lists the files it was built from (every module, the package.json files on the
// way to them, this file and esbuild's package.json) with their size, mtime and ctime, each taken
// on the open file BEFORE esbuild got its contents: a file written after that no longer matches.
// ctime cannot be set back (unlike mtime), so a file restored with its old mtime is caught too.
// The launcher checks the very file it then imports: a concurrent build writes another file.
//
// Built by `npm run build:cli` (scripts/build-cli.mjs), by `npm run build`, on `npm install`
// (prepare), and by the launcher itself when the bundle is missing or stale. PHIEU_BUNDLE=0 runs
// the sources; PHIEU_LAUNCH_TRACE=1 says on stderr which one runs and why.
//
// Plain JavaScript, no TypeScript: this runs before the sources are compiled.
// @ts-check
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Changes when the header or the build changes meaning: an older bundle is then rebuilt. */
const FORMAT = 2;
const MAGIC = '// phieu-cli-bundle ';

/**
 * A file the bundle was built from, relative to the package root (`/` separators): size, mtime and
 * ctime in ms.
 * @typedef {[file: string, size: number, mtimeMs: number, ctimeMs: number]} Input
 */

/**
 * The header: the bundle's format, the package root it was built for (it is written into the
 * bundle: the CLI finds the instruments and package.json there), the number of bytes after the
 * header line (a file cut short is not run) and the inputs.
 * @typedef {{ format: number, root: string, bytes: number, inputs: Input[] }} Header
 */

const BUNDLE_NAME = /^cli-[0-9a-f]{16}\.mjs$/;
/** Bundles no longer current are deleted after this long (a run may be about to import one). */
const KEEP_MS = 60 * 60 * 1000;

/**
 * The folder of the bundles.
 * @param {string} root the package root
 */
export function bundleDir(root) {
  return path.join(root, 'node_modules', '.cache', 'phieu');
}

/**
 * The header of a bundle file, or why there is none.
 * @param {string} file
 * @returns {{ ok: true, header: Header } | { ok: false, reason: string }}
 */
function readHeader(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { ok: false, reason: 'no bundle' };
  }
  try {
    /** @type {Buffer[]} */
    const chunks = [];
    const chunk = Buffer.allocUnsafe(32 * 1024);
    let end = -1;
    while (end < 0) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return { ok: false, reason: 'no header' };
      const i = chunk.subarray(0, n).indexOf(10);
      end = i;
      chunks.push(Buffer.from(chunk.subarray(0, i < 0 ? n : i)));
    }
    const line = Buffer.concat(chunks);
    const text = line.toString('utf8');
    if (!text.startsWith(MAGIC)) return { ok: false, reason: 'no header' };
    const header = /** @type {Header} */ (JSON.parse(text.slice(MAGIC.length)));
    if (header.format !== FORMAT) return { ok: false, reason: `format ${header.format}, not ${FORMAT}` };
    if (fstatSync(fd).size !== line.length + 1 + header.bytes) return { ok: false, reason: 'cut short' };
    return { ok: true, header };
  } catch (e) {
    return { ok: false, reason: `unreadable header (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the current bundle may run: it exists whole, was built for this root, and every file it
 * was built from has the size, mtime and ctime it had when it was read.
 * @param {string} root the package root, as the launcher finds it
 * @returns {{ fresh: true, file: string } | { fresh: false, file: string, reason: string }}
 */
export function checkBundle(root) {
  const dir = bundleDir(root);
  let name = '';
  try {
    name = readFileSync(path.join(dir, 'current'), 'utf8').trim();
  } catch {
    // no bundle yet
  }
  if (!BUNDLE_NAME.test(name)) return { fresh: false, file: dir, reason: 'no bundle' };
  const file = path.join(dir, name);
  const read = readHeader(file);
  if (!read.ok) return { fresh: false, file, reason: read.reason };
  const { header } = read;
  if (header.root !== root) return { fresh: false, file, reason: `built for ${header.root}` };
  if (!Array.isArray(header.inputs) || header.inputs.length === 0) return { fresh: false, file, reason: 'no inputs' };
  for (const [rel, size, mtimeMs, ctimeMs] of header.inputs) {
    const st = statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (!st) return { fresh: false, file, reason: `${rel} is gone` };
    if (st.size !== size || st.mtimeMs !== mtimeMs || st.ctimeMs !== ctimeMs)
      return { fresh: false, file, reason: `${rel} changed` };
  }
  return { fresh: true, file };
}

/** @type {Record<string, import('esbuild').Loader>} */
const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

/**
 * Writes a file atomically: a temporary file renamed to its name.
 * @param {string} file
 * @param {Buffer | string} content
 */
function writeAtomically(file, content) {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/**
 * Builds the bundle (esbuild, from cli/main.ts), writes it under its content's name, makes it
 * current, and deletes bundles and temporary files left from long ago. Throws when esbuild is
 * missing, the build fails or the folder is not writable.
 * @param {string} root the package root
 * @param {{ logLevel?: import('esbuild').LogLevel }} [options] esbuild's messages (default: none)
 * @returns {Promise<{ file: string, inputs: number, bytes: number }>}
 */
export async function buildBundle(root, { logLevel = 'silent' } = {}) {
  // A folder that cannot be written (a read-only install) fails here, before any build.
  const dir = bundleDir(root);
  mkdirSync(dir, { recursive: true });
  accessSync(dir, constants.W_OK);
  const esbuild = await import('esbuild');
  const { createHash } = await import('node:crypto'); // here, not at every start
  /** @type {Map<string, Input>} */
  const inputs = new Map();
  const rel = (/** @type {string} */ abs) => path.relative(root, abs).split(path.sep).join('/');
  /** @param {string} abs @param {import('node:fs').Stats} st */
  const note = (abs, st) => {
    const r = rel(abs);
    if (!inputs.has(r)) inputs.set(r, [r, st.size, st.mtimeMs, st.ctimeMs]);
  };
  /** @param {string} abs */
  const noteIfExists = (abs) => {
    if (inputs.has(rel(abs))) return;
    const st = statSync(abs, { throwIfNoEntry: false });
    if (st) note(abs, st);
  };
  // How the bundle is made: this file, and esbuild (by its package.json).
  noteIfExists(fileURLToPath(import.meta.url));
  noteIfExists(path.join(path.dirname(fileURLToPath(import.meta.resolve('esbuild'))), '..', 'package.json'));

  /** @type {import('esbuild').Plugin} */
  const recordInputs = {
    name: 'phieu-record-inputs',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const loader = LOADERS[path.extname(args.path)];
        if (!loader) throw new Error(`no loader for ${args.path}`);
        // package.json files between the module and the root: exports, type, sideEffects.
        for (let dir = path.dirname(args.path); ;) {
          noteIfExists(path.join(dir, 'package.json'));
          const up = path.dirname(dir);
          if (dir === root || up === dir) break;
          dir = up;
        }
        const fd = openSync(args.path, 'r');
        try {
          const st = fstatSync(fd); // before reading: a later write changes what is recorded
          const contents = readFileSync(fd);
          note(args.path, st);
          return { contents, loader };
        } finally {
          closeSync(fd);
        }
      });
    },
  };

  const cliDir = path.join(root, 'cli');
  const result = await esbuild
    .build({
      absWorkingDir: root,
      entryPoints: [path.join(cliDir, 'main.ts')],
      outfile: path.join(dir, 'cli.mjs'),
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      charset: 'utf8',
      legalComments: 'none',
      logLevel,
      // Node's type stripping: no transform beyond removing types; class fields are defined. Given
      // here, so no tsconfig.json changes the output.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
      // cli/package-root.ts finds the package from its own folder: cli/, not the bundle's.
      define: { 'import.meta.dirname': JSON.stringify(cliDir) },
      plugins: [recordInputs],
    })
    // esbuild's service process is not needed once the bundle is made (the CLI runs on).
    .finally(() => esbuild.stop());
  const out = result.outputFiles?.[0];
  if (!out || result.outputFiles?.length !== 1) throw new Error('esbuild wrote no single output file');
  const text = out.text;
  if (text.includes('import.meta')) throw new Error('the bundle uses import.meta, which would name the bundle');
  for (const input of Object.keys(result.metafile?.inputs ?? {}))
    if (!inputs.has(rel(path.resolve(root, input)))) throw new Error(`unrecorded input ${input}`);

  const body = Buffer.from(
    `// Generated by cli/bundle.mjs from cli/main.ts; cli/phieu.mjs runs it only while the files above are unchanged.\n${text}`,
  );
  /** @type {Header} */
  const header = { format: FORMAT, root, bytes: body.length, inputs: [...inputs.values()] };
  // U+2028/2029 would end the line comment; JSON.parse reads the escapes back.
  const json = JSON.stringify(header)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const content = Buffer.concat([Buffer.from(`${MAGIC}${json}\n`), body]);
  const file = path.join(dir, `cli-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.mjs`);
  writeAtomically(file, content);
  writeAtomically(path.join(dir, 'current'), `${path.basename(file)}\n`);
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (name === path.basename(file) || !(BUNDLE_NAME.test(name) || name.endsWith('.tmp'))) continue;
    try {
      if (now - statSync(path.join(dir, name)).mtimeMs > KEEP_MS) unlinkSync(path.join(dir, name));
    } catch {
      // deleted by another build
    }
  }
  return { file, inputs: inputs.size, bytes: content.length };
}

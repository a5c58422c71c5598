// @ts-check
// Dynamic imports without Vite's preload wrapper when there is nothing to preload.
//
// Vite wraps every `import()` of the client build in a helper, `__vitePreload(() => import(x),
// deps)`, which adds <link> tags for the chunk's dependencies and CSS before importing it. With
// `build.modulePreload: false` and no CSS in any lazy chunk, `deps` is `[]` in every call and the
// helper does nothing but wait for a resolved promise; it still ships (preload-helper.*.js, 0.75
// KiB brotli) on every page and wraps every step of the collection page's start-up. Vite keeps it
// all the same (vitejs/vite#18551, open). This plugin, run after Vite fills in the deps, rewrites
// each `helper(() => import(x), [])` as `import(x)` (and `helper(fn, [])` as `fn()`), drops the
// import of the helper from a chunk that no longer calls it, and the helper's file once no chunk
// imports it. A call with dependencies to preload is left as Vite wrote it, with its helper.
import { parseAst } from 'rolldown/parseAst';

/** The helper's chunk, by file name (Vite names it after its module, `vite/preload-helper`). */
const HELPER_FILE = /(?:^|\/)preload-helper\.[\w-]+\.js$/;

/**
 * @typedef {object} Edit
 * @property {number} start
 * @property {number} end
 * @property {string} text
 */

/**
 * Walks every node of an ESTree AST.
 * @param {unknown} node
 * @param {(node: any) => void} visit
 */
function walk(node, visit) {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = /** @type {Record<string, unknown>} */ (node);
  if (typeof record.type === 'string') visit(record);
  for (const key in record) {
    if (key === 'parent') continue;
    const child = record[key];
    if (child !== null && typeof child === 'object') walk(child, visit);
  }
}

/**
 * What a call of the helper with no deps amounts to: its first argument, called. `() => import(x)`
 * is `import(x)`, and `c ? () => import(x) : () => import(y)` is `(c ? import(x) : import(y))`.
 * @param {any} load
 * @param {string} code
 * @returns {string}
 */
function called(load, code) {
  const source = (/** @type {any} */ node) => code.slice(node.start, node.end);
  const direct = (/** @type {any} */ node) =>
    node.type === 'ArrowFunctionExpression' &&
    !node.async &&
    node.params.length === 0 &&
    node.body.type === 'ImportExpression';
  if (direct(load)) return source(load.body);
  if (load.type === 'ConditionalExpression' && direct(load.consequent) && direct(load.alternate)) {
    return `(${source(load.test)}?${source(load.consequent.body)}:${source(load.alternate.body)})`;
  }
  return `(${source(load)})()`;
}

/**
 * One chunk's code without the helper's calls, when every one of them has nothing to preload.
 *
 * The code is minified, so the helper's local name (`n`, `H`...) may name something else in an
 * inner scope. `calls` is how many calls of the helper the chunk had before minifying, counted on
 * its unique name (`__vitePreload(`). Vite writes each as `helper(load, deps)`, so when exactly
 * that many calls of the local name have two arguments, the second `[]`, they are the helper's
 * and none has anything to preload. Otherwise (more, or fewer, or one inside another) the chunk
 * is left as it is.
 * @param {string} code minified ES module code
 * @param {number} calls the chunk's calls of the helper, counted before minifying
 * @param {(source: string) => boolean} isHelper whether an import's source is the helper's file
 * @returns {{ code: string, unwrapped: number, importsHelper: boolean }}
 */
export function unwrapPreloads(code, calls, isHelper) {
  const ast = /** @type {any} */ (parseAst(code));
  const declaration = ast.body.find(
    (/** @type {any} */ node) => node.type === 'ImportDeclaration' && isHelper(node.source.value),
  );
  if (declaration === undefined) return { code, unwrapped: 0, importsHelper: false };
  const unchanged = { code, unwrapped: 0, importsHelper: true };
  const [specifier] = declaration.specifiers;
  if (declaration.specifiers.length !== 1 || specifier.type !== 'ImportSpecifier') return unchanged;
  const local = specifier.local.name;
  /** @type {Edit[]} */
  const edits = [];
  walk(ast.body, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== local) return;
    const [load, deps] = node.arguments;
    if (node.arguments.length !== 2 || deps.type !== 'ArrayExpression' || deps.elements.length !== 0) return;
    edits.push({ start: node.start, end: node.end, text: called(load, code) });
  });
  if (edits.length !== calls) return unchanged;
  edits.sort((a, b) => a.start - b.start);
  if (edits.some((edit, i) => i > 0 && edit.start < /** @type {Edit} */ (edits[i - 1]).end)) return unchanged;
  edits.push({ start: declaration.start, end: declaration.end, text: '' });
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { code: out, unwrapped: calls, importsHelper: false };
}

/** The helper's calls in a chunk's code before minifying, by its unique name. */
const HELPER_CALL = /\b__vitePreload\(/g;

/**
 * The Vite plugin (client build only).
 * @returns {import('vite').Plugin}
 */
export function unwrapPreloadPlugin() {
  /** @type {Map<string, number>} calls of the helper per chunk, by preliminary file name */
  const calls = new Map();
  return {
    name: 'phieu-unwrap-preload',
    enforce: 'post',
    applyToEnvironment: (environment) => environment.name === 'client',
    renderStart() {
      calls.clear();
    },
    renderChunk(code, chunk) {
      calls.set(chunk.fileName, code.match(HELPER_CALL)?.length ?? 0);
      return null;
    },
    // The unwrapping is done after the file names are hashed: a chunk it may change gets another
    // hash than the same chunk had with the wrapper, so a cache that keeps files by name (the
    // service worker's) never holds a wrapped copy under an unwrapped file's name.
    augmentChunkHash(chunk) {
      return (calls.get(chunk.fileName) ?? 0) > 0 ? 'import() unwrapped' : undefined;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const helpers = Object.keys(bundle).filter((file) => HELPER_FILE.test(file));
        if (helpers.length === 0) return;
        let stillImported = false;
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.imports.some((file) => helpers.includes(file))) continue;
          const count = calls.get(chunk.preliminaryFileName);
          if (count === undefined || chunk.code.includes('__VITE_PRELOAD__')) {
            this.warn(`${chunk.fileName}: preload calls not unwrapped (Vite's deps not filled in, or chunk unknown)`);
            stillImported = true;
            continue;
          }
          const result = unwrapPreloads(chunk.code, count, (source) => HELPER_FILE.test(source));
          chunk.code = result.code;
          if (result.importsHelper) stillImported = true;
          else chunk.imports = chunk.imports.filter((file) => !helpers.includes(file));
        }
        if (!stillImported) for (const file of helpers) delete bundle[file];
      },
    },
  };
}

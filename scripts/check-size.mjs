#!/usr/bin/env node
// @ts-check
// Page weight budget: `npm run test:size` (after `npm run build`).
//
// For every HTML page in dist/, adds up what a first visit downloads before the page works: the
// page's HTML, the JavaScript it references (<script src>, <link rel="modulepreload">, Astro
// islands' component and renderer URLs, imports of inline module scripts) with everything those
// files import statically, its stylesheets (<link rel="stylesheet">, CSS @import) and the data it
// fetches at start (<link rel="preload" as="fetch">: the collection page's instruments). Each file
// is compressed on its own, as it travels: brotli (quality 11) for the budget, gzip -9 shown too.
// Code reached only through a dynamic import() (chart.js on the dashboards) is not part of the
// first load; it is listed separately as "lazy". Except the dynamic imports of the files named in
// the budget file's `eager` globs (an island that imports its code in steps at start, with
// top-level await): those load before the page works, so they count.
//
// Budgets, in KiB of brotli, are in size-budget.json: a default for every page, and overrides
// for pages matched by glob on their path in dist/ (`tong-hop/**`, `**/index.html`...).
// Exits with 1 when a page is over its budget.
//
//   node scripts/check-size.mjs [dist] [--budget size-budget.json] [--json]
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { isMain } from './lib/is-main.mjs';

const KIB = 1024;

/**
 * @typedef {object} Budget
 * @property {number} script KiB brotli of JavaScript loaded up front
 * @property {number} total KiB brotli of HTML + JavaScript + CSS + preloaded data loaded up front
 */

/**
 * @typedef {object} BudgetOverride
 * @property {string[]} pages globs on the page's path in dist/
 * @property {number} [script]
 * @property {number} [total]
 * @property {string} [why]
 */

/**
 * @typedef {object} BudgetFile
 * @property {Budget} default
 * @property {BudgetOverride[]} overrides
 * @property {string[]} [eager] globs of script files (by name) whose dynamic imports load at start
 */

/**
 * @typedef {object} Weight
 * @property {number} raw bytes
 * @property {number} br bytes, brotli quality 11
 * @property {number} gz bytes, gzip level 9
 */

/**
 * @typedef {object} PageReport
 * @property {string} page path in dist/
 * @property {Weight} html
 * @property {Weight} script
 * @property {Weight} css
 * @property {Weight} data files the page preloads to fetch at start (<link rel="preload" as="fetch">)
 * @property {Weight} total
 * @property {Weight} lazy
 * @property {string[]} scripts files counted as script, in dist/
 * @property {string[]} styles files counted as CSS
 * @property {string[]} lazyScripts files reached only by dynamic import()
 * @property {string[]} missing referenced files that are not in dist/
 * @property {Budget} budget
 * @property {string[]} over what is over budget, e.g. "script 31.2 > 30"
 */

// ---------------------------------------------------------------- budgets

/**
 * A glob on slash-separated paths as a regular expression: `**` any run of folders, `*` any
 * characters but `/`, `?` one character but `/`.
 * @param {string} glob
 * @returns {RegExp}
 */
export function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = /** @type {string} */ (glob[i]);
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Reads and checks size-budget.json.
 * @param {string} file
 * @returns {Promise<BudgetFile>}
 */
async function readBudgets(file) {
  /** @type {unknown} */
  const data = JSON.parse(await readFile(file, 'utf8'));
  const fail = (/** @type {string} */ why) => {
    throw new Error(`${file}: ${why}`);
  };
  const isKiB = (/** @type {unknown} */ v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (typeof data !== 'object' || data === null) return fail('not a JSON object');
  const {
    default: base,
    overrides = [],
    eager = [],
  } = /** @type {{ default?: unknown, overrides?: unknown, eager?: unknown }} */ (data);
  const b = /** @type {{ script?: unknown, total?: unknown } | undefined} */ (base);
  if (!b || !isKiB(b.script) || !isKiB(b.total)) return fail('"default" needs "script" and "total" in KiB');
  if (!Array.isArray(overrides)) return fail('"overrides" must be an array');
  overrides.forEach((o, i) => {
    const entry = /** @type {{ pages?: unknown, script?: unknown, total?: unknown }} */ (o);
    if (!Array.isArray(entry.pages) || !entry.pages.every((p) => typeof p === 'string'))
      fail(`overrides[${i}].pages must be an array of globs`);
    if (entry.script !== undefined && !isKiB(entry.script)) fail(`overrides[${i}].script must be KiB`);
    if (entry.total !== undefined && !isKiB(entry.total)) fail(`overrides[${i}].total must be KiB`);
  });
  if (!Array.isArray(eager) || !eager.every((g) => typeof g === 'string')) fail('"eager" must be an array of globs');
  return /** @type {BudgetFile} */ ({ default: b, overrides, eager });
}

/**
 * The budget of a page: the default, with the first override whose globs match laid over it.
 * @param {BudgetFile} budgets
 * @param {string} page path in dist/
 * @returns {Budget}
 */
export function budgetOf(budgets, page) {
  const override = budgets.overrides.find((o) => o.pages.some((glob) => globToRegExp(glob).test(page)));
  return {
    script: override?.script ?? budgets.default.script,
    total: override?.total ?? budgets.default.total,
  };
}

// ---------------------------------------------------------------- references

/**
 * The value of an attribute in a tag's source, or undefined.
 * @param {string} tag
 * @param {string} name
 * @returns {string | undefined}
 */
function attribute(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
}

/**
 * @param {string} text
 * @returns {string}
 */
function decodeEntities(text) {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/**
 * What an HTML page loads up front.
 * @param {string} html
 * @returns {{ scripts: string[], styles: string[], inlineModules: string[], data: string[] }}
 */
export function listHtmlReferences(html) {
  /** @type {string[]} */
  const scripts = [];
  /** @type {string[]} */
  const styles = [];
  /** @type {string[]} */
  const inlineModules = [];
  /** @type {string[]} */
  const data = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');

  for (const match of withoutComments.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const tag = `<script${match[1] ?? ''}>`;
    const src = attribute(tag, 'src');
    const type = (attribute(tag, 'type') ?? '').toLowerCase();
    if (src !== undefined) scripts.push(src);
    else if (type === 'module') inlineModules.push(match[2] ?? '');
  }
  for (const match of withoutComments.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(tag, 'href');
    if (href === undefined) continue;
    if (rel.includes('stylesheet')) styles.push(href);
    else if (rel.includes('modulepreload')) scripts.push(href);
    else if (rel.includes('preload') && (attribute(tag, 'as') ?? '').toLowerCase() === 'fetch') data.push(href);
  }
  // Astro islands load their component and the framework renderer as soon as they hydrate.
  for (const match of withoutComments.matchAll(/<astro-island\b[^>]*>/gi)) {
    for (const name of ['component-url', 'renderer-url']) {
      const url = attribute(match[0], name);
      if (url) scripts.push(url);
    }
  }
  return { scripts, styles, inlineModules, data };
}

/**
 * The modules a JavaScript file imports: `static` (import/export ... from, bare import) and
 * `dynamic` (import("...") with a literal). A scanner for bundler output, not a full parser.
 * @param {string} code
 * @returns {{ static: string[], dynamic: string[] }}
 */
export function listJsImports(code) {
  const found = { static: /** @type {string[]} */ ([]), dynamic: /** @type {string[]} */ ([]) };
  const staticImport = /(?<![\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?(["'])([^"'\n]+)\1/g;
  const dynamicImport = /(?<![\w$.])import\s*\(\s*(["'`])([^"'`\n]+)\1\s*\)/g;
  for (const match of code.matchAll(staticImport)) if (match[2]) found.static.push(match[2]);
  for (const match of code.matchAll(dynamicImport)) if (match[2]) found.dynamic.push(match[2]);
  return found;
}

/**
 * @param {string} css
 * @returns {string[]}
 */
function listCssImports(css) {
  return [...css.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)["']?\s*\)?/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

// ---------------------------------------------------------------- measuring

/**
 * @param {Buffer} bytes
 * @returns {Weight}
 */
function weigh(bytes) {
  return {
    raw: bytes.length,
    br: brotliCompressSync(bytes, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
    gz: gzipSync(bytes, { level: 9 }).length,
  };
}

/** @returns {Weight} */
const zero = () => ({ raw: 0, br: 0, gz: 0 });

/**
 * @param {Weight[]} weights
 * @returns {Weight}
 */
function sum(weights) {
  return weights.reduce((a, w) => ({ raw: a.raw + w.raw, br: a.br + w.br, gz: a.gz + w.gz }), zero());
}

/**
 * Measures every page of a built site.
 * @param {{ dist: string, base: string, budgets: BudgetFile }} options
 * @returns {Promise<{ pages: PageReport[], unusedOverrides: string[] }>}
 */
export async function measureSite({ dist, base, budgets }) {
  const origin = 'http://site.invalid';
  const eager = (budgets.eager ?? []).map(globToRegExp);
  /** @type {Map<string, Promise<{ bytes: Buffer, weight: Weight } | undefined>>} */
  const files = new Map();
  const load = (/** @type {string} */ rel) => {
    let entry = files.get(rel);
    if (!entry) {
      entry = readFile(path.join(dist, rel)).then(
        (bytes) => ({ bytes, weight: weigh(bytes) }),
        () => undefined,
      );
      files.set(rel, entry);
    }
    return entry;
  };

  /**
   * A reference resolved against the URL of the file it appears in, as a path in dist/; undefined
   * when it points elsewhere (another origin, data:, outside the base).
   * @param {string} ref
   * @param {string} fromUrl
   * @returns {string | undefined}
   */
  const resolve = (ref, fromUrl) => {
    const url = URL.parse(ref, fromUrl);
    if (url === null || url.origin !== origin || !url.pathname.startsWith(base)) return undefined;
    const rel = decodeURIComponent(url.pathname.slice(base.length));
    return rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  };
  const urlOf = (/** @type {string} */ rel) => `${origin}${base}${rel}`;

  const htmlFiles = (await readdir(dist, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();

  /** @type {PageReport[]} */
  const pages = [];
  for (const page of htmlFiles) {
    const pageFile = await load(page);
    if (!pageFile) continue;
    const html = pageFile.bytes.toString('utf8');
    const refs = listHtmlReferences(html);
    const pageUrl = urlOf(page);
    /** @type {string[]} */
    const missing = [];

    // Follow static imports from the page's scripts; collect dynamic ones for later.
    const scripts = new Set(/** @type {string[]} */ ([]));
    /** @type {string[]} */
    const dynamicRoots = [];
    /**
     * @param {string[]} refsToFollow
     * @param {string} fromUrl
     * @param {Set<string>} into
     * @param {Set<string>} skip
     */
    const followJs = async (refsToFollow, fromUrl, into, skip) => {
      for (const ref of refsToFollow) {
        const rel = resolve(ref, fromUrl);
        if (rel === undefined || into.has(rel) || skip.has(rel)) continue;
        const file = await load(rel);
        if (!file) {
          missing.push(rel);
          continue;
        }
        into.add(rel);
        const imports = listJsImports(file.bytes.toString('utf8'));
        await followJs(imports.static, urlOf(rel), into, skip);
        const name = rel.slice(rel.lastIndexOf('/') + 1);
        if (eager.some((glob) => glob.test(name))) {
          await followJs(imports.dynamic, urlOf(rel), into, skip);
          continue;
        }
        for (const d of imports.dynamic) {
          const target = resolve(d, urlOf(rel));
          if (target !== undefined) dynamicRoots.push(target);
        }
      }
    };
    await followJs(refs.scripts, pageUrl, scripts, new Set());
    for (const code of refs.inlineModules) {
      const imports = listJsImports(code);
      await followJs(imports.static, pageUrl, scripts, new Set());
      for (const d of imports.dynamic) {
        const target = resolve(d, pageUrl);
        if (target !== undefined) dynamicRoots.push(target);
      }
    }
    // Lazy code: what dynamic imports reach that the first load did not already bring.
    const lazy = new Set(/** @type {string[]} */ ([]));
    while (dynamicRoots.length > 0) {
      const roots = dynamicRoots.splice(0);
      await followJs(
        roots.map((rel) => urlOf(rel)),
        pageUrl,
        lazy,
        scripts,
      );
    }

    const styles = new Set(/** @type {string[]} */ ([]));
    /**
     * @param {string[]} refsToFollow
     * @param {string} fromUrl
     */
    const followCss = async (refsToFollow, fromUrl) => {
      for (const ref of refsToFollow) {
        const rel = resolve(ref, fromUrl);
        if (rel === undefined || styles.has(rel)) continue;
        const file = await load(rel);
        if (!file) {
          missing.push(rel);
          continue;
        }
        styles.add(rel);
        await followCss(listCssImports(file.bytes.toString('utf8')), urlOf(rel));
      }
    };
    await followCss(refs.styles, pageUrl);

    const weightsOf = async (/** @type {Iterable<string>} */ rels) =>
      sum((await Promise.all([...rels].map(load))).flatMap((f) => (f ? [f.weight] : [])));
    const script = await weightsOf(scripts);
    const css = await weightsOf(styles);
    const dataFiles = new Set(/** @type {string[]} */ ([]));
    for (const ref of refs.data) {
      const rel = resolve(ref, pageUrl);
      if (rel === undefined) continue;
      if (await load(rel)) dataFiles.add(rel);
      else missing.push(rel);
    }
    const data = await weightsOf(dataFiles);
    const total = sum([pageFile.weight, script, css, data]);
    const budget = budgetOf(budgets, page);
    /** @type {string[]} */
    const over = [];
    if (script.br > budget.script * KIB) over.push(`script ${kib(script.br)} > ${budget.script} KiB`);
    if (total.br > budget.total * KIB) over.push(`total ${kib(total.br)} > ${budget.total} KiB`);
    pages.push({
      page,
      html: pageFile.weight,
      script,
      css,
      data,
      total,
      lazy: await weightsOf(lazy),
      scripts: [...scripts].sort(),
      styles: [...styles].sort(),
      lazyScripts: [...lazy].sort(),
      missing: [...new Set(missing)].sort(),
      budget,
      over,
    });
  }

  const unusedOverrides = budgets.overrides
    .flatMap((o) => o.pages)
    .filter((glob) => !htmlFiles.some((page) => globToRegExp(glob).test(page)));
  return { pages, unusedOverrides };
}

// ---------------------------------------------------------------- report

/**
 * @param {number} bytes
 * @returns {string}
 */
function kib(bytes) {
  return (bytes / KIB).toFixed(1);
}

/**
 * @param {PageReport[]} pages
 * @returns {string}
 */
export function formatTable(pages) {
  const header = ['page', 'HTML', 'script', 'CSS', 'data', 'total', 'budget s/t', 'gzip total', 'lazy', ''];
  const rows = pages.map((p) => [
    p.page,
    kib(p.html.br),
    kib(p.script.br),
    kib(p.css.br),
    p.data.br > 0 ? kib(p.data.br) : '-',
    kib(p.total.br),
    `${p.budget.script}/${p.budget.total}`,
    kib(p.total.gz),
    p.lazy.br > 0 ? kib(p.lazy.br) : '-',
    p.over.length > 0 ? `OVER: ${p.over.join(', ')}` : 'ok',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ cells) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * @param {string | undefined} value
 * @returns {string}
 */
function normaliseBasePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const budgetAt = args.indexOf('--budget');
  const budgetFile = path.resolve(budgetAt >= 0 ? (args[budgetAt + 1] ?? '') : 'size-budget.json');
  const positional = args.filter((a, i) => !a.startsWith('--') && (budgetAt < 0 || i !== budgetAt + 1));
  const dist = path.resolve(positional[0] ?? 'dist');
  if (!existsSync(dist)) {
    console.error(`No built site in ${dist}: run \`npm run build\` first.`);
    return 1;
  }
  const budgets = await readBudgets(budgetFile);
  const { pages, unusedOverrides } = await measureSite({
    dist,
    base: normaliseBasePath(process.env.BASE_PATH),
    budgets,
  });
  if (pages.length === 0) {
    console.error(`No HTML pages in ${dist}.`);
    return 1;
  }

  if (json) {
    console.log(JSON.stringify({ unit: 'bytes', pages, unusedOverrides }, null, 2));
  } else {
    console.log(`Page weight, KiB brotli (q11) unless noted; first load only, lazy = dynamic import().\n`);
    console.log(formatTable(pages));
    for (const p of pages.filter((p) => p.lazyScripts.length > 0))
      console.log(`\nlazy on ${p.page}: ${p.lazyScripts.join(', ')} (${kib(p.lazy.br)} KiB)`);
    for (const glob of unusedOverrides) console.log(`\nnote: size-budget.json override "${glob}" matches no page`);
  }
  let code = 0;
  for (const p of pages) {
    if (p.missing.length > 0) {
      console.error(`${p.page}: references files that are not in the build: ${p.missing.join(', ')}`);
      code = 1;
    }
  }
  const over = pages.filter((p) => p.over.length > 0);
  if (over.length > 0) {
    console.error(`\n${over.length} page(s) over budget (size-budget.json):`);
    for (const p of over) console.error(`  ${p.page}: ${p.over.join(', ')}`);
    code = 1;
  } else if (!json) {
    console.log(`\nAll ${pages.length} page(s) within budget.`);
  }
  return code;
}

if (isMain(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (/** @type {unknown} */ error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

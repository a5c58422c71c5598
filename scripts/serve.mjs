#!/usr/bin/env node
// @ts-check
// A small static file server for the built site (`dist/`), with no dependencies.
//
//   node scripts/serve.mjs [folder]          (default folder: dist)
//   PORT=8080 HOST=0.0.0.0 BASE_PATH=/phieu/ node scripts/serve.mjs dist
//
// Also imported by the browser tests and the benchmarks: `startServer({ root, port, host, base })`.
// It serves what a plain static host would: index.html for folders, 404.html for unknown paths,
// gzip when the browser accepts it, and nothing outside the folder.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { isMain } from './lib/is-main.mjs';

/** @type {Readonly<Record<string, string>>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

/** Types worth gzipping (images and fonts are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml|javascript)|image\/svg\+xml)/;

/**
 * The base path the site is served under, beginning and ending with `/` (`/` by default), as in
 * astro.config.mjs.
 * @param {string | undefined} value
 * @returns {string}
 */
export function normaliseBasePath(value) {
  const trimmed = (value ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/**
 * The content type of a file, from its extension.
 * @param {string} file
 * @returns {string}
 */
export function contentTypeOf(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @typedef {object} ServerOptions
 * @property {string} [root] folder to serve (default `dist`)
 * @property {number} [port] port; 0 picks a free one (default 4321)
 * @property {string} [host] interface to listen on (default 127.0.0.1)
 * @property {string} [base] path the site is served under (default `/`)
 * @property {boolean} [log] print one line per request (default false)
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url the site's address, base included, ending in `/`
 * @property {number} port the port actually listened on
 * @property {() => Promise<void>} close stops the server
 */

/**
 * Serves a folder over HTTP until `close()` is called.
 * @param {ServerOptions} [options]
 * @returns {Promise<RunningServer>}
 */
export async function startServer(options = {}) {
  const root = await realpath(path.resolve(options.root ?? 'dist'));
  const rootStat = await stat(root);
  if (!rootStat.isDirectory()) throw new Error(`serve: ${root} is not a folder`);
  const host = options.host ?? '127.0.0.1';
  const base = normaliseBasePath(options.base);
  const log = options.log ?? false;

  const server = createServer((request, response) => {
    handle(root, base, request, response)
      .catch((/** @type {unknown} */ error) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          response.end('500 Internal Server Error\n');
        } else {
          response.destroy();
        }
        // A client that goes away mid-download is not worth a stack trace.
        if (!isClientGone(error)) console.error('serve:', error);
      })
      .finally(() => {
        if (log) console.log(`${response.statusCode} ${request.method ?? ''} ${request.url ?? ''}`);
      });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });

  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 4321);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${base}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {unknown} error
 * @returns {boolean}
 */
function isClientGone(error) {
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * @param {string} root real path of the served folder
 * @param {string} base
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @returns {Promise<void>}
 */
async function handle(root, base, request, response) {
  response.setHeader('x-content-type-options', 'nosniff');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('405 Method Not Allowed\n');
    return;
  }

  const url = new URL(request.url ?? '/', 'http://localhost');
  let pathname = url.pathname;
  if (pathname === base.slice(0, -1)) {
    redirect(response, base + url.search);
    return;
  }
  if (!pathname.startsWith(base)) {
    await sendNotFound(root, response, request);
    return;
  }

  /** @type {string} */
  let relative;
  try {
    relative = decodeURIComponent(pathname.slice(base.length));
  } catch {
    sendText(response, 400, '400 Bad Request\n');
    return;
  }
  if (relative.includes('\0')) {
    sendText(response, 400, '400 Bad Request\n');
    return;
  }

  const file = await resolveInside(root, relative);
  if (file === undefined) {
    await sendNotFound(root, response, request);
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) {
    await sendNotFound(root, response, request);
    return;
  }
  if (info.isDirectory()) {
    // A folder is a page: its links are relative to the folder, so it must be asked for with `/`.
    if (!pathname.endsWith('/')) {
      pathname += '/';
      redirect(response, pathname + url.search);
      return;
    }
    const index = path.join(file, 'index.html');
    const indexInfo = await stat(index).catch(() => undefined);
    if (indexInfo === undefined || !indexInfo.isFile()) {
      await sendNotFound(root, response, request);
      return;
    }
    await sendFile(request, response, index, indexInfo, 200, pathname);
    return;
  }
  if (!info.isFile()) {
    await sendNotFound(root, response, request);
    return;
  }
  await sendFile(request, response, file, info, 200, pathname);
}

/**
 * The real path of `relative` inside `root`, or undefined when it would leave the folder
 * (`..`, absolute paths, symbolic links pointing out) or does not exist.
 * @param {string} root
 * @param {string} relative
 * @returns {Promise<string | undefined>}
 */
async function resolveInside(root, relative) {
  const candidate = path.resolve(root, `.${path.sep}${relative.replaceAll('\\', '/')}`);
  if (!isInside(root, candidate)) return undefined;
  const real = await realpath(candidate).catch(() => undefined);
  if (real === undefined || !isInside(root, real)) return undefined;
  return real;
}

/**
 * @param {string} root
 * @param {string} candidate
 * @returns {boolean}
 */
function isInside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * @param {string} root
 * @param {import('node:http').ServerResponse} response
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<void>}
 */
async function sendNotFound(root, response, request) {
  const page = path.join(root, '404.html');
  const info = await stat(page).catch(() => undefined);
  if (info?.isFile()) {
    await sendFile(request, response, page, info, 404, '/404.html');
    return;
  }
  sendText(response, 404, '404 Not Found\n');
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} text
 */
function sendText(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {string} location
 */
function redirect(response, location) {
  response.writeHead(301, { location, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`301 Moved Permanently: ${location}\n`);
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {string} file
 * @param {import('node:fs').Stats} info
 * @param {number} status
 * @param {string} pathname the requested path (decides caching)
 * @returns {Promise<void>}
 */
async function sendFile(request, response, file, info, status, pathname) {
  const type = contentTypeOf(file);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': type,
    etag,
    'last-modified': info.mtime.toUTCString(),
    // Astro's hashed bundles never change; everything else (pages, manifest, service worker) is
    // revalidated so a new build is picked up at once.
    'cache-control': pathname.includes('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const compressible = COMPRESSIBLE.test(type);
  if (compressible) headers.vary = 'Accept-Encoding';

  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }

  const gzip = compressible && info.size > 256 && acceptsGzip(request.headers['accept-encoding']);
  if (gzip) headers['content-encoding'] = 'gzip';
  else headers['content-length'] = String(info.size);

  response.writeHead(status, headers);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  if (gzip) await pipeline(createReadStream(file), createGzip(), response);
  else await pipeline(createReadStream(file), response);
}

/**
 * Whether an Accept-Encoding header accepts gzip (and does not refuse it with `q=0`).
 * @param {string | undefined} header
 * @returns {boolean}
 */
function acceptsGzip(header) {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

async function main() {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.env.PORT ?? 4321);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`serve: PORT must be a port number, not ${process.env.PORT}`);
  const running = await startServer({
    root,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    base: process.env.BASE_PATH ?? '/',
    log: process.env.SERVE_LOG === '1',
  });
  console.log(`Phiếu chi bộ: ${running.url}`);
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (isMain(import.meta.url)) {
  main().catch((/** @type {unknown} */ error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

// The page-weight check (scripts/check-size.mjs) on a small made-up site: what counts as the first
// load, what as lazy, and the budget file's `eager` globs.
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSite } from '../../scripts/check-size.mjs';

let dist: string;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'check-size-'));
  mkdirSync(path.join(dist, '_astro'));
  const write = (rel: string, text: string) => writeFileSync(path.join(dist, rel), text);
  write(
    'index.html',
    '<!doctype html><title>t</title><link rel="preload" as="fetch" href="/data/list.json" crossorigin><link rel="preload" as="image" href="/pic.png"><astro-island component-url="/_astro/Island.js" renderer-url="/_astro/client.js"></astro-island>',
  );
  // The island imports shared code statically, its app in a step (top-level await) and a chart when drawn.
  write('_astro/Island.js', 'import "./shared.js";const A=(await import("./App.js")).default;export default A;');
  write('_astro/App.js', 'import "./shared.js";export default function App(){return import("./chart.js")}');
  write('_astro/shared.js', 'export const x = 1;');
  write('_astro/chart.js', `export const chart = ${JSON.stringify('c'.repeat(4000))};`);
  write('_astro/client.js', 'export default 1;');
  mkdirSync(path.join(dist, 'data'));
  write('data/list.json', JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: `item-${i}`, n: i * 7919 }))));
  write('pic.png', 'not counted');
});

afterAll(() => rmSync(dist, { recursive: true, force: true }));

const budgets = { default: { script: 30, total: 45 }, overrides: [] };

describe('measureSite', () => {
  it('counts static imports as the first load and dynamic ones as lazy', async () => {
    const { pages } = await measureSite({ dist, base: '/', budgets });
    const page = pages.find((p) => p.page === 'index.html');
    expect(page?.scripts.sort()).toEqual(['_astro/Island.js', '_astro/client.js', '_astro/shared.js']);
    expect(page?.lazyScripts.sort()).toEqual(['_astro/App.js', '_astro/chart.js']);
  });

  it('counts the dynamic imports of an eager file as the first load, not those of what it imports', async () => {
    const { pages } = await measureSite({ dist, base: '/', budgets: { ...budgets, eager: ['Island.*'] } });
    const page = pages.find((p) => p.page === 'index.html');
    expect(page?.scripts.sort()).toEqual(['_astro/App.js', '_astro/Island.js', '_astro/client.js', '_astro/shared.js']);
    expect(page?.lazyScripts).toEqual(['_astro/chart.js']);
  });

  it('counts the data a page preloads to fetch at start in its total, and no other preload', async () => {
    const { pages } = await measureSite({ dist, base: '/', budgets });
    const page = pages.find((p) => p.page === 'index.html');
    // Exactly the fetched list: the image preload is not data the page needs to work.
    expect(page?.data.raw).toBe(statSync(path.join(dist, 'data/list.json')).size);
    expect(page?.total.br).toBe(
      (page?.html.br ?? 0) + (page?.script.br ?? 0) + (page?.css.br ?? 0) + (page?.data.br ?? 0),
    );
    expect(page?.missing).toEqual([]);
  });
});

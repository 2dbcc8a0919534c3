import { test, expect } from '@playwright/test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sitemapPaths } from './support/site';
import { compressedSize } from './support/compressed';
import { withoutLanguage } from './support/app';

// Page budgets: one round trip to first paint (TCP's initial window), and little to download.
const FIRST_PAINT = 14 * 1024;
const ALL_BUT_MEDIA = 30 * 1024;
const QUICK_EXIT_JS = 2 * 1024;
// /search/ (in every language: /ar/search/…) alone carries a second small script, which fetches Pagefind only when someone searches.
const SEARCH_PAGE = '/search/';
const SEARCH_JS = 2 * 1024;
const MEDIA = /\.(mp4|webm|vtt|jpe?g|png|webp|avif|mp3|ogg|pdf)$/i;

const decode = (r: { body: Buffer; encoding?: string }) =>
  (r.encoding === 'br' ? brotliDecompressSync(r.body) : r.encoding === 'gzip' ? gunzipSync(r.body) : r.body).toString('utf8');

test('every content page, in every language, fits the byte budgets and carries only the quick exit script (and /search/ its search script)', async ({ request, baseURL }) => {
  const paths = await sitemapPaths(request);
  const report: string[] = [];
  for (const path of paths) {
    const page = await compressedSize(baseURL!, path);
    expect(page.status, path).toBe(200);
    expect(page.encoding, `${path} is compressed`).toMatch(/^(br|gzip)$/);
    const html = decode(page);
    const stylesheets = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const others = [...html.matchAll(/<(?:img|link[^>]+rel="icon")[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !MEDIA.test(u));
    let css = 0;
    for (const href of stylesheets) css += (await compressedSize(baseURL!, href)).bytes;
    let rest = 0;
    for (const src of [...scripts, ...others]) rest += (await compressedSize(baseURL!, src)).bytes;
    const inlineScripts = [...html.matchAll(/<script(?![^>]*type="application\/ld\+json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    report.push(`${path}: html+css ${page.bytes + css} B, total ${page.bytes + css + rest} B`);
    expect(page.bytes + css, `${path}: HTML plus render-blocking CSS`).toBeLessThanOrEqual(FIRST_PAINT);
    expect(page.bytes + css + rest, `${path}: everything but media`).toBeLessThanOrEqual(ALL_BUT_MEDIA);
    expect(scripts, `${path}: no script files on a content page`).toEqual([]);
    const quickExit = inlineScripts.filter((s) => s.includes('data-exit-link'));
    expect(quickExit.length, `${path}: the quick exit script, once`).toBe(1);
    expect(Buffer.byteLength(quickExit[0]!), `${path}: quick exit size`).toBeLessThanOrEqual(QUICK_EXIT_JS);
    const extraScripts = inlineScripts.filter((s) => !s.includes('data-exit-link'));
    if (withoutLanguage(path) === SEARCH_PAGE) {
      expect(extraScripts.length, `${path}: one more script, the search`).toBe(1);
      expect(extraScripts[0], `${path}: the search script loads Pagefind on demand`).toContain('/pagefind/pagefind.js');
      expect(Buffer.byteLength(extraScripts[0]!), `${path}: search script size`).toBeLessThanOrEqual(SEARCH_JS);
      report.push(`${path}: search script ${Buffer.byteLength(extraScripts[0]!)} B before compression, Pagefind loads on search`);
    } else {
      expect(extraScripts, `${path}: no script but the quick exit`).toEqual([]);
    }
  }
  console.log(report.join('\n'));
});

test('the share page carries at most 25 KB of JavaScript, compressed', async ({ page, baseURL }) => {
  const scripts = new Set<string>();
  page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname); });
  await page.goto('/share/');
  await expect(page.locator('#body-count')).toHaveText(/remaining/); // the island has loaded
  let bytes = 0;
  for (const path of scripts) bytes += (await compressedSize(baseURL!, path)).bytes;
  const html = decode(await compressedSize(baseURL!, '/share/'));
  // Inline scripts travel inside the compressed HTML: count each one compressed on its own.
  for (const [, inline] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) bytes += brotliCompressSync(inline!).length;
  console.log(`/share/: ${scripts.size} script files, ${bytes} B of JavaScript`);
  expect(scripts.size).toBeGreaterThan(0);
  expect(bytes).toBeLessThanOrEqual(25 * 1024);
});

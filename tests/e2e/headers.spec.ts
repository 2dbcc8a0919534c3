// The security headers, and one whole Content-Security-Policy in a header on every response: each
// page's with its own script and style hashes (built pages from dist/_headers.json, on-demand pages
// from Astro), the strict one on everything that is not a page.
import { test, expect, type APIResponse } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { sitemapPaths } from './support/site';
import { securityHeaderProblems, watchCspViolations } from './support/headers';
import { STRICT_CSP } from '../../src/lib/http/securityHeaders';

/** A hashed build asset, straight from the build output. */
const hashedAsset = () => `/_astro/${readdirSync('dist/client/_astro').find((f) => f.endsWith('.js'))}`;

/** The sources a policy gives one directive, e.g. sourcesOf(csp, 'script-src'). */
const sourcesOf = (csp: string, directive: string) =>
  csp.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === directive)?.slice(1) ?? [];

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Everything in a page's policy that a complete one needs, as problems. */
async function policyProblems(response: APIResponse, path: string): Promise<string[]> {
  const csp = response.headers()['content-security-policy'] ?? '';
  const html = await response.text();
  const problems: string[] = [];
  if (/<meta[^>]+http-equiv="content-security-policy"/i.test(html)) problems.push(`${path}: a second policy in a <meta> tag`);
  if (!sourcesOf(csp, 'default-src').includes("'none'")) problems.push(`${path}: no default-src 'none'`);
  const scripts = sourcesOf(csp, 'script-src');
  const styles = sourcesOf(csp, 'style-src');
  if (scripts.includes("'unsafe-inline'") || styles.includes("'unsafe-inline'")) problems.push(`${path}: 'unsafe-inline'`);
  // Every inline script and style the page has is allowed by its hash, so the policy is the whole story.
  for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>([\s\S]*?)<\/script>/g)) {
    if (!scripts.includes(sha256(body!))) problems.push(`${path}: inline script ${sha256(body!)} not in script-src`);
  }
  for (const [, body] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
    if (!styles.includes(sha256(body!))) problems.push(`${path}: inline style ${sha256(body!)} not in style-src`);
  }
  return problems;
}

test('security headers on pages, static files, the sitemap and the 404', async ({ request }) => {
  const targets = ['/', '/poems/', '/help/', '/favicon.svg', '/sitemap-index.xml', '/robots.txt', '/media/films/pieces-of-me-sample.en.vtt', '/no-such-page/', hashedAsset()];
  const problems: string[] = [];
  for (const path of targets) problems.push(...securityHeaderProblems(await request.get(path), path));
  expect(problems).toEqual([]);
});

test('every page sends one whole policy in its header, with a hash for each inline script and style', async ({ request }) => {
  const paths = [...(await sitemapPaths(request)), '/share/', '/share/status/', '/voices/', '/moderate/login', '/no-such-page/'];
  const problems: string[] = [];
  for (const path of paths) {
    const response = await request.get(path);
    expect(response.headers()['content-type'], path).toMatch(/^text\/html/);
    problems.push(...(await policyProblems(response, path)));
  }
  expect(paths.length).toBeGreaterThan(40);
  expect(problems).toEqual([]);
});

test('what is not a page gets the strict policy: nothing may run or load', async ({ request }) => {
  for (const path of ['/favicon.svg', hashedAsset(), '/media/films/pieces-of-me-sample.mp4', '/downloads/is-this-ok.txt', '/sitemap-index.xml', '/pagefind/pagefind.js']) {
    const csp = (await request.get(path)).headers()['content-security-policy'];
    expect(csp, path).toBe(STRICT_CSP);
    expect(sourcesOf(csp!, 'script-src'), path).toEqual([]);
  }
});

test('in the browser, no page breaks its own policy: quick exit, the share form, search, the film, the 404', async ({ page }) => {
  const violations = await watchCspViolations(page);
  for (const path of ['/', '/poems/', '/films/pieces-of-me-sample/', '/share/', '/no-such-page/']) {
    await page.goto(path);
    await expect(page.locator('[data-exit-link]').first(), path).toBeVisible();
  }
  // The share form's island hydrates: its character count only appears when its script runs.
  await page.goto('/share/');
  await expect(page.locator('#body-count')).toHaveText(/remaining/);
  // Search fetches Pagefind, its index and its WebAssembly under /search/'s own policy.
  await page.goto('/search/');
  await page.getByLabel('Search the site').fill('consent');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toHaveText(/results? for “consent”/);
  await expect(page.locator('[data-search-results] li').first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('HTML revalidates and hashed assets are cached for a year', async ({ request }) => {
  expect((await request.get('/poems/')).headers()['cache-control']).toBe('no-cache');
  expect((await request.get('/voices/')).headers()['cache-control']).toBe('no-cache');
  expect((await request.get('/no-such-page/')).headers()['cache-control']).toBe('no-cache');
  expect((await request.get(hashedAsset())).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const fragment = readdirSync('dist/client/pagefind/fragment')[0];
  expect((await request.get(`/pagefind/fragment/${fragment}`)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  // A missing asset is a 404 that must not be kept for a year.
  const missing = await request.get('/_astro/no-such-asset.js');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['cache-control']).toBe('no-cache');
});

import { test, expect, type APIResponse } from '@playwright/test';
import { readdirSync } from 'node:fs';

/** A hashed build asset, straight from the build output. */
const hashedAsset = () => `/_astro/${readdirSync('dist/client/_astro')[0]}`;

function expectSecurityHeaders(response: APIResponse, what: string) {
  const h = response.headers();
  const csp = h['content-security-policy'] ?? '';
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(h['permissions-policy'], what).toMatch(/geolocation=\(\)/);
  expect(h['permissions-policy'], what).toMatch(/camera=\(\)/);
  expect(h['permissions-policy'], what).toMatch(/microphone=\(\)/);
  expect(h['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(h['x-powered-by'], what).toBeUndefined();
  expect(h['set-cookie'], what).toBeUndefined();
}

test('security headers on pages, static files, the sitemap and the 404', async ({ request }) => {
  const targets = ['/', '/poems/', '/help/', '/favicon.svg', '/sitemap-index.xml', '/robots.txt', '/media/films/pieces-of-me-sample.en.vtt', '/no-such-page/', hashedAsset()];
  for (const path of targets) expectSecurityHeaders(await request.get(path), path);
});

test('static pages keep scripts locked to hashes: no unsafe-inline in the meta policy either', async ({ request }) => {
  const html = await (await request.get('/poems/')).text();
  const meta = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/)?.[1];
  expect(meta).toBeTruthy();
  expect(meta).toMatch(/script-src 'self'( 'sha\d+-[^']+')+/);
  expect(meta).not.toContain('unsafe-inline');
});

test('HTML revalidates and hashed assets are cached for a year', async ({ request }) => {
  expect((await request.get('/poems/')).headers()['cache-control']).toBe('no-cache');
  expect((await request.get(hashedAsset())).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

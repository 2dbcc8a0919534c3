// How server.mjs sends things: built files with the build's brotli and gzip copies, 304s and byte
// ranges; on-demand pages compressed as they go out; dotfiles never. One test of what is
// compressible (src/lib/http/compressible.ts) decides for the build's copies and the server alike.
import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, relative } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { isCompressibleFile, MIN_COMPRESSED_BYTES } from '../../src/lib/http/compressible';
import { startServer, type TestServer } from './support/server';

const CLIENT = 'dist/client';

/** One raw request (no decoding, no redirects), so the bytes and headers are what the server sent. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (body: Buffer, encoding: unknown) => (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body);

/** Every built file but the compressed copies, as URL paths with their sizes. */
function builtFiles(dir = CLIENT): { path: string; size: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return builtFiles(full);
    if (/\.(br|gz)$/.test(entry.name)) return [];
    return [{ path: `/${relative(CLIENT, full)}`, size: statSync(full).size }];
  });
}

test('a built page goes in the best encoding the client takes, the same bytes once decoded', async ({ baseURL }) => {
  const plain = readFileSync(join(CLIENT, 'poems/index.html'));
  for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['gzip, deflate, br, zstd', 'br'], ['', undefined]] as const) {
    const response = await get(baseURL!, '/poems/', accept ? { 'Accept-Encoding': accept } : {});
    expect(response.status, accept).toBe(200);
    expect(response.headers['content-encoding'], accept).toBe(encoding);
    expect(response.headers.vary, accept).toMatch(/Accept-Encoding/i);
    expect(decode(response.body, encoding).equals(plain), accept).toBe(true);
  }
});

test('every compressible built file is sent compressed, and nothing else is', async ({ baseURL }) => {
  const files = builtFiles();
  const wrong: string[] = [];
  for (const { path, size } of files) {
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    const response = await get(baseURL!, path, { 'Accept-Encoding': 'br, gzip' }, 'HEAD');
    expect(response.status, path).toBe(200);
    const compressed = response.headers['content-encoding'] === 'br';
    // The build keeps no copy that would not be smaller, which only happens to tiny files.
    if (compressed !== (isCompressibleFile(path) && size >= MIN_COMPRESSED_BYTES)) wrong.push(`${path} (${size} B): ${response.headers['content-encoding'] ?? 'not compressed'}`);
  }
  expect(files.filter((f) => isCompressibleFile(f.path)).length).toBeGreaterThan(50);
  expect(files.filter((f) => !isCompressibleFile(f.path)).length).toBeGreaterThan(5);
  expect(wrong).toEqual([]);
});

test('pages rendered on demand are compressed as they go out, brotli or gzip', async ({ baseURL }) => {
  for (const path of ['/voices/', '/share/', '/no-such-page/']) {
    for (const encoding of ['br', 'gzip']) {
      const response = await get(baseURL!, path, { 'Accept-Encoding': encoding });
      expect(response.headers['content-encoding'], `${path} ${encoding}`).toBe(encoding);
      expect(response.headers.vary, path).toMatch(/Accept-Encoding/i);
      expect(decode(response.body, encoding).toString('utf8'), path).toMatch(/<\/html>\s*$/);
    }
    const plain = await get(baseURL!, path);
    expect(plain.headers['content-encoding'], path).toBeUndefined();
    expect(plain.body.toString('utf8'), path).toMatch(/<\/html>\s*$/);
  }
});

test('a client that has the file already gets a 304 with the same headers that matter', async ({ baseURL }) => {
  const script = readdirSync(join(CLIENT, '_astro')).find((name) => name.endsWith('.js') && readdirSync(join(CLIENT, '_astro')).includes(`${name}.br`));
  for (const path of ['/poems/', `/_astro/${script}`, '/favicon.svg']) {
    const first = await get(baseURL!, path, { 'Accept-Encoding': 'br, gzip' });
    const etag = first.headers.etag as string;
    expect(etag, path).toBeTruthy();
    const again = await get(baseURL!, path, { 'Accept-Encoding': 'br, gzip', 'If-None-Match': etag });
    expect(again.status, path).toBe(304);
    expect(again.body.length, path).toBe(0);
    // A cache updates what it keeps from a 304: the policy and caching must be the page's own.
    expect(again.headers['content-security-policy'], path).toBe(first.headers['content-security-policy']);
    expect(again.headers['cache-control'], path).toBe(first.headers['cache-control']);
    // Another encoding is another representation: no 304 for the brotli copy's tag.
    const other = await get(baseURL!, path, { 'Accept-Encoding': 'identity', 'If-None-Match': etag });
    expect(other.status, path).toBe(path === '/favicon.svg' ? 304 : 200);
  }
});

test('video is sent in byte ranges, as a player asks for it', async ({ baseURL }) => {
  const path = '/media/films/pieces-of-me-sample.mp4';
  const whole = readFileSync(join(CLIENT, path));
  const part = await get(baseURL!, path, { Range: 'bytes=100-1099' });
  expect(part.status).toBe(206);
  expect(part.headers['content-range']).toBe(`bytes 100-1099/${whole.length}`);
  expect(part.headers['accept-ranges']).toBe('bytes');
  expect(part.headers['content-type']).toBe('video/mp4');
  expect(part.body.equals(whole.subarray(100, 1100))).toBe(true);
  const tail = await get(baseURL!, path, { Range: `bytes=${whole.length - 10}-` });
  expect(tail.status).toBe(206);
  expect(tail.body.equals(whole.subarray(whole.length - 10))).toBe(true);
  const beyond = await get(baseURL!, path, { Range: `bytes=${whole.length + 10}-` });
  expect(beyond.status).toBe(416);
  expect(beyond.headers['content-range']).toBe(`bytes */${whole.length}`);
  expect(beyond.headers['x-content-type-options']).toBe('nosniff');
});

test.describe('files whose names start with a dot', () => {
  const wellKnown = join(CLIENT, '.well-known');
  const made = [join(CLIENT, '.env-voices-test'), join(CLIENT, 'downloads', '.voices-test.txt'), join(wellKnown, 'voices-test.txt')];
  const hadWellKnown = existsSync(wellKnown);
  let server: TestServer;
  test.beforeAll(async () => {
    // Put there before a server starts (it lists the built files once, at start).
    mkdirSync(wellKnown, { recursive: true });
    for (const file of made) writeFileSync(file, 'secret=1\n');
    server = await startServer();
  });
  test.afterAll(async () => {
    await server?.stop();
    for (const file of made) rmSync(file, { force: true });
    if (!hadWellKnown) rmSync(wellKnown, { recursive: true, force: true });
  });

  test('are never served, except under /.well-known/', async () => {
    for (const path of ['/.env-voices-test', '/downloads/.voices-test.txt', '/%2eenv-voices-test', '/downloads/../.env-voices-test']) {
      const response = await get(server.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString('utf8'), path).not.toContain('secret=1');
    }
    const wellKnown = await get(server.url, '/.well-known/voices-test.txt');
    expect(wellKnown.status).toBe(200);
    expect(wellKnown.body.toString('utf8')).toBe('secret=1\n');
  });
});

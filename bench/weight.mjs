// Page weight: every public page (the sitemap, plus /share/ and /voices/) fetched as a phone
// would, with brotli or gzip, and everything it loads, split into HTML, CSS, JS and media.
import { request } from 'node:http';

const MEDIA = /\.(mp4|webm|vtt|jpe?g|png|webp|avif|gif|svg|ico|mp3|ogg|pdf)(\?|$)/i;

/** One response as it crosses the wire: status, bytes, encoding and the decoded text. */
export function fetchCompressed(base, path) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, bytes: body.length, encoding: res.headers['content-encoding'], headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function decoded(response) {
  const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
  const { body, encoding } = response;
  return (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
}

export async function sitemapPaths(base) {
  const index = await decoded(await fetchCompressed(base, '/sitemap-index.xml'));
  const paths = [];
  for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const map = await decoded(await fetchCompressed(base, new URL(loc).pathname));
    for (const [, page] of map.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.push(new URL(page).pathname);
  }
  return paths;
}

const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The page and what a browser fetches to show it; JavaScript followed through its static imports. */
export async function pageWeight(base, path) {
  const page = await fetchCompressed(base, path);
  const html = await decoded(page);
  const weight = { path, status: page.status, encoding: page.encoding ?? 'none', html: page.bytes, css: 0, js: 0, media: 0, jsFiles: 0, inlineJs: 0, video: 0 };
  const seen = new Set();
  const add = async (url, kind) => {
    const target = new URL(url, new URL(path, base));
    if (target.origin !== new URL(base).origin || seen.has(target.pathname)) return null;
    seen.add(target.pathname);
    const res = await fetchCompressed(base, target.pathname + target.search);
    weight[kind] += res.bytes;
    return res;
  };
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attr(tag, 'rel') ?? '';
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel === 'stylesheet') await add(href, 'css');
    else if (rel === 'modulepreload') await addScript(href);
    else if (rel.includes('icon')) await add(href, 'media');
  }
  async function addScript(src) {
    const res = await add(src, 'js');
    if (!res) return;
    weight.jsFiles++;
    const text = await decoded(res);
    // Static imports only: dynamic ones load on demand (Pagefind when someone searches).
    for (const [, dep] of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) {
      await addScript(new URL(dep, new URL(src, new URL(path, base))).pathname);
    }
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attr(tag, 'src');
    if (src) await addScript(src);
  }
  // Astro islands load their component and renderer as soon as they hydrate.
  for (const [tag] of html.matchAll(/<astro-island\b[^>]*>/g)) {
    for (const name of ['component-url', 'renderer-url']) {
      const url = attr(tag, name);
      if (url) await addScript(url.replace(/&amp;/g, '&'));
    }
  }
  for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>([\s\S]*?)<\/script>/g)) {
    weight.inlineJs += Buffer.byteLength(body);
  }
  for (const [tag] of html.matchAll(/<(?:img|track|video)\b[^>]*>/g)) {
    for (const name of ['src', 'poster']) {
      const url = attr(tag, name);
      if (url && MEDIA.test(url)) await add(url, 'media');
    }
  }
  // A film is fetched only when someone plays it (preload="none" or "metadata"): counted apart.
  for (const [tag] of html.matchAll(/<source\b[^>]*>/g)) {
    const src = attr(tag, 'src');
    if (src && !seen.has(src)) {
      seen.add(src);
      const head = await fetch(new URL(src, base), { method: 'HEAD' });
      weight.video += Number(head.headers.get('content-length') ?? 0);
    }
  }
  weight.firstPaint = weight.html + weight.css;
  weight.allButMedia = weight.html + weight.css + weight.js;
  weight.total = weight.allButMedia + weight.media;
  return weight;
}

export async function measureWeights(base, extraPaths) {
  const paths = [...new Set([...(await sitemapPaths(base)), ...extraPaths])];
  const pages = [];
  for (const path of paths) pages.push(await pageWeight(base, path));
  return pages;
}

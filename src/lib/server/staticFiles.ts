// Built files served from memory, compressed once (brotli and gzip) rather than on every request.
// Media (video, audio) and large files are left to Astro's handler, which serves byte ranges.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, posix } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
/** Worth compressing: text. Pagefind's index files are gzipped already and typed octet-stream. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript)|image\/svg\+xml)/;
/** Left to Astro's handler: video and audio need byte ranges, and big files need not sit in memory. */
const STREAMED = /\.(mp4|webm|ogv|mp3|ogg|m4a|wav)$/i;
const MAX_IN_MEMORY = 1024 * 1024;
/** Compressed copies written by the build (src/integrations/precompress.mjs). */
export const PRECOMPRESSED = { br: '.br', gzip: '.gz' } as const;

export type Encoding = 'br' | 'gzip' | 'identity';

export interface StaticFile {
  type: string;
  compressible: boolean;
  lastModified: string;
  /** The file and its compressed copies, read (or made) on first use. */
  body(encoding: Encoding): { bytes: Buffer; etag: string; encoding: Encoding };
}

/** The built files under root (dist/client), by URL path, e.g. "/poems/index.html". */
export function indexStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string, urlDir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Dotfiles are never served (as Astro's handler does), except under /.well-known/.
      if (entry.name.startsWith('.') && !(urlDir === '/' && entry.name === '.well-known')) continue;
      const full = join(dir, entry.name);
      const url = `${urlDir}${entry.name}`;
      if (entry.isDirectory()) {
        walk(full, `${url}/`);
        continue;
      }
      if (!entry.isFile() || STREAMED.test(entry.name) || isPrecompressedCopy(full)) continue;
      const stat = statSync(full);
      if (stat.size > MAX_IN_MEMORY) continue;
      files.set(url, staticFile(full, TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream', stat.mtime));
    }
  };
  walk(root, '/');
  return files;
}

function isPrecompressedCopy(file: string): boolean {
  return Object.values(PRECOMPRESSED).some((ext) => file.endsWith(ext) && existsSync(file.slice(0, -ext.length)));
}

function staticFile(file: string, type: string, mtime: Date): StaticFile {
  const compressible = COMPRESSIBLE.test(type);
  const made = new Map<Encoding, { bytes: Buffer; etag: string; encoding: Encoding }>();
  let identity: Buffer | undefined;
  let hash = '';
  const read = (): Buffer => {
    if (!identity) {
      identity = readFileSync(file);
      hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
    }
    return identity;
  };
  return {
    type,
    compressible,
    lastModified: mtime.toUTCString(),
    body(encoding) {
      const wanted = compressible ? encoding : 'identity';
      let hit = made.get(wanted);
      if (!hit) {
        const plain = read();
        const bytes = wanted === 'identity' ? plain : compressedCopy(file, plain, wanted);
        // A compressed copy that saves nothing is not worth a Content-Encoding.
        hit = bytes.length < plain.length || wanted === 'identity'
          ? { bytes, etag: `"${hash}${wanted === 'identity' ? '' : `-${wanted}`}"`, encoding: wanted }
          : this.body('identity');
        made.set(wanted, hit);
      }
      return hit;
    },
  };
}

/** The build's compressed copy when it is as new as the file, else made now (once). */
function compressedCopy(file: string, plain: Buffer, encoding: 'br' | 'gzip'): Buffer {
  const copy = file + PRECOMPRESSED[encoding];
  try {
    if (statSync(copy).mtimeMs >= statSync(file).mtimeMs) return readFileSync(copy);
  } catch {
    // No copy: make one.
  }
  return compress(plain, encoding);
}

export function compress(plain: Buffer, encoding: 'br' | 'gzip'): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(plain, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        },
      })
    : gzipSync(plain, { level: constants.Z_BEST_COMPRESSION });
}

/** The file a URL path names, as Astro's handler finds it: "/x/" and "/x" both mean /x/index.html. */
export function findStaticFile(files: Map<string, StaticFile>, urlPath: string): StaticFile | undefined {
  let path: string;
  try {
    path = decodeURI(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  path = posix.normalize(path);
  if (path.endsWith('/')) return files.get(`${path}index.html`);
  return files.get(path) ?? files.get(`${path}/index.html`);
}

/** The best encoding the client accepts among br, gzip and none (q=0 refuses one). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** Whether an If-None-Match header matches etag (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

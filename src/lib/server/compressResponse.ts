// Compression for on-demand responses. Astro streams a page in hundreds of small writes, and a
// compression stream pays for every one of them; our pages are small, so the body is gathered and
// compressed once at the end. Anything else (media, large or already encoded bodies) streams on.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chooseEncoding } from './staticFiles.ts';

const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript))/;
const THRESHOLD = 512;
const MAX_GATHERED = 1024 * 1024;

type WriteHeadArgs = [number, ...unknown[]];

/** Compresses the response res is about to send, if it is worth it and the client accepts it. */
export function compressResponse(req: IncomingMessage, res: ServerResponse): void {
  const encoding = chooseEncoding(req.headers['accept-encoding']);
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  let headArgs: WriteHeadArgs | null = null;
  let gathering: Buffer[] | null = null;
  let size = 0;

  /** Stop gathering: send the head and whatever was gathered as it is. */
  const passThrough = (): void => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    if (headArgs) writeHead.apply(res, headArgs as Parameters<typeof writeHead>);
    for (const chunk of gathering ?? []) res.write(chunk);
    gathering = null;
  };

  const worthGathering = (): boolean => {
    if (req.method === 'HEAD' || res.getHeader('Content-Encoding')) return false;
    const status = res.statusCode;
    if (status < 200 || status === 204 || status === 304) return false;
    const length = Number(res.getHeader('Content-Length') ?? 0);
    return COMPRESSIBLE.test(String(res.getHeader('Content-Type') ?? '')) && length <= MAX_GATHERED;
  };

  const toBuffer = (chunk: unknown, enc?: unknown): Buffer =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);

  res.writeHead = function (this: ServerResponse, ...args: WriteHeadArgs) {
    // Headers given here are merged by the caller's wrapper (server.mjs) before we decide.
    res.statusCode = args[0];
    setHeaders(res, typeof args[1] === 'string' ? args[2] : args[1]);
    headArgs = typeof args[1] === 'string' ? [args[0], args[1]] : [args[0]];
    if (COMPRESSIBLE.test(String(res.getHeader('Content-Type') ?? ''))) res.setHeader('Vary', varyWith(res.getHeader('Vary')));
    if (encoding === 'identity' || !worthGathering()) {
      passThrough();
      return res;
    }
    gathering = [];
    return res;
  } as typeof res.writeHead;

  res.write = function (this: ServerResponse, chunk: unknown, enc?: unknown, callback?: unknown) {
    if (!headArgs) res.writeHead(res.statusCode);
    if (!gathering) return write.call(res, chunk as never, enc as never, callback as never);
    const buffer = toBuffer(chunk, enc);
    gathering.push(buffer);
    size += buffer.length;
    if (size > MAX_GATHERED) passThrough();
    const done = typeof enc === 'function' ? enc : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  } as typeof res.write;

  res.end = function (this: ServerResponse, chunk?: unknown, enc?: unknown, callback?: unknown) {
    if (typeof chunk === 'function') [callback, chunk] = [chunk, undefined];
    if (typeof enc === 'function') [callback, enc] = [enc, undefined];
    if (!headArgs) res.writeHead(res.statusCode);
    if (!gathering) return end.call(res, chunk as never, enc as never, callback as never);
    if (chunk !== undefined && chunk !== null) gathering.push(toBuffer(chunk, enc));
    const plain = Buffer.concat(gathering);
    gathering = null;
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
    let body = plain;
    if (plain.length >= THRESHOLD) {
      // Quick settings: this runs on every request; static files get the slow, small kind.
      body =
        encoding === 'br'
          ? brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } })
          : gzipSync(plain, { level: 6 });
      res.setHeader('Content-Encoding', encoding);
    }
    res.setHeader('Content-Length', body.length);
    writeHead.apply(res, headArgs as Parameters<typeof writeHead>);
    return end.call(res, body, callback as never);
  } as typeof res.end;
}

/** Sets headers given to writeHead: an object, [name, value] pairs, or a flat name, value list. */
export function setHeaders(res: ServerResponse, headers: unknown): void {
  if (!headers) return;
  if (Array.isArray(headers)) {
    const pairs: unknown[][] = Array.isArray(headers[0]) ? headers : headers.flatMap((v, i) => (i % 2 ? [] : [[v, headers[i + 1]]]));
    for (const [name, value] of pairs) res.setHeader(String(name), value as string | string[]);
  } else {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (value !== undefined) res.setHeader(name, value);
  }
}

function varyWith(current: number | string | string[] | undefined): string {
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((v) => v.trim()).filter(Boolean);
  return list.some((v) => v.toLowerCase() === 'accept-encoding' || v === '*') ? list.join(', ') : [...list, 'Accept-Encoding'].join(', ');
}

// Serves the built site: Astro's handler inside our own HTTP server, which adds the security
// headers and compression that @astrojs/node does not give static files (DESIGN.md). Built files
// are served from memory, compressed once; on-demand pages are compressed as they are sent.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compressResponse, setHeaders } from './src/lib/server/compressResponse.ts';
import { indexStaticFiles, findStaticFile, chooseEncoding, etagMatches } from './src/lib/server/staticFiles.ts';
import { STATIC_HEADERS, HSTS, mergeCsp, cacheControlFor } from './src/lib/server/securityHeaders.ts';
import { getStore } from './src/lib/store/store.ts';
import { StoreLockedError } from './src/lib/store/lock.ts';
import { scheduleRetention } from './src/lib/moderation/retention.ts';
import { site } from './src/lib/config.ts';

// Open the store before serving anything: the embedded store takes DATA_DIR's lock (one process
// owns it) and makes its secret; PostgreSQL (DATABASE_URL) runs its migrations.
let store;
try {
  store = await getStore();
  scheduleRetention(store, site.retentionDays);
} catch (error) {
  console.error(error instanceof StoreLockedError ? error.message : `Voices could not open its data: ${error.message}`);
  process.exit(1);
}

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = await import('./dist/server/entry.mjs');

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
const staticFiles = indexStaticFiles(fileURLToPath(new URL('./dist/client/', import.meta.url)));

/** Lets Astro's headers through, then finishes the ones every response must have. */
function finishHeaders(req, res) {
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    setHeaders(res, typeof rest[0] === 'string' ? rest[1] : rest[0]);
    res.setHeader('Content-Security-Policy', mergeCsp(res.getHeader('Content-Security-Policy')?.toString()));
    const cache = cacheControlFor(req.url.split('?')[0], res.getHeader('Content-Type')?.toString());
    const current = res.getHeader('Cache-Control')?.toString();
    if (cache && !current?.includes('no-store')) res.setHeader('Cache-Control', cache);
    res.removeHeader('X-Powered-By');
    return typeof rest[0] === 'string' ? writeHead.call(this, status, rest[0]) : writeHead.call(this, status);
  };
}

/** A built file from memory: the smallest encoding the client takes, 304 when it has it already. */
function serveStatic(req, res, file) {
  const { bytes, etag, encoding } = file.body(chooseEncoding(req.headers['accept-encoding']));
  const headers = { 'Content-Type': file.type, ETag: etag, 'Last-Modified': file.lastModified };
  if (file.compressible) headers.Vary = 'Accept-Encoding';
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  const ifNoneMatch = req.headers['if-none-match'];
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (ifNoneMatch ? etagMatches(ifNoneMatch, etag) : since >= Date.parse(file.lastModified)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = bytes.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

// HTTPS when given a certificate, with @astrojs/node's variable names; usually a proxy terminates TLS instead.
const tls = process.env.SERVER_CERT_PATH && process.env.SERVER_KEY_PATH
  ? { cert: readFileSync(process.env.SERVER_CERT_PATH), key: readFileSync(process.env.SERVER_KEY_PATH) }
  : null;

const listener = (req, res) => {
  for (const [name, value] of Object.entries(STATIC_HEADERS)) res.setHeader(name, value);
  if (req.socket.encrypted) res.setHeader('Strict-Transport-Security', HSTS);
  finishHeaders(req, res);
  try {
    const file = req.method === 'GET' || req.method === 'HEAD' ? findStaticFile(staticFiles, req.url.split('?')[0]) : undefined;
    if (file) return serveStatic(req, res, file);
    compressResponse(req, res);
    handler(req, res);
  } catch {
    res.statusCode = 500;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Sorry, something went wrong on our side.');
  }
};
const server = tls ? https.createServer(tls, listener) : http.createServer(listener);

server.listen(port, host, () => {
  console.log(`Voices is listening on ${tls ? 'https' : 'http'}://${host}:${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    store.close().finally(() => process.exit(0));
  });
}

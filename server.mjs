// Serves the built site: a plain Node server that runs a few steps in order, as SvelteKit's
// adapter-node does. The security headers first; then built files through sirv (with the build's
// brotli and gzip copies); then compression and Astro's handler (@astrojs/node in middleware mode)
// for everything rendered on demand.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import { setSecurityHeaders } from './src/lib/http/securityHeaders.ts';
import { readPagePolicies } from './src/lib/http/pagePolicies.ts';
import { serveBuiltFiles } from './src/lib/http/builtFiles.ts';
import { isCompressibleType, MIN_COMPRESSED_BYTES } from './src/lib/http/compressible.ts';
import { getStore } from './src/lib/store/store.ts';
import { StoreLockedError } from './src/lib/store/lock.ts';
import { scheduleRetention } from './src/lib/moderation/retention.ts';
import { startAlertWorker } from './src/lib/alerts/worker.ts';
import { site } from './src/lib/config.ts';

// Open the store before serving anything: the embedded store takes DATA_DIR's lock (one process
// owns it) and makes its secret; PostgreSQL (DATABASE_URL) runs its migrations.
let store;
let alerts;
try {
  store = await getStore();
  scheduleRetention(store, site.retentionDays);
} catch (error) {
  console.error(error instanceof StoreLockedError ? error.message : `Voices could not open its data: ${error.message}`);
  process.exit(1);
}
// Alert emails go from here, never from a request: a slow mail server never slows a share.
try {
  alerts = startAlertWorker(store);
} catch (error) {
  console.error(`Voices could not start its alert emails: ${error.message}`);
  process.exit(1);
}

const { handler: astro } = await import('./dist/server/entry.mjs');
const policies = readPagePolicies(new URL('./dist/_headers.json', import.meta.url));
const isPage = (path) => policies.forPath(path) !== undefined;

/** Every response: the security headers, with a built page's own policy, or the strict one. */
function headers(req, res, next) {
  setSecurityHeaders(req, res, policies.forPath(req.url.split('?')[0]));
  next();
}

/** A malformed escape in the address is a 400, as @astrojs/node's standalone server answers it. */
function wellFormed(req, res, next) {
  try {
    decodeURI(req.url);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request.');
    return;
  }
  next();
}

const builtFiles = serveBuiltFiles(fileURLToPath(new URL('./dist/client/', import.meta.url)), isPage);

// Astro's pages arrive whole (experimentalDisableStreaming), so each is compressed in one go.
const compress = compression({ filter: (_req, res) => isCompressibleType(res.getHeader('Content-Type')), threshold: MIN_COMPRESSED_BYTES });

/**
 * Astro's pages rendered on demand send their own policy. What it sends without one is its error
 * pages (read from disk), redirects and action results: those get the error pages' policy. All
 * revalidate, unless they say otherwise (no-store, from src/middleware.ts).
 */
function onDemand(req, res) {
  res.setHeader('Content-Security-Policy', policies.errorPages);
  res.setHeader('Cache-Control', 'no-cache');
  compress(req, res, () => astro(req, res));
}

/** Runs the steps in order: each answers, or passes on to the next. */
function sequence(steps) {
  return (req, res) => {
    const run = (i) => steps[i](req, res, () => run(i + 1));
    try {
      run(0);
    } catch {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Sorry, something went wrong on our side.');
    }
  };
}

// HTTPS when given a certificate, with @astrojs/node's variable names; usually a proxy terminates TLS instead.
const tls = process.env.SERVER_CERT_PATH && process.env.SERVER_KEY_PATH
  ? { cert: readFileSync(process.env.SERVER_CERT_PATH), key: readFileSync(process.env.SERVER_KEY_PATH) }
  : null;

const listener = sequence([headers, wellFormed, builtFiles, onDemand]);
const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
const host = process.env.HOST ?? 'localhost';

// PORT=0 takes any free port: say the one it got.
server.listen(Number(process.env.PORT ?? 4321), host, () => {
  console.log(`Voices is listening on ${tls ? 'https' : 'http'}://${host}:${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    alerts.stop().finally(() => store.close()).finally(() => process.exit(0));
  });
}

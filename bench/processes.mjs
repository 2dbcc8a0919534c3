// The processes the bench starts: the built Node server and nginx (Chromium: lighthouse.mjs). Each listens on a
// loopback port of its own, and each is stopped by the bench (by its own pid) when it is done.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import { SECURITY_HEADERS, STRICT_CSP } from '../src/lib/http/securityHeaders.ts';
import { readPagePolicies } from '../src/lib/http/pagePolicies.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const HOST = '127.0.0.1';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls url until it answers (any status), at most `tries` times, 100 ms apart. */
export async function waitFor(url, child, output, tries = 150) {
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${url} did not answer within ${tries / 10} s:\n${output()}`);
}

function track(child) {
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  return {
    child,
    output: () => output,
    /** SIGTERM, then SIGKILL if it has not gone in 10 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A new, empty database on the throwaway cluster `npm run bench` runs in (pg_virtualenv's PG* variables). */
export async function newDatabase() {
  const { PGHOST, PGPORT, PGUSER, PGPASSWORD } = process.env;
  if (!PGHOST) throw new Error('No PostgreSQL cluster: run the bench with `npm run bench` (it starts one with pg_virtualenv).');
  const name = `voices_bench_${Date.now().toString(36)}`;
  const url = (db) => `postgres://${encodeURIComponent(PGUSER)}:${encodeURIComponent(PGPASSWORD ?? '')}@${PGHOST}:${PGPORT ?? 5432}/${db}`;
  const admin = new pg.Client({ connectionString: url(process.env.PGDATABASE ?? 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: url(name),
    // Its own MFA_KEY, which every server and command on it is given.
    mfaKey: randomBytes(32).toString('base64'),
    async drop() {
      const client = new pg.Client({ connectionString: url(process.env.PGDATABASE ?? 'postgres') });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** `npm run serve` on a store (dataDir, or databaseUrl and mfaKey for PostgreSQL), with the share limits off (configuration, for the bench only). */
export async function startNodeServer({ port, dataDir, databaseUrl = '', mfaKey = '' }) {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      MFA_KEY: mfaKey,
      SHARE_MIN_SECONDS: '0',
      SHARE_LIMIT_10MIN: '0',
      SHARE_LIMIT_DAY: '0',
      STATUS_LIMIT_10MIN: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child);
  const url = `http://${HOST}:${port}`;
  await waitFor(`${url}/`, child, proc.output);
  return { ...proc, url };
}

/** Debian's nginx-light, installed with apt-get if it is missing (the bench runs as root on CI). */
export function ensureNginx() {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  console.log('nginx is missing: apt-get install nginx-light');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || !existsSync('/usr/sbin/nginx')) {
    throw new Error('Could not install nginx-light (apt-get install -y nginx-light).');
  }
  return '/usr/sbin/nginx';
}

/**
 * nginx over dist/client with a configuration of its own in a temporary folder: the same
 * precompressed copies (gzip_static; nginx-light has no brotli), the same headers and caching,
 * and the home page's whole policy on pages (the bench loads `/`), the strict one on assets.
 */
export async function startNginx({ port, root, dir }) {
  const nginx = ensureNginx();
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const homePolicy = readPagePolicies(join(root, '..', '_headers.json')).forPath('/');
  const headers = (csp) => Object.entries({ ...SECURITY_HEADERS, 'Content-Security-Policy': csp })
    .map(([name, value]) => `    add_header ${name} "${value}" always;`)
    .join('\n');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  const config = `
worker_processes auto;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;
${process.getuid?.() === 0 ? `user ${userInfo().username};` : ''}
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  types { text/javascript js mjs; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server_tokens off;
${temp}
  gzip on;
  gzip_static on;
  gzip_vary on;
  gzip_comp_level 6;
  gzip_types text/css text/javascript application/javascript application/json application/xml image/svg+xml text/plain text/vtt;
  server {
    listen ${HOST}:${port};
    root ${root};
    index index.html;
    location / {
${headers(homePolicy)}
      add_header Cache-Control "no-cache" always;
    }
    location /_astro/ {
${headers(STRICT_CSP)}
      add_header Cache-Control "public, max-age=31536000, immutable" always;
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, config);
  const child = spawn(nginx, ['-p', dir, '-c', file, '-e', join(dir, 'logs', 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track(child);
  // SIGTERM is nginx's fast shutdown; it stops its workers too.
  const url = `http://${HOST}:${port}`;
  await waitFor(`${url}/`, child, proc.output);
  return { ...proc, url, version: spawnSync(nginx, ['-v'], { encoding: 'utf8' }).stderr.trim() };
}

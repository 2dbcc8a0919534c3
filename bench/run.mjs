// npm run bench: the built server with seeded data, measured for page weight, Lighthouse, load
// (beside nginx over the same files), the share, queue and Voices loads on both stores side by side
// (the embedded store on a temporary DATA_DIR, PostgreSQL on the throwaway cluster `npm run bench`
// starts with pg_virtualenv), how a share's latency grows with the data, and build time.
// Writes bench/results.json and prints the tables. Loopback only; every loop is bounded.
//   npm run bench -- [--skip=lighthouse,builds,growth,nginx,rates]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDatabase, ROOT, startNginx, startNodeServer } from './processes.mjs';
import { placeIds, seedStore } from './seed.mjs';
import { fetchCompressed, measureWeights } from './weight.mjs';
import { loadGet, loadShare } from './load.mjs';
import { measureGrowth } from './storeGrowth.mjs';
import { measureBuilds } from './buildTime.mjs';
import { evaluateGoals, renderTables } from './report.mjs';
import { openStore } from '../src/lib/store/store.ts';
import { hashReceiptCode } from '../src/lib/sharing/receipt.ts';
import { findFacilitatorByEmail } from '../src/lib/accounts/facilitators.ts';
import { confirmTotp } from '../src/lib/accounts/secondFactors.ts';
import { newTotpSecret } from '../src/lib/accounts/totp.ts';
import { generate } from 'otplib';

const PORTS = { node: 4490, nginx: 4491, chrome: 4492 };
const SEED = { published: 5000, pending: 10000 };
/** Offered share rates (per second) tried in turn, each for RATE_SECONDS, until p99 passes 100 ms. */
const RATES = [100, 200, 300, 400, 600, 800];
const RATE_SECONDS = 8;
const ADMIN = { email: 'bench-admin@example.org', password: 'bench-password-not-secret' };
const skip = new Set((process.argv.find((a) => a.startsWith('--skip='))?.slice(7) ?? '').split(',').filter(Boolean));
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;

if (!existsSync(join(ROOT, 'dist', 'server', 'entry.mjs'))) {
  console.error('No build: run `npm run build` first (npm run bench measures the built site).');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'voices-bench-'));
const dataDir = join(work, 'data');
const running = [];
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    // Other work on the machine skews every number here: recorded, and warned about.
    loadAverageAtStart: loadavg()[0],
  },
  seeded: SEED,
  load: {},
  stores: {},
};

async function stopAll() {
  while (running.length) await running.pop().stop().catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll().finally(() => process.exit(130)));

if (loadavg()[0] > cpus().length / 2) {
  console.warn(`Warning: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores: other work will skew these numbers.`);
}

try {
  // 1. Data first, on the stopped store: the seeded submissions and an admin for the queue.
  const databases = [];
  const locations = { embedded: { dataDir } };
  if (!skip.has('postgres')) {
    const db = await newDatabase();
    databases.push(db);
    locations.postgres = { databaseUrl: db.url, mfaKey: db.mfaKey };
  }
  const secrets = {};
  for (const [kind, location] of Object.entries(locations)) {
    console.log(`Seeding ${SEED.published} published and ${SEED.pending} pending submissions in the ${kind} store`);
    secrets[kind] = await seedStore(location, { ...SEED, seed: 8 });
    location.totpSecret = await addAdmin(location);
  }

  const node = await startNodeServer({ port: PORTS.node, dataDir });
  running.push(node);
  console.log(`Node server on ${node.url} (${elapsed()})`);

  // 2. Headers: caching and compression.
  const asset = readdirFirst(join(ROOT, 'dist', 'client', '_astro'));
  const head = async (path) => {
    const r = await fetchCompressed(node.url, path);
    return { path, status: r.status, cacheControl: r.headers['cache-control'], encoding: r.headers['content-encoding'] ?? 'none', etag: r.headers.etag };
  };
  results.headers = { asset: await head(`/_astro/${asset}`), html: await head('/poems/'), onDemand: await head('/voices/') };

  // 3. Page weight of every public page.
  results.weights = await measureWeights(node.url, ['/share/', '/voices/']);
  console.log(`Page weight: ${results.weights.length} pages (${elapsed()})`);

  // 4. Lighthouse on eight pages: /ar/ and /ar/share/ are the same pages right to left.
  if (!skip.has('lighthouse')) {
    const firstPoem = results.weights.find((w) => /^\/poems\/(?!theme\/)[^/]+\/$/.test(w.path))?.path;
    const film = results.weights.find((w) => /^\/films\/[^/]+\/$/.test(w.path))?.path;
    const { runLighthouse } = await import('./lighthouse.mjs');
    results.lighthouse = await runLighthouse(node.url, ['/', firstPoem, film, '/resources/', '/share/', '/voices/', '/ar/', '/ar/share/'].filter(Boolean), { port: PORTS.chrome });
    console.log(`Lighthouse done (${elapsed()})`);
  }

  // 5. A static page from Node and from nginx.
  results.load.staticNode = await loadGet(`${node.url}/`, { connections: 10, seconds: 10 });
  if (!skip.has('nginx')) {
    const nginx = await startNginx({ port: PORTS.nginx, root: join(ROOT, 'dist', 'client'), dir: join(work, 'nginx') });
    running.push(nginx);
    results.machine.nginx = nginx.version;
    results.load.staticNginx = await loadGet(`${nginx.url}/`, { connections: 10, seconds: 10 });
    await nginx.stop();
    running.splice(running.indexOf(nginx), 1);
  }
  await node.stop();
  running.splice(running.indexOf(node), 1);

  // 6. Each store in turn, the same loads: /voices/, the queue, shares closed loop and at fixed rates.
  for (const [kind, location] of Object.entries(locations)) {
    const server = await startNodeServer({ port: PORTS.node, dataDir, databaseUrl: location.databaseUrl, mfaKey: location.mfaKey });
    running.push(server);
    results.stores[kind] = await storeLoads(server.url, secrets[kind], location.totpSecret);
    await server.stop();
    running.splice(running.indexOf(server), 1);
    // Every accepted submission must be in the store.
    const runs = [...results.stores[kind].share, ...(results.stores[kind].rates ?? [])];
    const receipts = runs.flatMap((run) => run.receipts);
    for (const run of runs) delete run.receipts;
    const store = await openStore(location);
    let found = 0;
    for (const code of receipts) if (await store.submissions.byReceiptHash(hashReceiptCode(code, store.secret))) found++;
    await store.close();
    results.stores[kind].shareStored = { accepted: receipts.length, found, missing: receipts.length - found };
    console.log(`${kind}: ${found} of ${receipts.length} accepted submissions found in the store (${elapsed()})`);
  }
  for (const db of databases) await db.drop();

  // 7. How one share's latency grows with the data, on each store; 8. build time as content grows.
  if (!skip.has('growth')) results.growth = await measureGrowth([1000, 10000, 100000], { port: PORTS.node });
  if (!skip.has('builds')) results.builds = measureBuilds(join(work, 'project'), [0, 100, 1000]);
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}

results.machine.loadAverageAtEnd = loadavg()[0];
results.goals = evaluateGoals(results);
results.seconds = Math.round((performance.now() - started) / 1000);
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${renderTables(results)}\n\nbench/results.json written; ${results.seconds} s in all.`);

/** The loads one store is measured under, on the server at base. */
async function storeLoads(base, secret, totpSecret) {
  const loads = { voices: await loadGet(`${base}/voices/`, { connections: 10, seconds: 10 }) };
  const cookie = await signIn(base, totpSecret);
  loads.queue = await loadGet(`${base}/moderate/`, { connections: 10, seconds: 10, headers: { cookie } });
  const places = placeIds();
  loads.share = [];
  for (const [connections, amount] of [[1, 300], [10, 1000], [50, 2000]]) {
    const run = await loadShare(base, secret, { connections, amount, seed: connections, places });
    loads.share.push(run);
    console.log(`  share POST at ${connections} connections: ${run.rps} req/s, p99 ${run.p99Ms} ms, ${run.accepted}/${amount} accepted`);
  }
  // Open loop: shares offered at a fixed rate, faster each time, until p99 passes 100 ms.
  loads.rates = [];
  for (const rate of skip.has('rates') ? [100] : RATES) {
    const run = await loadShare(base, secret, { connections: 100, rate, seconds: RATE_SECONDS, seed: rate, places });
    loads.rates.push(run);
    console.log(`  share POST offered at ${rate}/s: ${run.rps} req/s done, p99 ${run.p99Ms} ms`);
    if (run.p99Ms > 100) break;
  }
  return loads;
}

/**
 * The bench admin, made with the command line on the store at location, with an authenticator app
 * (set up with the last step's code, so that this step's is free to sign in with). Returns the app's secret.
 */
async function addAdmin(location) {
  const env = { ...process.env, DATA_DIR: location.dataDir ?? '', DATABASE_URL: location.databaseUrl ?? '', MFA_KEY: location.mfaKey ?? '' };
  const add = spawnSync(process.execPath, ['scripts/facilitator.ts', 'add', ADMIN.email, '--role', 'admin', '--password-stdin'], { cwd: ROOT, env, input: `${ADMIN.password}\n`, encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`Could not add the bench admin: ${add.stderr}`);
  const store = await openStore(location);
  try {
    const account = await findFacilitatorByEmail(store, ADMIN.email);
    const secret = newTotpSecret();
    const previous = await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    const app = await confirmTotp(store, account.id, secret, previous, { actor: 'cli' });
    if (!app.ok) throw new Error(`Could not set up the bench admin's app: ${app.reason}`);
    return secret;
  } finally {
    await store.close();
  }
}

function readdirFirst(dir) {
  return readdirSync(dir).sort().find((n) => n.endsWith('.js') || n.endsWith('.css'));
}

/** Signs the bench admin in at /moderate/login, then with a code at /moderate/verify; returns the session cookie. */
async function signIn(base, totpSecret) {
  const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
  const res = await fetch(`${base}/moderate/login?_action=signIn`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { origin: base, 'sec-fetch-site': 'same-origin' },
  });
  const half = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!half) throw new Error(`Sign-in for the bench admin failed: ${res.status}`);
  const verify = await (await fetch(`${base}/moderate/verify`, { headers: { cookie: half } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(verify)?.[1];
  if (!csrf) throw new Error('No second step to give at /moderate/verify');
  const code = await generate({ secret: totpSecret, epoch: Math.floor(Date.now() / 1000) });
  const second = await fetch(`${base}/moderate/verify?_action=verifyCode`, {
    method: 'POST',
    body: new URLSearchParams({ csrf, code }),
    redirect: 'manual',
    headers: { cookie: half, origin: base, 'sec-fetch-site': 'same-origin' },
  });
  const cookie = second.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`The second step for the bench admin failed: ${second.status}`);
  const queue = await fetch(`${base}/moderate/`, { headers: { cookie }, redirect: 'manual' });
  if (queue.status !== 200) throw new Error(`The queue did not open after sign-in: ${queue.status}`);
  return cookie;
}

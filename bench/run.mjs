// npm run bench: the built server on a fresh temporary DATA_DIR with seeded data, measured for page
// weight, Lighthouse, load (beside nginx over the same files), store writes and build time.
// Writes bench/results.json and prints the tables. Loopback only; every loop is bounded.
//   node bench/run.mjs [--skip=lighthouse,builds,store,nginx]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startNginx, startNodeServer } from './processes.mjs';
import { placeIds, seedStore } from './seed.mjs';
import { fetchCompressed, measureWeights } from './weight.mjs';
import { loadGet, loadShare } from './load.mjs';
import { measureStoreWrites } from './storeWrites.mjs';
import { measureBuilds } from './buildTime.mjs';
import { evaluateGoals, renderTables } from './report.mjs';
import { openStore } from '../src/lib/store/store.ts';
import { hashReceiptCode } from '../src/lib/sharing/receipt.ts';

const PORTS = { node: 4490, nginx: 4491, chrome: 4492 };
const SEED = { published: 5000, pending: 10000 };
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
  console.log(`Seeding ${SEED.published} published and ${SEED.pending} pending submissions in ${dataDir}`);
  await seedStore(dataDir, { ...SEED, seed: 8 });
  const add = spawnSync(process.execPath, ['scripts/facilitator.ts', 'add', ADMIN.email, '--role', 'admin', '--password-stdin'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    input: `${ADMIN.password}\n`,
    encoding: 'utf8',
  });
  if (add.status !== 0) throw new Error(`Could not add the bench admin: ${add.stderr}`);

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

  // 4. Lighthouse on six pages.
  if (!skip.has('lighthouse')) {
    const firstPoem = results.weights.find((w) => /^\/poems\/(?!theme\/)[^/]+\/$/.test(w.path))?.path;
    const film = results.weights.find((w) => /^\/films\/[^/]+\/$/.test(w.path))?.path;
    const { runLighthouse } = await import('./lighthouse.mjs');
    results.lighthouse = await runLighthouse(node.url, ['/', firstPoem, film, '/resources/', '/share/', '/voices/'].filter(Boolean), { port: PORTS.chrome });
    console.log(`Lighthouse done (${elapsed()})`);
  }

  // 5. Load: a static page from Node and from nginx, /voices/, the queue, then share POSTs.
  results.load.staticNode = await loadGet(`${node.url}/`, { connections: 10, seconds: 10 });
  if (!skip.has('nginx')) {
    const nginx = await startNginx({ port: PORTS.nginx, root: join(ROOT, 'dist', 'client'), dir: join(work, 'nginx') });
    running.push(nginx);
    results.machine.nginx = nginx.version;
    results.load.staticNginx = await loadGet(`${nginx.url}/`, { connections: 10, seconds: 10 });
    await nginx.stop();
    running.splice(running.indexOf(nginx), 1);
  }
  results.load.voices = await loadGet(`${node.url}/voices/`, { connections: 10, seconds: 10 });
  const cookie = await signIn(node.url);
  results.load.queue = await loadGet(`${node.url}/moderate/`, { connections: 10, seconds: 10, headers: { cookie } });
  console.log(`Static, /voices/ and queue done (${elapsed()})`);

  const places = placeIds();
  results.load.share = [];
  for (const [connections, amount] of [[1, 300], [10, 1000], [50, 2000]]) {
    const run = await loadShare(node.url, dataDir, { connections, amount, seed: connections, places });
    results.load.share.push(run);
    console.log(`  share POST at ${connections}: ${run.rps} req/s, p99 ${run.p99Ms} ms, ${run.accepted}/${amount} accepted`);
  }

  // 6. Every accepted submission must be in the store: stop the server (it flushes), then look.
  await node.stop();
  running.splice(running.indexOf(node), 1);
  const receipts = results.load.share.flatMap((s) => s.receipts);
  for (const s of results.load.share) delete s.receipts;
  const secret = readFileSync(join(dataDir, 'secret.key'));
  const store = await openStore(dataDir);
  const found = receipts.filter((code) => store.findSubmissionByReceiptHash(hashReceiptCode(code, secret))).length;
  const total = store.read((data) => data.submissions.length);
  await store.close();
  results.load.shareStored = { accepted: receipts.length, found, missing: receipts.length - found, submissionsInStore: total };
  console.log(`Share: ${found} of ${receipts.length} accepted submissions found in the store (${elapsed()})`);

  // 7. Store writes as the data grows, and 8. build time as content grows.
  if (!skip.has('store')) results.storeWrites = await measureStoreWrites([1000, 10000, 50000]);
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

function readdirFirst(dir) {
  return readdirSync(dir).sort().find((n) => n.endsWith('.js') || n.endsWith('.css'));
}

/** Signs the bench admin in at /moderate/login and returns the session cookie. */
async function signIn(base) {
  const body = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
  const res = await fetch(`${base}/moderate/login?_action=signIn`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { origin: base, 'sec-fetch-site': 'same-origin' },
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`Sign-in for the bench admin failed: ${res.status}`);
  const queue = await fetch(`${base}/moderate/`, { headers: { cookie }, redirect: 'manual' });
  if (queue.status !== 200) throw new Error(`The queue did not open after sign-in: ${queue.status}`);
  return cookie;
}

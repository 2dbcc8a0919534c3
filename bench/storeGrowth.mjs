// How one share's latency grows with the data: for each store and each size, a server on a store
// seeded with that many submissions, then share POSTs one at a time (each waits for the one before).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newDatabase, startNodeServer } from './processes.mjs';
import { placeIds, seedStore } from './seed.mjs';
import { loadShare } from './load.mjs';

export async function measureGrowth(sizes, { port, shares = 100 } = {}) {
  const rows = [];
  for (const kind of ['embedded', 'postgres']) {
    for (const size of sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'voices-bench-growth-'));
      const db = kind === 'postgres' ? await newDatabase() : null;
      const location = db ? { databaseUrl: db.url, mfaKey: db.mfaKey } : { dataDir: join(dir, 'data') };
      try {
        const seeded = performance.now();
        const secret = await seedStore(location, { published: Math.round(size / 3), pending: size - Math.round(size / 3), seed: size });
        const seedSeconds = Math.round((performance.now() - seeded) / 100) / 10;
        const server = await startNodeServer({ port, dataDir: join(dir, 'data'), databaseUrl: db?.url, mfaKey: db?.mfaKey });
        try {
          // A few first, so the JIT and the store's caches are warm.
          await loadShare(server.url, secret, { connections: 1, amount: 10, seed: 1, places: placeIds() });
          const run = await loadShare(server.url, secret, { connections: 1, amount: shares, seed: size, places: placeIds() });
          const row = { store: kind, submissions: size, seedSeconds, shares, accepted: run.accepted, p50Ms: run.p50Ms, p99Ms: run.p99Ms, maxMs: run.maxMs };
          console.log(`  ${kind} with ${size}: one share p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms (${row.accepted}/${shares} accepted)`);
          rows.push(row);
        } finally {
          await server.stop();
        }
      } finally {
        await db?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return rows;
}

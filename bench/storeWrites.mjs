// Store write latency as the data grows: one submission added the way share.ts adds it (token
// and submission in one update), alone and 50 at once (grouped into as few file writes as can be).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/lib/store/store.ts';
import { makeSubmissions } from './seed.mjs';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const round = (ms) => Math.round(ms * 10) / 10;

export async function measureStoreWrites(sizes, { singles = 15, concurrent = 50 } = {}) {
  const rows = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'voices-bench-store-'));
    try {
      const store = await openStore(dir);
      const seeded = makeSubmissions({ published: Math.round(size / 3), pending: size - Math.round(size / 3), seed: size });
      await store.update((data) => {
        for (const s of seeded) data.submissions.push(s);
      });
      const extra = makeSubmissions({ pending: singles + concurrent, seed: size + 1 });
      const add = (s) =>
        store.update((data) => {
          data.usedFormTokens[`bench-${s.id}`] = Date.now() + 86_400_000;
          data.submissions.push(s);
        });
      const times = [];
      for (const s of extra.slice(0, singles)) {
        const start = performance.now();
        await add(s);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const start = performance.now();
      const each = await Promise.all(
        extra.slice(singles).map(async (s) => {
          await add(s);
          return performance.now() - start;
        }),
      );
      const all = performance.now() - start;
      await store.close();
      const row = {
        submissions: size,
        fileMB: Math.round(statSync(join(dir, 'voices.json')).size / 1e5) / 10,
        singleMedianMs: round(percentile(times, 50)),
        singleP95Ms: round(percentile(times, 95)),
        concurrent,
        concurrentAllMs: round(all),
        concurrentP99Ms: round(percentile(each.sort((a, b) => a - b), 99)),
      };
      console.log(`  store ${size}: ${row.fileMB} MB, one write ${row.singleMedianMs} ms (p95 ${row.singleP95Ms}), ${concurrent} at once ${row.concurrentAllMs} ms`);
      rows.push(row);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

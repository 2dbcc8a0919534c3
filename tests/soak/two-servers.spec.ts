// Two servers on one PostgreSQL database (`npm run test:soak` starts a throwaway cluster), as
// behind a load balancer. Submissions go to both at once, and one of them is killed with SIGKILL at a
// random moment, round after round, then restarted: every submission that got its receipt (from
// either server) is in the database exactly once, and its receipt works on both. Each round prints
// its seed; SOAK_TWO_ROUND_SEEDS=<seed>[,<seed>…] replays rounds, SOAK_TWO_ROUNDS (default 6) sets how many.
import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PRIVACY_USER_AGENT } from '../e2e/support/privacy';
import { spawnServer, type BuiltServer } from '../e2e/support/server';
import { newDatabase } from '../postgres/support/database';
import { formTokens, hex, roundSeeds } from './rounds';
import { random } from '../support/seededRandom';

const CONCURRENT = 300;
const ROUNDS = Number(process.env.SOAK_TWO_ROUNDS ?? 6);
const ENV = { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: '0' };
const UA = { 'User-Agent': PRIVACY_USER_AGENT };
test('two servers, one killed under load and restarted: no acknowledged submission is lost', async () => {
  const db = await newDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'voices-soak-two-'));
  const client = new pg.Client({ connectionString: db.url });
  const start = () => spawnServer({ dataDir: join(dataDir, String(Math.random())), env: { ...ENV, DATABASE_URL: db.url, MFA_KEY: db.mfaKey } });
  let servers: [BuiltServer, BuiltServer] = [await start(), await start()];
  await client.connect();
  const acknowledged = new Map<string, string>(); // marker -> receipt
  try {
    for (const [n, seed] of roundSeeds(process.env.SOAK_TWO_ROUND_SEEDS, undefined, ROUNDS).entries()) {
      const next = random(seed);
      const victim = Math.floor(next() * 2);
      const killAt = 1 + Math.floor(next() * (CONCURRENT - 1));
      // Form tokens from either server work on both: they are signed with the one server secret.
      const tokens = await formTokens(servers[0].url, CONCURRENT);
      let receipts = 0;
      const killed = servers[victim]!;
      const outcomes = await Promise.all(
        tokens.map(async (token, i) => {
          const marker = `[two ${hex(seed)} ${i}]`;
          const base = servers[i % 2]!.url;
          try {
            const response = await fetch(`${base}/share/?_action=share`, {
              method: 'POST',
              body: new URLSearchParams({ token, kind: 'poem', body: `${marker} words ${next()}`, place: 'none', publish: 'no' }),
              headers: { Origin: base, ...UA },
              redirect: 'manual',
            });
            const receipt = /data-receipt[^>]*>\s*([^<\s]+)\s*</.exec(await response.text())?.[1] ?? null;
            if (receipt && ++receipts === killAt) killed.process.kill('SIGKILL');
            return { marker, receipt, status: response.status };
          } catch {
            return { marker, receipt: null, status: 'error' as const };
          }
        }),
      );
      if (killed.process.exitCode === null && killed.process.signalCode === null) killed.process.kill('SIGKILL');
      await killed.exited;
      for (const o of outcomes) if (o.receipt) acknowledged.set(o.marker, o.receipt);
      expect(outcomes.filter((o) => o.status === 200 && !o.receipt), 'a 200 without a receipt').toEqual([]);

      servers[victim] = await start();
      const { rows } = await client.query<{ body: string | null }>('SELECT body FROM submissions');
      const counts = new Map<string, number>();
      for (const { body } of rows) for (const [m] of (body ?? '').matchAll(/\[two 0x[0-9a-f]{8} \d+\]/g)) counts.set(m, (counts.get(m) ?? 0) + 1);
      const line = `round ${n + 1} seed ${hex(seed)}: server ${victim ? 'B' : 'A'} killed at confirmation ${killAt}; ${outcomes.filter((o) => o.receipt).length} of ${CONCURRENT} acknowledged`;
      console.log(line);
      expect([...acknowledged.keys()].filter((m) => counts.get(m) !== 1), `${line}: acknowledged but not stored exactly once`).toEqual([]);
      expect([...counts].filter(([, c]) => c > 1), `${line}: stored twice`).toEqual([]);
      // A few of this round's receipts, looked up on each server.
      for (const o of outcomes.filter((x) => x.receipt).slice(0, 2)) {
        for (const server of servers) {
          const status = await fetch(`${server.url}/share/status/?_action=shareStatus`, { method: 'POST', body: new URLSearchParams({ code: o.receipt! }), headers: { Origin: server.url, ...UA } });
          expect(await status.text(), `${line}: receipt of ${o.marker}`).toContain('Waiting to be read');
        }
      }
    }
  } finally {
    await client.end();
    await Promise.all(servers.map((s) => s.stop()));
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const output = servers.map((s) => s.output()).join('\n');
  expect(output).not.toContain(PRIVACY_USER_AGENT);
  expect(output).not.toMatch(/\[two 0x/);
});

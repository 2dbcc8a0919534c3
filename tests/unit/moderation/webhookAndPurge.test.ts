import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import { notifyModerators } from '../../../src/lib/moderation/webhook.ts';
import { addSubmissions } from '../support/addSubmissions.ts';

const item = (overrides: Partial<Submission> = {}): Submission => ({
  id: newSubmissionId(), kind: 'poem', title: 'Secret title', body: 'Secret words 07700 900123', penName: 'Starling', place: 'doncaster',
  promptId: null, warnings: [], publish: true, flags: [], urgent: false, status: 'pending', receiptHash: 'cd'.repeat(32),
  createdAt: new Date().toISOString(), decidedAt: null, message: null, published: null, ...overrides,
});

const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'voices-hook-')); dirs.push(d); return d; };
let http: Server | undefined;
afterEach(() => { http?.close(); for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('the queue webhook', () => {
  it('posts counts per place of what waits, once for a burst of arrivals, and nothing else', async () => {
    const store = await openStore({ dataDir: tempDir() });
    await addSubmissions(store, item(), item({ urgent: true }), item({ place: null }), item({ status: 'published' }), item({ status: 'read', urgent: true }));
    const received: string[] = [];
    http = createServer((req, res) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => { received.push(b); res.end(); }); });
    await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/hook`;
    for (let i = 0; i < 5; i++) notifyModerators(store, url);
    await new Promise((r) => setTimeout(r, 3000));
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toEqual({ event: 'queue', places: { doncaster: { pending: 2, urgent: 1 }, none: { pending: 1, urgent: 0 } } });
    expect(received[0]).not.toMatch(/Secret|Starling|07700|cdcd/);
    await store.close();
  }, 10_000);
});

describe('npm run purge', () => {
  it('applies retention on DATA_DIR and reports what it removed', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir });
    const old = item({ createdAt: new Date(Date.now() - 100 * 86_400_000).toISOString() });
    const fresh = item();
    await addSubmissions(store, old, fresh);
    await store.close();
    const run = spawnSync(process.execPath, [resolve('scripts/purge.ts')], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('1 expired items deleted');
    const after = await openStore({ dataDir: dir });
    expect(await after.submissions.get(old.id)).toBeNull();
    expect(await after.submissions.get(fresh.id)).toMatchObject({ body: fresh.body });
    await after.close();
  });

  it('refuses clearly while the server holds the store', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir });
    const run = spawnSync(process.execPath, [resolve('scripts/purge.ts')], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Another Voices process is using DATA_DIR');
    await store.close();
  });
});

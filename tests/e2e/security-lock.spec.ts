// One process owns DATA_DIR. A second server on it is refused with a clear
// message and a non-zero exit; the first goes on serving and taking words.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/content';
import { recordServerRun } from './support/privacy';
import { newRequestContext, postShare } from './support/routes';
import { readData } from './support/seed';
import { spawnServer } from './support/server';

test('a second server on the same DATA_DIR is refused clearly; the first keeps serving and taking shares', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'voices-lock-')), 'data');
  const first = await spawnServer({ dataDir, env: { SHARE_MIN_SECONDS: '0' } });
  try {
    const lockBefore = readFileSync(join(dataDir, 'voices.lock'), 'utf8');
    expect(Number.parseInt(lockBefore, 10)).toBe(first.process.pid);

    const second = spawnSync(process.execPath, ['server.mjs'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: 'localhost', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(second.signal, 'the second server was still running after 20 s').toBeNull();
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`Another Voices process is using DATA_DIR (${dataDir}, pid ${first.process.pid}). Stop it first: one process owns the store.`);
    expect(second.stdout).not.toContain('listening');
    // It left the first one's lock alone.
    expect(readFileSync(join(dataDir, 'voices.lock'), 'utf8')).toBe(lockBefore);

    const request = await newRequestContext(first.url);
    expect((await request.get('/')).status()).toBe(200);
    const body = `Still listening after the second server was refused ${Date.now()}`;
    const sent = await postShare(request, first.url, { body });
    expect(sent.status).toBe(200);
    expect(sent.receipt).toBeTruthy();
    expect(readData(dataDir).submissions.filter((s) => s.body === body)).toHaveLength(1);
    await request.dispose();
  } finally {
    expect(await first.stop()).toBe(0);
    recordServerRun('lock-first', first.output(), dataDir);
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
});

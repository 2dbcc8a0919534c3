import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDLE_MS } from '../../src/lib/accounts/session.ts';
import { createSessionDriver } from '../../src/lib/accounts/sessionDriver.ts';
import { getStore, type Store } from '../../src/lib/store/store.ts';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-sessions-'));
  vi.stubEnv('DATA_DIR', dir);
  store = await getStore();
});

afterAll(async () => {
  await store.close();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('voices.store')];
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('the session driver', () => {
  it('keeps sessions in the store under DATA_DIR, durably', async () => {
    const driver = createSessionDriver();
    await driver.setItem('id-1', '[["Map"]]');
    expect(await driver.getItem('id-1')).toBe('[["Map"]]');
    const onDisk = JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8'));
    expect(onDisk.sessions).toEqual([{ id: 'id-1', value: '[["Map"]]', expiresAt: expect.any(Number) }]);
    await driver.removeItem('id-1');
    expect(await driver.getItem('id-1')).toBeNull();
    await driver.removeItem('never-there');
  });

  it('forgets a record idle longer than the idle timeout, and drops expired records on the next write', async () => {
    let t = 1_000_000;
    const driver = createSessionDriver({ now: () => t });
    await driver.setItem('old', 'a');
    t += IDLE_MS - 1;
    expect(await driver.getItem('old')).toBe('a');
    await driver.setItem('new', 'b');
    t += 1;
    expect(await driver.getItem('old')).toBeNull();
    await driver.setItem('newer', 'c');
    expect(store.read((data) => data.sessions.map((s) => s.id))).toEqual(['new', 'newer']);
  });

  it('writing again moves the expiry on', async () => {
    let t = 5_000_000;
    const driver = createSessionDriver({ now: () => t });
    await driver.setItem('busy', 'v1');
    t += IDLE_MS - 1;
    await driver.setItem('busy', 'v2');
    t += IDLE_MS - 1;
    expect(await driver.getItem('busy')).toBe('v2');
  });
});

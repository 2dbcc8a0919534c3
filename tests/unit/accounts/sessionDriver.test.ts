import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IDLE_MS } from '../../../src/lib/accounts/session.ts';
import sessionDriver from '../../../src/lib/accounts/sessionDriver.ts';
import { getStore, type Store } from '../../../src/lib/store/store.ts';

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
  // Only the clock is faked: the store's writes still really happen.
  const clockAt = (t: number) => vi.useFakeTimers({ now: t, toFake: ['Date'] });
  afterEach(() => vi.useRealTimers());

  it('keeps sessions in the store under DATA_DIR, durably', async () => {
    const driver = sessionDriver();
    await driver.setItem('id-1', '[["Map"]]');
    expect(await driver.getItem('id-1')).toBe('[["Map"]]');
    const onDisk = JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8'));
    expect(onDisk.sessions).toEqual([{ id: 'id-1', value: '[["Map"]]', expiresAt: expect.any(Number) }]);
    await driver.removeItem('id-1');
    expect(await driver.getItem('id-1')).toBeNull();
    await driver.removeItem('never-there');
  });

  it('forgets a record idle longer than the idle timeout, and drops expired records on the next write', async () => {
    clockAt(1_000_000);
    const driver = sessionDriver();
    await driver.setItem('old', 'a');
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(await driver.getItem('old')).toBe('a');
    await driver.setItem('new', 'b');
    vi.advanceTimersByTime(1);
    expect(await driver.getItem('old')).toBeNull();
    await driver.setItem('newer', 'c');
    expect(JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8')).sessions.map((s: { id: string }) => s.id)).toEqual(['new', 'newer']);
  });

  it('writing again moves the expiry on', async () => {
    clockAt(5_000_000);
    const driver = sessionDriver();
    await driver.setItem('busy', 'v1');
    vi.advanceTimersByTime(IDLE_MS - 1);
    await driver.setItem('busy', 'v2');
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(await driver.getItem('busy')).toBe('v2');
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSecret, prepareDataDir, resolveDataDir } from '../../../src/lib/store/dataDir.ts';
import { DurableJsonFile } from '../../../src/lib/store/durableJsonFile.ts';
import { getStore, openStore, type Store } from '../../../src/lib/store/store.ts';
import { StoreLockedError } from '../../../src/lib/store/lock.ts';
import type { VoicesData } from '../../../src/lib/store/lowStore.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';

const CHILD = fileURLToPath(new URL('./fixtures/storeChild.ts', import.meta.url));

let dir: string;
const open: Store[] = [];
const children: (() => Promise<void>)[] = [];

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'voices-store-')), 'data');
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await Promise.all(children.splice(0).map((kill) => kill()));
  await Promise.all(open.splice(0).map((store) => store.close()));
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

async function opened(options?: { now?: () => number }): Promise<Store> {
  const store = await openStore({ dataDir: dir }, options);
  open.push(store);
  return store;
}

function submission(id = newSubmissionId(), receiptHash = `hash-${id}`): Submission {
  return {
    id,
    kind: 'poem',
    title: null,
    body: 'words',
    penName: null,
    place: null,
    promptId: null,
    warnings: [],
    publish: true,
    flags: [],
    urgent: false,
    status: 'pending',
    receiptHash,
    createdAt: new Date(0).toISOString(),
    decidedAt: null,
    message: null,
    published: null,
  };
}

function onDisk(): VoicesData {
  return JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8')) as VoicesData;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Runs the child fixture; resolves with its first line of output, and the child (still running if it holds the lock). */
function child(): Promise<{ line: string; kill: () => Promise<void>; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const kill = async (): Promise<void> => {
    proc.kill('SIGKILL');
    await exited;
  };
  children.push(kill);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ line: out.trim(), kill, exited });
    });
    proc.on('exit', () => reject(new Error(`child exited without output: ${err}`)));
  });
}

describe('openStore', () => {
  it('keeps all of 500 concurrent changes, grouped into a few file writes', async () => {
    const write = vi.spyOn(DurableJsonFile.prototype, 'write');
    const store = await opened();
    const ids = Array.from({ length: 500 }, () => newSubmissionId());
    const onDiskWhenResolved: boolean[] = [];
    await Promise.all(
      ids.map((id, i) =>
        store.submissions
          .create(submission(id), { id: `token-${i}`, expiresAt: Date.now() + 60_000 })
          .then(async (stored) => {
            expect(stored).toBe(true);
            // Each caller resolves only once a write holding its data is on disk.
            if (i % 50 === 0) {
              const text = await readFile(join(dir, 'voices.json'), 'utf8');
              onDiskWhenResolved.push(text.includes(id));
            }
          }),
      ),
    );
    expect(onDiskWhenResolved).toEqual(Array(10).fill(true));
    const adapter = write.mock.contexts[0] as DurableJsonFile<VoicesData>;
    expect(write).toHaveBeenCalledTimes(501);
    // One write at open, one for the first update, one for the 499 that queued behind it.
    expect(adapter.writes).toBeLessThanOrEqual(5);

    await store.close();
    open.splice(0);
    expect(onDisk().submissions).toHaveLength(500);
    const again = await opened();
    expect((await again.exportAll()).submissions.map((s) => s.id)).toEqual(ids);
  });

  it('makes the directory 0700 and its files 0600, and removes stale .tmp files', async () => {
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'voices.json.tmp'), '{"half":');
    writeFileSync(join(dir, 'other.tmp'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x', { mode: 0o644 });
    await opened();
    const secret = loadOrCreateSecret(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'voices.json'))).toBe(0o600);
    expect(mode(join(dir, 'secret.key'))).toBe(0o600);
    expect(mode(join(dir, 'notes.txt'))).toBe(0o600);
    expect(existsSync(join(dir, 'voices.json.tmp'))).toBe(false);
    expect(existsSync(join(dir, 'other.tmp'))).toBe(false);
    expect(secret).toHaveLength(32);
    expect(loadOrCreateSecret(dir).equals(secret)).toBe(true);
  });

  it('refuses a second process while the first has the store open', async () => {
    await opened();
    const second = await child();
    expect(second.line).toBe(
      `StoreLockedError: Another Voices process is using DATA_DIR (${dir}, pid ${process.pid}). Stop it first: one process owns the store.`,
    );
    expect(await second.exited).toBe(2);
  });

  it('refuses a second open in the same process', async () => {
    await opened();
    await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreLockedError);
  });

  it('takes over the lock of a process that was killed', async () => {
    const first = await child();
    expect(first.line).toBe('open');
    await expect(openStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreLockedError);
    await first.kill();
    const store = await opened();
    expect(readFileSync(join(dir, 'voices.lock'), 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    open.splice(0);
    expect(existsSync(join(dir, 'voices.lock'))).toBe(false);
  });

  it('takes over the lock of a process that has exited but not been reaped (a zombie)', async () => {
    // bash starts the child in the background, then becomes `sleep`, which never waits for it:
    // the child opens the store, kills itself, and stays a zombie while sleep runs.
    const parent = spawn('bash', ['-c', `"${process.execPath}" "${CHILD}" "${dir}" --die & exec sleep 30`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const parentExited = new Promise((resolve) => parent.on('exit', resolve));
    children.push(async () => {
      parent.kill('SIGKILL');
      await parentExited;
    });
    await new Promise<void>((resolve) => parent.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve()));
    const pid = Number.parseInt(readFileSync(join(dir, 'voices.lock'), 'utf8'), 10);
    const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
    // Its pid still exists (signal 0 reaches it), and it is a zombie.
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(state()).toBe('Z');
    const store = await opened();
    expect(readFileSync(join(dir, 'voices.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(store.kind).toBe('embedded');
  });

  it('takes over a lock naming a pid that no longer runs', async () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'voices.lock'), '2147483646\n');
    await expect(opened()).resolves.toBeDefined();
  });

  it.each([
    ['half-written JSON', '{"version":1,"submissions":[', /voices\.json is not valid JSON/],
    ['null', 'null', /voices\.json is not a Voices data file/],
    ['another shape', '{"version":2,"items":[]}', /voices\.json is not a Voices data file/],
  ])('fails loudly on %s and leaves the file alone', async (_, content, message) => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'voices.json'), content);
    await expect(openStore({ dataDir: dir })).rejects.toThrow(message);
    expect(readFileSync(join(dir, 'voices.json'), 'utf8')).toBe(content);
    // The failed open let go of the lock.
    expect(existsSync(join(dir, 'voices.lock'))).toBe(false);
  });

  it('refuses changes after close', async () => {
    const store = await opened();
    await store.close();
    await expect(store.audit.record({ at: new Date().toISOString(), actor: 'x', action: 'y', target: null })).rejects.toThrow('closed');
  });

  it('drops expired form tokens as it writes, sweeping at most once a minute', async () => {
    let now = 1_000;
    const store = await opened({ now: () => now });
    await store.submissions.create(submission(), { id: 'a', expiresAt: 2_000 });
    await store.submissions.create(submission(), { id: 'b', expiresAt: 500_000 });
    now = 3_000;
    await store.audit.record({ at: new Date(now).toISOString(), actor: 'x', action: 'y', target: null });
    expect(onDisk().usedFormTokens).toEqual({ a: 2_000, b: 500_000 });
    now = 61_000;
    await store.audit.record({ at: new Date(now).toISOString(), actor: 'x', action: 'y', target: null });
    expect(onDisk().usedFormTokens).toEqual({ b: 500_000 });
  });
});

describe('getStore', () => {
  it('opens the store on DATA_DIR once per process', async () => {
    vi.stubEnv('DATA_DIR', dir);
    const store = await getStore();
    open.push(store);
    expect(await getStore()).toBe(store);
    expect(existsSync(join(dir, 'voices.json'))).toBe(true);
  });
});

describe('submission lookups', () => {
  it('finds by id and receipt hash among 10,000, through additions and removals', async () => {
    const store = await opened();
    const all = Array.from({ length: 10_000 }, (_, i) => submission(`id-${i}`, `r-${i}`));
    await Promise.all(all.map((s, i) => store.submissions.create(s, { id: `t-${i}`, expiresAt: Date.now() + 60_000 })));
    expect((await store.submissions.get('id-9999'))?.receiptHash).toBe('r-9999');
    expect((await store.submissions.byReceiptHash('r-42'))?.id).toBe('id-42');
    expect(await store.submissions.get('nope')).toBeNull();

    // Removing one shifts every later position; the index must follow.
    await store.submissions.decide('id-0', 'pending', { delete: true }, { at: new Date().toISOString(), actor: 'x', action: 'delete', target: 'id-0' });
    expect(await store.submissions.get('id-0')).toBeNull();
    expect(await store.submissions.byReceiptHash('r-0')).toBeNull();
    expect((await store.submissions.get('id-5000'))?.id).toBe('id-5000');
    expect((await store.submissions.byReceiptHash('r-5001'))?.id).toBe('id-5001');
  });

  it('makes url-safe, unguessable ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSubmissionId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});

describe('DurableJsonFile', () => {
  it('never lets a reader see a partial file', async () => {
    mkdirSync(dir);
    const file = join(dir, 'big.json');
    const adapter = new DurableJsonFile<{ n: number; filler: string }>(file);
    await adapter.write({ n: 0, filler: 'x'.repeat(2_000_000) });
    let writing = true;
    const writes = (async () => {
      for (let n = 1; n <= 20; n++) await adapter.write({ n, filler: String(n).repeat(1_000_000) });
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const data = JSON.parse(await readFile(file, 'utf8')) as { n: number };
      expect(data.n).toBeGreaterThanOrEqual(0);
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect(await adapter.read()).toMatchObject({ n: 20 });
    expect(mode(file)).toBe(0o600);
  });

  it('writes the latest data once for everything queued behind a write in flight', async () => {
    mkdirSync(dir);
    const adapter = new DurableJsonFile<number>(join(dir, 'n.json'));
    await Promise.all(Array.from({ length: 100 }, (_, i) => adapter.write(i)));
    expect(adapter.writes).toBe(2);
    expect(await adapter.read()).toBe(99);
  });

  it('reads a missing file as null', async () => {
    expect(await new DurableJsonFile(join(dir, 'missing.json')).read()).toBeNull();
  });
});

describe('dataDir', () => {
  it('resolves DATA_DIR, or ./data, to an absolute path', () => {
    vi.stubEnv('DATA_DIR', '/srv/voices');
    expect(resolveDataDir()).toBe('/srv/voices');
    vi.stubEnv('DATA_DIR', '');
    expect(resolveDataDir()).toBe(join(process.cwd(), 'data'));
  });

  it('creates a missing directory as 0700', () => {
    prepareDataDir(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it('refuses a damaged secret rather than replacing it', () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'secret.key'), 'short');
    expect(() => loadOrCreateSecret(dir)).toThrow(/secret\.key is damaged/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe('short');
  });
});

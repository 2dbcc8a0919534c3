// Storage only: the run-time data in one lowdb JSON file under DATA_DIR, behind the Store interface.
// The records' types live with their domains.
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { createFileExclusive, isErrno, prepareDataDir, resolveDataDir } from './dataDir.ts';
import { DurableJsonFile } from './durableJsonFile.ts';
import type { FacilitatorAccount } from '../accounts/facilitators.ts';
import type { SessionRecord } from '../accounts/session.ts';
import type { AuditEntry } from '../moderation/audit.ts';
import type { Prompt } from '../participation/prompts.ts';
import type { WorkshopCode } from '../participation/workshopCodes.ts';
import type { Submission } from '../sharing/submission.ts';

export interface VoicesData {
  version: 1;
  submissions: Submission[];
  /** Form token id -> expiry (ms since epoch); expired entries are dropped on each update. */
  usedFormTokens: Record<string, number>;
  facilitators: FacilitatorAccount[];
  /** Astro session data for signed-in facilitators (sessionDriver.ts). */
  sessions: SessionRecord[];
  /** Append-only: who did what to which id, and when. Never text. */
  audit: AuditEntry[];
  /** Questions put to young people, with their "You said, we did" outcomes. */
  prompts: Prompt[];
  /** Workshop codes; expired ones are dropped a day after they expire. */
  workshopCodes: WorkshopCode[];
}

/** The run-time data, behind an interface small enough for a PostgreSQL store to implement too. */
export interface Store {
  /** Goes up with every update, so readers can cache views derived from the data. */
  readonly version: number;
  /** Synchronous read of the in-memory copy. */
  read<T>(fn: (data: Readonly<VoicesData>) => T): T;
  /**
   * Mutate in memory, then a grouped durable write; resolves once the write is on disk.
   * If fn throws nothing is written, so check everything before changing anything.
   */
  update<T>(fn: (data: VoicesData) => T): Promise<T>;
  /** The live record (change it only inside update()); indexed, so fast with 10,000+ items. */
  findSubmission(id: string): Submission | undefined;
  /** The live record whose receiptHash is hash (change it only inside update()). */
  findSubmissionByReceiptHash(hash: string): Submission | undefined;
  /** Flush pending writes and release the lock. */
  close(): Promise<void>;
}

export class StoreLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`Another Voices process is using DATA_DIR (${dir}, pid ${pid}). Stop it first: one process owns the store.`);
    this.name = 'StoreLockedError';
  }
}

function emptyData(): VoicesData {
  return { version: 1, submissions: [], usedFormTokens: {}, facilitators: [], sessions: [], audit: [], prompts: [], workshopCodes: [] };
}

/** Fields added after version 1 was first written: a file from before them gets them empty. */
function addLaterFields(value: unknown): void {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) return;
  const data = value as Partial<Record<'prompts' | 'workshopCodes', unknown>>;
  data.prompts ??= [];
  data.workshopCodes ??= [];
}

function isVoicesData(value: unknown): value is VoicesData {
  const data = value as Partial<Record<keyof VoicesData, unknown>> | null;
  return (
    typeof data === 'object' &&
    data !== null &&
    data.version === 1 &&
    Array.isArray(data.submissions) &&
    typeof data.usedFormTokens === 'object' &&
    data.usedFormTokens !== null &&
    !Array.isArray(data.usedFormTokens) &&
    Array.isArray(data.facilitators) &&
    Array.isArray(data.sessions) &&
    Array.isArray(data.audit) &&
    Array.isArray(data.prompts) &&
    Array.isArray(data.workshopCodes)
  );
}

// Lock files this process holds: a second open in the same process is refused too.
const heldLocks = new Set<string>();

function lockHolderAlive(file: string, pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our own pid in a lock we do not hold is a previous run (containers reuse pid 1).
  if (pid === process.pid) return heldLocks.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function acquireLock(dir: string): string {
  const file = join(dir, 'voices.lock');
  // A few rounds: a stale lock is removed and then created afresh.
  for (let round = 0; round < 3; round++) {
    if (createFileExclusive(file, `${process.pid}\n`)) {
      heldLocks.add(file);
      return file;
    }
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) continue;
      throw error;
    }
    if (lockHolderAlive(file, pid)) throw new StoreLockedError(dir, pid);
    // The holder died (crash, SIGKILL, power cut): take the lock over.
    try {
      unlinkSync(file);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  throw new Error(`Could not take ${file}: other processes keep creating it. Start one Voices process at a time.`);
}

function releaseLock(file: string): void {
  if (!heldLocks.delete(file)) return;
  try {
    // Best effort: only remove the lock if it is still ours.
    if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
  } catch {
    // Already gone; a leftover lock with a dead pid is taken over at the next start anyway.
  }
}

class LowStore implements Store {
  readonly #db: Low<VoicesData>;
  readonly #adapter: DurableJsonFile<VoicesData>;
  readonly #now: () => number;
  readonly #release: () => void;
  // Positions in data.submissions; a hit is checked against the record, a miss after a change rebuilds.
  readonly #byId = new Map<string, number>();
  readonly #byReceipt = new Map<string, number>();
  #indexStale = true;
  #version = 0;
  #updating = 0;
  #tokensSweptAt = Number.NEGATIVE_INFINITY;
  #closed = false;

  constructor(db: Low<VoicesData>, adapter: DurableJsonFile<VoicesData>, now: () => number, release: () => void) {
    this.#db = db;
    this.#adapter = adapter;
    this.#now = now;
    this.#release = release;
  }

  read<T>(fn: (data: Readonly<VoicesData>) => T): T {
    return fn(this.#db.data);
  }

  get version(): number {
    return this.#version;
  }

  async update<T>(fn: (data: VoicesData) => T): Promise<T> {
    if (this.#closed) throw new Error('The Voices store is closed.');
    let result!: T;
    await this.#db.update((data) => {
      this.#updating++;
      try {
        result = fn(data);
      } finally {
        this.#updating--;
        this.#indexStale = true;
        this.#version++;
      }
      const now = this.#now();
      if (now - this.#tokensSweptAt >= TOKEN_SWEEP_MS) {
        dropExpiredFormTokens(data, now);
        this.#tokensSweptAt = now;
      }
    });
    return result;
  }

  findSubmission(id: string): Submission | undefined {
    return this.#find(this.#byId, id, (s) => s.id === id);
  }

  findSubmissionByReceiptHash(hash: string): Submission | undefined {
    return this.#find(this.#byReceipt, hash, (s) => s.receiptHash === hash);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#adapter.flush();
    this.#release();
  }

  #find(index: Map<string, number>, key: string, matches: (s: Submission) => boolean): Submission | undefined {
    const list = this.#db.data.submissions;
    const hit = this.#at(index, key);
    if (hit && matches(hit)) return hit;
    // Inside update() the list may be changing under us: scan instead of indexing a moving target.
    if (this.#updating > 0) return list.find(matches);
    if (!this.#indexStale) return undefined;
    this.#rebuildIndex();
    const again = this.#at(index, key);
    return again && matches(again) ? again : undefined;
  }

  #at(index: Map<string, number>, key: string): Submission | undefined {
    const position = index.get(key);
    return position === undefined ? undefined : this.#db.data.submissions[position];
  }

  #rebuildIndex(): void {
    this.#byId.clear();
    this.#byReceipt.clear();
    this.#db.data.submissions.forEach((s, position) => {
      this.#byId.set(s.id, position);
      this.#byReceipt.set(s.receiptHash, position);
    });
    this.#indexStale = false;
  }
}

// Sweeping walks every token, so at most once a minute: an expired token is refused by its own
// signed time anyway (sharing/share.ts), so one kept a minute longer changes nothing.
const TOKEN_SWEEP_MS = 60_000;

// Keeps the file from growing with every form ever sent.
function dropExpiredFormTokens(data: VoicesData, now: number): void {
  for (const [token, expiresAt] of Object.entries(data.usedFormTokens)) {
    if (expiresAt <= now) delete data.usedFormTokens[token];
  }
}

/** Open the store in dataDir: lock it, make it private, read voices.json once. */
export async function openStore(dataDir: string, options: { now?: () => number } = {}): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = acquireLock(dataDir);
  const release = (): void => {
    process.off('exit', release);
    releaseLock(lockFile);
  };
  process.on('exit', release);
  try {
    prepareDataDir(dataDir);
    const file = join(dataDir, 'voices.json');
    const existed = existsSync(file);
    const adapter = new DurableJsonFile<VoicesData>(file);
    const initial = emptyData();
    const db = new Low(adapter, initial);
    await db.read();
    addLaterFields(db.data);
    if (!existed) {
      await db.write();
    } else if (db.data === initial || !isVoicesData(db.data)) {
      // Low.read() keeps the defaults when the file holds `null`: that is not our data either.
      throw new Error(
        `${file} is not a Voices data file (version 1). ` +
          'Refusing to start so the data in it is not overwritten: restore it from a backup or move it aside.',
      );
    }
    return new LowStore(db, adapter, options.now ?? Date.now, release);
  } catch (error) {
    release();
    throw error;
  }
}

// Kept on globalThis: server.mjs opens the store at start and the built Astro bundle carries its
// own copy of this module, and both must use the one store that holds the lock.
const SHARED = Symbol.for('voices.store');
const holder = globalThis as { [SHARED]?: Promise<Store> };

/** The process-wide store on resolveDataDir(), opened once. */
export function getStore(): Promise<Store> {
  holder[SHARED] ??= openStore(resolveDataDir()).catch((error: unknown) => {
    // Let a later call try again, e.g. once the other process has stopped.
    delete holder[SHARED];
    throw error;
  });
  return holder[SHARED];
}

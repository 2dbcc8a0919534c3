// One process owns an embedded store: a lock file in DATA_DIR holds its pid. A lock whose holder
// has gone is taken over: one that no longer exists, and one that has exited but not been reaped
// yet (a zombie, as under a supervisor slow to reap its children), which still has a pid.
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createFileExclusive, isErrno } from './dataDir.ts';

export class StoreLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(`Another Voices process is using DATA_DIR (${dir}, pid ${pid}). Stop it first: one process owns the store.`);
    this.name = 'StoreLockedError';
  }
}

// Lock files this process holds: a second open in the same process is refused too.
const heldLocks = new Set<string>();

/** The state letter in /proc/<pid>/stat (R, S, D, Z, X…), or null where there is no /proc entry. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state …": comm may hold spaces and parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || null;
  } catch {
    return null;
  }
}

function lockHolderAlive(file: string, pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our own pid in a lock we do not hold is a previous run (containers reuse pid 1).
  if (pid === process.pid) return heldLocks.has(file);
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (!isErrno(error, 'EPERM')) return false;
  }
  // It has a pid; a zombie (Z) or a dying process (X) holds nothing any more.
  const state = processState(pid);
  return state !== 'Z' && state !== 'X';
}

/** Takes DATA_DIR's lock, or throws StoreLockedError naming the process that has it. */
export function acquireLock(dir: string): string {
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
    // The holder died (crash, SIGKILL, power cut) or is a zombie: take the lock over.
    try {
      unlinkSync(file);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  throw new Error(`Could not take ${file}: other processes keep creating it. Start one Voices process at a time.`);
}

export function releaseLock(file: string): void {
  if (!heldLocks.delete(file)) return;
  try {
    // Best effort: only remove the lock if it is still ours.
    if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
  } catch {
    // Already gone; a leftover lock with a dead pid is taken over at the next start anyway.
  }
}

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

const SECRET_BYTES = 32;

/** Where run-time data lives: `DATA_DIR`, or `./data`, as an absolute path. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR || './data');
}

/**
 * Make the data directory private (0700, files 0600) and remove `*.tmp` files
 * left by a write that a crash interrupted. Call it only while holding the
 * store lock, so another process's in-flight temporary file is never removed.
 */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode does not change a directory that already exists.
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(dir, entry.name);
    if (entry.name.endsWith('.tmp')) unlinkSync(file);
    else chmodSync(file, 0o600);
  }
}

/**
 * Create `file` (0600) holding `content` only if it does not exist yet.
 * Returns false when it already exists. The content is written and synced to a
 * temporary file that is then hard-linked into place, so nobody can ever read
 * the file empty or half-written, even after a power cut.
 */
export function createFileExclusive(file: string, content: string | Buffer): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(tmp);
  }
  syncDir(join(file, '..'));
  return true;
}

/** The 32-byte server secret (keys receipt hashes), created on first start. */
export function loadOrCreateSecret(dir: string): Buffer {
  const file = join(dir, 'secret.key');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // link() in createFileExclusive means two starts cannot both create a secret.
  if (!existsSync(file)) createFileExclusive(file, randomBytes(SECRET_BYTES));
  const secret = readFileSync(file);
  if (secret.length !== SECRET_BYTES) {
    throw new Error(
      `${file} is damaged (${secret.length} bytes, expected ${SECRET_BYTES}). ` +
        'Restore it from a backup: without it no receipt code can be checked.',
    );
  }
  return secret;
}

/** fsync a directory so a rename or link inside it survives a power cut. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/** Replaces the server secret (an import into an empty store): written whole, then renamed into place. */
export function replaceSecret(dir: string, secret: Buffer): void {
  const file = join(dir, 'secret.key');
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  syncDir(dir);
}

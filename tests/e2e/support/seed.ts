// The one place tests put data in a store (a DATA_DIR, or a PostgreSQL database) and read it back: facilitator accounts (made with
// the command line, as an operator makes them), submissions, prompts and workshop codes (through
// the store), and the data as it is now. A change to the store's interface changes this file.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSubmissionId, openStore, type Prompt, type Submission, type VoicesData, type VoicesExport, type WorkshopCode } from './app';
import { ROOT } from './content';
import { E2E_DATA_DIR } from './env';
import { startServer, type TestServer } from './server';

export type { Prompt, Submission };

export interface Account {
  email: string;
  role: 'admin' | 'facilitator';
  place?: string;
  password: string;
}

/** `npm run facilitator -- add …` on a DATA_DIR or a PostgreSQL database, the password on standard input. */
export function addAccount(store: string | { databaseUrl: string }, account: Account): void {
  const args = ['scripts/facilitator.ts', 'add', account.email, '--role', account.role, '--password-stdin'];
  if (account.place) args.push('--place', account.place);
  const env = typeof store === 'string' ? { ...process.env, DATA_DIR: store, DATABASE_URL: '' } : { ...process.env, DATABASE_URL: store.databaseUrl };
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, input: `${account.password}\n`, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`facilitator add failed: ${result.stderr}`);
}

/** A pending submission as the share form would store it, changed by overrides. */
export function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: newSubmissionId(), kind: 'poem', title: null, body: 'Seeded words', penName: null, place: 'sheffield', promptId: null, warnings: [],
    publish: true, flags: [], urgent: false, status: 'pending', receiptHash: newSubmissionId(), createdAt: new Date().toISOString(),
    decidedAt: null, message: null, published: null, ...overrides,
  };
}

/** A new submission id, for an item that does not exist. */
export const unknownSubmissionId = newSubmissionId;

interface Seed {
  accounts?: Account[];
  submissions?: Submission[];
  prompts?: Prompt[];
  workshopCodes?: WorkshopCode[];
}

/** The seed as an export file's content, with a new server secret. */
function seedExport(seed: Seed): VoicesExport {
  return {
    format: 'voices-export', version: 1, exportedAt: new Date().toISOString(), secret: randomBytes(32).toString('base64'),
    submissions: seed.submissions ?? [], facilitators: [], totp: [], passkeys: [], recoveryCodes: [], prompts: seed.prompts ?? [], workshopCodes: seed.workshopCodes ?? [], audit: [], usedFormTokens: {},
  };
}

/** Puts the seed in a new, empty dataDir while no server runs on it: data imported, then accounts added. */
async function seedDataDir(dataDir: string, seed: Seed): Promise<void> {
  const store = await openStore({ dataDir });
  await store.importAll(seedExport(seed));
  await store.close();
  for (const account of seed.accounts ?? []) addAccount(dataDir, account);
}

/** A built server started on a fresh DATA_DIR holding the seed; the passwords must never reach its output. */
export function serveSeeded(seed: Seed, env: Record<string, string> = {}): Promise<TestServer> {
  return startServer(env, { prepare: (dataDir) => seedDataDir(dataDir, seed), secrets: (seed.accounts ?? []).map((a) => a.password) });
}

/** The store's data as it is now (by default the main test server's). */
export function readData(dataDir = E2E_DATA_DIR): VoicesData {
  return JSON.parse(readFileSync(join(dataDir, 'voices.json'), 'utf8')) as VoicesData;
}

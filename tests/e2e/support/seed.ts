// The one place tests put data in a DATA_DIR and read it back: facilitator accounts (made with
// the command line, as an operator makes them), submissions, prompts and workshop codes (through
// the store), and the data as it is now. A change to the store's interface changes this file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSubmissionId, openStore, type Prompt, type Submission, type VoicesData, type WorkshopCode } from './app';
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

/** `npm run facilitator -- add …` on dataDir, the password on standard input. */
export function addAccount(dataDir: string, account: Account): void {
  const args = ['scripts/facilitator.ts', 'add', account.email, '--role', account.role, '--password-stdin'];
  if (account.place) args.push('--place', account.place);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, input: `${account.password}\n`, encoding: 'utf8' });
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

/** Puts the seed in dataDir while no server runs on it. */
async function seedDataDir(dataDir: string, seed: Seed): Promise<void> {
  for (const account of seed.accounts ?? []) addAccount(dataDir, account);
  const store = await openStore(dataDir);
  await store.update((data) => {
    data.submissions.push(...(seed.submissions ?? []));
    data.prompts.push(...(seed.prompts ?? []));
    data.workshopCodes.push(...(seed.workshopCodes ?? []));
  });
  await store.close();
}

/** A built server started on a fresh DATA_DIR holding the seed; the passwords must never reach its output. */
export function serveSeeded(seed: Seed, env: Record<string, string> = {}): Promise<TestServer> {
  return startServer(env, { prepare: (dataDir) => seedDataDir(dataDir, seed), secrets: (seed.accounts ?? []).map((a) => a.password) });
}

/** The store's data as it is now (by default the main test server's). */
export function readData(dataDir = E2E_DATA_DIR): VoicesData {
  return JSON.parse(readFileSync(join(dataDir, 'voices.json'), 'utf8')) as VoicesData;
}

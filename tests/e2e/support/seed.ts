// The one place tests put data in a store and read it back: facilitator accounts (made with the
// command line, as an operator makes them, on a DATA_DIR or a PostgreSQL database, with their
// second factors: support/secondStep.ts), submissions, prompts and workshop codes (in the embedded
// store's data file), and the data as it is now.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newSubmissionId, openStore, type Prompt, type Submission, type VoicesData, type WorkshopCode } from './app';
import { seedFactors, testFactors } from './secondStep';
import { ROOT } from './content';
import { E2E_DATA_DIR } from './env';
import { startServer, type TestServer } from './server';

export type { Prompt, Submission };

export interface Account {
  email: string;
  role: 'admin' | 'facilitator';
  place?: string;
  password: string;
  /** 'none': no passkey or app, as an account made before two-step sign-in (it sets one up at sign-in). */
  secondStep?: 'none';
}

/**
 * `npm run facilitator -- add …` on a DATA_DIR or a PostgreSQL database, the password on standard
 * input; then its authenticator app and passkey (support/secondStep.ts), unless it is to have none.
 */
export async function addAccount(store: string | { databaseUrl: string; mfaKey: string }, account: Account): Promise<void> {
  const args = ['scripts/facilitator.ts', 'add', account.email, '--role', account.role, '--password-stdin'];
  if (account.place) args.push('--place', account.place);
  const env = typeof store === 'string' ? { ...process.env, DATA_DIR: store, DATABASE_URL: '' } : { ...process.env, DATABASE_URL: store.databaseUrl, MFA_KEY: store.mfaKey };
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, input: `${account.password}\n`, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`facilitator add failed: ${result.stderr}`);
  if (account.secondStep === 'none') return;
  const opened = await openStore(typeof store === 'string' ? { dataDir: store } : store);
  try {
    await seedFactors(opened, account.email);
  } finally {
    await opened.close();
  }
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

/**
 * Puts the seed in a new, empty dataDir while no server runs on it: the data file written as it is
 * (so a test may seed a damaged record, as a hand-edited file would hold), then accounts added.
 */
async function seedDataDir(dataDir: string, seed: Seed): Promise<void> {
  const data: VoicesData = {
    version: 1, submissions: seed.submissions ?? [], usedFormTokens: {}, facilitators: [], totp: [], passkeys: [], recoveryCodes: [], sessions: [], audit: [], prompts: seed.prompts ?? [], workshopCodes: seed.workshopCodes ?? [],
    notes: [], secondOpinions: [], attention: [], presence: [], arrivals: [], lastDigests: [], outbox: [], digestOff: [],
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, 'voices.json'), JSON.stringify(data), { mode: 0o600 });
  for (const account of seed.accounts ?? []) await addAccount(dataDir, account);
}

/** A built server started on a fresh DATA_DIR holding the seed; the passwords and app secrets must never reach its output, nor DATA_DIR in clear. */
export function serveSeeded(seed: Seed, env: Record<string, string> = {}): Promise<TestServer> {
  const accounts = seed.accounts ?? [];
  const secrets = [...accounts.map((a) => a.password), ...accounts.filter((a) => a.secondStep !== 'none').map((a) => testFactors(a.email).totpSecret)];
  return startServer(env, { prepare: (dataDir) => seedDataDir(dataDir, seed), secrets });
}

/** The store's data as it is now (by default the main test server's). */
export function readData(dataDir = E2E_DATA_DIR): VoicesData {
  return JSON.parse(readFileSync(join(dataDir, 'voices.json'), 'utf8')) as VoicesData;
}

/**
 * The store's data for "nothing changed" checks (by default the main test server's): without
 * sessions (a signed-in request notes when it was last seen) and the alert worker's own records
 * (what arrived, each place's last digest, the emails waiting), which change on the worker's clock,
 * not by any request. A share still shows as its submission.
 */
export function dataRequestsChange(dataDir = E2E_DATA_DIR): string {
  const { sessions: _s, arrivals: _a, lastDigests: _l, outbox: _o, ...rest } = readData(dataDir);
  return JSON.stringify(rest);
}

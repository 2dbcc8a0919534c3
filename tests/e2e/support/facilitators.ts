// Facilitator accounts for browser tests, made the way an operator makes them: with the command
// line on a stopped server's DATA_DIR, then the server is started on it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { ROOT } from './content';

export const SESSION_COOKIE = '__Host-voices-session';

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

export interface AccountsServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** A fresh DATA_DIR with these accounts, and the built server (npm run serve) started on it. */
export async function serveWithAccounts(port: number, accounts: Account[], env: Record<string, string> = {}): Promise<AccountsServer> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'voices-auth-')), 'data');
  for (const account of accounts) addAccount(dataDir, account);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: 'localhost', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      if (i > 100) throw new Error(`server did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

/** Signs in through the form, as a person would; ends on the queue. */
export async function signIn(page: Page, base: string, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto(`${base}/moderate/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/moderate/`);
}

/** The session cookie's value in the page's browser context, if any. */
export async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
}

/** The store's data file as it is on disk now. */
export function readData(dataDir: string) {
  return JSON.parse(readFileSync(join(dataDir, 'voices.json'), 'utf8')) as {
    facilitators: { id: string; email: string; role: string; place: string | null; disabled: boolean }[];
    sessions: { id: string }[];
    audit: { actor: string; action: string; target: string | null }[];
  };
}

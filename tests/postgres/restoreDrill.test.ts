// The restore drill, on both stores: back up while the store is in use (`npm run backup`), delete
// the data, restore (`npm run store -- import`), and everything is back: every submission, a receipt
// code still finds its words, the accounts with their passwords and sessions-valid-from times,
// prompts, workshop codes, the audit log, team notes and second opinions, and digest settings; second
// factors work again once the MFA key, kept apart, is given back. Also: the export through npm, and
// moving a service from one store to the other with the command line, the key moved as README.md says.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store, type StoreLocation, type VoicesExport } from '../../src/lib/store/store.ts';
import { addFacilitator, disableFacilitator, findFacilitatorByEmail } from '../../src/lib/accounts/facilitators.ts';
import { verifyPassword } from '../../src/lib/accounts/passwords.ts';
import { confirmTotp, keepPasskey, replaceRecoveryCodes } from '../../src/lib/accounts/secondFactors.ts';
import { checkSecondStepCode, createSecondStepLimiter } from '../../src/lib/accounts/secondStep.ts';
import { newTotpSecret } from '../../src/lib/accounts/totp.ts';
import { generate } from 'otplib';
import { generateReceiptCode, hashReceiptCode } from '../../src/lib/sharing/receipt.ts';
import { newSubmissionId, type Submission } from '../../src/lib/sharing/submission.ts';
import { newDatabase } from './support/database.ts';

const PASSWORD = 'a long enough passphrase';
// PostgreSQL's key, as MFA_KEY gives it to every server and command.
const MFA_KEY = randomBytes(32).toString('base64');
const root = mkdtempSync(join(tmpdir(), 'voices-drill-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  rmSync(root, { recursive: true, force: true });
});

const envFor = (location: StoreLocation) => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', DATA_DIR: '' };
  if ('databaseUrl' in location) env.DATABASE_URL = location.databaseUrl;
  else env.DATA_DIR = location.dataDir;
  env.MFA_KEY = location.mfaKey ?? '';
  return env;
};
const run = (script: string, args: string[], location: StoreLocation) =>
  spawnSync(process.execPath, [resolve('scripts', script), ...args], { env: envFor(location), encoding: 'utf8' });

async function newLocation(kind: 'embedded'): Promise<StoreLocation & { dataDir: string }>;
async function newLocation(kind: 'embedded' | 'postgres'): Promise<StoreLocation>;
async function newLocation(kind: 'embedded' | 'postgres'): Promise<StoreLocation> {
  // The embedded store keeps its key in DATA_DIR/mfa.key.
  if (kind === 'embedded') return { dataDir: join(mkdtempSync(join(root, 'data-')), 'data') };
  const db = await newDatabase();
  cleanups.push(db.drop);
  return { databaseUrl: db.url, mfaKey: MFA_KEY };
}

interface Filled {
  receipt: string;
  words: string;
  /** The admin's authenticator-app secret and recovery codes. */
  totpSecret: string;
  recoveryCodes: string[];
}

/** A store in use: accounts (one disabled, one with an app and recovery codes), a receipt's submission, published words, a prompt, a code. */
async function fill(store: Store): Promise<Filled> {
  const admin = await addFacilitator(store, { email: 'admin@example.org', role: 'admin', place: null, password: PASSWORD }, { actor: 'cli' });
  if (!admin.ok) throw new Error('no admin');
  const totpSecret = newTotpSecret();
  expect(await confirmTotp(store, admin.facilitator.id, totpSecret, await generate({ secret: totpSecret }), { actor: admin.facilitator.id })).toEqual({ ok: true, replaced: false });
  const recoveryCodes = (await replaceRecoveryCodes(store, admin.facilitator.id, { actor: admin.facilitator.id }))!;
  const leaver = await addFacilitator(store, { email: 'leaver@example.org', role: 'facilitator', place: 'barnsley', password: PASSWORD }, { actor: 'cli' });
  if (leaver.ok) await disableFacilitator(store, leaver.facilitator.id, { actor: 'cli' });
  const receipt = generateReceiptCode();
  const words = `Words that must come back ${Math.random()}`;
  const base: Omit<Submission, 'id' | 'receiptHash'> = {
    kind: 'poem', title: null, body: words, penName: null, place: 'barnsley', promptId: null, warnings: [], publish: true, flags: [],
    urgent: false, status: 'pending', createdAt: new Date().toISOString(), decidedAt: null, message: null, published: null,
  };
  const pending = newSubmissionId();
  await store.submissions.create({ ...base, id: pending, receiptHash: hashReceiptCode(receipt, store.secret) }, { id: 'token-1', expiresAt: Date.now() + 86_400_000 });
  const at = new Date().toISOString();
  // The team's work on it and the admin's alert settings come back too.
  const { id } = admin.facilitator;
  await store.team.askSecondOpinion({ id: 'note-1', itemId: pending, by: id, at, text: 'A note that must come back', secondOpinion: true }, { at, actor: id, action: 'second-opinion', target: pending });
  await store.team.view(pending, id, at, at);
  await store.alerts.setDigest(id, false, { at, actor: id, action: 'digest-off', target: id });
  await store.submissions.create(
    { ...base, id: newSubmissionId(), body: null, status: 'published', receiptHash: '', published: { title: 'Seen', body: 'Published words', penName: null, warnings: [], at } },
    { id: 'token-2', expiresAt: Date.now() + 86_400_000 },
  );
  await store.prompts.create(
    { id: 'prompt-1', question: 'What helps?', context: '', place: null, opensOn: '2026-01-01', closesOn: '2099-12-31', closedAt: null, createdBy: 'cli', createdAt: at, outcome: null },
    { at, actor: 'cli', action: 'prompt-create', target: 'prompt-1' },
  );
  await store.workshopCodes.create(
    { id: 'code-1', code: 'KT4P9Q', place: 'barnsley', promptId: 'prompt-1', createdBy: 'cli', createdAt: at, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    { at, actor: 'cli', action: 'workshop-code-create', target: 'code-1' },
    new Date(Date.now() - 86_400_000).toISOString(),
  );
  return { receipt, words, totpSecret, recoveryCodes };
}

/** The admin's second step still works: a code from the app (the next step's: the one set up with is spent) and a recovery code. */
async function secondStepWorks(store: Store, filled: Filled): Promise<void> {
  const admin = (await findFacilitatorByEmail(store, 'admin@example.org'))!;
  const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
  const next = await generate({ secret: filled.totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 });
  expect(await checkSecondStepCode(store, attempts, admin.id, next)).toEqual({ status: 'ok', method: 'totp' });
  expect(await checkSecondStepCode(store, attempts, admin.id, filled.recoveryCodes[0]!)).toMatchObject({ status: 'ok', method: 'recovery-code' });
}

const comparable = ({ exportedAt: _, ...rest }: VoicesExport) => rest;

describe.each(['embedded', 'postgres'] as const)('the %s store', (kind) => {
  it('backs up while in use, and after the data is deleted a restore brings everything back', async () => {
    const location = await newLocation(kind);
    const store = await openStore(location);
    const filled = await fill(store);
    const { receipt, words } = filled;
    const before = await store.exportAll();
    const file = join(root, `${kind}-backup.json`);
    // The store is open (for the embedded store, this process holds its lock) while the backup runs.
    const backup = run('backup.ts', [file], location);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.close();

    // The backup never holds the MFA key: without it, the sealed app secrets cannot be read.
    expect(readFileSync(file, 'utf8')).not.toContain(filled.totpSecret);
    const keyFile = join(root, `${kind}-mfa.key`);
    if ('dataDir' in location) {
      expect(readFileSync(file, 'utf8')).not.toContain(readFileSync(join(location.dataDir, 'mfa.key')).toString('base64'));
      // The operator keeps DATA_DIR/mfa.key apart from the backups (README.md).
      copyFileSync(join(location.dataDir, 'mfa.key'), keyFile);
    }

    // Delete the data.
    let restored: StoreLocation;
    if ('dataDir' in location) {
      rmSync(location.dataDir, { recursive: true, force: true });
      restored = location;
      // Restoring without the key is refused, naming the key it needs, and imports nothing.
      const keyless = run('store.ts', ['import', file], restored);
      expect(keyless.status).toBe(1);
      expect(keyless.stderr).toContain('sealed under MFA key');
      rmSync(location.dataDir, { recursive: true, force: true });
      mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
      copyFileSync(keyFile, join(location.dataDir, 'mfa.key'));
    } else {
      restored = await newLocation('postgres');
    }
    const restore = run('store.ts', ['import', file], restored);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stderr).toContain('Imported');

    const back = await openStore(restored);
    try {
      expect(comparable(await back.exportAll())).toEqual(comparable(before));
      // A receipt code still finds its words.
      expect((await back.submissions.byReceiptHash(hashReceiptCode(receipt, back.secret)))?.body).toBe(words);
      // Accounts: the password still works; the disabled one stays disabled, with its sessions-valid-from time.
      const admin = (await findFacilitatorByEmail(back, 'admin@example.org'))!;
      expect(await verifyPassword(admin.passwordHash, PASSWORD)).toBe(true);
      const leaver = (await findFacilitatorByEmail(back, 'leaver@example.org'))!;
      expect(leaver.disabled).toBe(true);
      expect(leaver.sessionsValidFrom).not.toBeNull();
      expect(leaver.sessionsValidFrom).toBe(before.facilitators.find((f) => f.email === 'leaver@example.org')!.sessionsValidFrom);
      expect(await back.prompts.get('prompt-1')).toMatchObject({ question: 'What helps?' });
      expect(await back.workshopCodes.withCode('KT4P9Q')).toHaveLength(1);
      expect(await back.formTokens.spent('token-1')).toBe(true);
      const item = (await back.submissions.byReceiptHash(hashReceiptCode(receipt, back.secret)))!;
      expect(await back.team.notes(item.id)).toMatchObject([{ text: 'A note that must come back', by: admin.id }]);
      expect(await back.team.secondOpinions([item.id])).toHaveLength(1);
      expect(await back.alerts.digestOff()).toEqual([admin.id]);
      await secondStepWorks(back, filled);
    } finally {
      await back.close();
    }

    // Importing again over the restored data is refused, and changes nothing.
    const again = run('store.ts', ['import', file], restored);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('already holds data');
  });
});

describe('moving a service between the stores with the command line', () => {
  it('embedded → PostgreSQL → embedded, through `npm run store -- export > file`, loses nothing', async () => {
    const embedded = await newLocation('embedded');
    const store = await openStore(embedded);
    const filled = await fill(store);
    const { receipt, words } = filled;
    const before = await store.exportAll();
    await store.close();
    // README.md: PostgreSQL's MFA_KEY is the embedded store's mfa.key, in base64.
    const key = readFileSync(join(embedded.dataDir, 'mfa.key'));

    // As the README says it: npm run, its output redirected to a file, which comes out as JSON only, 0600.
    const first = join(root, 'moving.json');
    execFileSync('sh', ['-c', `npm run store -- export > "${first}"`], { env: envFor(embedded), stdio: ['ignore', 'ignore', 'pipe'] });
    expect(statSync(first).mode & 0o777).toBe(0o600);
    expect(comparable(JSON.parse(readFileSync(first, 'utf8')) as VoicesExport)).toEqual(comparable(before));

    const postgres = { ...(await newLocation('postgres')), mfaKey: key.toString('base64') };
    const imported = run('store.ts', ['import', first], postgres);
    expect(imported.status, imported.stderr).toBe(0);
    const second = join(root, 'moving-back.json');
    const exported = spawnSync('sh', ['-c', `"${process.execPath}" scripts/store.ts export > "${second}"`], { env: envFor(postgres), encoding: 'utf8' });
    expect(exported.status, exported.stderr).toBe(0);

    // And back: the key goes into the new DATA_DIR as mfa.key before the import.
    const home = await newLocation('embedded');
    mkdirSync(home.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(home.dataDir, 'mfa.key'), key, { mode: 0o600 });
    expect(run('store.ts', ['import', second], home).status).toBe(0);
    const back = await openStore(home);
    try {
      expect(comparable(await back.exportAll())).toEqual(comparable(before));
      expect((await back.submissions.byReceiptHash(hashReceiptCode(receipt, back.secret)))?.body).toBe(words);
      await secondStepWorks(back, filled);
    } finally {
      await back.close();
    }
  });

  it('the facilitator command line (reset-mfa too) and npm run purge work on PostgreSQL while a server has it open', async () => {
    const location = await newLocation('postgres');
    const server = await openStore(location);
    try {
      const add = spawnSync(process.execPath, [resolve('scripts/facilitator.ts'), 'add', 'new@example.org', '--role', 'admin', '--password-stdin'], { env: envFor(location), input: `${PASSWORD}\n`, encoding: 'utf8' });
      expect(add.status, add.stderr).toBe(0);
      expect(await server.facilitators.byEmail('new@example.org')).toMatchObject({ role: 'admin' });
      const list = run('facilitator.ts', ['list'], location);
      expect(list.stdout).toContain('new@example.org');
      // reset-mfa on PostgreSQL while the server runs: the running server sees the factors gone at once.
      const { id } = (await server.facilitators.byEmail('new@example.org'))!;
      await replaceRecoveryCodes(server, id, { actor: id });
      await keepPasskey(server, { id: 'credential-1', facilitatorId: id, name: 'Laptop', publicKey: 'pQECAyYgASFYIA', counter: 0, transports: [], createdAt: new Date().toISOString(), lastUsedAt: null }, { actor: id });
      const reset = run('facilitator.ts', ['reset-mfa', 'new@example.org'], location);
      expect(reset.status, reset.stderr).toBe(0);
      expect(await server.secondFactors.of(id)).toEqual({ totp: null, passkeys: [], recoveryCodes: [] });
      expect((await server.facilitators.byId(id))!.sessionsValidFrom).not.toBeNull();
      // Without MFA_KEY the command line refuses, saying what to set.
      const keyless = run('facilitator.ts', ['list'], { ...location, mfaKey: undefined });
      expect(keyless.status).toBe(1);
      expect(keyless.stderr).toContain('MFA_KEY is not set');
      const purge = run('purge.ts', [], location);
      expect(purge.status, purge.stderr).toBe(0);
      expect(purge.stdout).toMatch(/^Retention applied to PostgreSQL database voices_[0-9a-f]+ on localhost: 0 expired items deleted/);
      expect(purge.stdout).not.toContain(process.env.PGPASSWORD ?? 'no password');
    } finally {
      await server.close();
    }
  });

  it('refuses a file that is not an export, clearly, changing nothing', async () => {
    const location = await newLocation('embedded');
    const bad = join(root, 'bad.json');
    execFileSync('sh', ['-c', `echo '{"format":"something else"}' > "${bad}"`]);
    const result = run('store.ts', ['import', bad], location);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not a Voices export');
    const store = await openStore(location);
    expect((await store.exportAll()).submissions).toEqual([]);
    await store.close();
  });
});

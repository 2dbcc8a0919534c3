import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/lib/store/store.ts';
import { findFacilitatorByEmail } from '../../../src/lib/accounts/facilitators.ts';
import { keepPasskey, replaceRecoveryCodes } from '../../../src/lib/accounts/secondFactors.ts';

const SCRIPT = fileURLToPath(new URL('../../../scripts/facilitator.ts', import.meta.url));
const PASSWORD = 'correct horse battery';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'voices-cli-')), 'data');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

/** Runs the CLI on Node 24 (process.execPath) with DATA_DIR and optional standard input. */
function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, DATA_DIR: dir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const data = () => JSON.parse(readFileSync(join(dir, 'voices.json'), 'utf8'));

describe('npm run facilitator', () => {
  it('adds with --password-stdin, lists, disables and sets a password, never printing a password or hash', async () => {
    const added = await cli(['add', 'Worker@Example.org', '--role', 'facilitator', '--place', 'barnsley', '--password-stdin'], `${PASSWORD}\n`);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('Added worker@example.org (facilitator, barnsley)');
    expect((await cli(['add', 'boss@example.org', '--role', 'admin', '--password-stdin'], PASSWORD)).code).toBe(0);

    const listed = await cli(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((line) => line.split(/\s+/).filter(Boolean))).toEqual([
      ['EMAIL', 'ROLE', 'PLACE', 'STATUS', 'SECOND-STEP'],
      ['worker@example.org', 'facilitator', 'barnsley', 'active', 'none'],
      ['boss@example.org', 'admin', '-', 'active', 'none'],
      [],
    ]);

    expect(await cli(['disable', 'WORKER@example.org'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Disabled worker@example.org') });
    expect((await cli(['list'])).stdout).toMatch(/worker@example\.org\s+facilitator\s+barnsley\s+disabled/);
    expect(data().facilitators[0].disabled).toBe(true);

    const before = data().facilitators[1].passwordHash;
    expect(await cli(['set-password', 'boss@example.org', '--password-stdin'], 'a brand new passphrase\n')).toMatchObject({ code: 0 });
    expect(data().facilitators[1].passwordHash).not.toBe(before);
    expect(data().audit.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual([
      'cli facilitator-add',
      'cli facilitator-add',
      'cli facilitator-disable',
      'cli facilitator-set-password',
    ]);

    const everything = [added, listed].map((r) => r.stdout + r.stderr).join('');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('argon2');
  });

  it('reset-mfa removes every factor and ends the sessions; set-password never removes a factor', async () => {
    await cli(['add', 'worker@example.org', '--role', 'facilitator', '--place', 'barnsley', '--password-stdin'], PASSWORD);
    await cli(['add', 'other@example.org', '--role', 'admin', '--password-stdin'], PASSWORD);
    const store = await openStore({ dataDir: dir });
    for (const email of ['worker@example.org', 'other@example.org']) {
      const { id } = (await findFacilitatorByEmail(store, email))!;
      const passkey = { id: `credential-${id}`, facilitatorId: id, name: 'Laptop', publicKey: 'pQECAyYgASFYIA', counter: 0, transports: [], createdAt: new Date().toISOString(), lastUsedAt: null };
      await keepPasskey(store, passkey, { actor: id });
      await replaceRecoveryCodes(store, id, { actor: id });
    }
    await store.close();
    expect((await cli(['list'])).stdout).toMatch(/worker@example\.org\s+facilitator\s+barnsley\s+active\s+set-up/);

    expect(await cli(['set-password', 'worker@example.org', '--password-stdin'], 'a brand new passphrase\n')).toMatchObject({ code: 0 });
    expect(data().passkeys).toHaveLength(2);
    expect(data().recoveryCodes).toHaveLength(20);

    const reset = await cli(['reset-mfa', 'WORKER@example.org']);
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(reset.stdout).toContain('Removed the passkeys, authenticator app and recovery codes of worker@example.org; their sessions have ended.');
    const after = data();
    const worker = after.facilitators.find((f: { email: string }) => f.email === 'worker@example.org');
    expect(after.passkeys.map((p: { facilitatorId: string }) => p.facilitatorId)).not.toContain(worker.id);
    expect(after.recoveryCodes.filter((c: { facilitatorId: string }) => c.facilitatorId === worker.id)).toEqual([]);
    expect(after.passkeys).toHaveLength(1);
    expect(Date.parse(worker.sessionsValidFrom)).toBeGreaterThan(Date.now() - 60_000);
    expect(after.audit.at(-1)).toMatchObject({ actor: 'cli', action: 'mfa-reset', target: worker.id });
    expect((await cli(['list'])).stdout).toMatch(/worker@example\.org\s+facilitator\s+barnsley\s+active\s+none/);
    expect(await cli(['reset-mfa', 'ghost@example.org'])).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no account for ghost@example.org') });
    expect(await cli(['reset-mfa'])).toMatchObject({ code: 2, stderr: expect.stringContaining('reset-mfa needs one email address') });
  }, 60_000);

  it('refuses clearly, with exit code 1, while the server holds the lock', async () => {
    const store = await openStore({ dataDir: dir });
    try {
      const result = await cli(['list']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`The Voices server is running on DATA_DIR ${dir}; stop it, or use /moderate/facilitators while it runs.`);
      expect(result.stdout).toBe('');
    } finally {
      await store.close();
    }
  });

  it.each([
    ['an unknown role', ['add', 'w@example.org', '--role', 'boss', '--place', 'derby'], PASSWORD, 1, 'Choose a role: admin or facilitator'],
    ['no role', ['add', 'w@example.org', '--place', 'derby'], PASSWORD, 1, 'Give a role with --role admin or --role facilitator'],
    ['an unknown place', ['add', 'w@example.org', '--role', 'facilitator', '--place', 'rotherham'], PASSWORD, 1, '"rotherham" is not a place in content/places.yaml'],
    ['a facilitator without a place', ['add', 'w@example.org', '--role', 'facilitator'], PASSWORD, 1, 'A facilitator needs a place: add --place <id>'],
    ['a short password', ['add', 'w@example.org', '--role', 'admin'], 'short\n', 1, 'The password must be at least 12 characters (it has 5)'],
    ['an empty password', ['add', 'w@example.org', '--role', 'admin'], '', 1, 'No password on standard input.'],
    ['a bad email', ['add', 'not-an-email', '--role', 'admin'], PASSWORD, 1, 'Enter an email address in the correct format'],
    ['an unknown command', ['remove', 'w@example.org'], '', 2, 'Unknown command "remove"'],
    ['an unknown option', ['list', '--all'], '', 2, "Unknown option '--all'"],
    ['a missing email', ['disable'], '', 2, 'disable needs one email address'],
  ])('refuses %s', async (_, args, stdin, code, message) => {
    const needsStdin = args[0] === 'add' && !args.includes('--password-stdin');
    const result = await cli(needsStdin ? [...args, '--password-stdin'] : args, stdin);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('asks for --password-stdin when there is no terminal to prompt on', async () => {
    const result = await cli(['add', 'w@example.org', '--role', 'admin']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-stdin');
  });

  it('says when there is no such account, and refuses a second account for one email', async () => {
    expect(await cli(['disable', 'ghost@example.org'])).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no account for ghost@example.org') });
    await cli(['add', 'w@example.org', '--role', 'admin', '--password-stdin'], PASSWORD);
    expect(await cli(['add', 'W@example.org', '--role', 'admin', '--password-stdin'], PASSWORD)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is already an account for w@example.org'),
    });
  });
});

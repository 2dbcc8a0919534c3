import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addFacilitator,
  disableFacilitator,
  findFacilitatorByEmail,
  findFacilitatorById,
  listFacilitators,
  setFacilitatorPassword,
} from '../../../src/lib/accounts/facilitators.ts';
import { verifyPassword } from '../../../src/lib/accounts/passwords.ts';
import { newFacilitatorForm } from '../../../src/lib/accounts/facilitatorForms.ts';
import { checkValues } from '../../../src/lib/forms.ts';
import { openStore, type Store } from '../../../src/lib/store/store.ts';

const PLACES = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'];
const PASSWORD = 'correct horse battery';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-facilitators-'));
  store = await openStore({ dataDir: join(dir, 'data') });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An account added as an admin adds one: its form checked first, then addFacilitator. */
async function add(email: string, role: string, place: string | null, password = PASSWORD, actor = 'cli') {
  const form = checkValues(newFacilitatorForm(PLACES), { email, role, place: place ?? '', password });
  return form.ok ? addFacilitator(store, form.data, { actor }) : { ok: false as const, errors: form.errors };
}

/** The data file as written: what survives a restart. */
const onDisk = () => JSON.parse(readFileSync(join(dir, 'data', 'voices.json'), 'utf8'));

describe('addFacilitator', () => {
  it('stores a lowercased, trimmed email, the role and place, and an argon2id hash', async () => {
    const result = await add('  Worker@Example.ORG ', 'facilitator', 'barnsley');
    expect(result).toMatchObject({ ok: true, facilitator: { email: 'worker@example.org', role: 'facilitator', place: 'barnsley', disabled: false } });
    expect(result.ok && 'passwordHash' in result.facilitator).toBe(false);
    const stored = onDisk().facilitators[0];
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(onDisk())).not.toContain(PASSWORD);
    expect(await verifyPassword(stored.passwordHash, PASSWORD)).toBe(true);
  });

  it('lets an admin have no place, or a place', async () => {
    expect(await add('admin@example.org', 'admin', null)).toMatchObject({ ok: true, facilitator: { role: 'admin', place: null } });
    expect(await add('admin2@example.org', 'admin', 'derby')).toMatchObject({ ok: true, facilitator: { role: 'admin', place: 'derby' } });
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    await add('worker@example.org', 'facilitator', 'barnsley');
    expect(await add('WORKER@example.org', 'admin', null)).toEqual({ ok: false, errors: { email: 'There is already an account with that email address' } });
    expect(await listFacilitators(store)).toHaveLength(1);
  });

  it.each([
    ['a facilitator with no place', 'w@example.org', 'facilitator', null, PASSWORD, { place: 'Choose the hub or spoke this facilitator works in' }],
    ['a place not in places.yaml', 'w@example.org', 'facilitator', 'rotherham', PASSWORD, { place: expect.stringContaining('"rotherham" is not a place') }],
    ['an unknown role', 'w@example.org', 'boss', 'derby', PASSWORD, { role: 'Choose a role: admin or facilitator' }],
    ['no email', ' ', 'admin', null, PASSWORD, { email: 'Enter an email address' }],
    ['a malformed email', 'worker at example', 'admin', null, PASSWORD, { email: expect.stringContaining('correct format') }],
    ['a short password', 'w@example.org', 'admin', null, 'short', { password: 'The password must be at least 12 characters (it has 5)' }],
  ])('refuses %s with a clear message', async (_, email, role, place, password, errors) => {
    expect(await add(email, role, place, password)).toEqual({ ok: false, errors });
    expect(await listFacilitators(store)).toEqual([]);
  });

  it('audits who added whom, by id, never the email or password', async () => {
    const result = await add('worker@example.org', 'facilitator', 'barnsley', PASSWORD, 'admin-id');
    const id = result.ok ? result.facilitator.id : '';
    expect(onDisk().audit).toEqual([{ at: expect.any(String), actor: 'admin-id', action: 'facilitator-add', target: id }]);
    expect(JSON.stringify(onDisk().audit)).not.toMatch(/example\.org|horse/);
  });
});

describe('listFacilitators and find', () => {
  it('lists accounts without hashes; finds by email (any case) and id with the hash for signing in', async () => {
    await add('a@example.org', 'admin', null);
    await add('b@example.org', 'facilitator', 'derby');
    const list = await listFacilitators(store);
    expect(list.map((f) => [f.email, f.role, f.place, f.disabled])).toEqual([
      ['a@example.org', 'admin', null, false],
      ['b@example.org', 'facilitator', 'derby', false],
    ]);
    expect(JSON.stringify(list)).not.toContain('argon2');
    const b = (await findFacilitatorByEmail(store, ' B@Example.org'))!;
    expect(b.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await findFacilitatorById(store, b.id)).toEqual(b);
    expect(await findFacilitatorByEmail(store, 'c@example.org')).toBeNull();
  });
});

describe('disableFacilitator', () => {
  it('disables the account, moves its sessions-valid-from time to now (ending every session it has), and audits once', async () => {
    const a = await add('a@example.org', 'facilitator', 'barnsley');
    const b = await add('b@example.org', 'facilitator', 'derby');
    if (!a.ok || !b.ok) throw new Error('setup');
    const now = Date.parse('2026-11-24T12:00:00.000Z');
    expect(await disableFacilitator(store, a.facilitator.id, { actor: 'admin-id', now })).toMatchObject({ ok: true, facilitator: { disabled: true, sessionsValidFrom: '2026-11-24T12:00:00.000Z' } });
    expect(await findFacilitatorById(store, a.facilitator.id)).toMatchObject({ disabled: true, sessionsValidFrom: '2026-11-24T12:00:00.000Z' });
    expect(await findFacilitatorById(store, b.facilitator.id)).toMatchObject({ disabled: false, sessionsValidFrom: null });
    expect(onDisk().facilitators[0].sessionsValidFrom).toBe('2026-11-24T12:00:00.000Z');

    await disableFacilitator(store, a.facilitator.id, { actor: 'admin-id', now: now + 60_000 });
    expect(onDisk().audit.filter((e: { action: string }) => e.action === 'facilitator-disable')).toEqual([
      { at: '2026-11-24T12:00:00.000Z', actor: 'admin-id', action: 'facilitator-disable', target: a.facilitator.id },
    ]);
  });

  it('says so for an unknown id', async () => {
    expect(await disableFacilitator(store, 'nobody', { actor: 'cli' })).toEqual({ ok: false, errors: { email: 'There is no account with that email address' } });
  });
});

describe('setFacilitatorPassword', () => {
  it('replaces the hash, moves the sessions-valid-from time to now, and audits', async () => {
    const a = await add('a@example.org', 'admin', null);
    if (!a.ok) throw new Error('setup');
    const now = Date.parse('2026-11-24T13:00:00.000Z');
    expect(await setFacilitatorPassword(store, a.facilitator.id, 'a brand new passphrase', { actor: a.facilitator.id, now })).toMatchObject({ ok: true, facilitator: { sessionsValidFrom: '2026-11-24T13:00:00.000Z' } });
    const hash = (await findFacilitatorByEmail(store, 'a@example.org'))!.passwordHash;
    expect(await verifyPassword(hash, 'a brand new passphrase')).toBe(true);
    expect(await verifyPassword(hash, PASSWORD)).toBe(false);
    expect(onDisk().audit.at(-1)).toEqual({ at: '2026-11-24T13:00:00.000Z', actor: a.facilitator.id, action: 'facilitator-set-password', target: a.facilitator.id });
  });

  it('says so for an account that is not there, and changes nothing (its form checks the password rules)', async () => {
    const a = await add('a@example.org', 'admin', null);
    if (!a.ok) throw new Error('setup');
    const before = (await findFacilitatorById(store, a.facilitator.id))!;
    expect(await setFacilitatorPassword(store, 'nobody', PASSWORD, { actor: 'cli' })).toEqual({ ok: false, errors: { email: 'There is no account with that email address' } });
    expect(await findFacilitatorById(store, a.facilitator.id)).toEqual(before);
  });
});

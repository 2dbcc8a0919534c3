import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFacilitator, disableFacilitator } from '../../src/lib/accounts/facilitators.ts';
import { checkSignIn, createFailureCounter, FAILURE_WINDOW_MS, MAX_FAILURES } from '../../src/lib/accounts/signIn.ts';
import { openStore, type Store } from '../../src/lib/store/store.ts';

const MINUTE = 60_000;

describe('createFailureCounter', () => {
  it('locks a key at its 10th failure within 15 minutes, and says how long to wait', () => {
    let t = 0;
    const counter = createFailureCounter({ now: () => t });
    expect(MAX_FAILURES).toBe(10);
    expect(FAILURE_WINDOW_MS).toBe(15 * MINUTE);
    for (let i = 1; i < 10; i++) {
      expect(counter.fail('a@example.org')).toEqual({ locked: false });
      t += MINUTE;
    }
    // Failures at 0..9 minutes: the 10th locks until the first is 15 minutes old.
    expect(counter.fail('a@example.org')).toEqual({ locked: true, retryAfterSeconds: 6 * 60 });
    expect(counter.check('a@example.org')).toEqual({ locked: true, retryAfterSeconds: 6 * 60 });
    expect(counter.check('b@example.org')).toEqual({ locked: false });
    t = 15 * MINUTE;
    expect(counter.check('a@example.org')).toEqual({ locked: false });
  });

  it('counts failures only: checks while locked add nothing, so waiting always helps', () => {
    let t = 0;
    const counter = createFailureCounter({ now: () => t });
    for (let i = 0; i < 10; i++) counter.fail('k');
    for (let i = 0; i < 100; i++) counter.check('k');
    t = 15 * MINUTE;
    expect(counter.check('k')).toEqual({ locked: false });
  });

  it('forgets a key after a success, and keeps memory bounded', () => {
    const counter = createFailureCounter({ maxKeys: 3 });
    for (let i = 0; i < 9; i++) counter.fail('k');
    counter.clear('k');
    expect(counter.fail('k')).toEqual({ locked: false });
    for (const key of ['a', 'b', 'c', 'd']) counter.fail(key);
    expect(counter.size).toBe(3);
  });
});

describe('checkSignIn', () => {
  let dir: string;
  let store: Store;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-signin-'));
    store = await openStore(dir);
    const places = { actor: 'cli', placeIds: ['derby'] };
    await addFacilitator(store, { email: 'known@example.org', role: 'facilitator', place: 'derby', password: PASSWORD }, places);
    const off = await addFacilitator(store, { email: 'off@example.org', role: 'facilitator', place: 'derby', password: PASSWORD }, places);
    if (off.ok) await disableFacilitator(store, off.facilitator.id, { actor: 'cli' });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the right password, whatever the email case', async () => {
    expect(await checkSignIn(store, createFailureCounter(), ' Known@Example.org ', PASSWORD)).toMatchObject({ status: 'ok', facilitator: { email: 'known@example.org' } });
  });

  it('gives one answer for a wrong password, an unknown email and a disabled account', async () => {
    const counter = createFailureCounter();
    expect(await checkSignIn(store, counter, 'known@example.org', 'wrong password!')).toEqual({ status: 'failed', email: 'known@example.org' });
    expect(await checkSignIn(store, counter, 'nobody@example.org', PASSWORD)).toEqual({ status: 'failed', email: 'nobody@example.org' });
    expect(await checkSignIn(store, counter, 'off@example.org', PASSWORD)).toEqual({ status: 'failed', email: 'off@example.org' });
  });

  it('asks for an empty field without checking or counting anything', async () => {
    const counter = createFailureCounter();
    expect(await checkSignIn(store, counter, '', '')).toEqual({ status: 'invalid', email: '', errors: { email: 'Enter your email address', password: 'Enter your password' } });
    expect(counter.size).toBe(0);
  });

  it('locks an email after 10 failures, known or not, and then refuses even the right password', async () => {
    for (const email of ['known@example.org', 'nobody@example.org']) {
      const counter = createFailureCounter();
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push((await checkSignIn(store, counter, email, `wrong password ${i}`)).status);
      expect(answers).toEqual([...Array(9).fill('failed'), 'locked']);
      const locked = await checkSignIn(store, counter, email.toUpperCase(), PASSWORD);
      expect(locked).toMatchObject({ status: 'locked' });
      expect(locked.status === 'locked' && locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    }
  });

  it('holds when guesses arrive all at once: only the first 10 are checked, so a right password among the rest gets nothing', async () => {
    const counter = createFailureCounter();
    const guesses = Array.from({ length: 24 }, (_, i) => (i === 15 ? PASSWORD : `wrong password ${i}`));
    const answers = await Promise.all(guesses.map((password) => checkSignIn(store, counter, 'known@example.org', password)));
    expect(answers[15]).toMatchObject({ status: 'locked' });
    expect(answers.filter((a) => a.status === 'failed')).toHaveLength(9);
    expect(answers.filter((a) => a.status === 'locked')).toHaveLength(15);
  });
});

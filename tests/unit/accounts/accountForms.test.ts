// The rules of the forms that sign in and manage accounts, from what was typed.
import { describe, expect, it } from 'vitest';
import { disableForm, newFacilitatorForm, newPassword, setPasswordForm } from '../../../src/lib/accounts/facilitatorForms.ts';
import { signInForm } from '../../../src/lib/accounts/signInForm.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../src/lib/accounts/passwords.ts';
import { checkValues, readForm } from '../../../src/lib/forms.ts';

const PLACES = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'];
const PASSWORD = 'correct horse battery';
const passwordProblem = (password: string) => {
  const checked = newPassword.safeParse(password);
  return checked.success ? null : checked.error.issues.map((issue) => issue.message);
};

describe('a new password', () => {
  it.each([
    ['', 'Enter a password'],
    ['a'.repeat(PASSWORD_MIN - 1), 'The password must be at least 12 characters (it has 11)'],
    ['a'.repeat(PASSWORD_MAX + 1), 'The password must be 128 characters or fewer (it has 129)'],
  ])('refuses %j with one clear message', (password, message) => {
    expect(passwordProblem(password)).toEqual([message]);
  });

  it.each([
    ['exactly twelve', 'a'.repeat(12)],
    ['128 characters', 'a'.repeat(128)],
    ['spaces and symbols', 'tea, biscuits & rain'],
    ['12 emoji (24 UTF-16 units, counted as 12)', '🙂'.repeat(12)],
  ])('accepts %s', (_, password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it('counts characters, not UTF-16 units: 11 emoji are too few', () => {
    expect(passwordProblem('🙂'.repeat(11))).toEqual(['The password must be at least 12 characters (it has 11)']);
  });
});

describe('a new account', () => {
  const check = (email: string, role: string, place: string, password = PASSWORD) => checkValues(newFacilitatorForm(PLACES), { email, role, place, password });

  it('lowercases and trims the email; no place is null', () => {
    expect(check('  Worker@Example.ORG ', 'facilitator', 'barnsley')).toMatchObject({ ok: true, data: { email: 'worker@example.org', role: 'facilitator', place: 'barnsley' } });
    expect(check('admin@example.org', 'admin', '')).toMatchObject({ ok: true, data: { role: 'admin', place: null } });
  });

  it.each([
    ['a facilitator with no place', 'w@example.org', 'facilitator', '', { place: 'Choose the hub or spoke this facilitator works in' }],
    ['a place not in places.yaml', 'w@example.org', 'facilitator', 'rotherham', { place: '"rotherham" is not a place in content/places.yaml (choose one of: sheffield, barnsley, doncaster, derby, cambridgeshire)' }],
    ['an admin in a place not in places.yaml', 'w@example.org', 'admin', 'rotherham', { place: expect.stringContaining('"rotherham" is not a place') }],
    ['an unknown role', 'w@example.org', 'boss', 'derby', { role: 'Choose a role: admin or facilitator' }],
    // With no role to go by, an empty place is not asked for.
    ['an unknown role and no place', 'w@example.org', '', '', { role: 'Choose a role: admin or facilitator' }],
    ['no email', ' ', 'admin', '', { email: 'Enter an email address' }],
    ['a malformed email', 'worker at example', 'admin', '', { email: 'Enter an email address in the correct format, like name@example.org' }],
    ['an email over 254 characters', `${'w'.repeat(250)}@example.org`, 'admin', '', { email: 'Enter an email address in the correct format, like name@example.org' }],
  ])('refuses %s with a clear message', (_, email, role, place, errors) => {
    const checked = check(email, role, place);
    expect(checked).toMatchObject({ ok: false, errors });
    expect(!checked.ok && Object.keys(checked.errors)).toEqual(Object.keys(errors));
  });

  it('gives every problem at once: the place a facilitator needs with a short password too', () => {
    expect(check('new@example.org', 'facilitator', '', 'short')).toMatchObject({
      ok: false,
      errors: { place: 'Choose the hub or spoke this facilitator works in', password: 'The password must be at least 12 characters (it has 5)' },
    });
  });
});

describe('setting a password and disabling an account', () => {
  it('needs an account chosen, and a password that meets the rules', () => {
    expect(checkValues(setPasswordForm, { id: '', password: 'short' })).toMatchObject({
      ok: false,
      errors: { id: 'Choose whose password to set', password: 'The password must be at least 12 characters (it has 5)' },
    });
    expect(checkValues(setPasswordForm, { id: 'abc', password: PASSWORD }).ok).toBe(true);
  });

  it('needs an account chosen, and never your own', () => {
    const form = disableForm('me');
    expect(checkValues(form, { id: '' })).toMatchObject({ ok: false, errors: { id: 'Choose the account to disable' } });
    expect(checkValues(form, { id: 'me' })).toMatchObject({ ok: false, errors: { id: "You can't disable your own account" } });
    expect(checkValues(form, { id: 'someone' }).ok).toBe(true);
  });
});

describe('signing in', () => {
  const form = (entries: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(entries)) data.append(name, value);
    return data;
  };

  it('asks for each empty field, and never gives the password back', () => {
    expect(readForm(signInForm, form({ email: ' ', password: '' }), { forget: ['password'] })).toEqual({
      ok: false,
      values: { email: ' ', password: '' },
      errors: { email: 'Enter your email address', password: 'Enter your password' },
    });
    const typed = readForm(signInForm, form({ email: 'Known@Example.org', password: PASSWORD }), { forget: ['password'] });
    expect(typed).toEqual({ ok: true, values: { email: 'Known@Example.org', password: '' }, data: { email: 'Known@Example.org', password: PASSWORD } });
  });

  it('trims the email and keeps at most 320 characters of it', () => {
    const long = `${'a'.repeat(400)}@example.org`;
    expect(checkValues(signInForm, { email: `  ${long}  `, password: 'x' })).toMatchObject({ ok: true, data: { email: long.slice(0, 320) } });
  });
});

// A facilitator in the browser: signing in through the form, and the session cookie it leaves.
import { expect, type Page } from '@playwright/test';
import type { Account } from './seed';

export const SESSION_COOKIE = '__Host-voices-session';

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

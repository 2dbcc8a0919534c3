// A facilitator in the browser: signing in through the forms (the password, then the second step),
// and the session cookie it leaves.
import { expect, type Page } from '@playwright/test';
import type { Account } from './seed';
import { appSetUp, nextSignCount, nextTotpCode, rememberApp, testFactors, virtualAuthenticator } from './secondStep';

export const SESSION_COOKIE = '__Host-voices-session';

/** The password at /moderate/login; ends at the second step (/moderate/verify) or setting one up (/moderate/security). */
export async function givePassword(page: Page, base: string, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto(`${base}/moderate/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`^${base}/moderate/(verify|security)$`));
}

/**
 * At /moderate/verify: the account's passkey through Chromium's virtual authenticator, as a person
 * with a passkey would; or, where the page offers none (no passkey, or no JavaScript), a code from its app.
 */
export async function giveSecondStep(page: Page, base: string, email: string): Promise<void> {
  await page.waitForLoadState('load');
  if (!appSetUp(base, email) && (await page.locator('form[data-passkey]').isVisible())) {
    const authenticator = await virtualAuthenticator(page);
    await authenticator.holds(testFactors(email).passkey, nextSignCount());
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expect(page).toHaveURL(`${base}/moderate/`);
    await authenticator.remove();
    return;
  }
  await page.getByLabel('Code', { exact: true }).fill(await nextTotpCode(base, email));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(`${base}/moderate/`);
}

/** At /moderate/security with no factor yet: sets up an authenticator app from its key, as a person would; returns its secret. */
export async function setUpApp(page: Page, base: string, email: string): Promise<string> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.locator('[data-totp-secret]').innerText()).replace(/\s+/g, '');
  rememberApp(base, email, secret);
  await page.getByLabel('Enter the 6-digit code the app shows').fill(await nextTotpCode(base, email));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.locator('[data-recovery-codes]')).toBeVisible();
  return secret;
}

/** Signs in through the forms, as a person would (setting up an app if the account has no factor); ends on the queue. */
export async function signIn(page: Page, base: string, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await givePassword(page, base, account);
  if (page.url().endsWith('/moderate/security')) {
    await setUpApp(page, base, account.email);
    await page.goto(`${base}/moderate/`);
  } else {
    await giveSecondStep(page, base, account.email);
  }
  await expect(page).toHaveURL(`${base}/moderate/`);
}

/** The session cookie's value in the page's browser context, if any. */
export async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
}

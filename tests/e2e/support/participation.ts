// Accounts and steps shared by the participation specs (prompts, "You said, we did", workshop
// codes, reports), each of which runs its own server.
import type { Browser, Page } from '@playwright/test';
import type { Account, Prompt } from './seed';
import { signIn } from './signIn';
import { choose } from './share';

const PASSWORD = 'participation password 1';
export const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: PASSWORD };
export const SHEFFIELD: Account = { email: 'sheffield@example.org', role: 'facilitator', place: 'sheffield', password: PASSWORD };
export const BARNSLEY: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: PASSWORD };
export const DERBY: Account = { email: 'derby@example.org', role: 'facilitator', place: 'derby', password: PASSWORD };

export const HOUR = 3_600_000;

/** A prompt as a facilitator would have made it, changed by overrides. */
export const prompt = (overrides: Partial<Prompt> & Pick<Prompt, 'id' | 'question' | 'place'>): Prompt => ({
  context: '', opensOn: '2025-03-01', closesOn: '2025-03-31', closedAt: null, createdBy: 'seed', createdAt: '2025-02-20T10:00:00Z', outcome: null, ...overrides,
});
/** Sheffield's (a hub's) question, closed long ago: its spokes' facilitators see it but cannot change it. */
export const HUB_PROMPT = prompt({ id: 'seededPrompt', question: 'What would make the drop-in feel safer?', place: 'sheffield' });
/** Derby's question, open: no one outside Derby (but an admin) may see it. */
export const DERBY_PROMPT = prompt({ id: 'derbyPrompt', question: 'Derby only: what should we change?', place: 'derby', opensOn: '2025-01-01', closesOn: '2099-12-31' });

/** A browser of its own: a young person's, or another facilitator's (no cookies shared). */
export async function ownBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

/** A new browser signed in as account. */
export async function signedIn(browser: Browser, base: string, account: Account) {
  const own = await ownBrowser(browser);
  await signIn(own.page, base, account);
  return own;
}

/** Fills the share form without choosing a place. */
export async function fillWords(page: Page, body: string, penName = '') {
  await choose(page, 'kind', 'view');
  await page.getByLabel('Your words').fill(body);
  if (penName) await page.getByLabel('A name to show').fill(penName);
  await choose(page, 'publish', 'yes');
}

/** The session's CSRF token, from the first form on the page. */
export const csrfOf = (page: Page) => page.locator('input[name="csrf"]').first().inputValue();

/** Posts a form from the page's browser (its cookies), as a forged or hand-made request would. */
export const postFrom = (page: Page, base: string) => (path: string, form: Record<string, string>) =>
  page.request.post(`${base}${path}`, { form, headers: { Origin: base }, maxRedirects: 0 });

import { expect, type Browser, type Page } from '@playwright/test';

export interface ShareFields {
  kind?: string;
  body: string;
  title?: string;
  penName?: string;
  place?: string;
  publish?: 'yes' | 'no';
  warnings?: string[];
}

/** Ticks the radio or checkbox with this value in the group sent as name. */
export const choose = (page: Page, name: string, value: string) => page.locator(`input[name="${name}"][value="${value}"]`).check();

/** Fills the share form as a person would and sends it. */
export async function fillShareForm(page: Page, fields: ShareFields) {
  await choose(page, 'kind', fields.kind ?? 'poem');
  await page.getByLabel('Your words').fill(fields.body);
  if (fields.title) await page.getByLabel('A title').fill(fields.title);
  if (fields.penName) await page.getByLabel('A name to show').fill(fields.penName);
  await choose(page, 'place', fields.place ?? 'none');
  for (const warning of fields.warnings ?? []) await choose(page, 'warnings', warning);
  await choose(page, 'publish', fields.publish ?? 'yes');
}

export async function share(page: Page, fields: ShareFields): Promise<string> {
  await page.goto('/share/');
  await fillShareForm(page, fields);
  await page.getByRole('button', { name: 'Send my words' }).click();
  const receipt = page.locator('[data-receipt]');
  await expect(receipt).toBeVisible();
  return (await receipt.innerText()).trim();
}

/** Shares at `base` without JavaScript, in a browser context of its own (a young person's phone, nothing shared with staff); returns the receipt code. */
export async function shareAsYoungPerson(browser: Browser, base: string, fields: ShareFields): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const young = await context.newPage();
  await young.goto(`${base}/share/`);
  await fillShareForm(young, fields);
  await young.getByRole('button', { name: 'Send my words' }).click();
  const receipt = (await young.locator('[data-receipt]').innerText()).trim();
  await context.close();
  return receipt;
}

/** Looks a receipt code up at `base`/share/status/, as its author would; ends on the status page. */
export async function checkReceipt(page: Page, base: string, receipt: string): Promise<void> {
  await page.goto(`${base}/share/status/`);
  await page.getByLabel('Your receipt code').fill(receipt);
  await page.getByRole('button', { name: 'Check' }).click();
}

import { expect, type Page } from '@playwright/test';

export interface ShareFields {
  kind?: string;
  body: string;
  title?: string;
  penName?: string;
  place?: string;
  publish?: 'yes' | 'no';
  warnings?: string[];
}

/** Fills the share form as a person would and sends it. */
export async function fillShareForm(page: Page, fields: ShareFields) {
  await page.locator(`#kind-${fields.kind ?? 'poem'}`).check();
  await page.getByLabel('Your words').fill(fields.body);
  if (fields.title) await page.getByLabel('A title').fill(fields.title);
  if (fields.penName) await page.getByLabel('A name to show').fill(fields.penName);
  await page.locator(`#place-${fields.place ?? 'none'}`).check();
  for (const warning of fields.warnings ?? []) await page.locator(`input[name="warnings"][value="${warning}"]`).check();
  await page.locator(`#publish-${fields.publish ?? 'yes'}`).check();
}

export async function share(page: Page, fields: ShareFields): Promise<string> {
  await page.goto('/share/');
  await fillShareForm(page, fields);
  await page.getByRole('button', { name: 'Send my words' }).click();
  const receipt = page.locator('[data-receipt]');
  await expect(receipt).toBeVisible();
  return (await receipt.innerText()).trim();
}

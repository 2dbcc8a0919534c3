import { test, expect, type Page } from '@playwright/test';

// A professional finds, reads and prints the resource they need in three clicks or one search.

async function expectReadyToPrint(page: Page, title: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.locator('main .prose')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-nav')).toBeHidden();
  await expect(page.locator('.exit-this-page')).toBeHidden();
  await expect(page.locator('main .prose')).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
}

test('a professional finds, reads and prints a resource in three clicks from the home page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Resources' }).click(); // 1
  await page.getByRole('navigation', { name: 'Topic' }).getByRole('link', { name: 'Supporting a disclosure' }).click(); // 2
  await page.getByRole('link', { name: 'What to do if a young person tells you' }).click(); // 3
  await expectReadyToPrint(page, 'What to do if a young person tells you');
  await expect(page.getByRole('link', { name: /print/i }).first()).toHaveAttribute('href', /^\/downloads\/.+\.pdf$/);
});

test('or with one search', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
  await page.getByLabel('Search the site').fill('disclosure');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('[data-search-results]').getByRole('link', { name: 'What to do if a young person tells you' }).click();
  await expectReadyToPrint(page, 'What to do if a young person tells you');
});

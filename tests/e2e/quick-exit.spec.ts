import { test, expect, type Page } from '@playwright/test';

const DESTINATION = 'https://www.bbc.co.uk/weather';

// The destination is another origin: answer it locally so the test never leaves this machine.
test.beforeEach(async ({ page }) => {
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' }),
  );
});

async function expectExited(page: Page) {
  await page.waitForURL(DESTINATION);
  await expect(page.locator('h1')).toHaveText('Weather');
}

async function expectBackSkipsExitedPage(page: Page) {
  await page.goBack();
  // replace() removed /about/ from history: Back lands on the page before it, with no overlay.
  await expect(page).toHaveURL(/\/poems\/$/);
  await expect(page.locator('[data-exit-overlay]')).toHaveCount(0);
  await expect(page.locator('main')).toBeVisible();
}

test('the button is a plain link that works without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseURL! });
  const page = await context.newPage();
  await page.goto('/');
  const button = page.locator('.exit-this-page__button');
  await expect(button).toHaveAttribute('href', DESTINATION);
  await expect(button).toHaveAttribute('rel', 'nofollow noreferrer');
  await expect(button).toHaveText(/Emergency\s+Exit this page/);
  await context.close();
});

test('clicking Exit this page hides the page and replaces it', async ({ page }) => {
  await page.goto('/poems/');
  await page.goto('/about/');
  await page.locator('.exit-this-page__button').click();
  await expectExited(page);
  await expectBackSkipsExitedPage(page);
});

test('the skip link exits too', async ({ page }) => {
  await page.goto('/poems/');
  await page.goto('/about/');
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link[data-exit-link]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expectExited(page);
});

test('Shift three times exits, announcing the presses left', async ({ page }) => {
  await page.goto('/poems/');
  await page.goto('/about/');
  const live = page.locator('[data-exit-live]');
  await page.keyboard.press('Shift');
  await expect(live).toHaveText('Shift, press 2 more times to exit.');
  await page.keyboard.press('Shift');
  await expect(live).toHaveText('Shift, press 1 more time to exit.');
  await page.keyboard.press('Shift');
  await expectExited(page);
  await expectBackSkipsExitedPage(page);
});

test('any other key resets the count, and Shift used for a capital letter does not count', async ({ page }) => {
  await page.goto('/about/');
  const live = page.locator('[data-exit-live]');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await expect(live).toHaveText('Shift, press 1 more time to exit.');
  await page.keyboard.press('a');
  await expect(live).toHaveText('');
  await page.keyboard.press('Shift+A');
  await page.keyboard.press('Shift');
  await expect(live).toHaveText('Shift, press 2 more times to exit.');
  await page.keyboard.press('Shift');
  await expect(page).toHaveURL(/\/about\/$/);
  await expect(page.locator('[data-exit-overlay]')).toHaveCount(0);
});

test('the count expires after 5 seconds', async ({ page }) => {
  await page.clock.install();
  await page.goto('/about/');
  const live = page.locator('[data-exit-live]');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.clock.runFor(5_100);
  await expect(live).toHaveText('Exit this page expired.');
  await page.keyboard.press('Shift');
  await expect(live).toHaveText('Shift, press 2 more times to exit.');
  await expect(page).toHaveURL(/\/about\/$/);
});

test('the exit button is hidden in print', async ({ page }) => {
  await page.goto('/about/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.exit-this-page')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.exit-this-page')).toBeVisible();
});

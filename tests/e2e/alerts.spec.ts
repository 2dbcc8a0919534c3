// Alert emails from the built server to a real SMTP server (smtp-server on 127.0.0.1, port 0):
// words shared in the browser reach the facilitators in scope at once, a second share within
// 15 minutes adds no email, a mail server that is down slows no share and gets the email once it
// is back, and a facilitator who turns the digest off on their settings page gets none (urgent
// alerts still come). No email holds anything of any submission or its receipt. The windows and
// reminders on a fake clock: tests/unit/alerts/alertWorker.test.ts.
import { test, expect, type Page } from '@playwright/test';
import { serveSeeded, readData } from './support/seed';
import type { TestServer } from './support/server';
import { ADMIN, SHEFFIELD, BARNSLEY, DERBY, DONCASTER } from './support/team';
import { fillShareForm } from './support/share';
import { signIn } from './support/signIn';
import { markupProblems } from './support/markup';
import { Mailbox, type ReceivedEmail } from '../unit/support/mailbox';

/** Every receipt code the tests were given: no email may hold one. */
const receipts: string[] = [];

let mailbox: Mailbox;
let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await serveSeeded(
    { accounts: [ADMIN, SHEFFIELD, BARNSLEY, DERBY, DONCASTER] },
    { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SMTP_URL: mailbox.url, MAIL_FROM: 'alerts@voices.example', SITE_URL: 'https://voices.example' },
  );
});
test.afterAll(async () => {
  await server.stop();
  await mailbox.down();
});

/** Shares without JavaScript, as a young person may; how long from sending to the receipt, in ms. */
async function shareTimed(page: Page, fields: { body: string; title: string; place: string }): Promise<number> {
  await page.goto(`${server.url}/share/`);
  await fillShareForm(page, { ...fields, penName: 'Heron Quill' });
  const started = Date.now();
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-receipt]')).toBeVisible();
  const took = Date.now() - started;
  receipts.push((await page.locator('[data-receipt]').innerText()).trim());
  return took;
}

function expectNothingOf(emails: ReceivedEmail[]): void {
  const data = readData(server.dataDir);
  expect(data.submissions.length).toBeGreaterThan(0);
  expect(receipts.length).toBeGreaterThan(0);
  for (const email of emails) {
    const all = email.raw.toLowerCase();
    for (const receipt of receipts) for (const form of [receipt, receipt.replace(/-/g, '')]) expect(all).not.toContain(form.toLowerCase());
    for (const s of data.submissions) {
      for (const text of [s.id, s.body, s.title, s.penName, ...(s.body ?? '').split(/\s+/).filter((w) => w.length >= 4)]) if (text) expect(all).not.toContain(text.toLowerCase());
      expect(all).not.toMatch(new RegExp(`\\b${s.kind}\\b`));
    }
  }
}

test.use({ javaScriptEnabled: false });

test('a share reaches every facilitator in scope at once, a second within 15 minutes adds no email, and neither says anything of the words', async ({ page }) => {
  await shareTimed(page, { body: 'Saffron kettles humming\nunder the viaduct', title: 'Kettle song', place: 'barnsley' });
  const emails = await mailbox.waitFor(3, 20_000);
  expect(emails.flatMap((e) => e.to).sort()).toEqual([ADMIN.email, BARNSLEY.email, SHEFFIELD.email].sort());
  expect(emails[0]!).toMatchObject({ from: 'alerts@voices.example', subject: 'Voices: waiting to be read, Barnsley' });
  expect(emails[0]!.text).toContain('Waiting: 1\nUrgent: 0');
  expect(emails[0]!.text).toContain('https://voices.example/moderate/');
  await shareTimed(page, { body: 'Marigold buses\nlate again', title: 'Late', place: 'barnsley' });
  // The worker looks every 5 seconds: a round passes with nothing new sent.
  await page.waitForTimeout(6_000);
  expect(mailbox.received).toHaveLength(3);
  expectNothingOf(mailbox.take());
});

test('with the mail server down a share takes its normal time, and the email goes once the server is back', async ({ page }) => {
  const normal = await shareTimed(page, { body: 'Copper lanterns\nin the rain', title: 'Lanterns', place: 'sheffield' });
  await mailbox.waitFor(2, 20_000);
  mailbox.take();
  await mailbox.down();
  const down = await shareTimed(page, { body: 'Walnut ferries drifting', title: 'Ferries', place: 'derby' });
  expect(down).toBeLessThan(normal + 2_000);
  // Its worker tries, fails and waits; the next try after the server is back sends it.
  await page.waitForTimeout(6_000);
  expect(server.output()).toMatch(/could not send an alert email \(try 1\): ESOCKET/);
  await mailbox.up();
  const emails = await mailbox.waitFor(2, 30_000);
  expect(emails.flatMap((e) => e.to).sort()).toEqual([ADMIN.email, DERBY.email].sort());
  expect(emails[0]!.subject).toBe('Voices: waiting to be read, Derby');
  expectNothingOf(mailbox.take());
  expect(server.output()).not.toMatch(/@example\.org/);
});

test('a facilitator who turns the digest off on their settings page gets no digest; urgent alerts still reach them', async ({ page, browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const settings = await context.newPage();
  await signIn(settings, server.url, DONCASTER);
  await settings.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Email alerts' }).click();
  await expect(settings).toHaveURL(`${server.url}/moderate/alerts`);
  await expect(settings.locator('main')).toContainText(DONCASTER.email);
  await expect(settings.locator('[data-mail-off]')).toHaveCount(0);
  expect(await markupProblems(settings, 'alerts-settings')).toEqual([]);
  await settings.getByLabel('No digest emails').check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toHaveURL(`${server.url}/moderate/alerts`);
  await expect(settings.locator('[data-flash]')).toHaveText('Saved: no digest emails. Urgent alerts and reminders still come.');
  await expect(settings.getByLabel('No digest emails')).toBeChecked();
  expect(await markupProblems(settings, 'alerts-settings-saved')).toEqual([]);
  // A form sent with neither choice (only a hand-made request can): the error, and the setting kept as it was.
  const csrf = await settings.locator('input[name="csrf"]').first().inputValue();
  const sent = /\?_action=alertSettings$/;
  await settings.route(sent, (route) => route.continue({ postData: new URLSearchParams({ csrf }).toString() }));
  const refused = settings.waitForResponse(sent);
  await settings.getByRole('button', { name: 'Save' }).click();
  expect((await refused).status()).toBe(400);
  await settings.unroute(sent);
  await expect(settings.locator('[data-error-summary]')).toContainText('Choose whether to get the digest emails');
  await expect(settings.locator('input[name="digest"]:checked')).toHaveCount(0);
  const data = readData(server.dataDir);
  expect(data.digestOff).toEqual([data.facilitators.find((f) => f.email === DONCASTER.email)!.id]);
  expect(await markupProblems(settings, 'alerts-settings-error')).toEqual([]);

  mailbox.take();
  await shareTimed(page, { body: 'Bramble jam on toast', title: 'Jam', place: 'doncaster' });
  const digest = await mailbox.waitFor(2, 20_000);
  // One worker round later nothing more has come: not to the facilitator who turned it off.
  await page.waitForTimeout(6_000);
  expect(mailbox.received.flatMap((e) => e.to).sort()).toEqual([ADMIN.email, SHEFFIELD.email].sort());
  expect(digest[0]!.subject).toBe('Voices: waiting to be read, Doncaster');
  mailbox.take();
  await shareTimed(page, { body: 'Quiet week but he has my photos', title: 'Week', place: 'doncaster' });
  const urgent = await mailbox.waitFor(3, 20_000);
  expect(urgent.flatMap((e) => e.to).sort()).toEqual([ADMIN.email, DONCASTER.email, SHEFFIELD.email].sort());
  expect(urgent.map((e) => e.subject)).toEqual(Array(3).fill('Voices: urgent, Doncaster'));
  expectNothingOf(mailbox.take());
  await context.close();
});

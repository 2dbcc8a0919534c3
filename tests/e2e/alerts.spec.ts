// Alert emails from the built server to a real SMTP server (smtp-server on 127.0.0.1, port 0):
// words shared in the browser reach the facilitators in scope at once, a second share within
// 15 minutes adds no email, and a mail server that is down slows no share and gets the email once
// it is back. The windows and reminders on a fake clock: tests/unit/alerts/alertWorker.test.ts.
import { test, expect, type Page } from '@playwright/test';
import { serveSeeded, readData, type Account } from './support/seed';
import type { TestServer } from './support/server';
import { fillShareForm } from './support/share';
import { Mailbox, type ReceivedEmail } from '../unit/support/mailbox';

const PASSWORD = 'correct horse battery';
const account = (email: string, role: Account['role'], place?: string): Account => ({ email, role, place, password: PASSWORD });
const ADMIN = account('admin@example.org', 'admin');
const SHEFFIELD = account('sheffield-team@example.org', 'facilitator', 'sheffield');
const BARNSLEY = account('barnsley-team@example.org', 'facilitator', 'barnsley');
const DERBY = account('derby-team@example.org', 'facilitator', 'derby');

let mailbox: Mailbox;
let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await serveSeeded(
    { accounts: [ADMIN, SHEFFIELD, BARNSLEY, DERBY] },
    { SHARE_MIN_SECONDS: '0', SMTP_URL: mailbox.url, MAIL_FROM: 'alerts@voices.example', SITE_URL: 'https://voices.example' },
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
  return Date.now() - started;
}

function expectNothingOf(emails: ReceivedEmail[]): void {
  const data = readData(server.dataDir);
  expect(data.submissions.length).toBeGreaterThan(0);
  for (const email of emails) {
    const all = email.raw.toLowerCase();
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

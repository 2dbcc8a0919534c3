// Participation in the browser: a prompt from creation to "You said, we did", workshop codes, reports
// with small counts suppressed, and the same sign-in, scope and CSRF rules as moderation.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { readData, serveWithAccounts, signIn, type Account, type AccountsServer } from './support/facilitators';
import { axeViolations } from './support/site';
import { openStore, type VoicesData } from '../../src/lib/store/store';
import { newSubmissionId, SUBMISSION_KINDS, type Submission } from '../../src/lib/sharing/submission';
import type { Prompt } from '../../src/lib/participation/prompts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PASSWORD = 'participation password 1';
const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: PASSWORD };
const SHEFFIELD: Account = { email: 'sheffield@example.org', role: 'facilitator', place: 'sheffield', password: PASSWORD };
const BARNSLEY: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: PASSWORD };
const DERBY: Account = { email: 'derby@example.org', role: 'facilitator', place: 'derby', password: PASSWORD };

// Reports are checked on last month, seeded before the server starts: a run near midnight at the
// end of a month cannot move anything between periods, and retention (90 days for items waiting)
// has not taken any of it yet.
const LAST_MONTH = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 10, 12));
const PERIOD = LAST_MONTH.toISOString().slice(0, 7);
const ARRIVED = LAST_MONTH.getTime();
const HOUR = 3_600_000;
const SEEDED_PROMPT: Prompt = {
  id: 'seededPrompt', question: 'What would make the drop-in feel safer?', context: '', place: 'sheffield', opensOn: '2025-03-01', closesOn: '2025-03-31',
  closedAt: null, createdBy: 'seed', createdAt: '2025-02-20T10:00:00Z', outcome: null,
};
const DERBY_PROMPT: Prompt = { ...SEEDED_PROMPT, id: 'derbyPrompt', question: 'Derby only: what should we change?', place: 'derby', opensOn: '2025-01-01', closesOn: '2099-12-31' };
const seeded = (overrides: Partial<Submission>): Submission => ({
  id: newSubmissionId(), kind: 'poem', title: null, body: 'Seeded words for the report', penName: null, place: 'barnsley', promptId: null, warnings: [],
  publish: true, flags: [], urgent: false, status: 'pending', receiptHash: newSubmissionId(), createdAt: new Date(ARRIVED).toISOString(),
  decidedAt: null, message: null, published: null, ...overrides,
});
const published = (hours: number, overrides: Partial<Submission> = {}) =>
  seeded({
    status: 'published', body: null, decidedAt: new Date(ARRIVED + hours * HOUR).toISOString(),
    published: { title: null, body: 'Published seeded words', penName: null, warnings: [], at: new Date(ARRIVED + hours * HOUR).toISOString() }, ...overrides,
  });
const SEED: Submission[] = [
  // Barnsley: 7, of which 5 published (after 1 to 5 hours), 2 views, 1 urgent.
  ...[1, 2, 3, 4, 5].map((h) => published(h)),
  seeded({ kind: 'view' }),
  seeded({ kind: 'view', urgent: true }),
  // Doncaster: 3 answers to Sheffield's prompt. Sheffield: 6 published. No place: 2. Derby: 1.
  ...[0, 1, 2].map(() => seeded({ place: 'doncaster', promptId: SEEDED_PROMPT.id })),
  ...[0, 1, 2, 3, 4, 5].map(() => published(10, { place: 'sheffield', kind: 'story' })),
  seeded({ place: null }),
  seeded({ place: null, kind: 'question' }),
  seeded({ place: 'derby' }),
];

let server: AccountsServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveWithAccounts(4451, [ADMIN, SHEFFIELD, BARNSLEY, DERBY], { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0' }, async (dataDir) => {
    const store = await openStore(dataDir);
    await store.update((data) => {
      data.submissions.push(...SEED);
      data.prompts.push(SEEDED_PROMPT, DERBY_PROMPT);
    });
    await store.close();
  });
});
test.afterAll(async () => server?.stop());

const data = () => JSON.parse(readFileSync(join(server.dataDir, 'voices.json'), 'utf8')) as VoicesData;
const csrfOf = async (page: Page) => page.locator('input[name="csrf"]').first().inputValue();

/** A browser of its own: a young person's, or another facilitator's (no cookies shared). */
async function youngPerson(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

/** A new browser signed in as account. */
async function signedIn(browser: Browser, account: Account) {
  const own = await youngPerson(browser);
  await signIn(own.page, server.url, account);
  return own;
}

/** Fills the share form without choosing a place. */
async function fillWords(page: Page, body: string, penName = '') {
  await page.locator('#kind-view').check();
  await page.getByLabel('Your words').fill(body);
  if (penName) await page.getByLabel('A name to show').fill(penName);
  await page.locator('#publish-yes').check();
}

let promptId = '';
const QUESTION = 'What should police know when they talk to you?';
const ANSWER = `Listen before you decide what happened. ${Date.now()}`;
const WE_DID = 'Police trainers in Barnsley now start every session with what you told us.';

test('a prompt from creation to "You said, we did"', async ({ page, browser }) => {
  await signIn(page, server.url, BARNSLEY);
  await page.getByRole('link', { name: 'Prompts' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/prompts`);
  expect(await axeViolations(page)).toEqual([]);
  // Errors first, the GOV.UK way, with what was typed kept.
  await page.getByLabel('Context (optional)').fill('We take your answers to the police training day.');
  await page.getByRole('button', { name: 'Save question' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Enter the question');
  await expect(page.locator('[data-error-summary]')).toContainText('Choose who the question is for');
  await expect(page.getByLabel('Context (optional)')).toHaveValue('We take your answers to the police training day.');
  expect(await axeViolations(page)).toEqual([]);
  // A spoke facilitator can ask only their spoke.
  expect(await page.getByLabel('Who it is for').locator('option').allTextContents()).toEqual(['Choose a place', 'Barnsley']);
  await page.getByLabel('Question', { exact: true }).fill(QUESTION);
  await page.getByLabel('Who it is for').selectOption('barnsley');
  await page.getByRole('button', { name: 'Save question' }).click();
  await expect(page).toHaveURL(new RegExp(`${server.url}/moderate/prompts/[A-Za-z0-9_-]{12}$`));
  promptId = page.url().split('/').pop()!;
  await expect(page.locator('[data-flash]')).toContainText('Question saved');
  await expect(page.locator('[data-prompt-state]')).toHaveText('Open');
  expect(await axeViolations(page)).toEqual([]);

  // A young person finds it, reads it and answers it, leaving "where are you?" unanswered.
  const young = await youngPerson(browser);
  await young.page.goto(`${server.url}/have-your-say/`);
  expect(await axeViolations(young.page)).toEqual([]);
  await young.page.getByRole('link', { name: QUESTION }).click();
  await expect(young.page).toHaveURL(`${server.url}/have-your-say/${promptId}/`);
  await expect(young.page.locator('main')).toContainText('We take your answers to the police training day.');
  expect(await axeViolations(young.page)).toEqual([]);
  await young.page.getByRole('link', { name: 'Answer this question' }).click();
  await expect(young.page).toHaveURL(`${server.url}/share/?prompt=${promptId}`);
  await expect(young.page.locator(`[data-share-prompt="${promptId}"]`)).toContainText(QUESTION);
  await expect(young.page.locator('input[name="prompt"]')).toHaveValue(promptId);
  expect(await axeViolations(young.page)).toEqual([]);
  await fillWords(young.page, ANSWER, 'Kestrel');
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  const answer = data().submissions.find((s) => s.body === ANSWER)!;
  expect(answer).toMatchObject({ promptId, place: 'barnsley' });

  // The facilitator finds it by prompt in the queue and publishes it.
  await page.goto(`${server.url}/moderate/`);
  await page.getByLabel('Prompt').selectOption(promptId);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`prompt=${promptId}`));
  await expect(page.locator('.queue__item')).toHaveCount(1);
  await expect(page.locator(`[data-item="${answer.id}"]`)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.locator(`[data-item="${answer.id}"]`).getByRole('link', { name: /Open/ }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=publish`);

  // Close it, write what changed and pick the answer.
  await page.goto(`${server.url}/moderate/prompts/${promptId}`);
  await page.getByRole('button', { name: 'Close this question' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/prompts/${promptId}`);
  await expect(page.locator('[data-flash]')).toContainText('Closed');
  await expect(page.locator('[data-prompt-state]')).toHaveText('Closed');
  await page.getByRole('button', { name: 'Save what changed' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Write what changed because of the answers');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('What changed because of the answers').fill(WE_DID);
  await page.getByLabel(/by Kestrel/).check();
  await page.getByRole('button', { name: 'Save what changed' }).click();
  await expect(page.locator('[data-flash]')).toContainText('Saved');
  await expect(page.getByLabel(/by Kestrel/)).toBeChecked();
  expect(await axeViolations(page)).toEqual([]);

  // Both on the prompt page and on /you-said-we-did/, the answer rendered as user text.
  for (const path of [`/have-your-say/${promptId}/`, '/you-said-we-did/']) {
    await young.page.goto(`${server.url}${path}`);
    const outcome = young.page.locator(`[data-outcome="${promptId}"]`);
    await expect(outcome.locator('.user-text').first()).toContainText('Listen before you decide what happened.');
    await expect(outcome).toContainText('by Kestrel');
    await expect(outcome.getByRole('heading', { name: 'We did' })).toBeVisible();
    await expect(outcome).toContainText(WE_DID);
    expect(await axeViolations(young.page), path).toEqual([]);
  }
  // The library's entries are still there, on the same page.
  await expect(young.page.getByRole('heading', { name: "Young people's poems became a book and a film" })).toBeVisible();
  await expect(young.page.locator(`[data-live-outcome="${promptId}"]`).getByRole('link', { name: QUESTION })).toHaveAttribute('href', `/have-your-say/${promptId}/`);
  // Closed: off the list of open questions, and a link to it is let go kindly.
  await young.page.goto(`${server.url}/have-your-say/`);
  await expect(young.page.getByRole('link', { name: QUESTION })).toHaveCount(0);
  await young.page.goto(`${server.url}/share/?prompt=${promptId}`);
  await expect(young.page.locator('[data-share-notice]')).toContainText('The question you followed has closed');
  await expect(young.page.locator('input[name="prompt"]')).toHaveValue('');
  await young.page.goto(`${server.url}/share/?prompt=no-such-question`);
  await expect(young.page.locator('[data-share-notice]')).toHaveCount(0);
  await expect(young.page.locator('[data-share-prompt]')).toHaveCount(0);
  expect((await young.page.request.get(`${server.url}/have-your-say/no-such-question/`)).status()).toBe(404);
  await young.close();

  // Audited by id, never with the words.
  const audit = readData(server.dataDir).audit;
  for (const action of ['prompt-create', 'prompt-close', 'prompt-outcome']) expect(audit).toContainEqual(expect.objectContaining({ action, target: promptId }));
  expect(JSON.stringify(audit)).not.toMatch(/police|Listen before/i);
});

test('a workshop code sends the words to its place and prompt, and the form works without one', async ({ page, browser }) => {
  await signIn(page, server.url, SHEFFIELD);
  // A question for the hub, then a code for one of its spokes.
  await page.goto(`${server.url}/moderate/prompts`);
  await page.getByLabel('Question', { exact: true }).fill('What should a youth club never do?');
  await page.getByLabel('Who it is for').selectOption('sheffield');
  await page.getByRole('button', { name: 'Save question' }).click();
  const hubPrompt = page.url().split('/').pop()!;
  await page.getByRole('link', { name: 'Workshop codes' }).click();
  expect(await page.getByLabel('Where the words go').locator('option').allTextContents()).toEqual(['Choose a place', 'Sheffield', 'Barnsley', 'Doncaster']);
  await page.getByLabel('Where the words go').selectOption('doncaster');
  await page.getByLabel('Question they are answering (optional)').selectOption(hubPrompt);
  await page.getByLabel('3 hours').check();
  await page.getByRole('button', { name: 'Make a code' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/workshops`);
  const flash = await page.locator('[data-flash]').innerText();
  const code = /New code: ([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})\./.exec(flash)![1]!;
  const row = page.locator(`[data-code="${code}"]`);
  await expect(row).toContainText('Doncaster');
  await expect(row).toContainText('What should a youth club never do?');
  expect(await axeViolations(page)).toEqual([]);
  const stored = data().workshopCodes.find((c) => c.code === code)!;
  expect(Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)).toBe(3 * HOUR);

  const young = await youngPerson(browser);
  // An unknown code: a kind message, the words kept, nothing stored.
  const body = `Somewhere to sit that isn't the bus stop. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, body);
  await young.page.getByLabel('Workshop code (if your group leader gave you one)').fill('ZZZ ZZZ');
  const refused = young.page.waitForResponse((r) => r.request().method() === 'POST');
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  expect((await refused).status()).toBe(400);
  await expect(young.page.locator('[data-error-summary]')).toContainText("We don't recognise that workshop code");
  await expect(young.page.locator('#workshop-error')).toContainText('empty the box to send your words without a code');
  await expect(young.page.getByLabel('Your words')).toHaveValue(body);
  await expect(young.page.getByLabel('Workshop code (if your group leader gave you one)')).toHaveValue('ZZZ ZZZ');
  expect(await axeViolations(young.page)).toEqual([]);
  expect(data().submissions.some((s) => s.body === body)).toBe(false);
  // The right code, typed in lower case with a space: to Doncaster and the hub's question, though no place was chosen.
  await young.page.getByLabel('Workshop code (if your group leader gave you one)').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  expect(data().submissions.find((s) => s.body === body)).toMatchObject({ place: 'doncaster', promptId: hubPrompt });
  expect(JSON.stringify(data().submissions.find((s) => s.body === body))).not.toContain(code);

  // Without a code the form works as ever.
  const plain = `No code this time. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, plain);
  await young.page.locator('#place-derby').check();
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  expect(data().submissions.find((s) => s.body === plain)).toMatchObject({ place: 'derby', promptId: null });

  // Ended early, the code stops working: "it has run out".
  await page.reload();
  await row.getByRole('button', { name: /End now/ }).click();
  await expect(page.locator('[data-flash]')).toContainText('stopped working');
  await expect(page.locator(`[data-code="${code}"]`)).toHaveAttribute('data-live', 'false');
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, `Too late. ${Date.now()}`);
  await young.page.getByLabel('Workshop code (if your group leader gave you one)').fill(code);
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('#workshop-error')).toContainText('That workshop code has run out');
  await young.close();

  const audit = readData(server.dataDir).audit;
  expect(audit).toContainEqual(expect.objectContaining({ action: 'workshop-code-create', target: stored.id }));
  expect(audit).toContainEqual(expect.objectContaining({ action: 'workshop-code-end', target: stored.id }));
  expect(JSON.stringify(audit)).not.toContain(code);
});

/** Every report output as text: the page's tables, its charts, and the CSV. */
async function reportOutputs(page: Page, period = PERIOD) {
  await page.goto(`${server.url}/moderate/reports?period=${period}`);
  const tables: Record<string, [string, string][]> = {};
  const charts: Record<string, { title: string; values: string[]; bars: number }> = {};
  for (const id of ['status', 'kind', 'place', 'prompt']) {
    const section = page.locator(`[data-report-table="${id}"]`);
    tables[id] = await section.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')!.textContent!.trim(), r.querySelector('td')!.textContent!.trim()] as [string, string]));
    const chart = section.locator('svg[data-chart]');
    charts[id] = {
      title: (await chart.locator('title').textContent())!,
      values: await chart.locator('.chart__value').allTextContents(),
      bars: await chart.locator('rect').count(),
    };
  }
  const csvResponse = await page.request.get(`${server.url}/moderate/reports.csv?period=${period}`);
  expect(csvResponse.status()).toBe(200);
  expect(csvResponse.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(csvResponse.headers()['content-disposition']).toBe(`attachment; filename="voices-report-${period}.csv"`);
  expect(csvResponse.headers()['cache-control']).toBe('no-store');
  const csv = (await csvResponse.text()).trimEnd().split('\r\n').map((line) => line.split(','));
  return { tables, charts, csv, total: (await page.locator('[data-total]').innerText()).trim() };
}

const STATUS_KEYS: Record<string, string> = { Waiting: 'pending', 'Read (kept private)': 'read', Published: 'published', Declined: 'declined', 'Safeguarding concern': 'concern', 'Withdrawn by the author': 'withdrawn' };
const KIND_KEYS = Object.fromEntries(Object.entries(SUBMISSION_KINDS).map(([id, label]) => [label, id]));

/** Checks a shown value against the store's true count: exact, "<5" for 1 to 4, or withheld (5 or more). */
function matches(shown: string, count: number, where: string) {
  if (shown === '<5') expect(count, where).toBeGreaterThanOrEqual(1);
  if (shown === '<5') expect(count, where).toBeLessThanOrEqual(4);
  else if (shown === 'withheld') expect(count, where).toBeGreaterThanOrEqual(5);
  else expect(Number(shown), where).toBe(count);
}

test("reports: the CSV's numbers are the store's, small counts are \"<5\" in chart, table and CSV, and a spoke sees only its spoke", async ({ page, browser }) => {
  await signIn(page, server.url, BARNSLEY);
  await page.getByRole('link', { name: 'Reports' }).click();
  // The current month by default.
  const month = new Date().toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Report: ${month}`);
  expect(await axeViolations(page)).toEqual([]);

  const scopes: [Account, (string | null)[]][] = [
    [BARNSLEY, ['barnsley']],
    [SHEFFIELD, ['sheffield', 'barnsley', 'doncaster', null]],
    [ADMIN, ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire', null]],
  ];
  for (const [account, places] of scopes) {
    const own = await signedIn(browser, account);
    const { tables, charts, csv, total } = await reportOutputs(own.page);
    expect(await axeViolations(own.page), account.email).toEqual([]);
    await own.close();
    const mine = data().submissions.filter((s) => places.includes(s.place) && s.createdAt.startsWith(PERIOD));
    const name = (id: string | null) => (id === null ? 'Not given' : id[0]!.toUpperCase() + id.slice(1));

    // The CSV against the store.
    const row = (section: string, item: string) => csv.find(([s, i]) => s === section && i === item)?.[2];
    matches(row('Total', 'Submissions')!, mine.length, 'total');
    expect(total).toBe(row('Total', 'Submissions'));
    for (const [label, status] of Object.entries(STATUS_KEYS)) matches(row('Status', label)!, mine.filter((s) => s.status === status).length, `${account.email} status ${status}`);
    for (const [label, kind] of Object.entries(KIND_KEYS)) matches(row('Kind', label)!, mine.filter((s) => s.kind === kind).length, `${account.email} kind ${kind}`);
    // Each place in scope, hubs with their spokes, then "Not given" where it belongs to the scope.
    expect(csv.filter(([s]) => s === 'Place').map(([, item]) => item).sort()).toEqual(places.map(name).sort());
    for (const place of places) matches(row('Place', name(place))!, mine.filter((s) => s.place === place).length, `${account.email} place ${place}`);
    matches(row('Question', 'Not answering a question')!, mine.filter((s) => s.promptId === null).length, 'no prompt');
    matches(row('Urgent', 'Marked urgent')!, mine.filter((s) => s.urgent).length, 'urgent');

    // The page's tables and charts say exactly what the CSV says.
    const sections: Record<string, string> = { status: 'Status', kind: 'Kind', place: 'Place', prompt: 'Question' };
    for (const [id, section] of Object.entries(sections)) {
      const fromCsv = csv.filter(([s]) => s === section).map(([, item, value]) => [item, value]);
      expect(tables[id], `${account.email} ${id} table`).toEqual(fromCsv);
      expect(charts[id]!.values, `${account.email} ${id} chart`).toEqual(fromCsv.map(([, value]) => value));
      expect(charts[id]!.title).toContain(fromCsv.map(([item, value]) => `${item} ${value}`).join(', '));
      // A bar only for an exact count above 0.
      expect(charts[id]!.bars).toBe(fromCsv.filter(([, value]) => /^\d+$/.test(value!) && value !== '0').length);
    }
    // The rule in every output: never a bare 1 to 4.
    const everything = [...csv.slice(3).map(([, , v]) => v!), ...Object.values(tables).flat().map(([, v]) => v), ...Object.values(charts).flatMap((c) => c.values)];
    expect(everything.filter((v) => /^[1-4]$/.test(v))).toEqual([]);
  }

  // Barnsley, spelled out: 7 items, 2 small cells and what would give them away withheld.
  const barnsley = await reportOutputs(page);
  expect(barnsley.total).toBe('7');
  expect(barnsley.tables.place).toEqual([['Barnsley', '7']]);
  expect(barnsley.tables.status!.filter(([, v]) => v !== '0')).toEqual([['Waiting', '<5'], ['Published', 'withheld']]);
  expect(barnsley.tables.kind!.filter(([, v]) => v !== '0')).toEqual([['A poem', 'withheld'], ['My view on something', '<5']]);
  expect(barnsley.charts.status!.title).toContain('Waiting <5');
  expect(barnsley.csv).toContainEqual(['Urgent', 'Marked urgent', '<5']);
  expect(barnsley.csv).toContainEqual(['Decisions', 'Median time from arrival to first decision', '3.0 hours']);
  expect(barnsley.csv).toContainEqual(['Published', 'Share published', 'Not shown: too few to show safely']);
  await expect(page.locator('[data-report-scope]')).toHaveText('Barnsley');

  // Signed out, there is no report.
  const fresh = await browser.newContext();
  const signedOut = await fresh.request.get(`${server.url}/moderate/reports.csv?period=${PERIOD}`, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(303);
  expect(signedOut.headers().location).toBe('/moderate/login');
  await fresh.close();
});

test("another place's prompt or code is a 404, every action needs the CSRF token, and pages need signing in", async ({ page, browser }) => {
  const signedOut = await browser.newContext();
  for (const path of ['/moderate/prompts', `/moderate/prompts/${DERBY_PROMPT.id}`, '/moderate/workshops', '/moderate/reports']) {
    const response = await signedOut.request.get(`${server.url}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location).toBe('/moderate/login');
  }
  await signedOut.close();

  await signIn(page, server.url, BARNSLEY);
  expect((await page.goto(`${server.url}/moderate/prompts/${DERBY_PROMPT.id}`))!.status()).toBe(404);
  // The hub's prompt reaches Barnsley: seen, but not changed.
  await page.goto(`${server.url}/moderate/prompts/${SEEDED_PROMPT.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEEDED_PROMPT.question);
  await expect(page.getByRole('button', { name: 'Close this question' })).toHaveCount(0);
  await expect(page.locator('main')).toContainText("Only Sheffield's facilitators (or an admin)");
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${server.url}/moderate/prompts`);
  await expect(page.locator(`[data-prompt="${DERBY_PROMPT.id}"]`)).toHaveCount(0);
  const csrf = await csrfOf(page);
  const post = (path: string, form: Record<string, string>) => page.request.post(`${server.url}${path}`, { form, headers: { Origin: server.url }, maxRedirects: 0 });

  expect((await post(`/moderate/prompts/${DERBY_PROMPT.id}?_action=promptClose`, { csrf, id: DERBY_PROMPT.id })).status()).toBe(404);
  expect((await post(`/moderate/prompts/${SEEDED_PROMPT.id}?_action=promptOutcome`, { csrf, id: SEEDED_PROMPT.id, weDid: 'Sneaky' })).status()).toBe(404);
  expect(data().prompts.find((p) => p.id === DERBY_PROMPT.id)!.closedAt).toBeNull();
  // Doncaster's code (made by Sheffield's facilitator) cannot be ended from Barnsley.
  const derbyCode = data().workshopCodes[0];
  expect(derbyCode).toBeDefined();
  expect((await post('/moderate/workshops?_action=workshopEnd', { csrf, id: derbyCode!.id })).status()).toBe(404);
  // Making a prompt or code for another place is refused as an error, and nothing is made.
  const before = data();
  expect((await post('/moderate/prompts?_action=promptCreate', { csrf, question: 'For Derby?', context: '', place: 'derby', opensOn: '2026-01-01', closesOn: '2099-01-01' })).status()).toBe(400);
  expect((await post('/moderate/workshops?_action=workshopCreate', { csrf, place: 'derby', prompt: '', hours: '2' })).status()).toBe(400);
  expect((await post('/moderate/workshops?_action=workshopCreate', { csrf, place: 'barnsley', prompt: '', hours: '13' })).status()).toBe(400);
  // Without the session's token, nothing changes, through the page or the RPC endpoint.
  for (const token of [undefined, '', 'wrong']) {
    const form = { ...(token !== undefined && { csrf: token }), question: 'No token?', context: '', place: 'barnsley', opensOn: '2026-01-01', closesOn: '2099-01-01' };
    expect((await post('/moderate/prompts?_action=promptCreate', form)).status()).toBe(403);
    expect((await post('/_actions/promptCreate', form)).status()).toBe(403);
    expect((await post('/_actions/workshopCreate', { ...(token !== undefined && { csrf: token }), place: 'barnsley', prompt: '', hours: '2' })).status()).toBe(403);
  }
  const after = data();
  expect(after.prompts.length).toBe(before.prompts.length);
  expect(after.workshopCodes.length).toBe(before.workshopCodes.length);
});

test('guessing codes: after 10 wrong ones, a kind refusal (429) with the words kept', async ({ browser }) => {
  // Every browser test here comes from one address, so this runs last on this server.
  const young = await youngPerson(browser);
  const body = `Trying codes. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, body);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    await young.page.getByLabel('Workshop code (if your group leader gave you one)').fill(`WRONG${'23456789ABCD'[i]}`);
    const response = young.page.waitForResponse((r) => r.request().method() === 'POST');
    await young.page.getByRole('button', { name: 'Send my words' }).click();
    statuses.push((await response).status());
  }
  // Two earlier wrong codes on this server (the workshop test) count too.
  expect(statuses.slice(0, 8)).toEqual(Array(8).fill(400));
  expect(statuses.at(-1)).toBe(429);
  await expect(young.page.locator('#workshop-error')).toContainText("That's a lot of codes tried, so please wait about");
  await expect(young.page.getByLabel('Your words')).toHaveValue(body);
  expect(await axeViolations(young.page)).toEqual([]);
  // Without a code, the words still go.
  await young.page.getByLabel('Workshop code (if your group leader gave you one)').fill('');
  await young.page.locator('#place-barnsley').check();
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  await young.close();
});

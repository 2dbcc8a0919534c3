// Reports in the browser: the CSV's numbers are the store's, small counts are "<5" in chart,
// table and CSV alike, and each facilitator sees only their scope. Checked on last month, seeded
// before the server starts: a run near midnight at the end of a month cannot move anything
// between periods, and retention (90 days for items waiting) has not taken any of it yet.
import { test, expect, type Page } from '@playwright/test';
import { markupProblems } from './support/markup';
import { ADMIN, BARNSLEY, HOUR, HUB_PROMPT, SHEFFIELD, signedIn } from './support/participation';
import { SUBMISSION_KINDS } from './support/app';
import { readData, serveSeeded, submission, type Account, type Submission } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';

const LAST_MONTH = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 10, 12));
const PERIOD = LAST_MONTH.toISOString().slice(0, 7);
const ARRIVED = LAST_MONTH.getTime();
const seeded = (overrides: Partial<Submission>) =>
  submission({ body: 'Seeded words for the report', place: 'barnsley', createdAt: new Date(ARRIVED).toISOString(), ...overrides });
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
  ...[0, 1, 2].map(() => seeded({ place: 'doncaster', promptId: HUB_PROMPT.id })),
  ...[0, 1, 2, 3, 4, 5].map(() => published(10, { place: 'sheffield', kind: 'story' })),
  seeded({ place: null }),
  seeded({ place: null, kind: 'question' }),
  seeded({ place: 'derby' }),
];

let server: TestServer;
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN, SHEFFIELD, BARNSLEY], submissions: SEED, prompts: [HUB_PROMPT] });
});
test.afterAll(async () => server?.stop());

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
  expect(await markupProblems(page, 'report')).toEqual([]);

  const scopes: [Account, (string | null)[]][] = [
    [BARNSLEY, ['barnsley']],
    [SHEFFIELD, ['sheffield', 'barnsley', 'doncaster', null]],
    [ADMIN, ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire', null]],
  ];
  for (const [account, places] of scopes) {
    const own = await signedIn(browser, server.url, account);
    const { tables, charts, csv, total } = await reportOutputs(own.page);
    expect(await markupProblems(own.page, `report-${account.place ?? 'all'}`), account.email).toEqual([]);
    await own.close();
    const mine = readData(server.dataDir).submissions.filter((s) => places.includes(s.place) && s.createdAt.startsWith(PERIOD));
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
  for (const path of ['/moderate/reports', `/moderate/reports.csv?period=${PERIOD}`]) {
    const signedOut = await fresh.request.get(`${server.url}${path}`, { maxRedirects: 0 });
    expect(signedOut.status(), path).toBe(303);
    expect(signedOut.headers().location).toBe('/moderate/login');
  }
  await fresh.close();
});

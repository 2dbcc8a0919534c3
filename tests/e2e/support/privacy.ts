// What the site promises never to keep (docs/safeguarding.md): a visitor's IP address and user agent,
// anywhere; submitted text, receipt codes and passwords in logs. Every server the browser tests
// start leaves its output and what it found here, and the end of the run checks them all
// (privacyTeardown.ts), so the promise is checked over the whole suite, not one scenario.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { E2E_DATA_DIR } from './env';

/** Every browser and request context in the suite sends this (playwright.config.ts). */
export const PRIVACY_USER_AGENT = 'VoicesPrivacyProbe/7.0 (never-to-be-kept-8c1f)';

/** How the test client's address can appear: both loopback addresses, whichever the server saw. */
export const CLIENT_ADDRESSES = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** A receipt code's shape (receipt.ts): no receipt-like string belongs in a log. */
export const RECEIPT_SHAPE = /\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b/;

/** Where server output and findings go for the end-of-run check. */
export const PRIVACY_LOG_DIR = resolve(process.env.E2E_LOG_DIR ?? `${E2E_DATA_DIR}-logs`);

/** The main test server's output (playwright.config.ts passes it to serve.mjs). */
export const MAIN_SERVER_LOG = join(PRIVACY_LOG_DIR, 'main-server.log');

/**
 * Text worth looking for in a log. Short or digit-only strings ("1", "null", "true") would match
 * ordinary log lines by chance, so only strings of 12 or more characters with a letter count.
 */
export function searchable(text: string | null | undefined): text is string {
  return typeof text === 'string' && text.trim().length >= 12 && /\p{L}/u.test(text);
}

interface StoredText {
  body?: string | null;
  title?: string | null;
  penName?: string | null;
  message?: string | null;
  published?: { body?: string; title?: string | null; penName?: string | null } | null;
}

/** Every piece of text people typed that the data file still holds (deleted text is null by then). */
export function typedTexts(dataDir: string): string[] {
  const file = join(dataDir, 'voices.json');
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, 'utf8')) as { submissions?: StoredText[]; prompts?: { question?: string; context?: string }[]; notes?: { text?: string }[] };
  const texts: (string | null | undefined)[] = [];
  for (const s of data.submissions ?? []) texts.push(s.body, s.title, s.penName, s.message, s.published?.body, s.published?.title, s.published?.penName);
  for (const p of data.prompts ?? []) texts.push(p.question, p.context);
  for (const n of data.notes ?? []) texts.push(n.text);
  return texts.filter(searchable);
}

/** Where an IP address or the user agent could be: everything in DATA_DIR except what people typed. */
function dataWithoutTypedText(dataDir: string): { name: string; text: string }[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).map((name) => {
    const raw = readFileSync(join(dataDir, name));
    if (name !== 'voices.json') return { name, text: raw.toString('latin1') };
    // Someone may type "127.0.0.1" into a poem; that is theirs. Everything else must be clean.
    const data = JSON.parse(raw.toString('utf8')) as { submissions?: (StoredText & Record<string, unknown>)[]; notes?: unknown };
    for (const s of data.submissions ?? []) {
      for (const field of ['body', 'title', 'penName', 'message', 'published'] as const) delete s[field];
    }
    delete data.notes;
    return { name, text: JSON.stringify(data) };
  });
}

/** Files in DATA_DIR must be 0600 and the folder 0700. */
export function permissionProblems(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const problems: string[] = [];
  const mode = (path: string) => statSync(path).mode & 0o777;
  if (mode(dataDir) !== 0o700) problems.push(`${dataDir} is ${mode(dataDir).toString(8)}, not 700`);
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    if (statSync(path).isFile() && mode(path) !== 0o600) problems.push(`${path} is ${mode(path).toString(8)}, not 600`);
  }
  return problems;
}

/**
 * What a finished server gave away: in its output, the client's address or user agent, a
 * receipt-shaped string, any of `secrets` or any text still in its data; in DATA_DIR, the
 * address or user agent, or any of `secrets` in clear (passwords, app secrets, recovery codes);
 * and wrong permissions. Each problem says what and where, never the secret.
 */
export function privacyProblems(output: string, dataDir: string, secrets: readonly string[] = []): string[] {
  const problems: string[] = [];
  for (const address of CLIENT_ADDRESSES) if (output.includes(address)) problems.push(`output holds the client address ${address}`);
  if (output.includes(PRIVACY_USER_AGENT)) problems.push('output holds the user agent');
  const receipt = RECEIPT_SHAPE.exec(output);
  if (receipt) problems.push(`output holds a receipt-shaped string at ${receipt.index}`);
  const typed = [...secrets.filter(searchable), ...typedTexts(dataDir)];
  typed.forEach((text, i) => {
    if (output.includes(text)) problems.push(`output holds typed text or a password (#${i}, ${text.length} characters)`);
  });
  for (const { name, text } of dataWithoutTypedText(dataDir)) {
    for (const address of CLIENT_ADDRESSES) if (text.includes(address)) problems.push(`${name} in DATA_DIR holds the client address ${address}`);
    if (text.includes(PRIVACY_USER_AGENT)) problems.push(`${name} in DATA_DIR holds the user agent`);
    secrets.filter(searchable).forEach((secret, i) => {
      if (text.includes(secret)) problems.push(`${name} in DATA_DIR holds secret #${i} in clear (${secret.length} characters)`);
    });
  }
  problems.push(...permissionProblems(dataDir));
  return problems;
}

/** Keeps a stopped server's output and problems for the end-of-run check (before its DATA_DIR goes). */
export function recordServerRun(name: string, output: string, dataDir: string, secrets: readonly string[] = []): void {
  mkdirSync(PRIVACY_LOG_DIR, { recursive: true });
  const stem = `${name}-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  appendFileSync(join(PRIVACY_LOG_DIR, `${stem}.log`), output);
  appendFileSync(join(PRIVACY_LOG_DIR, `${stem}.problems.json`), JSON.stringify(privacyProblems(output, dataDir, secrets)));
}

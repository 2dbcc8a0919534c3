// The headers every response carries (SECURITY.md), as problems rather than one failed
// expectation, so a test over many responses reports all of them at once.
import type { APIResponse, Page } from '@playwright/test';

export const HSTS = 'max-age=63072000; includeSubDomains';

export function securityHeaderProblems(response: APIResponse, what: string, options: { https?: boolean } = {}): string[] {
  const h = response.headers();
  const problems: string[] = [];
  const expect = (ok: boolean, message: string) => {
    if (!ok) problems.push(`${what} (${response.status()}): ${message}`);
  };
  const csp = h['content-security-policy'] ?? '';
  expect(/(^|;)\s*default-src 'none'/.test(csp), `CSP without default-src 'none': ${csp}`);
  expect(csp.includes("object-src 'none'"), `CSP without object-src 'none': ${csp}`);
  expect(csp.includes("base-uri 'none'"), `CSP without base-uri 'none': ${csp}`);
  expect(csp.includes("frame-ancestors 'none'"), `CSP without frame-ancestors 'none': ${csp}`);
  expect(!/script-src[^;]*'unsafe-inline'/.test(csp), `CSP allows inline scripts: ${csp}`);
  expect(h['x-content-type-options'] === 'nosniff', `X-Content-Type-Options ${h['x-content-type-options']}`);
  expect(h['referrer-policy'] === 'no-referrer', `Referrer-Policy ${h['referrer-policy']}`);
  for (const feature of ['geolocation', 'camera', 'microphone']) {
    expect(new RegExp(`(^|[ ,])${feature}=\\(\\)`).test(h['permissions-policy'] ?? ''), `Permissions-Policy does not deny ${feature}: ${h['permissions-policy']}`);
  }
  expect(h['cross-origin-opener-policy'] === 'same-origin', `Cross-Origin-Opener-Policy ${h['cross-origin-opener-policy']}`);
  expect(h['x-powered-by'] === undefined, `X-Powered-By ${h['x-powered-by']}`);
  if (options.https) expect(h['strict-transport-security'] === HSTS, `Strict-Transport-Security ${h['strict-transport-security']}`);
  else expect(h['strict-transport-security'] === undefined, 'Strict-Transport-Security over plain HTTP');
  return problems;
}

/** Every Content-Security-Policy violation a page reports, in events and in the console, from now on. */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('__voicesCspViolation', (what: string) => seen.push(what));
  await page.addInitScript(() => {
    const report = (window as unknown as { __voicesCspViolation: (what: string) => void }).__voicesCspViolation;
    document.addEventListener('securitypolicyviolation', (e) => report(`${e.violatedDirective} ${e.blockedURI} on ${location.pathname}`));
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|compile|connect|frame|create)/i.test(message.text())) seen.push(`console: ${message.text()} on ${page.url()}`);
  });
  return seen;
}

/** What an error page must never show: a stack trace, an error's name, or where our files are. */
export function leaksInternals(body: string): string | null {
  const m = /\bat [\w$.<>]+ \(|\bat (file|node):|node_modules|\/work\/|\/src\/(lib|pages)\/|\.(mjs|ts):\d+|\b(TypeError|ReferenceError|SyntaxError|RangeError)\b|\bstack\b/.exec(body);
  return m ? m[0] : null;
}

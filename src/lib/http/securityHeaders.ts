// The headers every response carries, pages, built files, errors and redirects alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The start of every page's Content-Security-Policy. astro.config.mjs gives these to Astro, which
 * adds script-src and style-src with the page's own hashes, so each page has one whole policy.
 * Nothing loads unless named here; nothing from another origin at all.
 */
export const PAGE_CSP_DIRECTIVES = [
  "default-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
] as const;

/** For what is not a page (files, downloads, redirects, action results): nothing may run or load. */
export const STRICT_CSP = "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'geolocation=(), camera=(), microphone=(), interest-cohort=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const HSTS = 'max-age=63072000; includeSubDomains';

/** Sets the security headers before anything answers: csp is a built page's own policy, else the strict one. */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, csp = STRICT_CSP): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Security-Policy', csp);
  if ((req.socket as TLSSocket).encrypted) res.setHeader('Strict-Transport-Security', HSTS);
}

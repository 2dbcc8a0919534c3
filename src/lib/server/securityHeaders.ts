// Headers every response carries, static files included (SAFEGUARDING.md, DESIGN.md).

/** Directives a <meta> CSP cannot carry, or that only narrow what may load; Astro's hashes stay in charge of scripts and styles. */
export const HEADER_CSP = [
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'none'",
  "worker-src 'self'",
  "manifest-src 'none'",
].join('; ');

export const STATIC_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'geolocation=(), camera=(), microphone=(), interest-cohort=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export const HSTS = 'max-age=63072000; includeSubDomains';

/** Appends our directives to a policy Astro set, or gives ours alone; never repeats a directive. */
export function mergeCsp(existing: string | undefined): string {
  if (!existing) return HEADER_CSP;
  const present = new Set(
    existing.split(';').map((d) => d.trim().split(/\s+/)[0]?.toLowerCase()).filter(Boolean),
  );
  const extra = HEADER_CSP.split('; ').filter((d) => !present.has(d.split(' ')[0]!));
  return [existing.trim().replace(/;$/, ''), ...extra].join('; ');
}

/** HTML revalidates every time; hashed build assets never change; on-demand pages say their own. */
export function cacheControlFor(path: string, contentType: string | undefined): string | undefined {
  if (path.startsWith('/_astro/') || path.startsWith('/pagefind/fragment/')) return 'public, max-age=31536000, immutable';
  if (contentType?.startsWith('text/html')) return 'no-cache';
  return undefined;
}

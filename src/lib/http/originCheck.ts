// Refuses state-changing requests from other sites. Astro's own check compares Origin only, but
// our pages send `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` for a
// page's own forms; Sec-Fetch-Site still tells same-origin from cross-site.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const from = request.headers.get('origin');
  return from !== null && from !== 'null' && from !== ownOrigin(request);
}

/**
 * The origin the browser sent this request to: the URL's scheme (https when the connection is TLS)
 * and the Host header. Astro's URL has the configured port instead, as security.allowedDomains is
 * unset (which keeps X-Forwarded-* untrusted).
 */
function ownOrigin(request: Request): string | undefined {
  const host = request.headers.get('host');
  return host ? `${new URL(request.url).protocol}//${host}` : undefined;
}

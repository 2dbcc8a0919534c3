// Refuses state-changing requests from other sites. Astro's own check compares Origin only, but
// our pages send `Referrer-Policy: no-referrer`, under which browsers send `Origin: null` for a
// page's own forms; Sec-Fetch-Site still tells same-origin from cross-site.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(method: string, headers: Headers, origin: string): boolean {
  if (SAFE_METHODS.has(method)) return false;
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const from = headers.get('origin');
  return from !== null && from !== 'null' && from !== origin;
}

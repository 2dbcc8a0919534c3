// Each built page's whole Content-Security-Policy, as @astrojs/node's `staticHeaders` option writes
// them to dist/_headers.json (with it, Astro puts no <meta> policy in the page).
import { readFileSync } from 'node:fs';

/** dist/_headers.json: one entry a built page, e.g. { pathname: "/poems", headers: [{ key, value }] }. */
type HeadersJson = { pathname: string; headers: { key: string; value: string }[] }[];

/** A worker runs under its own script's policy, not its page's: it gets the page's policy too. */
const WORKERS: Readonly<Record<string, string>> = { '/pagefind/pagefind-worker.js': '/search' };

export interface PagePolicies {
  /** The policy of the built page a URL path names ("/poems/", "/poems", "/poems/index.html"), or of the page that starts a worker. */
  forPath(path: string): string | undefined;
  /**
   * For responses Astro sends without a policy of their own: its 404 and 500 pages, which it reads
   * from disk, and redirects and action results. Whatever either error page needs, nothing more.
   */
  errorPages: string;
}

export function readPagePolicies(file: string | URL): PagePolicies {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as HeadersJson;
  const byPath = new Map<string, string>();
  for (const { pathname, headers } of entries) {
    const csp = headers.find((h) => h.key.toLowerCase() === 'content-security-policy')?.value;
    if (csp) byPath.set(pagePath(pathname), csp);
  }
  const errorPages = ['/404', '/500'].map((path) => byPath.get(path));
  if (errorPages.some((policy) => policy === undefined)) throw new Error(`${file} has no policy for the 404 or 500 page: was the site built with staticHeaders?`);
  const forPath = (path: string) => {
    const page = pagePath(path);
    return byPath.get(WORKERS[page] ?? page);
  };
  return { forPath, errorPages: unionOf(errorPages as string[]) };
}

/** "/poems/", "/poems/index.html" and "/poems" are one page; "/404.html" is "/404". Encoded or not. */
function pagePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // A malformed escape names no page; server.mjs refuses it.
  }
  const bare = decoded.replace(/\/index\.html$/, '/').replace(/\.html$/, '');
  return bare.length > 1 ? bare.replace(/\/+$/, '') : '/';
}

/** One policy that allows what any of the given policies allows, directive by directive. */
function unionOf(policies: string[]): string {
  const directives = new Map<string, Set<string>>();
  for (const policy of policies) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (!name) continue;
      const known = directives.get(name) ?? new Set();
      for (const source of sources) known.add(source);
      directives.set(name, known);
    }
  }
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

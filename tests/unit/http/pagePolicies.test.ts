import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPagePolicies } from '../../../src/lib/http/pagePolicies.ts';

const policy = (script: string) => `default-src 'none';object-src 'none'; script-src 'self' ${script}; style-src 'self' 'sha256-style=';`;

/** A dist/_headers.json as @astrojs/node writes it with staticHeaders. */
function headersFile(pages: Record<string, string>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'voices-headers-')), '_headers.json');
  const entries = Object.entries(pages).map(([pathname, csp]) => ({ pathname, headers: [{ key: 'Content-Security-Policy', value: csp }] }));
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

describe('readPagePolicies', () => {
  const file = headersFile({
    '/': policy("'sha256-home='"),
    '/poems': policy("'sha256-poems='"),
    '/poéms': policy("'sha256-accent='"),
    '/search': policy("'wasm-unsafe-eval'"),
    '/404': policy("'sha256-a='"),
    '/500': policy("'sha256-b='"),
  });
  const policies = readPagePolicies(file);

  it('gives each built page its own policy however the address spells it', () => {
    for (const path of ['/poems', '/poems/', '/poems/index.html']) expect(policies.forPath(path), path).toBe(policy("'sha256-poems='"));
    for (const path of ['/', '/index.html']) expect(policies.forPath(path), path).toBe(policy("'sha256-home='"));
    expect(policies.forPath('/404.html')).toBe(policy("'sha256-a='"));
    expect(policies.forPath('/po%C3%A9ms/')).toBe(policy("'sha256-accent='"));
  });

  it('has none for what is not a built page', () => {
    for (const path of ['/share/', '/favicon.svg', '/poems/believe-me/', '/_astro/x.js', '/pagefind/pagefind.js', '/%E0%A4%A']) expect(policies.forPath(path), path).toBeUndefined();
  });

  it("gives Pagefind's worker the search page's policy: a worker runs under its own script's", () => {
    expect(policies.forPath('/pagefind/pagefind-worker.js')).toBe(policy("'wasm-unsafe-eval'"));
  });

  it("has one policy for Astro's error pages that allows what either needs, directive by directive, each source once", () => {
    expect(policies.errorPages).toBe("default-src 'none'; object-src 'none'; script-src 'self' 'sha256-a=' 'sha256-b='; style-src 'self' 'sha256-style='");
  });

  it("refuses a build without the error pages' policies (built without staticHeaders)", () => {
    expect(() => readPagePolicies(headersFile({ '/': policy("'sha256-home='") }))).toThrow(/404 or 500/);
  });
});

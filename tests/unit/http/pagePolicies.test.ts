import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagePath, readPagePolicies, unionOf } from '../../../src/lib/http/pagePolicies.ts';

const policy = (script: string) => `default-src 'none';object-src 'none'; script-src 'self' ${script}; style-src 'self' 'sha256-style=';`;

/** A dist/_headers.json as @astrojs/node writes it with staticHeaders. */
function headersFile(pages: Record<string, string>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'voices-headers-')), '_headers.json');
  const entries = Object.entries(pages).map(([pathname, csp]) => ({ pathname, headers: [{ key: 'Content-Security-Policy', value: csp }] }));
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

describe('pagePath', () => {
  it('names a page the same however the address spells it', () => {
    for (const path of ['/poems', '/poems/', '/poems/index.html']) expect(pagePath(path), path).toBe('/poems');
    for (const path of ['/', '/index.html']) expect(pagePath(path), path).toBe('/');
    expect(pagePath('/404.html')).toBe('/404');
    expect(pagePath('/po%C3%A9ms/')).toBe('/poéms');
    expect(pagePath('/%E0%A4%A')).toBe('/%E0%A4%A');
  });
});

describe('readPagePolicies', () => {
  const file = headersFile({ '/': policy("'sha256-home='"), '/poems': policy("'sha256-poems='"), '/search': policy("'wasm-unsafe-eval'"), '/404': policy("'sha256-a='"), '/500': policy("'sha256-b='") });

  it("gives each built page its own policy, and none for what is not a built page", () => {
    const policies = readPagePolicies(file);
    expect(policies.forPath('/poems/')).toBe(policy("'sha256-poems='"));
    expect(policies.forPath('/poems/index.html')).toBe(policy("'sha256-poems='"));
    expect(policies.forPath('/')).toBe(policy("'sha256-home='"));
    for (const path of ['/share/', '/favicon.svg', '/poems/believe-me/', '/_astro/x.js', '/pagefind/pagefind.js']) expect(policies.forPath(path), path).toBeUndefined();
  });

  it("gives Pagefind's worker the search page's policy: a worker runs under its own script's", () => {
    expect(readPagePolicies(file).forPath('/pagefind/pagefind-worker.js')).toBe(policy("'wasm-unsafe-eval'"));
  });

  it('has one policy for Astro\'s error pages that allows what either needs', () => {
    const { errorPages } = readPagePolicies(file);
    expect(errorPages).toBe("default-src 'none'; object-src 'none'; script-src 'self' 'sha256-a=' 'sha256-b='; style-src 'self' 'sha256-style='");
  });

  it('refuses a build without the error pages\' policies (built without staticHeaders)', () => {
    expect(() => readPagePolicies(headersFile({ '/': policy("'sha256-home='") }))).toThrow(/404 or 500/);
  });
});

describe('unionOf', () => {
  it('merges directive by directive, each source once', () => {
    expect(unionOf(["script-src 'self' 'sha256-a='; img-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"])).toBe("script-src 'self' 'sha256-a=' 'wasm-unsafe-eval'; img-src 'self'");
  });
});

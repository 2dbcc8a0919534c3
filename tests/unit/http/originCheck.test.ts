import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../../src/lib/http/originCheck.ts';

const ORIGIN = 'https://voices.example.org';

/** A request as Astro makes it: the URL has Astro's configured port, the Host header what the browser sent. */
const request = (method: string, entries: Record<string, string> = {}, url = 'https://localhost:4321/share/') =>
  new Request(url, { method, headers: { host: 'voices.example.org', ...entries } });
const crossSite = (method: string, entries?: Record<string, string>) => isCrossSiteRequest(request(method, entries));

describe('isCrossSiteRequest', () => {
  it('never refuses GET, HEAD or OPTIONS, whatever the headers say', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(crossSite(method)).toBe(false);
      expect(crossSite(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBe(false);
    }
  });

  it('allows a POST from our own origin', () => {
    expect(crossSite('POST', { origin: ORIGIN })).toBe(false);
    expect(crossSite('POST', { origin: ORIGIN, 'sec-fetch-site': 'same-origin' })).toBe(false);
  });

  it('allows a POST with Origin: null from our own page (no-referrer), told apart by Sec-Fetch-Site', () => {
    expect(crossSite('POST', { origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe(false);
  });

  it('allows Origin: null without Sec-Fetch-Site (older browsers send no Sec-Fetch-*; documented trade-off)', () => {
    expect(crossSite('POST', { origin: 'null' })).toBe(false);
  });

  it('allows a POST with neither header (a non-browser client, or a very old browser)', () => {
    expect(crossSite('POST')).toBe(false);
  });

  it('allows Sec-Fetch-Site: none (typed or bookmarked, not from another site)', () => {
    expect(crossSite('POST', { 'sec-fetch-site': 'none' })).toBe(false);
  });

  it('refuses a foreign Origin', () => {
    expect(crossSite('POST', { origin: 'https://evil.example' })).toBe(true);
    expect(crossSite('POST', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' })).toBe(true);
  });

  it('refuses an origin that only looks like ours', () => {
    for (const origin of [
      'http://voices.example.org',
      'https://voices.example.org:8443',
      'https://voices.example.org.evil.example',
      'https://evil-voices.example.org',
      'https://sub.voices.example.org',
      `${ORIGIN}/`,
    ]) {
      expect(crossSite('POST', { origin }), origin).toBe(true);
    }
  });

  it('refuses Sec-Fetch-Site cross-site or same-site, even with Origin null or our own origin', () => {
    for (const site of ['cross-site', 'same-site']) {
      expect(crossSite('POST', { 'sec-fetch-site': site }), site).toBe(true);
      expect(crossSite('POST', { origin: 'null', 'sec-fetch-site': site }), site).toBe(true);
      expect(crossSite('POST', { origin: ORIGIN, 'sec-fetch-site': site }), site).toBe(true);
    }
  });

  it('refuses an unknown Sec-Fetch-Site value', () => {
    expect(crossSite('POST', { 'sec-fetch-site': 'sideways' })).toBe(true);
  });

  it('takes its own origin from the Host header and the connection, not from the port in the URL Astro makes', () => {
    const onPort = (origin: string, url: string) => isCrossSiteRequest(request('POST', { host: 'localhost:4444', origin }, url));
    expect(onPort('http://localhost:4444', 'http://localhost:4321/share/')).toBe(false);
    expect(onPort('http://localhost:4321', 'http://localhost:4321/share/')).toBe(true);
    expect(onPort('https://localhost:4444', 'https://localhost:4321/share/')).toBe(false);
    expect(onPort('http://localhost:4444', 'https://localhost:4321/share/')).toBe(true);
  });

  it('refuses any Origin but null when the request names no host', () => {
    const noHost = (origin: string) => isCrossSiteRequest(new Request('https://voices.example.org/share/', { method: 'POST', headers: { origin } }));
    expect(noHost(ORIGIN)).toBe(true);
    expect(noHost('null')).toBe(false);
  });

  it('checks every state-changing method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(crossSite(method, { origin: 'https://evil.example' }), method).toBe(true);
      expect(crossSite(method, { origin: ORIGIN }), method).toBe(false);
    }
  });
});

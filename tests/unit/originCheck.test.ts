import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../src/lib/server/originCheck.ts';

const ORIGIN = 'https://voices.example.org';

const headers = (entries: Record<string, string> = {}) => new Headers(entries);
const crossSite = (method: string, entries?: Record<string, string>) => isCrossSiteRequest(method, headers(entries), ORIGIN);

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

  it('checks every state-changing method', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(crossSite(method, { origin: 'https://evil.example' }), method).toBe(true);
      expect(crossSite(method, { origin: ORIGIN }), method).toBe(false);
    }
  });
});

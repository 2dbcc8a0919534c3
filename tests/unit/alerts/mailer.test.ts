import { describe, it, expect } from 'vitest';
import { describeFailure, mailSettings } from '../../../src/lib/alerts/mailer.ts';
import { retryDelay } from '../../../src/lib/alerts/schedule.ts';

describe('mail settings', () => {
  it('sends nothing without SMTP_URL; MAIL_FROM falls back to an address at SITE_URL’s host', () => {
    expect(mailSettings({})).toBeNull();
    expect(mailSettings({ SMTP_URL: '  ' })).toBeNull();
    expect(mailSettings({ SMTP_URL: 'smtp://mail.example:587', SITE_URL: 'https://voices.example.org' })).toEqual({ smtpUrl: 'smtp://mail.example:587', from: 'voices@voices.example.org' });
    expect(mailSettings({ SMTP_URL: 'smtps://u:p@mail.example', MAIL_FROM: 'Voices <alerts@example.org>' })).toEqual({ smtpUrl: 'smtps://u:p@mail.example', from: 'Voices <alerts@example.org>' });
  });

  it('refuses a bad SMTP_URL without repeating it (it may hold a password)', () => {
    expect(() => mailSettings({ SMTP_URL: 'not a url secret-pass' })).toThrow(/^SMTP_URL is not a URL/);
    expect(() => mailSettings({ SMTP_URL: 'not a url secret-pass' })).not.toThrow(/secret-pass/);
    expect(() => mailSettings({ SMTP_URL: 'https://u:secret-pass@mail.example' })).toThrow('SMTP_URL must start with smtp:// or smtps://.');
  });
});

describe('a failed send', () => {
  it('is described by its codes only, never by the message or the server’s reply, which can quote the address', () => {
    const error = Object.assign(new Error('Can\'t send mail - all recipients were rejected: 550 <worker@example.org>: no such user'), {
      code: 'EENVELOPE', responseCode: 550, permanent: true, response: '550 <worker@example.org>: no such user',
    });
    expect(describeFailure(error)).toEqual({ permanent: true, summary: 'EENVELOPE 550' });
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toEqual({ permanent: false, summary: 'ESOCKET' });
    expect(describeFailure('a string')).toEqual({ permanent: false, summary: 'unknown error' });
  });

  it('backs off from 5 seconds, doubling, to at most 15 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelay(20)).toBe(15 * 60_000);
  });
});

// Email over SMTP with nodemailer, set by SMTP_URL and MAIL_FROM: nothing is sent without SMTP_URL.
// Short timeouts, so that a server that hangs fails a try (and the worker backs off) rather than
// holding an email for longer than HOLD_MS (schedule.ts).
import { createTransport } from 'nodemailer';

export interface MailSettings {
  smtpUrl: string;
  from: string;
}

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
  close(): void;
}

/** The mail settings from the environment, or null when SMTP_URL is unset; a bad value stops the server. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // Never the value itself: it may hold a password.
    throw new Error('SMTP_URL is not a URL: give it as smtp://user:password@host:587 or smtps://user:password@host:465.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('SMTP_URL must start with smtp:// or smtps://.');
  const from = env.MAIL_FROM?.trim() || `voices@${new URL(env.SITE_URL ?? 'http://localhost').hostname}`;
  return { smtpUrl, from };
}

export function createMailer(settings: MailSettings): Mailer {
  const transport = createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  return {
    send: async (to, subject, text) => {
      await transport.sendMail({ from: settings.from, to, subject, text });
    },
    close: () => transport.close(),
  };
}

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  permanent?: unknown;
  timeoutType?: unknown;
}

/**
 * What may be logged about a failed send: codes only. Never the error's message or the server's
 * reply, which can quote the address; and whether trying again could help (a 5xx refusal: no).
 */
export function describeFailure(error: unknown): { permanent: boolean; summary: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const parts = [e.code, e.responseCode, e.timeoutType].filter((p) => typeof p === 'string' || typeof p === 'number');
  return { permanent: e.permanent === true, summary: parts.length > 0 ? parts.join(' ') : 'unknown error' };
}

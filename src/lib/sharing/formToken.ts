// A signed, single-use form token: carries when the form was shown (for the minimum fill time)
// and an id that is recorded once used, so a refresh or a double tap can't send twice.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a shown form stays good. */
export const FORM_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface FormToken {
  id: string;
  issuedAt: number;
}

const sign = (payload: string, secret: Buffer) =>
  createHmac('sha256', secret).update(`voices-form:${payload}`).digest('base64url');

export function issueFormToken(secret: Buffer, now = Date.now()): string {
  const payload = `${randomBytes(12).toString('base64url')}.${now.toString(36)}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** The token's contents if its signature is good, else null. Expiry is the caller's call. */
export function readFormToken(token: string, secret: Buffer): FormToken | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [id, time, mac] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${id}.${time}`, secret));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const issuedAt = parseInt(time, 36);
  return Number.isFinite(issuedAt) ? { id, issuedAt } : null;
}

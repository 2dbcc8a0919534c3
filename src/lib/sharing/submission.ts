// A young person's words as they are kept: what was sent, where it stands, and what was published.
import { randomBytes } from 'node:crypto';
import type { Flag } from '../safeguarding/identifyingInfo.ts';

/** What someone can share, in the words the form and the staff pages use for each. */
export const SUBMISSION_KINDS = {
  poem: 'A poem',
  story: 'A story',
  view: 'My view on something',
  question: 'A question',
  other: 'Something else',
} as const;
export type SubmissionKind = keyof typeof SUBMISSION_KINDS;

/** 'read' = a facilitator has read a publish:no item (it stays private). */
export type SubmissionStatus = 'pending' | 'read' | 'published' | 'declined' | 'concern' | 'withdrawn';
export const SUBMISSION_STATUSES: SubmissionStatus[] = ['pending', 'read', 'published', 'declined', 'concern', 'withdrawn'];

export interface PublishedVersion {
  title: string | null;
  body: string;
  penName: string | null;
  warnings: string[];
  at: string;
}

export interface Submission {
  /** Random, url-safe, not guessable: see newSubmissionId(). */
  id: string;
  kind: SubmissionKind;
  title: string | null;
  /** Null once deleted (declined, withdrawn, retention); the status stays for the receipt. */
  body: string | null;
  penName: string | null;
  /** A place id, or null for "rather not say". */
  place: string | null;
  /** The prompt this answers (participation/prompts.ts), or null. */
  promptId: string | null;
  warnings: string[];
  /** The author's consent to publishing. */
  publish: boolean;
  /** Identifying-info guard results at arrival, as offsets into the body. */
  flags: Flag[];
  urgent: boolean;
  status: SubmissionStatus;
  /** HMAC of the receipt code, hex (receipt.ts); '' once the receipt has expired. */
  receiptHash: string;
  /** ISO time. */
  createdAt: string;
  /** First moderation decision, ISO time. */
  decidedAt: string | null;
  /** A facilitator's message to the author, shown at /share/status/. */
  message: string | null;
  /** What a facilitator published: never the raw submission. */
  published: PublishedVersion | null;
}

/** A new submission id: 96 random bits, url-safe, 16 characters. */
export function newSubmissionId(): string {
  return randomBytes(12).toString('base64url');
}

/** Deletes the words someone wrote; the record keeps only what the receipt and reports need. */
export function eraseText(item: Submission): void {
  item.body = null;
  item.title = null;
  item.penName = null;
  item.flags = [];
}

// Emails waiting to go, kept in the store so that a share never waits for a mail server: a share
// only records what arrived, and the worker (worker.ts) queues and sends the emails. Recipients
// are facilitator ids, looked up as each email goes: no address is kept here.
import type { AlertEmail } from './emails.ts';

export interface NewEmail {
  /** The facilitator it goes to. */
  to: string;
  email: AlertEmail;
}

export interface QueuedEmail extends NewEmail {
  id: string;
  /** ISO times. */
  createdAt: string;
  /** Tries so far, this one included once it is claimed. */
  attempts: number;
  nextAttemptAt: string;
  /** While a server is sending it, until when. */
  heldUntil: string | null;
}

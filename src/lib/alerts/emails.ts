// What an alert email says: how many items wait and how many are urgent, for which place, with a
// link to the queue. Never the text, a title, an id, the kind of item, the prompt, anything about
// the sender or a receipt: an email can be read on a shared screen or forwarded.
import { DIGEST_GAP_MS, ESCALATE_AFTER_MS, REMINDER_AFTER_MS } from './schedule.ts';

export type AlertEmail =
  /** Something arrived: at most one a place every 15 minutes, to those who have not turned it off. */
  | { kind: 'digest'; place: string | null; waiting: number; urgent: number }
  /** Something urgent arrived: at once, to everyone in scope. */
  | { kind: 'urgent'; place: string | null; waiting: number; urgent: number }
  /** Items nobody has opened for 48 hours (to the place's team), then a day later (to the hub's facilitators and admins). */
  | { kind: 'reminder'; place: string | null; unopened: number; escalated: boolean };

export interface EmailContext {
  /** The service's name (content/site.yaml). */
  siteName: string;
  /** The public address, without a trailing slash (SITE_URL). */
  siteUrl: string;
  placeName: (id: string | null) => string;
}

export interface EmailText {
  subject: string;
  text: string;
}

const hours = (ms: number) => Math.round(ms / 3_600_000);
const items = (n: number) => (n === 1 ? '1 item' : `${n} items`);

export function renderEmail(email: AlertEmail, context: EmailContext): EmailText {
  const queue = `${context.siteUrl}/moderate/`;
  const settings = `${context.siteUrl}/moderate/alerts`;
  const place = email.place === null ? 'no place given' : context.placeName(email.place);
  const counts = email.kind === 'reminder' ? [] : [`Waiting: ${email.waiting}`, `Urgent: ${email.urgent}`, ''];
  const open = `Open the queue (sign in first): ${queue}`;
  switch (email.kind) {
    case 'digest':
      return {
        subject: `${context.siteName}: waiting to be read, ${place}`,
        text: [
          `Something new is waiting to be read in the moderation queue for ${place}.`,
          '',
          ...counts,
          open,
          '',
          `You get at most one of these every ${DIGEST_GAP_MS / 60_000} minutes for each place you look after.`,
          `To turn them off (urgent alerts and reminders still come): ${settings}`,
        ].join('\n'),
      };
    case 'urgent':
      return {
        subject: `${context.siteName}: urgent, ${place}`,
        text: [
          `Something marked urgent has arrived for ${place}: it may need action today.`,
          'Read it as soon as you can and follow your safeguarding procedure.',
          '',
          ...counts,
          open,
        ].join('\n'),
      };
    case 'reminder':
      return {
        subject: `${context.siteName}: not opened for ${hours(email.escalated ? REMINDER_AFTER_MS + ESCALATE_AFTER_MS : REMINDER_AFTER_MS)} hours, ${place}`,
        text: [
          email.escalated
            ? `${items(email.unopened)} for ${place} ${email.unopened === 1 ? 'has' : 'have'} waited more than ${hours(REMINDER_AFTER_MS + ESCALATE_AFTER_MS)} hours without anyone opening ${email.unopened === 1 ? 'it' : 'them'}, though the place's team was reminded a day ago. You get this as a facilitator for the hub or as an admin, so that someone can act.`
            : `${items(email.unopened)} for ${place} ${email.unopened === 1 ? 'has' : 'have'} waited more than ${hours(REMINDER_AFTER_MS)} hours without anyone opening ${email.unopened === 1 ? 'it' : 'them'}.`,
          'Reminders stop as soon as someone opens each one.',
          '',
          open,
        ].join('\n'),
      };
  }
}

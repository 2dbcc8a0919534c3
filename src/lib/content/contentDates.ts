/** When this build ran: a static page can only know "today" as the day it was built. */
export const BUILT_AT = new Date();

/** "2 June 2026". Content dates are whole days in UTC, so format them in UTC. */
export function longDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "June 2026", for entries that only need the month. */
export function monthYear(date: Date): string {
  return date.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** YYYY-MM-DD, for <time datetime>. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

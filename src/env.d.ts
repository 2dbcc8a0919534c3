declare namespace App {
  interface Locals {
    /** The signed-in facilitator, loaded by src/middleware.ts; null for everyone else. */
    facilitator: import('./lib/accounts/facilitators').Facilitator | null;
    /** This session's CSRF token, for the `csrf` field of every moderation form; null when signed out. */
    csrfToken: string | null;
  }

  interface SessionData {
    /** Who is signed in and since when (src/lib/accounts/session.ts). */
    auth: import('./lib/accounts/session').SessionAuth;
    /** A one-time message for the next page, e.g. "Facilitator added". */
    flash: string;
  }
}

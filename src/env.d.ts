declare namespace App {
  interface Locals {
    /** The signed-in facilitator (password and second step), loaded by src/middleware.ts; null for everyone else. */
    facilitator: import('./lib/accounts/facilitators').Facilitator | null;
    /** A session with the password only (half signed in): who, and whether they have a factor to give. Null otherwise. */
    secondStep: { facilitator: import('./lib/accounts/facilitators').Facilitator; hasFactor: boolean } | null;
    /** This session's CSRF token, for the `csrf` field of every moderation form; null when signed out. */
    csrfToken: string | null;
  }

  interface SessionData {
    /** Who is signed in and since when (src/lib/accounts/session.ts). */
    auth: import('./lib/accounts/session').SessionAuth;
    /** A one-time message for the next page, e.g. "Facilitator added". */
    flash: string;
    /** The passkey challenge the browser was given, used once (src/lib/accounts/twoStepSession.ts). */
    passkeyChallenge: import('./lib/accounts/twoStepSession').PasskeyChallenge;
    /** An authenticator-app secret being set up, sealed (src/lib/accounts/secondFactors.ts). */
    totpSetup: string;
    /** New recovery codes to show once, sealed. */
    recoveryCodes: string;
  }
}

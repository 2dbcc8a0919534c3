// The alert worker, in every server process: every few seconds it turns what arrived into digests
// and urgent alerts, checks for items nobody has opened, and sends what is queued, one email at a
// time, each claimed in the store first so that with several servers each goes once. A failure
// backs off (schedule.ts) and is logged with codes only. Its clock is a parameter, for tests.
import type { Store } from '../store/store.ts';
import type { FacilitatorAccount } from '../accounts/facilitators.ts';
import { renderEmail, type EmailContext } from './emails.ts';
import { createMailer, describeFailure, mailSettings, type Mailer } from './mailer.ts';
import { planDigests } from './digests.ts';
import { planReminders } from './reminders.ts';
import type { Places } from './recipients.ts';
import { GIVE_UP_AFTER_MS, HOLD_MS, retryDelay } from './schedule.ts';
import { placeName, places, site } from '../config.ts';

export interface AlertWorkerOptions {
  store: Store;
  /** Null while mail is off (no SMTP_URL): arrivals are let go and nothing is sent. */
  mailer: Mailer | null;
  email: EmailContext;
  places: Places;
  now?: () => number;
  log?: (line: string) => void;
}

/** Reminders wait hours: looking once a minute is plenty. */
const REMINDER_CHECK_MS = 60_000;
/** Emails sent in one tick at most; the rest go in the next. */
const SENDS_PER_TICK = 50;
const iso = (ms: number) => new Date(ms).toISOString();

export interface People {
  facilitators: readonly FacilitatorAccount[];
  digestOff: ReadonlySet<string>;
}

export class AlertWorker {
  readonly #store: Store;
  readonly #mailer: Mailer | null;
  readonly #email: EmailContext;
  readonly #places: Places;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  #failures = 0;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #remindersCheckedAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ticking: Promise<void> | undefined;
  #stopped = false;

  constructor(options: AlertWorkerOptions) {
    this.#store = options.store;
    this.#mailer = options.mailer;
    this.#email = options.email;
    this.#places = options.places;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? ((line) => console.error(line));
  }

  /** One round: plan what is due now, then send what is queued. */
  async tick(): Promise<void> {
    const now = this.#now();
    let people: Promise<People> | undefined;
    const loadPeople = () =>
      (people ??= Promise.all([this.#store.facilitators.list(), this.#store.alerts.digestOff()]).then(([facilitators, off]) => ({ facilitators, digestOff: new Set(off) })));
    await planDigests(this.#store, now, { people: loadPeople, places: this.#places, mail: this.#mailer !== null });
    if (!this.#mailer) return;
    if (now - this.#remindersCheckedAt >= REMINDER_CHECK_MS) {
      this.#remindersCheckedAt = now;
      await planReminders(this.#store, now, { people: loadPeople, places: this.#places });
    }
    await this.#send(this.#mailer, now);
  }

  async #send(mailer: Mailer, now: number): Promise<void> {
    if (now < this.#pausedUntil) return;
    for (let sent = 0; sent < SENDS_PER_TICK; sent++) {
      const queued = await this.#store.alerts.claimEmail(iso(now), iso(now + HOLD_MS));
      if (!queued) return;
      const account = await this.#store.facilitators.byId(queued.to);
      if (!account || account.disabled) {
        await this.#store.alerts.finish(queued.id);
        continue;
      }
      const { subject, text } = renderEmail(queued.email, this.#email);
      try {
        await mailer.send(account.email, subject, text);
        await this.#store.alerts.finish(queued.id);
        this.#failures = 0;
      } catch (error) {
        const failure = describeFailure(error);
        const at = this.#now();
        if (failure.permanent || at - Date.parse(queued.createdAt) >= GIVE_UP_AFTER_MS) {
          await this.#store.alerts.finish(queued.id);
          this.#log(`Voices gave up on an alert email after ${queued.attempts} ${queued.attempts === 1 ? 'try' : 'tries'}: ${failure.summary}`);
          continue;
        }
        this.#failures++;
        await this.#store.alerts.retry(queued.id, iso(at + retryDelay(queued.attempts)));
        // The server is likely down for every email: wait before trying any.
        this.#pausedUntil = at + retryDelay(this.#failures);
        this.#log(`Voices could not send an alert email (try ${queued.attempts}): ${failure.summary}; trying again in ${Math.round(retryDelay(this.#failures) / 1000)} s`);
        return;
      }
    }
  }

  /** Ticks every `everyMs` until stop(), one at a time, without keeping the process alive. */
  start(everyMs = 5_000): void {
    const run = () => {
      this.#ticking = this.tick()
        .catch((error: unknown) => this.#log(`Voices' alert worker failed a round: ${describeFailure(error).summary}`))
        .finally(() => {
          this.#ticking = undefined;
          if (!this.#stopped) {
            this.#timer = setTimeout(run, everyMs);
            this.#timer.unref();
          }
        });
    };
    run();
  }

  /** Stops ticking, waits for the round under way, and closes the mail connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#ticking;
    this.#mailer?.close();
  }
}

/** The server's worker, as the environment sets it (SMTP_URL, MAIL_FROM, SITE_URL); a bad SMTP_URL throws. */
export function startAlertWorker(store: Store, env: NodeJS.ProcessEnv = process.env): AlertWorker {
  const settings = mailSettings(env);
  const worker = new AlertWorker({
    store,
    mailer: settings && createMailer(settings),
    email: { siteName: site.name, siteUrl: (env.SITE_URL ?? 'http://localhost:4321').replace(/\/+$/, ''), placeName },
    places: { places, defaultHub: site.defaultHub },
  });
  worker.start();
  return worker;
}

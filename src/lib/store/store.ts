// Storage only: the Store interface by domain, and the process-wide store. Two implementations:
// the embedded one (lowStore.ts: one lowdb JSON file under DATA_DIR, one process) and PostgreSQL
// (postgres/pgStore.ts: DATABASE_URL, any number of processes). Every method is async, atomic,
// and takes and returns plain values: a record handed out is a copy, never the stored one.
// The records' types live with their domains.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { resolveDataDir } from './dataDir.ts';
import type { FacilitatorAccount } from '../accounts/facilitators.ts';
import type { FactorRef, Passkey, RecoveryCode, SecondFactors, TotpFactor } from '../accounts/secondFactors.ts';
import type { MfaKey } from './mfaKey.ts';
import type { SessionRecord } from '../accounts/session.ts';
import type { AuditEntry } from '../moderation/audit.ts';
import type { TeamNote } from '../moderation/notes.ts';
import type { Presence } from '../moderation/presence.ts';
import type { SecondOpinion } from '../moderation/secondOpinion.ts';
import type { DigestClaim, PlaceDue } from '../alerts/digests.ts';
import type { NewEmail, QueuedEmail } from '../alerts/outbox.ts';
import type { Attention, ReminderClaim, Unopened } from '../alerts/reminders.ts';
import type { Prompt, PromptOutcome } from '../participation/prompts.ts';
import type { WorkshopCode } from '../participation/workshopCodes.ts';
import type { PublishedVersion, Submission, SubmissionKind, SubmissionStatus } from '../sharing/submission.ts';

/** The places a facilitator sees, where null stands for "no place given"; null for every place. */
export type PlaceSet = ReadonlySet<string | null> | null;

export type StatusCounts = Record<SubmissionStatus, number>;

export interface QueueQuery {
  scope: PlaceSet;
  status: SubmissionStatus | 'all';
  kind?: SubmissionKind | undefined;
  /** A place id; null for "no place given"; undefined for any. */
  place?: string | null | undefined;
  promptId?: string | undefined;
  /** Only items with an open request for a second opinion. */
  secondOpinion?: boolean | undefined;
  offset: number;
  limit: number;
}

/** One page of the queue (urgent first, then oldest first), how many match, and counts by status in scope. */
export interface QueuePage {
  items: Submission[];
  total: number;
  counts: StatusCounts;
  /** Items in scope with an open request for a second opinion. */
  secondOpinions: number;
}

/** What a decision changes. */
export type SubmissionChange =
  | { delete: true }
  | {
      delete?: false;
      status: SubmissionStatus;
      /** Written as decidedAt unless the item has one already. */
      firstDecidedAt?: string;
      message?: string | null;
      published?: PublishedVersion | null;
      /** Delete the words (title, body, pen name, flags). */
      eraseText?: boolean;
    };

/** Why a compare-and-set did not happen: what the record is now, and the last thing done to it. */
export interface Conflict {
  ok: false;
  reason: 'changed';
  /** The status now; 'gone' once the record was deleted. */
  now: SubmissionStatus | 'gone';
  /** The latest audit entry for the record, if the log still has one. */
  last: AuditEntry | null;
}

export type CasResult = { ok: true } | { ok: false; reason: 'not-found' } | Conflict;

/** The fields a report counts (reports/report.ts): never any text. */
export type ReportRow = Pick<Submission, 'kind' | 'status' | 'place' | 'promptId' | 'urgent' | 'createdAt' | 'decidedAt'>;

/** A published item for the Voices page. */
export type PublishedItem = Pick<Submission, 'id' | 'kind'> & { published: PublishedVersion };

export interface RetentionDays {
  pending: number;
  concern: number;
  receipt: number;
  audit: number;
}

export interface RetentionReport {
  /** Pending or read items past their time: deleted with their receipt. */
  expired: number;
  /** Safeguarding concerns whose text was deleted. */
  concernTexts: number;
  /** Receipts past their time: the code no longer finds anything. */
  receipts: number;
  auditEntries: number;
  sessions: number;
}

/** Everything a store holds that matters, as one file (`npm run store -- export`, `npm run backup`). */
export interface VoicesExport {
  format: 'voices-export';
  version: 1;
  exportedAt: string;
  /** The server secret, base64: without it no receipt code or form token can be checked. */
  secret: string;
  submissions: Submission[];
  facilitators: FacilitatorAccount[];
  /** Authenticator apps, their secrets sealed under the MFA key, which an export never carries (mfaKey.ts). */
  totp: TotpFactor[];
  passkeys: Passkey[];
  /** Keyed hashes only. */
  recoveryCodes: RecoveryCode[];
  prompts: Prompt[];
  workshopCodes: WorkshopCode[];
  audit: AuditEntry[];
  /** Form token id -> expiry (ms): a form sent before the move still can't be sent twice. */
  usedFormTokens: Record<string, number>;
  /** Team notes on submissions, oldest first. */
  notes: TeamNote[];
  /** Open requests for a second opinion. */
  secondOpinions: SecondOpinion[];
  /** Items someone has opened or that have had reminders. */
  attention: Attention[];
  /** Facilitators who turned the digest email off. */
  digestOff: string[];
}

export interface RateWindow {
  /** Keeps one limiter's keys apart from another's in a shared table. */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}

export interface Store {
  readonly kind: 'embedded' | 'postgres';
  /** The 32-byte server secret: keys receipt hashes, form tokens and sign-in counters. */
  readonly secret: Buffer;
  /** The key authenticator-app secrets are sealed under (mfaKey.ts): kept apart from the data. */
  readonly mfaKey: MfaKey;

  submissions: {
    /** Stores a new submission, spending its form token and recording its arrival for alerts in the same change; false if the token was spent. */
    create(submission: Submission, token: { id: string; expiresAt: number }): Promise<boolean>;
    get(id: string): Promise<Submission | null>;
    /** Those of ids that exist, in no particular order. */
    getMany(ids: readonly string[]): Promise<Submission[]>;
    byReceiptHash(hash: string): Promise<Submission | null>;
    queue(query: QueueQuery): Promise<QueuePage>;
    /** Published words, newest first. */
    published(offset: number, limit: number): Promise<{ items: PublishedItem[]; total: number }>;
    /** Published answers to a prompt within scope, in the order they were published. */
    publishedAnswers(promptId: string, scope: PlaceSet): Promise<Submission[]>;
    /** How many answers each prompt has within scope. */
    answerCounts(scope: PlaceSet): Promise<Map<string, number>>;
    /** Pending items and how many of them are urgent, by place ('none' for no place). */
    pendingByPlace(): Promise<Record<string, { pending: number; urgent: number }>>;
    /** What arrived between two instants (inclusive), within scope. */
    reportRows(scope: PlaceSet, from: string, to: string): Promise<ReportRow[]>;
    /**
     * Compare-and-set: the change happens, with its audit entry, only while the status is still
     * `expected`. It closes any request for a second opinion; erasing the words erases the notes too.
     */
    decide(id: string, expected: SubmissionStatus, change: SubmissionChange, audit: AuditEntry): Promise<CasResult>;
  };

  /** A team's work on one item: notes, second opinions, and who has it open (moderation/). */
  team: {
    /** Adds a note with its audit entry while the item keeps its words; false if it is gone or its words were erased. */
    addNote(note: TeamNote, audit: AuditEntry): Promise<boolean>;
    /** An item's notes, oldest first. */
    notes(itemId: string): Promise<TeamNote[]>;
    /**
     * Marks the item as needing a second opinion and adds the note that asks, with its audit entry, as
     * one change: 'asked' if it has an open request already, 'closed' if it is gone or its words were erased.
     */
    askSecondOpinion(note: TeamNote, audit: AuditEntry): Promise<'ok' | 'asked' | 'closed'>;
    /** The open request for a second opinion on each of these items that has one (a decision closes it). */
    secondOpinions(itemIds: readonly string[]): Promise<SecondOpinion[]>;
    /**
     * A facilitator views the item at `at`: records its first opening, shows them as having it open
     * until `until`, and returns the others who have it open at `at`; null if there is no such item.
     */
    view(itemId: string, facilitatorId: string, at: string, until: string): Promise<Presence[] | null>;
    /** The others who have the item open at `at`, changing nothing: for a page drawn again after a form, which is not a view. */
    present(itemId: string, facilitatorId: string, at: string): Promise<Presence[]>;
  };

  /** Email alerts (alerts/): what arrived, unopened items, the emails waiting to go, who turned the digest off. */
  alerts: {
    /** Places with arrivals (recorded by submissions.create) that no claim has covered yet. */
    due(): Promise<PlaceDue[]>;
    /**
     * Compare-and-set: while the place's last digest time is still claim.lastDigestAt, lets go of
     * claim.arrivals and queues the emails (then claim.at is its last digest time), as one change; false if not.
     */
    claimDigest(claim: DigestClaim, emails: NewEmail[]): Promise<boolean>;
    /** Pending items nobody has opened with `reminders` reminders so far, the last (or, with none, their arrival) before `before`. */
    unopened(reminders: number, before: string): Promise<Unopened[]>;
    /**
     * Compare-and-set: while every item is still unopened with claim.reminders - 1 reminders, counts
     * this reminder at claim.at and queues the emails, as one change; false if not.
     */
    claimReminders(claim: ReminderClaim, emails: NewEmail[]): Promise<boolean>;
    /** One queued email due by `now` that no server holds, now held until `until`, with this attempt counted; null if none. */
    claimEmail(now: string, until: string): Promise<QueuedEmail | null>;
    /** Sent, or given up: removes it. */
    finish(id: string): Promise<void>;
    /** Not sent: lets go of it until `at`. */
    retry(id: string, at: string): Promise<void>;
    /** The facilitators who turned the digest off. */
    digestOff(): Promise<string[]>;
    /** Turns a facilitator's digest on or off, with its audit entry. */
    setDigest(facilitatorId: string, on: boolean, audit: AuditEntry): Promise<void>;
  };

  facilitators: {
    /** Adds the account with its audit entry; false if the email is taken. */
    add(account: FacilitatorAccount, audit: AuditEntry): Promise<boolean>;
    /** Every account in the order they were added. */
    list(): Promise<FacilitatorAccount[]>;
    byEmail(email: string): Promise<FacilitatorAccount | null>;
    byId(id: string): Promise<FacilitatorAccount | null>;
    /** Disables it and moves its sessions' valid-from time to audit.at; null if there is no such account. */
    disable(id: string, audit: AuditEntry): Promise<FacilitatorAccount | null>;
    /** A new hash; its sessions' valid-from time moves to audit.at. Null if there is no such account. */
    setPassword(id: string, passwordHash: string, audit: AuditEntry): Promise<FacilitatorAccount | null>;
  };

  /** Facilitators' second factors (accounts/secondFactors.ts). Changes to one account's factors happen one at a time. */
  secondFactors: {
    /** Everything the account has for the second step: passkeys in the order added. */
    of(facilitatorId: string): Promise<SecondFactors>;
    /** Sets the account's authenticator app, replacing any it had, with its audit entry; false if there is no such account. */
    setTotp(totp: TotpFactor, audit: AuditEntry): Promise<boolean>;
    /** Compare-and-set: records `step` as the app's last used step only if it is later; false if not (a code used again) or no app. */
    useTotpStep(facilitatorId: string, step: number): Promise<boolean>;
    /** Adds a passkey with its audit entry; false if there is no such account or the credential is registered already. */
    addPasskey(passkey: Passkey, audit: AuditEntry): Promise<boolean>;
    /** Compare-and-set: the counter moves on to `counter` (0 stays 0 for authenticators that keep none); false if it would not move on. */
    usePasskey(id: string, counter: number, at: string): Promise<boolean>;
    /** Replaces the account's recovery codes with these, with its audit entry; false if there is no such account. */
    setRecoveryCodes(facilitatorId: string, codes: RecoveryCode[], audit: AuditEntry): Promise<boolean>;
    /** Compare-and-set: spends the code with this hash, with its audit entry; false if it is not there (used, replaced, never made). */
    useRecoveryCode(facilitatorId: string, hash: string, audit: AuditEntry): Promise<boolean>;
    /** Removes one factor, with its audit entry, unless it is the account's last passkey or app. */
    remove(facilitatorId: string, factor: FactorRef, audit: AuditEntry): Promise<'removed' | 'last' | 'not-found'>;
    /** Removes every factor and recovery code and moves the sessions' valid-from time to audit.at; null if there is no such account. */
    reset(facilitatorId: string, audit: AuditEntry): Promise<FacilitatorAccount | null>;
  };

  /** Astro's session data for signed-in facilitators (accounts/sessionDriver.ts). */
  sessions: {
    /** The session's value unless it has expired by now. */
    get(id: string, now: number): Promise<string | null>;
    /** Writes it, dropping sessions that expired by now. */
    set(record: SessionRecord, now: number): Promise<void>;
    remove(id: string): Promise<void>;
  };

  formTokens: {
    /** Whether a form token has been used (it is spent by submissions.create). */
    spent(id: string): Promise<boolean>;
  };

  prompts: {
    create(prompt: Prompt, audit: AuditEntry): Promise<void>;
    get(id: string): Promise<Prompt | null>;
    /** Prompts to the whole network and to these places (every place for null), newest first. */
    list(places: ReadonlySet<string> | null): Promise<Prompt[]>;
    /** Prompts open on a UK day (YYYY-MM-DD), closing soonest first. */
    openOn(day: string): Promise<Prompt[]>;
    /** Prompts closed by a UK day with an outcome written, newest outcome first. */
    withOutcomes(day: string): Promise<Prompt[]>;
    /** Compare-and-set: closes it unless it is closed already on that UK day. */
    close(id: string, day: string, audit: AuditEntry): Promise<{ ok: true } | { ok: false; prompt: Prompt | null }>;
    /** Compare-and-set: writes the outcome only while the one there was written at `expectedAt` (null: none yet). */
    saveOutcome(id: string, expectedAt: string | null, outcome: PromptOutcome, audit: AuditEntry): Promise<{ ok: true } | { ok: false; prompt: Prompt | null }>;
  };

  workshopCodes: {
    /** Adds the code, first dropping codes that expired before dropBefore; false if a listed code has the same text. */
    create(code: WorkshopCode, audit: AuditEntry, dropBefore: string): Promise<boolean>;
    get(id: string): Promise<WorkshopCode | null>;
    /** Every code with this text (normalised), live or expired. */
    withCode(code: string): Promise<WorkshopCode[]>;
    /** Codes for these places that expire after `since`. */
    list(places: ReadonlySet<string>, since: string): Promise<WorkshopCode[]>;
    /** Compare-and-set: ends it at audit.at unless it has expired by then. */
    end(id: string, audit: AuditEntry): Promise<{ ok: true } | { ok: false; code: WorkshopCode | null }>;
  };

  audit: {
    record(entry: AuditEntry): Promise<void>;
    /** Newest first. */
    page(offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number }>;
  };

  rateLimits: {
    /** A counter of attempts per key in fixed windows, shared by every process using this store. */
    window(options: RateWindow): RateLimiterAbstract;
    /** The random key of a UTC day (days since the epoch) that client addresses are hashed under. */
    dailyKey(day: number): Promise<Buffer>;
  };

  /** Deletes what is past its time (docs/safeguarding.md), with audit entries, as one change. */
  applyRetention(days: RetentionDays, now: number): Promise<RetentionReport>;

  /** Everything, as one consistent snapshot. */
  exportAll(): Promise<VoicesExport>;
  /** Loads an export into an empty store as one change (StoreNotEmptyError otherwise). */
  importAll(data: VoicesExport): Promise<void>;

  /** Finishes pending writes and lets go of the store. */
  close(): Promise<void>;
}

export class StoreNotEmptyError extends Error {
  constructor(where: string) {
    super(`The store at ${where} already holds data. Import only into an empty store: nothing was changed.`);
    this.name = 'StoreNotEmptyError';
  }
}

/**
 * Where the store is: PostgreSQL when DATABASE_URL is set, else the embedded store in DATA_DIR; with
 * MFA_KEY's value (mfaKey.ts), required with PostgreSQL.
 */
export type StoreLocation = ({ databaseUrl: string } | { dataDir: string }) & { mfaKey?: string | undefined };

export function storeLocation(env: NodeJS.ProcessEnv = process.env): StoreLocation {
  const mfaKey = env.MFA_KEY || undefined;
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, mfaKey };
  return { dataDir: resolveDataDir(env), mfaKey };
}

/** Where a location is, for messages: never a password. */
export function describeLocation(location: StoreLocation): string {
  if ('dataDir' in location) return `DATA_DIR ${location.dataDir}`;
  try {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.hostname || 'localhost'}`;
  } catch {
    return 'the PostgreSQL database in DATABASE_URL';
  }
}

/** Opens the store at a location: the embedded one locks DATA_DIR; PostgreSQL runs its migrations first. */
export async function openStore(location: StoreLocation = storeLocation(), options: { now?: () => number } = {}): Promise<Store> {
  if ('databaseUrl' in location) {
    const { openPostgresStore } = await import('./postgres/pgStore.ts');
    return openPostgresStore(location.databaseUrl, location.mfaKey);
  }
  const { openEmbeddedStore } = await import('./lowStore.ts');
  return openEmbeddedStore(location.dataDir, { ...options, mfaKey: location.mfaKey });
}

// Kept on globalThis: server.mjs opens the store at start and the built Astro bundle carries its
// own copy of this module, and both must use the one store (which, embedded, holds the lock).
const SHARED = Symbol.for('voices.store');
const holder = globalThis as { [SHARED]?: Promise<Store> };

/** The process-wide store, opened once where storeLocation() says. */
export function getStore(): Promise<Store> {
  holder[SHARED] ??= openStore().catch((error: unknown) => {
    // Let a later call try again, e.g. once the other process has stopped.
    delete holder[SHARED];
    throw error;
  });
  return holder[SHARED];
}

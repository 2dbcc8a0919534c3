// The embedded store: the run-time data in one lowdb JSON file under DATA_DIR, read once at start,
// changed in memory and written durably (durableJsonFile.ts), one process (lock.ts). Every method
// copies what it hands out, and makes its whole change inside one update, so it is atomic.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { loadOrCreateSecret, prepareDataDir, replaceSecret } from './dataDir.ts';
import { DurableJsonFile } from './durableJsonFile.ts';
import { acquireLock, releaseLock } from './lock.ts';
import { checkExport, damagedExport, repeatedKey } from './exportFile.ts';
import { checkSealedUnder, loadEmbeddedMfaKey, type MfaKey } from './mfaKey.ts';
import {
  StoreNotEmptyError,
  type CasResult,
  type PlaceSet,
  type QueuePage,
  type QueueQuery,
  type RetentionDays,
  type RetentionReport,
  type StatusCounts,
  type Store,
  type SubmissionChange,
  type VoicesExport,
} from './store.ts';
import type { FacilitatorAccount } from '../accounts/facilitators.ts';
import type { Passkey, RecoveryCode, TotpFactor } from '../accounts/secondFactors.ts';
import type { SessionRecord } from '../accounts/session.ts';
import { TEAM_ACTIONS, type AuditEntry } from '../moderation/audit.ts';
import type { TeamNote } from '../moderation/notes.ts';
import type { Presence } from '../moderation/presence.ts';
import type { SecondOpinion } from '../moderation/secondOpinion.ts';
import type { NewEmail, QueuedEmail } from '../alerts/outbox.ts';
import type { Attention } from '../alerts/reminders.ts';
import type { Prompt } from '../participation/prompts.ts';
import type { WorkshopCode } from '../participation/workshopCodes.ts';
import { eraseText, SUBMISSION_STATUSES, type Submission } from '../sharing/submission.ts';

/** The data file's shape (voices.json). */
export interface VoicesData {
  version: 1;
  submissions: Submission[];
  /** Form token id -> expiry (ms since epoch); expired entries are dropped on each update. */
  usedFormTokens: Record<string, number>;
  facilitators: FacilitatorAccount[];
  /** Authenticator apps, one per account at most; secrets sealed under the MFA key (mfaKey.ts), which is not in this file. */
  totp: TotpFactor[];
  passkeys: Passkey[];
  /** Keyed hashes of unused recovery codes. */
  recoveryCodes: RecoveryCode[];
  /** Astro session data for signed-in facilitators (sessionDriver.ts). */
  sessions: SessionRecord[];
  /** Append-only: who did what to which id, and when. Never text. */
  audit: AuditEntry[];
  /** Questions put to young people, with their "You said, we did" outcomes. */
  prompts: Prompt[];
  /** Workshop codes; expired ones are dropped a day after they expire. */
  workshopCodes: WorkshopCode[];
  /** Team notes on submissions (moderation/notes.ts), oldest first. */
  notes: TeamNote[];
  /** Open requests for a second opinion (moderation/secondOpinion.ts). */
  secondOpinions: SecondOpinion[];
  /** Items someone has opened or that have had reminders (alerts/reminders.ts). */
  attention: Attention[];
  /** Who has an item open (moderation/presence.ts); expired entries are dropped on each view. */
  presence: Presence[];
  /** Submissions no alert has covered yet (alerts/digests.ts). */
  arrivals: Arrival[];
  /** Each place's last digest or urgent alert. */
  lastDigests: { place: string | null; at: string }[];
  /** Alert emails waiting to go (alerts/outbox.ts). */
  outbox: QueuedEmail[];
  /** Facilitators who turned the digest off, sorted. */
  digestOff: string[];
}

interface Arrival {
  itemId: string;
  place: string | null;
  urgent: boolean;
}

const LATER_LISTS = ['prompts', 'workshopCodes', 'totp', 'passkeys', 'recoveryCodes', 'notes', 'secondOpinions', 'attention', 'presence', 'arrivals', 'lastDigests', 'outbox', 'digestOff'] as const;

function emptyData(): VoicesData {
  return {
    version: 1, submissions: [], usedFormTokens: {}, facilitators: [], totp: [], passkeys: [], recoveryCodes: [], sessions: [], audit: [], prompts: [], workshopCodes: [],
    notes: [], secondOpinions: [], attention: [], presence: [], arrivals: [], lastDigests: [], outbox: [], digestOff: [],
  };
}

/** Fields added after version 1 was first written: a file from before them gets them empty. */
function addLaterFields(value: unknown): void {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) return;
  const data = value as Partial<Record<(typeof LATER_LISTS)[number] | 'facilitators', unknown>>;
  for (const list of LATER_LISTS) data[list] ??= [];
  if (Array.isArray(data.facilitators)) for (const f of data.facilitators as Partial<FacilitatorAccount>[]) f.sessionsValidFrom ??= null;
}

function isVoicesData(value: unknown): value is VoicesData {
  const data = value as Partial<Record<keyof VoicesData, unknown>> | null;
  return (
    typeof data === 'object' &&
    data !== null &&
    data.version === 1 &&
    Array.isArray(data.submissions) &&
    typeof data.usedFormTokens === 'object' &&
    data.usedFormTokens !== null &&
    !Array.isArray(data.usedFormTokens) &&
    Array.isArray(data.facilitators) &&
    Array.isArray(data.sessions) &&
    Array.isArray(data.audit) &&
    LATER_LISTS.every((list) => Array.isArray(data[list]))
  );
}

/** Reads a data file's content as VoicesData, or explains why it is not one. */
export function parseVoicesData(value: unknown, file: string): VoicesData {
  addLaterFields(value);
  if (!isVoicesData(value)) {
    throw new Error(
      `${file} is not a Voices data file (version 1). ` +
        'Refusing to start so the data in it is not overwritten: restore it from a backup or move it aside.',
    );
  }
  return value;
}

/** The data file and the secret as an export (`npm run backup` reads the file without the lock). */
export function exportOf(data: VoicesData, secret: Buffer, now = Date.now()): VoicesExport {
  return structuredClone({
    format: 'voices-export',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    secret: secret.toString('base64'),
    submissions: data.submissions,
    facilitators: data.facilitators,
    totp: data.totp,
    passkeys: data.passkeys,
    recoveryCodes: data.recoveryCodes,
    prompts: data.prompts,
    workshopCodes: data.workshopCodes,
    audit: data.audit,
    usedFormTokens: data.usedFormTokens,
    notes: data.notes,
    // In the order of the submissions they are about, as PostgreSQL exports them.
    secondOpinions: inItemOrder(data, data.secondOpinions),
    attention: inItemOrder(data, data.attention),
    digestOff: data.digestOff,
  });
}

function inItemOrder<T extends { itemId: string }>(data: VoicesData, records: T[]): T[] {
  const position = new Map(data.submissions.map((s, i) => [s.id, i]));
  return [...records].sort((a, b) => (position.get(a.itemId) ?? 0) - (position.get(b.itemId) ?? 0));
}

const copy = structuredClone;
// ISO times in one format sort as plain strings; localeCompare is far slower and means the same.
const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const zeroCounts = () => Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0])) as StatusCounts;
const visibleIn = (scope: PlaceSet) => (place: string | null) => scope === null || scope.has(place);

// Sweeping walks every token, so at most once a minute: an expired token is refused by its own
// signed time anyway (sharing/share.ts), so one kept a minute longer changes nothing.
const TOKEN_SWEEP_MS = 60_000;
const DAY = 86_400_000;

class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  readonly #dir: string;
  readonly #db: Low<VoicesData>;
  readonly #adapter: DurableJsonFile<VoicesData>;
  readonly #now: () => number;
  readonly #release: () => void;
  readonly mfaKey: MfaKey;
  #secret: Buffer;
  // Positions in data.submissions; a hit is checked against the record, a miss after a change rebuilds.
  readonly #byId = new Map<string, number>();
  readonly #byReceipt = new Map<string, number>();
  #indexStale = true;
  #version = 0;
  #queueIndex: { version: number; sorted: Submission[]; countsByPlace: Map<string | null, StatusCounts> } | null = null;
  #publishedIndex: { version: number; items: Submission[] } | null = null;
  #tokensSweptAt = Number.NEGATIVE_INFINITY;
  #closed = false;
  readonly #dailyKeys = new Map<number, Buffer>();

  constructor(dir: string, db: Low<VoicesData>, adapter: DurableJsonFile<VoicesData>, keys: { secret: Buffer; mfaKey: MfaKey }, now: () => number, release: () => void) {
    this.#dir = dir;
    this.mfaKey = keys.mfaKey;
    this.#db = db;
    this.#adapter = adapter;
    this.#secret = keys.secret;
    this.#now = now;
    this.#release = release;
  }

  get secret(): Buffer {
    return this.#secret;
  }

  get #data(): VoicesData {
    return this.#db.data;
  }

  /** The one way data changes: fn runs on the data, then one grouped durable write. Check before changing. */
  async #update<T>(fn: (data: VoicesData) => T): Promise<T> {
    if (this.#closed) throw new Error('The Voices store is closed.');
    let result!: T;
    await this.#db.update((data) => {
      try {
        result = fn(data);
      } finally {
        this.#indexStale = true;
        this.#version++;
      }
      const now = this.#now();
      if (now - this.#tokensSweptAt >= TOKEN_SWEEP_MS) {
        for (const [token, expiresAt] of Object.entries(data.usedFormTokens)) if (expiresAt <= now) delete data.usedFormTokens[token];
        this.#tokensSweptAt = now;
      }
    });
    return result;
  }

  #find(index: Map<string, number>, key: string, matches: (s: Submission) => boolean): Submission | undefined {
    const list = this.#data.submissions;
    const at = (i: number | undefined) => (i === undefined ? undefined : list[i]);
    const hit = at(index.get(key));
    if (hit && matches(hit)) return hit;
    if (!this.#indexStale) return undefined;
    this.#byId.clear();
    this.#byReceipt.clear();
    list.forEach((s, position) => {
      this.#byId.set(s.id, position);
      if (s.receiptHash) this.#byReceipt.set(s.receiptHash, position);
    });
    this.#indexStale = false;
    const again = at(index.get(key));
    return again && matches(again) ? again : undefined;
  }

  #submission(id: string): Submission | undefined {
    return this.#find(this.#byId, id, (s) => s.id === id);
  }

  /** The last thing done to an item, team work aside. */
  #lastAudit(target: string): AuditEntry | null {
    const audit = this.#data.audit;
    for (let i = audit.length - 1; i >= 0; i--) if (audit[i]!.target === target && !TEAM_ACTIONS.includes(audit[i]!.action)) return copy(audit[i]!);
    return null;
  }

  /** The queue's order (urgent first, then oldest first), with counts per place: worked out once per change. */
  #queueOrder() {
    if (this.#queueIndex?.version !== this.#version) {
      const sorted = [...this.#data.submissions].sort((a, b) => Number(b.urgent) - Number(a.urgent) || byTime(a.createdAt, b.createdAt));
      const countsByPlace = new Map<string | null, StatusCounts>();
      for (const item of sorted) {
        let counts = countsByPlace.get(item.place);
        if (!counts) countsByPlace.set(item.place, (counts = zeroCounts()));
        counts[item.status]++;
      }
      this.#queueIndex = { version: this.#version, sorted, countsByPlace };
    }
    return this.#queueIndex;
  }

  submissions: Store['submissions'] = {
    create: (submission, token) =>
      this.#update((data) => {
        if (token.id in data.usedFormTokens) return false;
        data.usedFormTokens[token.id] = token.expiresAt;
        data.submissions.push(copy(submission));
        data.arrivals.push({ itemId: submission.id, place: submission.place, urgent: submission.urgent });
        return true;
      }),
    get: async (id) => {
      const found = this.#submission(id);
      return found ? copy(found) : null;
    },
    getMany: async (ids) => ids.flatMap((id) => {
      const found = this.#submission(id);
      return found ? [copy(found)] : [];
    }),
    byReceiptHash: async (hash) => {
      if (!hash) return null;
      const found = this.#find(this.#byReceipt, hash, (s) => s.receiptHash === hash);
      return found ? copy(found) : null;
    },
    queue: async (query: QueueQuery): Promise<QueuePage> => {
      const index = this.#queueOrder();
      const visible = visibleIn(query.scope);
      const counts = zeroCounts();
      for (const [place, placeCounts] of index.countsByPlace) {
        if (!visible(place)) continue;
        for (const status of SUBMISSION_STATUSES) counts[status] += placeCounts[status];
      }
      const asked = new Set(this.#data.secondOpinions.map((o) => o.itemId));
      const matching = index.sorted.filter(
        (item) =>
          (query.status === 'all' || item.status === query.status) &&
          visible(item.place) &&
          (!query.kind || item.kind === query.kind) &&
          (query.place === undefined || item.place === query.place) &&
          (!query.promptId || item.promptId === query.promptId) &&
          (!query.secondOpinion || asked.has(item.id)),
      );
      const secondOpinions = [...asked].filter((id) => {
        const item = this.#submission(id);
        return item !== undefined && visible(item.place);
      }).length;
      return { items: copy(matching.slice(query.offset, query.offset + query.limit)), total: matching.length, counts, secondOpinions };
    },
    published: async (offset, limit) => {
      if (this.#publishedIndex?.version !== this.#version) {
        const items = this.#data.submissions.filter((s) => s.status === 'published' && s.published).sort((a, b) => byTime(b.published!.at, a.published!.at));
        this.#publishedIndex = { version: this.#version, items };
      }
      const { items } = this.#publishedIndex;
      return { items: items.slice(offset, offset + limit).map((s) => ({ id: s.id, kind: s.kind, published: copy(s.published!) })), total: items.length };
    },
    publishedAnswers: async (promptId, scope) => {
      const visible = visibleIn(scope);
      return copy(
        this.#data.submissions
          .filter((s) => s.promptId === promptId && s.status === 'published' && s.published && visible(s.place))
          .sort((a, b) => byTime(a.published!.at, b.published!.at)),
      );
    },
    answerCounts: async (scope) => {
      const visible = visibleIn(scope);
      const counts = new Map<string, number>();
      for (const s of this.#data.submissions) if (s.promptId && visible(s.place)) counts.set(s.promptId, (counts.get(s.promptId) ?? 0) + 1);
      return counts;
    },
    pendingByPlace: async () => {
      const counts: Record<string, { pending: number; urgent: number }> = {};
      for (const item of this.#data.submissions) {
        if (item.status !== 'pending') continue;
        const place = (counts[item.place ?? 'none'] ??= { pending: 0, urgent: 0 });
        place.pending++;
        if (item.urgent) place.urgent++;
      }
      return counts;
    },
    reportRows: async (scope, from, to) => {
      const visible = visibleIn(scope);
      return this.#data.submissions
        .filter((s) => visible(s.place) && s.createdAt >= from && s.createdAt <= to)
        .map(({ kind, status, place, promptId, urgent, createdAt, decidedAt }) => ({ kind, status, place, promptId, urgent, createdAt, decidedAt }));
    },
    decide: (id, expected, change, audit) =>
      this.#update((data): CasResult => {
        const item = this.#submission(id);
        if (!item) {
          const last = this.#lastAudit(id);
          return last ? { ok: false, reason: 'changed', now: 'gone', last } : { ok: false, reason: 'not-found' };
        }
        if (item.status !== expected) return { ok: false, reason: 'changed', now: item.status, last: this.#lastAudit(id) };
        data.audit.push(copy(audit));
        applyChange(data, item, change);
        return { ok: true };
      }),
  };

  team: Store['team'] = {
    addNote: (note, audit) =>
      this.#update((data) => {
        if (this.#submission(note.itemId)?.body == null) return false;
        data.notes.push(copy(note));
        data.audit.push(copy(audit));
        return true;
      }),
    notes: async (itemId) => copy(this.#data.notes.filter((n) => n.itemId === itemId)),
    askSecondOpinion: (note, audit) =>
      this.#update((data) => {
        if (this.#submission(note.itemId)?.body == null) return 'closed' as const;
        if (data.secondOpinions.some((o) => o.itemId === note.itemId)) return 'asked' as const;
        data.secondOpinions.push({ itemId: note.itemId, by: note.by, at: note.at });
        data.notes.push(copy(note));
        data.audit.push(copy(audit));
        return 'ok' as const;
      }),
    secondOpinions: async (itemIds) => {
      const wanted = new Set(itemIds);
      return copy(this.#data.secondOpinions.filter((o) => wanted.has(o.itemId)));
    },
    view: async (itemId, facilitatorId, at, until) => {
      if (!this.#submission(itemId)) return null;
      return this.#update((data) => {
        if (!this.#submission(itemId)) return null;
        const seen = data.attention.find((a) => a.itemId === itemId);
        if (!seen) data.attention.push({ itemId, openedAt: at, reminders: 0, remindedAt: null });
        else seen.openedAt ??= at;
        data.presence = data.presence.filter((p) => p.until > at);
        const mine = data.presence.find((p) => p.itemId === itemId && p.facilitatorId === facilitatorId);
        if (mine) mine.until = until;
        else data.presence.push({ itemId, facilitatorId, since: at, until });
        return copy(data.presence.filter((p) => p.itemId === itemId && p.facilitatorId !== facilitatorId));
      });
    },
    present: async (itemId, facilitatorId, at) =>
      copy(this.#data.presence.filter((p) => p.itemId === itemId && p.facilitatorId !== facilitatorId && p.until > at).sort((a, b) => a.since.localeCompare(b.since))),
  };

  alerts: Store['alerts'] = {
    due: async () => {
      const due = new Map<string | null, { arrivals: string[]; urgent: boolean }>();
      for (const arrival of this.#data.arrivals) {
        const place = due.get(arrival.place) ?? { arrivals: [], urgent: false };
        place.arrivals.push(arrival.itemId);
        place.urgent ||= arrival.urgent;
        due.set(arrival.place, place);
      }
      return [...due].map(([place, { arrivals, urgent }]) => ({ place, arrivals, urgent, lastDigestAt: this.#lastDigest(place) }));
    },
    claimDigest: (claim, emails) =>
      this.#update((data) => {
        if (this.#lastDigest(claim.place) !== claim.lastDigestAt) return false;
        const covered = new Set(claim.arrivals);
        data.arrivals = data.arrivals.filter((a) => !covered.has(a.itemId));
        if (emails.length > 0) {
          const last = data.lastDigests.find((d) => d.place === claim.place);
          if (last) last.at = claim.at;
          else data.lastDigests.push({ place: claim.place, at: claim.at });
        }
        queueEmails(data, emails, claim.at);
        return true;
      }),
    unopened: async (reminders, before) => {
      const attention = new Map(this.#data.attention.map((a) => [a.itemId, a]));
      return this.#data.submissions
        .filter((s) => {
          if (s.status !== 'pending') return false;
          const seen = attention.get(s.id);
          if (seen?.openedAt) return false;
          if ((seen?.reminders ?? 0) !== reminders) return false;
          return (reminders === 0 ? s.createdAt : seen!.remindedAt!) <= before;
        })
        .map((s) => ({ id: s.id, place: s.place }));
    },
    claimReminders: (claim, emails) =>
      this.#update((data) => {
        const records: Attention[] = [];
        for (const id of claim.ids) {
          if (this.#submission(id)?.status !== 'pending') return false;
          const seen = data.attention.find((a) => a.itemId === id) ?? { itemId: id, openedAt: null, reminders: 0, remindedAt: null };
          if (seen.openedAt !== null || seen.reminders !== claim.reminders - 1) return false;
          records.push(seen);
        }
        for (const seen of records) {
          if (seen.reminders === 0) data.attention.push(seen);
          seen.reminders = claim.reminders;
          seen.remindedAt = claim.at;
        }
        queueEmails(data, emails, claim.at);
        return true;
      }),
    claimEmail: async (now, until) => {
      const ready = (e: QueuedEmail) => e.nextAttemptAt <= now && (e.heldUntil === null || e.heldUntil <= now);
      if (!this.#data.outbox.some(ready)) return null;
      return this.#update((data) => {
        const email = data.outbox.filter(ready).sort((a, b) => byTime(a.nextAttemptAt, b.nextAttemptAt))[0];
        if (!email) return null;
        email.heldUntil = until;
        email.attempts++;
        return copy(email);
      });
    },
    finish: (id) =>
      this.#update((data) => {
        data.outbox = data.outbox.filter((e) => e.id !== id);
      }),
    retry: (id, at) =>
      this.#update((data) => {
        const email = data.outbox.find((e) => e.id === id);
        if (!email) return;
        email.heldUntil = null;
        email.nextAttemptAt = at;
      }),
    digestOff: async () => [...this.#data.digestOff],
    setDigest: (facilitatorId, on, audit) =>
      this.#update((data) => {
        const off = new Set(data.digestOff);
        if (on) off.delete(facilitatorId);
        else off.add(facilitatorId);
        data.digestOff = [...off].sort(byTime);
        data.audit.push(copy(audit));
      }),
  };

  #lastDigest(place: string | null): string | null {
    return this.#data.lastDigests.find((d) => d.place === place)?.at ?? null;
  }

  facilitators: Store['facilitators'] = {
    add: (account, audit) =>
      this.#update((data) => {
        if (data.facilitators.some((f) => f.email === account.email)) return false;
        data.facilitators.push(copy(account));
        data.audit.push(copy(audit));
        return true;
      }),
    list: async () => copy(this.#data.facilitators),
    byEmail: async (email) => copy(this.#data.facilitators.find((f) => f.email === email) ?? null),
    byId: async (id) => copy(this.#data.facilitators.find((f) => f.id === id) ?? null),
    disable: (id, audit) =>
      this.#update((data) => {
        const account = data.facilitators.find((f) => f.id === id);
        if (!account) return null;
        if (!account.disabled) {
          account.disabled = true;
          account.sessionsValidFrom = audit.at;
          data.audit.push(copy(audit));
        }
        return copy(account);
      }),
    setPassword: (id, passwordHash, audit) =>
      this.#update((data) => {
        const account = data.facilitators.find((f) => f.id === id);
        if (!account) return null;
        account.passwordHash = passwordHash;
        account.sessionsValidFrom = audit.at;
        data.audit.push(copy(audit));
        return copy(account);
      }),
  };

  secondFactors: Store['secondFactors'] = {
    of: async (facilitatorId) => {
      const data = this.#data;
      return copy({
        totp: data.totp.find((t) => t.facilitatorId === facilitatorId) ?? null,
        passkeys: data.passkeys.filter((p) => p.facilitatorId === facilitatorId),
        recoveryCodes: data.recoveryCodes.filter((c) => c.facilitatorId === facilitatorId),
      });
    },
    setTotp: (totp, audit) =>
      this.#update((data) => {
        if (!data.facilitators.some((f) => f.id === totp.facilitatorId)) return false;
        data.totp = [...data.totp.filter((t) => t.facilitatorId !== totp.facilitatorId), copy(totp)];
        data.audit.push(copy(audit));
        return true;
      }),
    useTotpStep: async (facilitatorId, step) => {
      const found = this.#data.totp.find((t) => t.facilitatorId === facilitatorId);
      if (!found || found.lastStep >= step) return false;
      return this.#update((data) => {
        // Checked again inside the change: two codes at once, only one moves it on.
        const totp = data.totp.find((t) => t.facilitatorId === facilitatorId);
        if (!totp || totp.lastStep >= step) return false;
        totp.lastStep = step;
        return true;
      });
    },
    addPasskey: (passkey, audit) =>
      this.#update((data) => {
        if (!data.facilitators.some((f) => f.id === passkey.facilitatorId) || data.passkeys.some((p) => p.id === passkey.id)) return false;
        data.passkeys.push(copy(passkey));
        data.audit.push(copy(audit));
        return true;
      }),
    usePasskey: (id, counter, at) =>
      this.#update((data) => {
        const passkey = data.passkeys.find((p) => p.id === id);
        if (!passkey || !counterMovesOn(passkey.counter, counter)) return false;
        passkey.counter = counter;
        passkey.lastUsedAt = at;
        return true;
      }),
    setRecoveryCodes: (facilitatorId, codes, audit) =>
      this.#update((data) => {
        if (!data.facilitators.some((f) => f.id === facilitatorId)) return false;
        data.recoveryCodes = [...data.recoveryCodes.filter((c) => c.facilitatorId !== facilitatorId), ...copy(codes)];
        data.audit.push(copy(audit));
        return true;
      }),
    useRecoveryCode: async (facilitatorId, hash, audit) => {
      const matches = (c: RecoveryCode) => c.facilitatorId === facilitatorId && c.hash === hash;
      if (!this.#data.recoveryCodes.some(matches)) return false;
      return this.#update((data) => {
        const at = data.recoveryCodes.findIndex(matches);
        if (at === -1) return false;
        data.recoveryCodes.splice(at, 1);
        data.audit.push(copy(audit));
        return true;
      });
    },
    remove: (facilitatorId, factor, audit) =>
      this.#update((data) => {
        const hasTotp = data.totp.some((t) => t.facilitatorId === facilitatorId);
        const passkeys = data.passkeys.filter((p) => p.facilitatorId === facilitatorId);
        const exists = factor.kind === 'totp' ? hasTotp : passkeys.some((p) => p.id === factor.id);
        if (!exists) return 'not-found' as const;
        if (Number(hasTotp) + passkeys.length <= 1) return 'last' as const;
        if (factor.kind === 'totp') data.totp = data.totp.filter((t) => t.facilitatorId !== facilitatorId);
        else data.passkeys = data.passkeys.filter((p) => p.id !== factor.id);
        data.audit.push(copy(audit));
        return 'removed' as const;
      }),
    reset: (facilitatorId, audit) =>
      this.#update((data) => {
        const account = data.facilitators.find((f) => f.id === facilitatorId);
        if (!account) return null;
        data.totp = data.totp.filter((t) => t.facilitatorId !== facilitatorId);
        data.passkeys = data.passkeys.filter((p) => p.facilitatorId !== facilitatorId);
        data.recoveryCodes = data.recoveryCodes.filter((c) => c.facilitatorId !== facilitatorId);
        account.sessionsValidFrom = audit.at;
        data.audit.push(copy(audit));
        return copy(account);
      }),
  };

  sessions: Store['sessions'] = {
    get: async (id, now) => this.#data.sessions.find((s) => s.id === id && s.expiresAt > now)?.value ?? null,
    set: (record, now) =>
      this.#update((data) => {
        if (data.sessions.some((s) => s.expiresAt <= now)) data.sessions = data.sessions.filter((s) => s.expiresAt > now);
        const found = data.sessions.find((s) => s.id === record.id);
        if (found) Object.assign(found, copy(record));
        else data.sessions.push(copy(record));
      }),
    remove: async (id) => {
      if (!this.#data.sessions.some((s) => s.id === id)) return;
      await this.#update((data) => {
        data.sessions = data.sessions.filter((s) => s.id !== id);
      });
    },
  };

  formTokens: Store['formTokens'] = {
    spent: async (id) => id in this.#data.usedFormTokens,
  };

  prompts: Store['prompts'] = {
    create: (prompt, audit) =>
      this.#update((data) => {
        data.prompts.push(copy(prompt));
        data.audit.push(copy(audit));
      }),
    get: async (id) => copy(this.#data.prompts.find((p) => p.id === id) ?? null),
    list: async (places) =>
      copy(this.#data.prompts.filter((p) => places === null || p.place === null || places.has(p.place))).sort((a, b) => byTime(b.createdAt, a.createdAt)),
    openOn: async (day) =>
      copy(this.#data.prompts.filter((p) => p.closedAt === null && p.opensOn <= day && day <= p.closesOn)).sort(
        (a, b) => byTime(a.closesOn, b.closesOn) || byTime(a.createdAt, b.createdAt),
      ),
    withOutcomes: async (day) =>
      copy(this.#data.prompts.filter((p) => p.outcome !== null && (p.closedAt !== null || p.closesOn < day))).sort((a, b) => byTime(b.outcome!.at, a.outcome!.at)),
    close: (id, day, audit) =>
      this.#update((data) => {
        const prompt = data.prompts.find((p) => p.id === id);
        if (!prompt || prompt.closedAt !== null || prompt.closesOn < day) return { ok: false as const, prompt: copy(prompt ?? null) };
        prompt.closedAt = audit.at;
        data.audit.push(copy(audit));
        return { ok: true as const };
      }),
    saveOutcome: (id, expectedAt, outcome, audit) =>
      this.#update((data) => {
        const prompt = data.prompts.find((p) => p.id === id);
        if (!prompt || (prompt.outcome?.at ?? null) !== expectedAt) return { ok: false as const, prompt: copy(prompt ?? null) };
        prompt.outcome = copy(outcome);
        data.audit.push(copy(audit));
        return { ok: true as const };
      }),
  };

  workshopCodes: Store['workshopCodes'] = {
    create: (code, audit, dropBefore) =>
      this.#update((data) => {
        const kept = data.workshopCodes.filter((c) => c.expiresAt > dropBefore);
        if (kept.some((c) => c.code === code.code)) return false;
        data.workshopCodes = kept;
        data.workshopCodes.push(copy(code));
        data.audit.push(copy(audit));
        return true;
      }),
    get: async (id) => copy(this.#data.workshopCodes.find((c) => c.id === id) ?? null),
    withCode: async (text) => copy(this.#data.workshopCodes.filter((c) => c.code === text)),
    list: async (places, since) => copy(this.#data.workshopCodes.filter((c) => places.has(c.place) && c.expiresAt > since)),
    end: (id, audit) =>
      this.#update((data) => {
        const code = data.workshopCodes.find((c) => c.id === id);
        if (!code || code.expiresAt <= audit.at) return { ok: false as const, code: copy(code ?? null) };
        code.expiresAt = audit.at;
        data.audit.push(copy(audit));
        return { ok: true as const };
      }),
  };

  audit: Store['audit'] = {
    record: (entry) =>
      this.#update((data) => {
        data.audit.push(copy(entry));
      }),
    page: async (offset, limit) => {
      const entries = this.#data.audit;
      const shown: AuditEntry[] = [];
      // Newest first, without copying the whole log.
      for (let i = entries.length - 1 - offset; i >= 0 && shown.length < limit; i--) shown.push(copy(entries[i]!));
      return { entries: shown, total: entries.length };
    },
  };

  rateLimits: Store['rateLimits'] = {
    window: ({ keyPrefix, points, duration }) => new RateLimiterMemory({ keyPrefix, points, duration }),
    // Only in this process's memory: nothing about it is ever written.
    dailyKey: async (day) => {
      let key = this.#dailyKeys.get(day);
      if (!key) {
        this.#dailyKeys.clear();
        key = randomBytes(32);
        this.#dailyKeys.set(day, key);
      }
      return key;
    },
  };

  applyRetention(days: RetentionDays, now: number): Promise<RetentionReport> {
    return this.#update((data) => retain(data, days, now));
  }

  async exportAll(): Promise<VoicesExport> {
    return exportOf(this.#data, this.#secret, this.#now());
  }

  async importAll(incoming: VoicesExport): Promise<void> {
    const checked = checkExport(incoming);
    const data = this.#data;
    if (data.submissions.length || data.facilitators.length || data.prompts.length || data.workshopCodes.length || data.audit.length || data.digestOff.length) {
      throw new StoreNotEmptyError(`DATA_DIR ${this.#dir}`);
    }
    const repeated = repeatedKey(checked);
    if (repeated !== undefined) throw damagedExport(repeated);
    checkSealedUnder(this.mfaKey, checked.totp.map((t) => t.keyId), 'This export');
    const secret = Buffer.from(checked.secret, 'base64');
    await this.#update((d) => {
      d.submissions = copy(checked.submissions);
      d.facilitators = copy(checked.facilitators);
      d.totp = copy(checked.totp);
      d.passkeys = copy(checked.passkeys);
      d.recoveryCodes = copy(checked.recoveryCodes);
      d.prompts = copy(checked.prompts);
      d.workshopCodes = copy(checked.workshopCodes);
      d.audit = copy(checked.audit);
      d.usedFormTokens = copy(checked.usedFormTokens);
      d.notes = copy(checked.notes);
      d.secondOpinions = copy(checked.secondOpinions);
      d.attention = copy(checked.attention);
      d.digestOff = [...checked.digestOff].sort(byTime);
      d.sessions = [];
      d.presence = [];
      d.arrivals = [];
      d.lastDigests = [];
      d.outbox = [];
    });
    replaceSecret(this.#dir, secret);
    this.#secret = secret;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#adapter.flush();
    this.#release();
  }
}


/** Whether a passkey's signature counter moves on: it must grow, unless the authenticator keeps none (0 and 0). */
const counterMovesOn = (stored: number, next: number): boolean => next > stored || (stored === 0 && next === 0);

/** One decision's change to a stored item (inside an update). It closes a request for a second opinion. */
function applyChange(data: VoicesData, item: Submission, change: SubmissionChange): void {
  if (change.delete) {
    data.submissions.splice(data.submissions.indexOf(item), 1);
    forgetItems(data, new Set([item.id]));
    return;
  }
  if (change.firstDecidedAt) item.decidedAt ??= change.firstDecidedAt;
  if (change.message !== undefined) item.message = change.message;
  if (change.published !== undefined) item.published = copy(change.published);
  item.status = change.status;
  data.secondOpinions = data.secondOpinions.filter((o) => o.itemId !== item.id);
  if (change.eraseText) eraseWords(data, item);
}

/** Deletes an item's words, and the team's notes about them (a request for a second opinion is one). */
function eraseWords(data: VoicesData, item: Submission): void {
  eraseText(item);
  data.notes = data.notes.filter((n) => n.itemId !== item.id);
  data.secondOpinions = data.secondOpinions.filter((o) => o.itemId !== item.id);
}

/** Everything kept about items that are gone. */
function forgetItems(data: VoicesData, ids: ReadonlySet<string>): void {
  if (ids.size === 0) return;
  const kept = <T extends { itemId: string }>(records: T[]) => records.filter((r) => !ids.has(r.itemId));
  data.notes = kept(data.notes);
  data.secondOpinions = kept(data.secondOpinions);
  data.attention = kept(data.attention);
  data.presence = kept(data.presence);
  data.arrivals = kept(data.arrivals);
}

function queueEmails(data: VoicesData, emails: NewEmail[], at: string): void {
  for (const { to, email } of emails) {
    data.outbox.push({ id: randomBytes(12).toString('base64url'), to, email: copy(email), createdAt: at, attempts: 0, nextAttemptAt: at, heldUntil: null });
  }
}

function retain(data: VoicesData, days: RetentionDays, now: number): RetentionReport {
  const report: RetentionReport = { expired: 0, concernTexts: 0, receipts: 0, auditEntries: 0, sessions: 0 };
  const older = (iso: string, limit: number) => now - Date.parse(iso) > limit * DAY;
  const at = new Date(now).toISOString();
  const audit = (action: string, target: string) => data.audit.push({ at, actor: 'system', action, target });
  const gone = new Set<string>();

  data.submissions = data.submissions.filter((item) => {
    if ((item.status === 'pending' || item.status === 'read') && older(item.createdAt, days.pending)) {
      report.expired++;
      audit('expire', item.id);
      gone.add(item.id);
      return false;
    }
    if (item.status === 'concern' && item.body !== null && older(item.decidedAt ?? item.createdAt, days.concern)) {
      eraseWords(data, item);
      report.concernTexts++;
      audit('expire-text', item.id);
    }
    if (item.receiptHash && older(item.createdAt, days.receipt)) {
      item.receiptHash = '';
      report.receipts++;
      // With no words left and no receipt, nothing is left to keep.
      if (item.status !== 'published') {
        audit('expire', item.id);
        gone.add(item.id);
        return false;
      }
    }
    return true;
  });
  forgetItems(data, gone);
  data.presence = data.presence.filter((p) => p.until > at);

  const keepAudit = data.audit.filter((entry) => !older(entry.at, days.audit));
  report.auditEntries = data.audit.length - keepAudit.length;
  data.audit = keepAudit;
  const liveSessions = data.sessions.filter((s) => s.expiresAt > now);
  report.sessions = data.sessions.length - liveSessions.length;
  data.sessions = liveSessions;
  return report;
}

/** Opens the store in dataDir: lock it, make it private, read voices.json once, load the secret. */
export async function openEmbeddedStore(dataDir: string, options: { now?: () => number; mfaKey?: string | undefined } = {}): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = acquireLock(dataDir);
  const release = (): void => {
    process.off('exit', release);
    releaseLock(lockFile);
  };
  process.on('exit', release);
  try {
    prepareDataDir(dataDir);
    const file = join(dataDir, 'voices.json');
    const existed = existsSync(file);
    const adapter = new DurableJsonFile<VoicesData>(file);
    const initial = emptyData();
    const db = new Low(adapter, initial);
    await db.read();
    if (!existed) {
      await db.write();
    } else if (db.data === initial) {
      // Low.read() keeps the defaults when the file holds `null`: that is not our data either.
      parseVoicesData(null, file);
    } else {
      db.data = parseVoicesData(db.data, file);
    }
    const keyIds = db.data.totp.map((t) => t.keyId);
    const mfaKey = loadEmbeddedMfaKey(dataDir, options.mfaKey, keyIds);
    checkSealedUnder(mfaKey, keyIds, file);
    return new EmbeddedStore(dataDir, db, adapter, { secret: loadOrCreateSecret(dataDir), mfaKey }, options.now ?? Date.now, release);
  } catch (error) {
    release();
    throw error;
  }
}

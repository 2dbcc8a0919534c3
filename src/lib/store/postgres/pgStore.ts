// The PostgreSQL store (DATABASE_URL): any number of server processes share it. Every change of
// more than one row is one transaction; compare-and-set changes say in their WHERE clause what
// they expect, so of two at once exactly one stands. Reads are indexed queries (001_initial.sql).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { migrate } from './migrate.ts';
import { checkExport, damagedExport, repeatedKey } from '../exportFile.ts';
import { checkSealedUnder, parseMfaKey, type MfaKey } from '../mfaKey.ts';
import {
  StoreNotEmptyError,
  describeLocation,
  type CasResult,
  type PlaceSet,
  type RetentionReport,
  type StatusCounts,
  type Store,
  type SubmissionChange,
  type VoicesExport,
} from '../store.ts';
import type { FacilitatorAccount } from '../../accounts/facilitators.ts';
import type { Passkey, RecoveryCode, TotpFactor } from '../../accounts/secondFactors.ts';
import { TEAM_ACTIONS, type AuditEntry } from '../../moderation/audit.ts';
import type { TeamNote } from '../../moderation/notes.ts';
import type { Presence } from '../../moderation/presence.ts';
import type { NewEmail, QueuedEmail } from '../../alerts/outbox.ts';
import type { Prompt } from '../../participation/prompts.ts';
import type { WorkshopCode } from '../../participation/workshopCodes.ts';
import { SUBMISSION_STATUSES, type Submission, type SubmissionStatus } from '../../sharing/submission.ts';

type Row = Record<string, unknown>;
type Queryable = pg.Pool | pg.PoolClient;

const DAY = 86_400_000;
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);
// Times come back as the ISO strings the records hold; counts and ms times as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === TIMESTAMPTZ) return (value: string) => (parseTimestamp(value) as Date).toISOString();
    if (oid === INT8) return Number;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

const SUBMISSION_COLUMNS =
  'id, kind, title, body, pen_name, place, prompt_id, warnings, publish, flags, urgent, status, receipt_hash, created_at, decided_at, message, published';

const submissionOf = (r: Row): Submission => ({
  id: r.id as string,
  kind: r.kind as Submission['kind'],
  title: r.title as string | null,
  body: r.body as string | null,
  penName: r.pen_name as string | null,
  place: r.place as string | null,
  promptId: r.prompt_id as string | null,
  warnings: r.warnings as string[],
  publish: r.publish as boolean,
  flags: r.flags as Submission['flags'],
  urgent: r.urgent as boolean,
  status: r.status as SubmissionStatus,
  receiptHash: r.receipt_hash as string,
  createdAt: r.created_at as string,
  decidedAt: r.decided_at as string | null,
  message: r.message as string | null,
  published: r.published as Submission['published'],
});

const facilitatorOf = (r: Row): FacilitatorAccount => ({
  id: r.id as string,
  email: r.email as string,
  role: r.role as FacilitatorAccount['role'],
  place: r.place as string | null,
  passwordHash: r.password_hash as string,
  disabled: r.disabled as boolean,
  createdAt: r.created_at as string,
  sessionsValidFrom: r.sessions_valid_from as string | null,
});

const totpOf = (r: Row): TotpFactor => ({
  facilitatorId: r.facilitator_id as string,
  keyId: r.key_id as string,
  sealedSecret: r.sealed_secret as string,
  lastStep: r.last_step as number,
  createdAt: r.created_at as string,
});

const passkeyOf = (r: Row): Passkey => ({
  id: r.id as string,
  facilitatorId: r.facilitator_id as string,
  name: r.name as string,
  publicKey: r.public_key as string,
  counter: r.counter as number,
  transports: r.transports as string[],
  createdAt: r.created_at as string,
  lastUsedAt: r.last_used_at as string | null,
});

const recoveryCodeOf = (r: Row): RecoveryCode => ({ facilitatorId: r.facilitator_id as string, hash: r.hash as string, createdAt: r.created_at as string });

/** Locks the account's row for the rest of the transaction (changes to its factors go one at a time); false if there is none. */
const lockAccount = async (db: Queryable, facilitatorId: string) => (await db.query('SELECT 1 FROM facilitators WHERE id = $1 FOR UPDATE', [facilitatorId])).rowCount === 1;

const TOTP_INSERT = `INSERT INTO totp_factors (facilitator_id, key_id, sealed_secret, last_step, created_at)
  SELECT "facilitatorId", "keyId", "sealedSecret", "lastStep", "createdAt" FROM jsonb_to_recordset($1::jsonb)
  AS x("facilitatorId" text, "keyId" text, "sealedSecret" text, "lastStep" bigint, "createdAt" timestamptz)`;
const PASSKEY_INSERT = `INSERT INTO passkeys (id, facilitator_id, name, public_key, counter, transports, created_at, last_used_at)
  SELECT id, "facilitatorId", name, "publicKey", counter, transports, "createdAt", "lastUsedAt" FROM jsonb_to_recordset($1::jsonb)
  AS x(id text, "facilitatorId" text, name text, "publicKey" text, counter bigint, transports jsonb, "createdAt" timestamptz, "lastUsedAt" timestamptz)`;
const RECOVERY_CODE_INSERT = `INSERT INTO recovery_codes (facilitator_id, hash, created_at)
  SELECT "facilitatorId", hash, "createdAt" FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS ("facilitatorId" text, hash text, "createdAt" timestamptz))
  WITH ORDINALITY AS x("facilitatorId", hash, "createdAt", n) ORDER BY n`;

const promptOf = (r: Row): Prompt => ({
  id: r.id as string,
  question: r.question as string,
  context: r.context as string,
  place: r.place as string | null,
  opensOn: r.opens_on as string,
  closesOn: r.closes_on as string,
  closedAt: r.closed_at as string | null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  outcome: r.outcome as Prompt['outcome'],
});

const codeOf = (r: Row): WorkshopCode => ({
  id: r.id as string,
  code: r.code as string,
  place: r.place as string,
  promptId: r.prompt_id as string | null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  expiresAt: r.expires_at as string,
});

const auditOf = (r: Row): AuditEntry => ({ at: r.at as string, actor: r.actor as string, action: r.action as string, target: r.target as string | null });

const noteOf = (r: Row): TeamNote => ({
  id: r.id as string,
  itemId: r.item_id as string,
  by: r.facilitator_id as string,
  at: r.at as string,
  text: r.text as string,
  secondOpinion: r.second_opinion as boolean,
});

const presenceOf = (r: Row): Presence => ({ itemId: r.item_id as string, facilitatorId: r.facilitator_id as string, since: r.since as string, until: r.until as string });

const emailOf = (r: Row): QueuedEmail => ({
  id: r.id as string,
  to: r.recipient as string,
  email: r.email as QueuedEmail['email'],
  createdAt: r.created_at as string,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as string,
  heldUntil: r.held_until as string | null,
});

// alert_places keys "no place given" as ''.
const placeKey = (place: string | null) => place ?? '';

/** Thrown inside a transaction to roll it back when a compare-and-set finds things changed. */
class Changed extends Error {}

/** Positional parameters for a query built from parts. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A WHERE condition for a set of places (null in it: no place given); TRUE for every place. */
function scopeCondition(scope: PlaceSet, params: Params): string {
  if (scope === null) return 'TRUE';
  const places = [...scope].filter((p): p is string => p !== null);
  return `(place = ANY(${params.add(places)}::text[])${scope.has(null) ? ' OR place IS NULL' : ''})`;
}

const insertAudit = (db: Queryable, entry: AuditEntry) =>
  db.query('INSERT INTO audit (at, actor, action, target) VALUES ($1, $2, $3, $4)', [entry.at, entry.actor, entry.action, entry.target]);

/** A compare-and-set UPDATE with its audit entry: true if it changed the row, else the record as it is now (null if gone). */
async function changedOrNow<T>(db: Queryable, update: [string, unknown[]], audit: AuditEntry, table: string, id: string, recordOf: (r: Row) => T): Promise<true | T | null> {
  const changed = await db.query(update[0], update[1]);
  if (changed.rowCount === 1) {
    await insertAudit(db, audit);
    return true;
  }
  const { rows } = await db.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
  return rows[0] ? recordOf(rows[0]) : null;
}

/** The last thing done to an item, team work aside. */
async function lastAudit(db: Queryable, target: string): Promise<AuditEntry | null> {
  const { rows } = await db.query('SELECT at, actor, action, target FROM audit WHERE target = $1 AND action <> ALL($2::text[]) ORDER BY seq DESC LIMIT 1', [target, TEAM_ACTIONS]);
  return rows[0] ? auditOf(rows[0]) : null;
}

const SUBMISSION_INSERT = `INSERT INTO submissions (${SUBMISSION_COLUMNS}, published_at)
  SELECT id, kind, title, body, "penName", place, "promptId", warnings, publish, flags, urgent, status, "receiptHash", "createdAt", "decidedAt", message, published, (published->>'at')::timestamptz
  FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, title text, body text, "penName" text, place text, "promptId" text, warnings jsonb, publish boolean,
    flags jsonb, urgent boolean, status text, "receiptHash" text, "createdAt" timestamptz, "decidedAt" timestamptz, message text, published jsonb)`;

const zeroCounts = () => Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0])) as StatusCounts;

class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  readonly #where: string;
  readonly mfaKey: MfaKey;
  #secret: Buffer;
  readonly #dailyKeys = new Map<number, Buffer>();
  #sessionsSweptAt = Number.NEGATIVE_INFINITY;

  constructor(pool: pg.Pool, secret: Buffer, mfaKey: MfaKey, where: string) {
    this.#pool = pool;
    this.mfaKey = mfaKey;
    this.#secret = secret;
    this.#where = where;
  }

  get secret(): Buffer {
    return this.#secret;
  }

  /** fn inside one transaction on one connection: committed if it returns, rolled back if it throws. */
  async #tx<T>(fn: (db: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  #rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return this.#pool.query(text, values).then((result) => result.rows as Row[]);
  }

  submissions: Store['submissions'] = {
    create: (s, token) =>
      this.#tx(async (db) => {
        const spent = await db.query('INSERT INTO used_form_tokens (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [token.id, token.expiresAt]);
        if (spent.rowCount === 0) return false;
        await db.query(SUBMISSION_INSERT, [JSON.stringify([s])]);
        return true;
      }),
    get: async (id) => {
      const [row] = await this.#rows(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = $1`, [id]);
      return row ? submissionOf(row) : null;
    },
    getMany: async (ids) => (await this.#rows(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ANY($1::text[])`, [ids])).map(submissionOf),
    byReceiptHash: async (hash) => {
      if (!hash) return null;
      const [row] = await this.#rows(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE receipt_hash = $1`, [hash]);
      return row ? submissionOf(row) : null;
    },
    queue: async (query) => {
      const params = new Params();
      const where = [scopeCondition(query.scope, params)];
      const countsParams = new Params();
      const countsWhere = scopeCondition(query.scope, countsParams);
      if (query.status !== 'all') where.push(`status = ${params.add(query.status)}`);
      if (query.kind) where.push(`kind = ${params.add(query.kind)}`);
      if (query.place === null) where.push('place IS NULL');
      else if (query.place !== undefined) where.push(`place = ${params.add(query.place)}`);
      if (query.promptId) where.push(`prompt_id = ${params.add(query.promptId)}`);
      if (query.secondOpinion) where.push('second_opinion_by IS NOT NULL');
      const condition = where.join(' AND ');
      const countValues = [...params.values];
      const [items, total, counts] = await Promise.all([
        this.#rows(
          `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${condition} ORDER BY urgent DESC, created_at, seq LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`,
          params.values,
        ),
        this.#rows(`SELECT count(*) AS n FROM submissions WHERE ${condition}`, countValues),
        this.#rows(
          `SELECT status, count(*) AS n, count(*) FILTER (WHERE second_opinion_by IS NOT NULL) AS asked FROM submissions WHERE ${countsWhere} GROUP BY status`,
          countsParams.values,
        ),
      ]);
      const byStatus = zeroCounts();
      let secondOpinions = 0;
      for (const row of counts) {
        if ((row.status as string) in byStatus) byStatus[row.status as SubmissionStatus] = row.n as number;
        secondOpinions += row.asked as number;
      }
      return { items: items.map(submissionOf), total: total[0]!.n as number, counts: byStatus, secondOpinions };
    },
    published: async (offset, limit) => {
      const [items, total] = await Promise.all([
        this.#rows(`SELECT id, kind, published FROM submissions WHERE status = 'published' AND published IS NOT NULL ORDER BY published_at DESC, seq DESC LIMIT $1 OFFSET $2`, [limit, offset]),
        this.#rows(`SELECT count(*) AS n FROM submissions WHERE status = 'published' AND published IS NOT NULL`),
      ]);
      return {
        items: items.map((r) => ({ id: r.id as string, kind: r.kind as Submission['kind'], published: r.published as NonNullable<Submission['published']> })),
        total: total[0]!.n as number,
      };
    },
    publishedAnswers: async (promptId, scope) => {
      const params = new Params();
      const rows = await this.#rows(
        `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE prompt_id = ${params.add(promptId)} AND status = 'published' AND published IS NOT NULL
         AND ${scopeCondition(scope, params)} ORDER BY published_at, seq`,
        params.values,
      );
      return rows.map(submissionOf);
    },
    answerCounts: async (scope) => {
      const params = new Params();
      const rows = await this.#rows(`SELECT prompt_id, count(*) AS n FROM submissions WHERE prompt_id IS NOT NULL AND ${scopeCondition(scope, params)} GROUP BY prompt_id`, params.values);
      return new Map(rows.map((r) => [r.prompt_id as string, r.n as number]));
    },
    pendingByPlace: async () => {
      const rows = await this.#rows(`SELECT place, count(*) AS pending, count(*) FILTER (WHERE urgent) AS urgent FROM submissions WHERE status = 'pending' GROUP BY place`);
      return Object.fromEntries(rows.map((r) => [(r.place as string | null) ?? 'none', { pending: r.pending as number, urgent: r.urgent as number }]));
    },
    reportRows: async (scope, from, to) => {
      const params = new Params();
      const rows = await this.#rows(
        `SELECT kind, status, place, prompt_id, urgent, created_at, decided_at FROM submissions
         WHERE created_at >= ${params.add(from)} AND created_at <= ${params.add(to)} AND ${scopeCondition(scope, params)}`,
        params.values,
      );
      return rows.map((r) => ({
        kind: r.kind as Submission['kind'],
        status: r.status as SubmissionStatus,
        place: r.place as string | null,
        promptId: r.prompt_id as string | null,
        urgent: r.urgent as boolean,
        createdAt: r.created_at as string,
        decidedAt: r.decided_at as string | null,
      }));
    },
    decide: (id, expected, change, audit) =>
      this.#tx(async (db): Promise<CasResult> => {
        const changed = change.delete
          ? await db.query('DELETE FROM submissions WHERE id = $1 AND status = $2', [id, expected])
          : await db.query(...changeQuery(id, expected, change));
        if (changed.rowCount === 1) {
          if (!change.delete && change.eraseText) await db.query('DELETE FROM team_notes WHERE item_id = $1', [id]);
          await insertAudit(db, audit);
          return { ok: true };
        }
        const { rows } = await db.query('SELECT status FROM submissions WHERE id = $1', [id]);
        const last = await lastAudit(db, id);
        if (!rows[0] && !last) return { ok: false, reason: 'not-found' };
        return { ok: false, reason: 'changed', now: (rows[0]?.status as SubmissionStatus | undefined) ?? 'gone', last };
      }),
  };

  team: Store['team'] = {
    addNote: (note, audit) =>
      this.#tx(async (db) => {
        // The share lock waits for a decision erasing the words at this moment, then sees them gone.
        const { rows } = await db.query('SELECT 1 FROM submissions WHERE id = $1 AND body IS NOT NULL FOR SHARE', [note.itemId]);
        if (!rows[0]) return false;
        await insertNote(db, note);
        await insertAudit(db, audit);
        return true;
      }),
    notes: async (itemId) => (await this.#rows('SELECT * FROM team_notes WHERE item_id = $1 ORDER BY seq', [itemId])).map(noteOf),
    askSecondOpinion: (note, audit) =>
      this.#tx(async (db) => {
        const { rows } = await db.query('SELECT second_opinion_by FROM submissions WHERE id = $1 AND body IS NOT NULL FOR UPDATE', [note.itemId]);
        if (!rows[0]) return 'closed' as const;
        if (rows[0].second_opinion_by !== null) return 'asked' as const;
        await db.query('UPDATE submissions SET second_opinion_by = $2, second_opinion_at = $3 WHERE id = $1', [note.itemId, note.by, note.at]);
        await insertNote(db, note);
        await insertAudit(db, audit);
        return 'ok' as const;
      }),
    secondOpinions: async (itemIds) =>
      (await this.#rows('SELECT id, second_opinion_by, second_opinion_at FROM submissions WHERE id = ANY($1::text[]) AND second_opinion_by IS NOT NULL', [itemIds])).map((r) => ({
        itemId: r.id as string,
        by: r.second_opinion_by as string,
        at: r.second_opinion_at as string,
      })),
    view: async (itemId, facilitatorId, at, until) => {
      try {
        return await this.#tx(async (db) => {
          const { rows } = await db.query('SELECT opened_at FROM submissions WHERE id = $1', [itemId]);
          if (!rows[0]) return null;
          if (rows[0].opened_at === null) await db.query('UPDATE submissions SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL', [itemId, at]);
          await db.query(
            `INSERT INTO item_presence (item_id, facilitator_id, since, until) VALUES ($1, $2, $3, $4)
             ON CONFLICT (item_id, facilitator_id) DO UPDATE SET until = EXCLUDED.until,
               since = CASE WHEN item_presence.until <= EXCLUDED.since THEN EXCLUDED.since ELSE item_presence.since END`,
            [itemId, facilitatorId, at, until],
          );
          await db.query('DELETE FROM item_presence WHERE item_id = $1 AND until <= $2', [itemId, at]);
          const others = await db.query('SELECT * FROM item_presence WHERE item_id = $1 AND facilitator_id <> $2 ORDER BY since', [itemId, facilitatorId]);
          return others.rows.map(presenceOf);
        });
      } catch (error) {
        // Deleted at this moment: its presence rows have nothing to belong to.
        if ((error as { code?: string }).code === '23503') return null;
        throw error;
      }
    },
    present: async (itemId, facilitatorId, at) =>
      (await this.#rows('SELECT * FROM item_presence WHERE item_id = $1 AND facilitator_id <> $2 AND until > $3 ORDER BY since', [itemId, facilitatorId, at])).map(presenceOf),
  };

  alerts: Store['alerts'] = {
    due: async () => {
      const rows = await this.#rows(
        `SELECT s.place, array_agg(s.id ORDER BY s.seq) AS arrivals, bool_or(s.urgent) AS urgent, p.last_digest_at
         FROM submissions s LEFT JOIN alert_places p ON p.place = coalesce(s.place, '')
         WHERE NOT s.alerted GROUP BY s.place, p.last_digest_at`,
      );
      return rows.map((r) => ({ place: r.place as string | null, arrivals: r.arrivals as string[], urgent: r.urgent as boolean, lastDigestAt: r.last_digest_at as string | null }));
    },
    claimDigest: (claim, emails) =>
      this.#claim(async (db) => {
        await db.query('INSERT INTO alert_places (place) VALUES ($1) ON CONFLICT (place) DO NOTHING', [placeKey(claim.place)]);
        const last = emails.length > 0 ? claim.at : claim.lastDigestAt;
        // Of two servers claiming at once, the second waits for the first, then finds the time changed.
        const claimed = await db.query('UPDATE alert_places SET last_digest_at = $2 WHERE place = $1 AND last_digest_at IS NOT DISTINCT FROM $3', [
          placeKey(claim.place),
          last,
          claim.lastDigestAt,
        ]);
        if (claimed.rowCount !== 1) throw new Changed();
        await db.query('UPDATE submissions SET alerted = true WHERE id = ANY($1::text[])', [claim.arrivals]);
        await queueEmails(db, emails, claim.at);
      }),
    unopened: async (reminders, before) => {
      const since = reminders === 0 ? 'created_at' : 'reminded_at';
      const rows = await this.#rows(
        `SELECT id, place FROM submissions WHERE status = 'pending' AND opened_at IS NULL AND reminders = $1 AND ${since} <= $2 ORDER BY created_at, seq`,
        [reminders, before],
      );
      return rows.map((r) => ({ id: r.id as string, place: r.place as string | null }));
    },
    claimReminders: (claim, emails) =>
      this.#claim(async (db) => {
        const counted = await db.query(
          `UPDATE submissions SET reminders = $2, reminded_at = $3 WHERE id = ANY($1::text[]) AND status = 'pending' AND opened_at IS NULL AND reminders = $2 - 1`,
          [claim.ids, claim.reminders, claim.at],
        );
        if (counted.rowCount !== new Set(claim.ids).size) throw new Changed();
        await queueEmails(db, emails, claim.at);
      }),
    claimEmail: async (now, until) => {
      // SKIP LOCKED: a server passes over an email another is claiming at this moment.
      const [row] = await this.#rows(
        `UPDATE alert_outbox SET held_until = $2, attempts = attempts + 1
         WHERE id = (SELECT id FROM alert_outbox WHERE next_attempt_at <= $1 AND (held_until IS NULL OR held_until <= $1)
                     ORDER BY next_attempt_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, until],
      );
      return row ? emailOf(row) : null;
    },
    finish: async (id) => {
      await this.#pool.query('DELETE FROM alert_outbox WHERE id = $1', [id]);
    },
    retry: async (id, at) => {
      await this.#pool.query('UPDATE alert_outbox SET held_until = NULL, next_attempt_at = $2 WHERE id = $1', [id, at]);
    },
    digestOff: async () => (await this.#rows('SELECT facilitator_id FROM digest_off ORDER BY facilitator_id COLLATE "C"')).map((r) => r.facilitator_id as string),
    setDigest: (facilitatorId, on, audit) =>
      this.#tx(async (db) => {
        if (on) await db.query('DELETE FROM digest_off WHERE facilitator_id = $1', [facilitatorId]);
        else await db.query('INSERT INTO digest_off (facilitator_id) VALUES ($1) ON CONFLICT DO NOTHING', [facilitatorId]);
        await insertAudit(db, audit);
      }),
  };

  /** A compare-and-set change in one transaction: false, with nothing changed, if fn finds things changed. */
  async #claim(fn: (db: pg.PoolClient) => Promise<void>): Promise<boolean> {
    try {
      await this.#tx(fn);
      return true;
    } catch (error) {
      if (error instanceof Changed) return false;
      throw error;
    }
  }

  facilitators: Store['facilitators'] = {
    add: (f, audit) =>
      this.#tx(async (db) => {
        const added = await db.query(
          `INSERT INTO facilitators (id, email, role, place, password_hash, disabled, created_at, sessions_valid_from)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING`,
          [f.id, f.email, f.role, f.place, f.passwordHash, f.disabled, f.createdAt, f.sessionsValidFrom],
        );
        if (added.rowCount === 0) return false;
        await insertAudit(db, audit);
        return true;
      }),
    list: async () => (await this.#rows('SELECT * FROM facilitators ORDER BY seq')).map(facilitatorOf),
    byEmail: async (email) => {
      const [row] = await this.#rows('SELECT * FROM facilitators WHERE email = $1', [email]);
      return row ? facilitatorOf(row) : null;
    },
    byId: async (id) => {
      const [row] = await this.#rows('SELECT * FROM facilitators WHERE id = $1', [id]);
      return row ? facilitatorOf(row) : null;
    },
    disable: (id, audit) =>
      this.#tx(async (db) => {
        const { rows } = await db.query('UPDATE facilitators SET disabled = true, sessions_valid_from = $2 WHERE id = $1 AND NOT disabled RETURNING *', [id, audit.at]);
        if (rows[0]) {
          await insertAudit(db, audit);
          return facilitatorOf(rows[0]);
        }
        const existing = await db.query('SELECT * FROM facilitators WHERE id = $1', [id]);
        return existing.rows[0] ? facilitatorOf(existing.rows[0]) : null;
      }),
    setPassword: (id, passwordHash, audit) =>
      this.#tx(async (db) => {
        const { rows } = await db.query('UPDATE facilitators SET password_hash = $2, sessions_valid_from = $3 WHERE id = $1 RETURNING *', [id, passwordHash, audit.at]);
        if (!rows[0]) return null;
        await insertAudit(db, audit);
        return facilitatorOf(rows[0]);
      }),
  };

  secondFactors: Store['secondFactors'] = {
    of: async (facilitatorId) => {
      const [totp, passkeys, codes] = await Promise.all([
        this.#rows('SELECT * FROM totp_factors WHERE facilitator_id = $1', [facilitatorId]),
        this.#rows('SELECT * FROM passkeys WHERE facilitator_id = $1 ORDER BY seq', [facilitatorId]),
        this.#rows('SELECT * FROM recovery_codes WHERE facilitator_id = $1 ORDER BY seq', [facilitatorId]),
      ]);
      return { totp: totp[0] ? totpOf(totp[0]) : null, passkeys: passkeys.map(passkeyOf), recoveryCodes: codes.map(recoveryCodeOf) };
    },
    setTotp: (t, audit) =>
      this.#tx(async (db) => {
        if (!(await lockAccount(db, t.facilitatorId))) return false;
        await db.query(
          `INSERT INTO totp_factors (facilitator_id, key_id, sealed_secret, last_step, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (facilitator_id) DO UPDATE SET key_id = $2, sealed_secret = $3, last_step = $4, created_at = $5`,
          [t.facilitatorId, t.keyId, t.sealedSecret, t.lastStep, t.createdAt],
        );
        await insertAudit(db, audit);
        return true;
      }),
    useTotpStep: async (facilitatorId, step) =>
      (await this.#pool.query('UPDATE totp_factors SET last_step = $2 WHERE facilitator_id = $1 AND last_step < $2', [facilitatorId, step])).rowCount === 1,
    addPasskey: (p, audit) =>
      this.#tx(async (db) => {
        if (!(await lockAccount(db, p.facilitatorId))) return false;
        const added = await db.query(`${PASSKEY_INSERT} ON CONFLICT (id) DO NOTHING`, [JSON.stringify([p])]);
        if (added.rowCount === 0) return false;
        await insertAudit(db, audit);
        return true;
      }),
    // The counter must grow, unless the authenticator keeps none (0 and 0).
    usePasskey: async (id, counter, at) =>
      (await this.#pool.query('UPDATE passkeys SET counter = $2, last_used_at = $3 WHERE id = $1 AND (counter < $2 OR (counter = 0 AND $2 = 0))', [id, counter, at])).rowCount === 1,
    setRecoveryCodes: (facilitatorId, codes, audit) =>
      this.#tx(async (db) => {
        if (!(await lockAccount(db, facilitatorId))) return false;
        await db.query('DELETE FROM recovery_codes WHERE facilitator_id = $1', [facilitatorId]);
        await db.query(RECOVERY_CODE_INSERT, [JSON.stringify(codes)]);
        await insertAudit(db, audit);
        return true;
      }),
    useRecoveryCode: (facilitatorId, hash, audit) =>
      this.#tx(async (db) => {
        const spent = await db.query('DELETE FROM recovery_codes WHERE facilitator_id = $1 AND hash = $2', [facilitatorId, hash]);
        if (spent.rowCount !== 1) return false;
        await insertAudit(db, audit);
        return true;
      }),
    remove: (facilitatorId, factor, audit) =>
      this.#tx(async (db) => {
        if (!(await lockAccount(db, facilitatorId))) return 'not-found' as const;
        const { rows } = await db.query(
          `SELECT (SELECT count(*) FROM totp_factors WHERE facilitator_id = $1) AS totp, (SELECT count(*) FROM passkeys WHERE facilitator_id = $1) AS passkeys,
             EXISTS (SELECT 1 FROM passkeys WHERE facilitator_id = $1 AND id = $2) AS found`,
          [facilitatorId, factor.kind === 'passkey' ? factor.id : null],
        );
        const { totp, passkeys, found } = rows[0] as { totp: number; passkeys: number; found: boolean };
        if (!(factor.kind === 'totp' ? totp > 0 : found)) return 'not-found' as const;
        if (totp + passkeys <= 1) return 'last' as const;
        if (factor.kind === 'totp') await db.query('DELETE FROM totp_factors WHERE facilitator_id = $1', [facilitatorId]);
        else await db.query('DELETE FROM passkeys WHERE id = $1', [factor.id]);
        await insertAudit(db, audit);
        return 'removed' as const;
      }),
    reset: (facilitatorId, audit) =>
      this.#tx(async (db) => {
        if (!(await lockAccount(db, facilitatorId))) return null;
        for (const table of ['totp_factors', 'passkeys', 'recovery_codes']) await db.query(`DELETE FROM ${table} WHERE facilitator_id = $1`, [facilitatorId]);
        const { rows } = await db.query('UPDATE facilitators SET sessions_valid_from = $2 WHERE id = $1 RETURNING *', [facilitatorId, audit.at]);
        await insertAudit(db, audit);
        return facilitatorOf(rows[0]!);
      }),
  };

  sessions: Store['sessions'] = {
    get: async (id, now) => {
      const [row] = await this.#rows('SELECT value FROM sessions WHERE id = $1 AND expires_at > $2', [id, now]);
      return (row?.value as string | undefined) ?? null;
    },
    set: async (record, now) => {
      await this.#pool.query('INSERT INTO sessions (id, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET value = $2, expires_at = $3', [
        record.id,
        record.value,
        record.expiresAt,
      ]);
      // Expired rows are refused by get() anyway: sweep them at most once a minute from each process.
      if (now - this.#sessionsSweptAt >= 60_000) {
        this.#sessionsSweptAt = now;
        await this.#pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      }
    },
    remove: async (id) => {
      await this.#pool.query('DELETE FROM sessions WHERE id = $1', [id]);
    },
  };

  formTokens: Store['formTokens'] = {
    spent: async (id) => (await this.#rows('SELECT 1 FROM used_form_tokens WHERE id = $1', [id])).length > 0,
  };

  prompts: Store['prompts'] = {
    create: (p, audit) =>
      this.#tx(async (db) => {
        await db.query(
          `INSERT INTO prompts (id, question, context, place, opens_on, closes_on, closed_at, created_by, created_at, outcome)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [p.id, p.question, p.context, p.place, p.opensOn, p.closesOn, p.closedAt, p.createdBy, p.createdAt, p.outcome && JSON.stringify(p.outcome)],
        );
        await insertAudit(db, audit);
      }),
    get: async (id) => {
      const [row] = await this.#rows('SELECT * FROM prompts WHERE id = $1', [id]);
      return row ? promptOf(row) : null;
    },
    list: async (places) => {
      const rows = places === null
        ? await this.#rows('SELECT * FROM prompts ORDER BY created_at DESC, seq DESC')
        : await this.#rows('SELECT * FROM prompts WHERE place IS NULL OR place = ANY($1::text[]) ORDER BY created_at DESC, seq DESC', [[...places]]);
      return rows.map(promptOf);
    },
    openOn: async (day) =>
      (await this.#rows('SELECT * FROM prompts WHERE closed_at IS NULL AND opens_on <= $1 AND closes_on >= $1 ORDER BY closes_on, created_at, seq', [day])).map(promptOf),
    withOutcomes: async (day) =>
      (await this.#rows(`SELECT * FROM prompts WHERE outcome IS NOT NULL AND (closed_at IS NOT NULL OR closes_on < $1) ORDER BY outcome->>'at' DESC, seq DESC`, [day])).map(promptOf),
    close: (id, day, audit) =>
      this.#tx(async (db) => {
        const update: [string, unknown[]] = ['UPDATE prompts SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL AND closes_on >= $3', [id, audit.at, day]];
        const now = await changedOrNow(db, update, audit, 'prompts', id, promptOf);
        return now === true ? { ok: true as const } : { ok: false as const, prompt: now };
      }),
    saveOutcome: (id, expectedAt, outcome, audit) =>
      this.#tx(async (db) => {
        const update: [string, unknown[]] = [`UPDATE prompts SET outcome = $2 WHERE id = $1 AND outcome->>'at' IS NOT DISTINCT FROM $3`, [id, JSON.stringify(outcome), expectedAt]];
        const now = await changedOrNow(db, update, audit, 'prompts', id, promptOf);
        return now === true ? { ok: true as const } : { ok: false as const, prompt: now };
      }),
  };

  workshopCodes: Store['workshopCodes'] = {
    create: async (c, audit, dropBefore) => {
      try {
        return await this.#tx(async (db) => {
          await db.query('DELETE FROM workshop_codes WHERE expires_at <= $1', [dropBefore]);
          const added = await db.query(
            `INSERT INTO workshop_codes (id, code, place, prompt_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (code) DO NOTHING`,
            [c.id, c.code, c.place, c.promptId, c.createdBy, c.createdAt, c.expiresAt],
          );
          if (added.rowCount === 0) return false;
          await insertAudit(db, audit);
          return true;
        });
      } catch (error) {
        // Two new codes with the same text at the same moment: the second draws again.
        if ((error as { code?: string }).code === '23505') return false;
        throw error;
      }
    },
    get: async (id) => {
      const [row] = await this.#rows('SELECT * FROM workshop_codes WHERE id = $1', [id]);
      return row ? codeOf(row) : null;
    },
    withCode: async (code) => (await this.#rows('SELECT * FROM workshop_codes WHERE code = $1 ORDER BY seq', [code])).map(codeOf),
    list: async (places, since) =>
      (await this.#rows('SELECT * FROM workshop_codes WHERE place = ANY($1::text[]) AND expires_at > $2 ORDER BY seq', [[...places], since])).map(codeOf),
    end: (id, audit) =>
      this.#tx(async (db) => {
        const update: [string, unknown[]] = ['UPDATE workshop_codes SET expires_at = $2 WHERE id = $1 AND expires_at > $2', [id, audit.at]];
        const now = await changedOrNow(db, update, audit, 'workshop_codes', id, codeOf);
        return now === true ? { ok: true as const } : { ok: false as const, code: now };
      }),
  };

  audit: Store['audit'] = {
    record: async (entry) => {
      await insertAudit(this.#pool, entry);
    },
    page: async (offset, limit) => {
      const [rows, total] = await Promise.all([
        this.#rows('SELECT at, actor, action, target FROM audit ORDER BY seq DESC LIMIT $1 OFFSET $2', [limit, offset]),
        this.#rows('SELECT count(*) AS n FROM audit'),
      ]);
      return { entries: rows.map(auditOf), total: total[0]!.n as number };
    },
  };

  rateLimits: Store['rateLimits'] = {
    window: ({ keyPrefix, points, duration }) =>
      new RateLimiterPostgres({ storeClient: this.#pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, keyPrefix, points, duration }),
    // The day's key is in the database so that every server hashes an address alike; the
    // days before are deleted as a new day's key is made.
    dailyKey: async (day) => {
      const cached = this.#dailyKeys.get(day);
      if (cached) return cached;
      const key = await this.#tx(async (db) => {
        await db.query('DELETE FROM client_keys WHERE day < $1', [day]);
        await db.query('INSERT INTO client_keys (day, key) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, randomBytes(32)]);
        const { rows } = await db.query('SELECT key FROM client_keys WHERE day = $1', [day]);
        return rows[0]!.key as Buffer;
      });
      this.#dailyKeys.clear();
      this.#dailyKeys.set(day, key);
      return key;
    },
  };

  applyRetention(days: { pending: number; concern: number; receipt: number; audit: number }, now: number): Promise<RetentionReport> {
    const before = (limit: number) => new Date(now - limit * DAY).toISOString();
    const at = new Date(now).toISOString();
    return this.#tx(async (db) => {
      const audit = (action: string, ids: string[]) =>
        ids.length ? db.query(`INSERT INTO audit (at, actor, action, target) SELECT $1, 'system', $2, unnest($3::text[])`, [at, action, ids]) : null;
      const ids = (result: pg.QueryResult) => result.rows.map((r: Row) => r.id as string);
      const expired = ids(await db.query(`DELETE FROM submissions WHERE status IN ('pending', 'read') AND created_at < $1 RETURNING id`, [before(days.pending)]));
      await audit('expire', expired);
      const concerns = ids(
        await db.query(
          `UPDATE submissions SET title = NULL, body = NULL, pen_name = NULL, flags = '[]', second_opinion_by = NULL, second_opinion_at = NULL WHERE status = 'concern' AND body IS NOT NULL AND coalesce(decided_at, created_at) < $1 RETURNING id`,
          [before(days.concern)],
        ),
      );
      await audit('expire-text', concerns);
      await db.query('DELETE FROM team_notes WHERE item_id = ANY($1::text[])', [concerns]);
      await db.query('DELETE FROM item_presence WHERE until <= $1', [at]);
      // With no words left and no receipt, nothing is left to keep; published words stay, without their receipt.
      const gone = ids(await db.query(`DELETE FROM submissions WHERE receipt_hash <> '' AND created_at < $1 AND status <> 'published' RETURNING id`, [before(days.receipt)]));
      await audit('expire', gone);
      const receipts = await db.query(`UPDATE submissions SET receipt_hash = '' WHERE receipt_hash <> '' AND created_at < $1`, [before(days.receipt)]);
      const auditEntries = await db.query('DELETE FROM audit WHERE at < $1', [before(days.audit)]);
      const sessions = await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      await db.query('DELETE FROM used_form_tokens WHERE expires_at <= $1', [now]);
      return {
        expired: expired.length,
        concernTexts: concerns.length,
        receipts: gone.length + (receipts.rowCount ?? 0),
        auditEntries: auditEntries.rowCount ?? 0,
        sessions: sessions.rowCount ?? 0,
      };
    });
  }

  exportAll(): Promise<VoicesExport> {
    // One snapshot: every table as it was at the same moment, whatever other servers do meanwhile.
    return this.#tx(async (db) => {
      const all = async (sql: string) => (await db.query(sql)).rows as Row[];
      return {
        format: 'voices-export' as const,
        version: 1 as const,
        exportedAt: new Date().toISOString(),
        secret: this.#secret.toString('base64'),
        submissions: (await all(`SELECT ${SUBMISSION_COLUMNS} FROM submissions ORDER BY seq`)).map(submissionOf),
        facilitators: (await all('SELECT * FROM facilitators ORDER BY seq')).map(facilitatorOf),
        totp: (await all('SELECT * FROM totp_factors ORDER BY created_at, facilitator_id')).map(totpOf),
        passkeys: (await all('SELECT * FROM passkeys ORDER BY seq')).map(passkeyOf),
        recoveryCodes: (await all('SELECT * FROM recovery_codes ORDER BY seq')).map(recoveryCodeOf),
        prompts: (await all('SELECT * FROM prompts ORDER BY seq')).map(promptOf),
        workshopCodes: (await all('SELECT * FROM workshop_codes ORDER BY seq')).map(codeOf),
        audit: (await all('SELECT at, actor, action, target FROM audit ORDER BY seq')).map(auditOf),
        usedFormTokens: Object.fromEntries((await all('SELECT id, expires_at FROM used_form_tokens')).map((r) => [r.id as string, r.expires_at as number])),
        notes: (await all('SELECT * FROM team_notes ORDER BY seq')).map(noteOf),
        secondOpinions: (await all('SELECT id, second_opinion_by, second_opinion_at FROM submissions WHERE second_opinion_by IS NOT NULL ORDER BY seq')).map((r) => ({
          itemId: r.id as string,
          by: r.second_opinion_by as string,
          at: r.second_opinion_at as string,
        })),
        attention: (await all('SELECT id, opened_at, reminders, reminded_at FROM submissions WHERE opened_at IS NOT NULL OR reminders > 0 ORDER BY seq')).map((r) => ({
          itemId: r.id as string,
          openedAt: r.opened_at as string | null,
          reminders: r.reminders as number,
          remindedAt: r.reminded_at as string | null,
        })),
        digestOff: (await all('SELECT facilitator_id FROM digest_off ORDER BY facilitator_id COLLATE "C"')).map((r) => r.facilitator_id as string),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async importAll(incoming: VoicesExport): Promise<void> {
    const data = checkExport(incoming);
    const repeated = repeatedKey(data);
    if (repeated !== undefined) throw damagedExport(repeated);
    checkSealedUnder(this.mfaKey, data.totp.map((t) => t.keyId), 'This export');
    const secret = Buffer.from(data.secret, 'base64');
    try {
      await this.#tx(async (db) => {
        // Nobody else writes while this runs: an import is one change, seen whole or not at all.
        await db.query('LOCK TABLE submissions, facilitators, totp_factors, passkeys, recovery_codes, prompts, workshop_codes, audit IN EXCLUSIVE MODE');
        const { rows } = await db.query(
          `SELECT EXISTS (SELECT 1 FROM submissions) OR EXISTS (SELECT 1 FROM facilitators) OR EXISTS (SELECT 1 FROM prompts)
             OR EXISTS (SELECT 1 FROM workshop_codes) OR EXISTS (SELECT 1 FROM audit) AS used`,
        );
        if (rows[0]!.used) throw new StoreNotEmptyError(this.#where);
        for (let i = 0; i < data.submissions.length; i += 2000) await db.query(SUBMISSION_INSERT, [JSON.stringify(data.submissions.slice(i, i + 2000))]);
        await db.query(
          `INSERT INTO facilitators (id, email, role, place, password_hash, disabled, created_at, sessions_valid_from)
           SELECT id, email, role, place, "passwordHash", disabled, "createdAt", "sessionsValidFrom" FROM jsonb_to_recordset($1::jsonb)
           AS x(id text, email text, role text, place text, "passwordHash" text, disabled boolean, "createdAt" timestamptz, "sessionsValidFrom" timestamptz)`,
          [JSON.stringify(data.facilitators)],
        );
        await db.query(TOTP_INSERT, [JSON.stringify(data.totp)]);
        await db.query(PASSKEY_INSERT, [JSON.stringify(data.passkeys)]);
        await db.query(RECOVERY_CODE_INSERT, [JSON.stringify(data.recoveryCodes)]);
        await db.query(
          `INSERT INTO prompts (id, question, context, place, opens_on, closes_on, closed_at, created_by, created_at, outcome)
           SELECT id, question, context, place, "opensOn", "closesOn", "closedAt", "createdBy", "createdAt", outcome FROM jsonb_to_recordset($1::jsonb)
           AS x(id text, question text, context text, place text, "opensOn" text, "closesOn" text, "closedAt" timestamptz, "createdBy" text, "createdAt" timestamptz, outcome jsonb)`,
          [JSON.stringify(data.prompts)],
        );
        await db.query(
          `INSERT INTO workshop_codes (id, code, place, prompt_id, created_by, created_at, expires_at)
           SELECT id, code, place, "promptId", "createdBy", "createdAt", "expiresAt" FROM jsonb_to_recordset($1::jsonb)
           AS x(id text, code text, place text, "promptId" text, "createdBy" text, "createdAt" timestamptz, "expiresAt" timestamptz)`,
          [JSON.stringify(data.workshopCodes)],
        );
        for (let i = 0; i < data.audit.length; i += 5000) {
          await db.query(
            `INSERT INTO audit (at, actor, action, target) SELECT at, actor, action, target
             FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (at timestamptz, actor text, action text, target text)) WITH ORDINALITY AS x(at, actor, action, target, n) ORDER BY n`,
            [JSON.stringify(data.audit.slice(i, i + 5000))],
          );
        }
        // Imported words are in the queue already: no alert for them.
        await db.query('UPDATE submissions SET alerted = true');
        await db.query(
          `UPDATE submissions s SET opened_at = x."openedAt", reminders = x.reminders, reminded_at = x."remindedAt"
           FROM jsonb_to_recordset($1::jsonb) AS x("itemId" text, "openedAt" timestamptz, reminders integer, "remindedAt" timestamptz) WHERE s.id = x."itemId"`,
          [JSON.stringify(data.attention)],
        );
        await db.query(
          `UPDATE submissions s SET second_opinion_by = x.by, second_opinion_at = x.at
           FROM jsonb_to_recordset($1::jsonb) AS x("itemId" text, by text, at timestamptz) WHERE s.id = x."itemId"`,
          [JSON.stringify(data.secondOpinions)],
        );
        for (const note of data.notes) await insertNote(db, note);
        await db.query('INSERT INTO digest_off (facilitator_id) SELECT unnest($1::text[])', [data.digestOff]);
        const tokens = Object.entries(data.usedFormTokens);
        await db.query('INSERT INTO used_form_tokens (id, expires_at) SELECT unnest($1::text[]), unnest($2::bigint[])', [tokens.map(([id]) => id), tokens.map(([, at]) => at)]);
        await db.query('UPDATE server_secret SET secret = $1', [secret]);
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new Error(`This export holds a record twice (${(error as { detail?: string }).detail ?? 'a repeated key'}): it is damaged, and nothing was imported.`);
      }
      throw error;
    }
    this.#secret = secret;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

const insertNote = (db: Queryable, n: TeamNote) =>
  db.query('INSERT INTO team_notes (id, item_id, facilitator_id, at, text, second_opinion) VALUES ($1, $2, $3, $4, $5, $6)', [n.id, n.itemId, n.by, n.at, n.text, n.secondOpinion]);

async function queueEmails(db: Queryable, emails: readonly NewEmail[], at: string): Promise<void> {
  if (emails.length === 0) return;
  await db.query(
    `INSERT INTO alert_outbox (id, recipient, email, created_at, next_attempt_at)
     SELECT x.id, x.recipient, x.email, $2, $2
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id text, recipient text, email jsonb)) WITH ORDINALITY AS x(id, recipient, email, n) ORDER BY n`,
    [JSON.stringify(emails.map(({ to, email }) => ({ id: randomBytes(12).toString('base64url'), recipient: to, email }))), at],
  );
}

/** The UPDATE for a decision's change, only while the status is still the one expected. */
function changeQuery(id: string, expected: SubmissionStatus, change: Exclude<SubmissionChange, { delete: true }>): [string, unknown[]] {
  const params = new Params();
  const sets = [`status = ${params.add(change.status)}`];
  if (change.firstDecidedAt) sets.push(`decided_at = coalesce(decided_at, ${params.add(change.firstDecidedAt)}::timestamptz)`);
  if (change.message !== undefined) sets.push(`message = ${params.add(change.message)}`);
  if (change.published !== undefined) {
    sets.push(`published = ${params.add(change.published && JSON.stringify(change.published))}::jsonb`, `published_at = ${params.add(change.published?.at ?? null)}::timestamptz`);
  }
  if (change.eraseText) sets.push(`title = NULL, body = NULL, pen_name = NULL, flags = '[]'`);
  // A decision that stands closes any request for a second opinion.
  sets.push('second_opinion_by = NULL, second_opinion_at = NULL');
  return [`UPDATE submissions SET ${sets.join(', ')} WHERE id = ${params.add(id)} AND status = ${params.add(expected)}`, params.values];
}

/** A pool on DATABASE_URL with the schema brought up to date and the server secret made on first start. */
export async function openPostgresStore(databaseUrl: string, mfaKeyValue: string | undefined): Promise<Store> {
  // Before connecting: without the key no server could check an authenticator code.
  const mfaKey = parseMfaKey(mfaKeyValue);
  const pool = new pg.Pool({ connectionString: databaseUrl, types });
  // A connection lost while idle must not end the process: the next query opens another.
  pool.on('error', (error) => console.error(`Voices lost a database connection: ${error.message}`));
  try {
    await migrate(pool);
    await pool.query('INSERT INTO server_secret (secret) VALUES ($1) ON CONFLICT (only_row) DO NOTHING', [randomBytes(32)]);
    const { rows } = await pool.query('SELECT secret FROM server_secret');
    const sealed = await pool.query<{ key_id: string }>('SELECT DISTINCT key_id FROM totp_factors');
    const where = describeLocation({ databaseUrl });
    checkSealedUnder(mfaKey, sealed.rows.map((r) => r.key_id), `The ${where}`);
    return new PostgresStore(pool, rows[0].secret as Buffer, mfaKey, where);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

// The store's contract, run against both implementations: the embedded store on a temporary
// DATA_DIR and PostgreSQL on a database of its own. Every method, copies never live records, the
// compare-and-set races, atomicity, retention, and export → import both ways.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, StoreNotEmptyError, type Store, type StoreLocation, type VoicesExport } from '../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../src/lib/sharing/submission.ts';
import type { FacilitatorAccount } from '../../src/lib/accounts/facilitators.ts';
import type { Passkey, RecoveryCode, TotpFactor } from '../../src/lib/accounts/secondFactors.ts';
import type { Prompt } from '../../src/lib/participation/prompts.ts';
import type { WorkshopCode } from '../../src/lib/participation/workshopCodes.ts';
import type { AuditEntry } from '../../src/lib/moderation/audit.ts';
import type { TeamNote } from '../../src/lib/moderation/notes.ts';
import type { AlertEmail } from '../../src/lib/alerts/emails.ts';
import type { QueuedEmail } from '../../src/lib/alerts/outbox.ts';
import { newDatabase, type TestDatabase } from './support/database.ts';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const audit = (action: string, target: string | null, at = NOW, actor = 'fac-1'): AuditEntry => ({ at: iso(at), actor, action, target });

let n = 0;
function submission(overrides: Partial<Submission> = {}): Submission {
  n++;
  return {
    id: newSubmissionId(), kind: 'poem', title: 'A title', body: `Words ${n}`, penName: 'Starling', place: 'barnsley', promptId: null,
    warnings: [], publish: true, flags: [{ kind: 'phone', start: 0, end: 3, text: 'Wor' }], urgent: false, status: 'pending',
    receiptHash: `receipt-${newSubmissionId()}`, createdAt: iso(NOW - n * 1000), decidedAt: null, message: null, published: null,
    ...overrides,
  };
}
// Form tokens expire on the real clock: the embedded store sweeps spent ones as they expire.
const token = () => ({ id: newSubmissionId(), expiresAt: Date.now() + DAY });

function facilitator(overrides: Partial<FacilitatorAccount> = {}): FacilitatorAccount {
  const id = newSubmissionId();
  return { id, email: `${id.toLowerCase()}@example.org`, role: 'facilitator', place: 'barnsley', passwordHash: '$argon2id$hash', disabled: false, createdAt: iso(NOW), sessionsValidFrom: null, ...overrides };
}

function totp(facilitatorId: string, overrides: Partial<TotpFactor> = {}): TotpFactor {
  return { facilitatorId, keyId: 'key-id', sealedSecret: `sealed-${newSubmissionId()}`, lastStep: 100, createdAt: iso(NOW), ...overrides };
}

function passkey(facilitatorId: string, overrides: Partial<Passkey> = {}): Passkey {
  return { id: newSubmissionId(), facilitatorId, name: 'Work laptop', publicKey: 'pQECAyYgASFYIA', counter: 0, transports: ['internal'], createdAt: iso(NOW), lastUsedAt: null, ...overrides };
}

const recoveryCodes = (facilitatorId: string, n = 3): RecoveryCode[] => Array.from({ length: n }, (_, i) => ({ facilitatorId, hash: `hash-${i}-${newSubmissionId()}`, createdAt: iso(NOW) }));

function prompt(overrides: Partial<Prompt> = {}): Prompt {
  return { id: newSubmissionId(), question: 'What would help?', context: '', place: 'barnsley', opensOn: '2026-11-20', closesOn: '2026-11-30', closedAt: null, createdBy: 'fac-1', createdAt: iso(NOW), outcome: null, ...overrides };
}

function code(overrides: Partial<WorkshopCode> = {}): WorkshopCode {
  return { id: newSubmissionId(), code: 'ABC234', place: 'barnsley', promptId: null, createdBy: 'fac-1', createdAt: iso(NOW), expiresAt: iso(NOW + HOUR), ...overrides };
}

// One MFA key for every store here (as MFA_KEY would give it), so that exports move between them.
const MFA_KEY = randomBytes(32).toString('base64');
const OTHER_MFA_KEY = randomBytes(32).toString('base64');

interface Kind {
  name: 'embedded' | 'postgres';
  /** A new, empty store, and where it is. */
  open: (mfaKey?: string) => Promise<{ store: Store; location: StoreLocation }>;
}

const cleanups: (() => Promise<void>)[] = [];
const KINDS: Kind[] = [
  {
    name: 'embedded',
    open: async (mfaKey = MFA_KEY) => {
      const dir = mkdtempSync(join(tmpdir(), 'voices-contract-'));
      const location = { dataDir: join(dir, 'data'), mfaKey };
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return { store: await openStore(location), location };
    },
  },
  {
    name: 'postgres',
    open: async (mfaKey = MFA_KEY) => {
      const db: TestDatabase = await newDatabase();
      cleanups.push(db.drop);
      const location = { databaseUrl: db.url, mfaKey };
      return { store: await openStore(location), location };
    },
  },
];

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.each(KINDS)('the $name store', (kind) => {
  let store: Store;
  const opened: Store[] = [];
  beforeEach(async () => {
    ({ store } = await kind.open());
    opened.push(store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    // Dropped as the tests go: all of them at the end took longer than a hook may.
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  describe('submissions', () => {
    it('stores one with its form token spent, once; finds it by id and by receipt hash', async () => {
      const s = submission();
      const t = token();
      expect(await store.formTokens.spent(t.id)).toBe(false);
      expect(await store.submissions.create(s, t)).toBe(true);
      expect(await store.formTokens.spent(t.id)).toBe(true);
      expect(await store.submissions.create(submission(), t)).toBe(false);
      expect(await store.submissions.get(s.id)).toEqual(s);
      expect(await store.submissions.byReceiptHash(s.receiptHash)).toEqual(s);
      expect(await store.submissions.get('nope')).toBeNull();
      expect(await store.submissions.byReceiptHash('')).toBeNull();
      const other = submission();
      await store.submissions.create(other, token());
      expect((await store.submissions.getMany([s.id, 'nope', other.id])).map((x) => x.id).sort()).toEqual([s.id, other.id].sort());
    });

    it('hands out copies: changing what it gave, or what it was given, changes nothing stored', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      s.body = 'changed by the caller after create';
      const got = (await store.submissions.get(s.id))!;
      expect(got.body).not.toBe(s.body);
      got.status = 'published';
      got.flags.push({ kind: 'email', start: 0, end: 1, text: 'x' });
      const page = await store.submissions.queue({ scope: null, status: 'pending', offset: 0, limit: 10 });
      page.items[0]!.body = 'changed in a queue page';
      expect(await store.submissions.get(s.id)).toMatchObject({ status: 'pending', flags: [{ kind: 'phone' }], body: `Words ${n}` });
    });

    it('pages the queue urgent first, then oldest, with filters, scope and counts by status', async () => {
      const old = submission({ createdAt: iso(NOW - 3 * DAY) });
      const young = submission({ createdAt: iso(NOW - HOUR) });
      const urgent = submission({ urgent: true, createdAt: iso(NOW - 60_000) });
      const noPlace = submission({ place: null, kind: 'view' });
      const derby = submission({ place: 'derby' });
      const published = submission({ status: 'published' });
      const answer = submission({ promptId: 'p1', kind: 'story', createdAt: iso(NOW - 2 * HOUR) });
      for (const s of [young, old, urgent, noPlace, derby, published, answer]) await store.submissions.create(s, token());
      const barnsley = new Set<string | null>(['barnsley']);
      const page = await store.submissions.queue({ scope: barnsley, status: 'pending', offset: 0, limit: 50 });
      expect(page.items.map((i) => i.id)).toEqual([urgent.id, old.id, answer.id, young.id]);
      expect(page.total).toBe(4);
      expect(page.counts).toMatchObject({ pending: 4, published: 1, read: 0 });
      expect((await store.submissions.queue({ scope: barnsley, status: 'pending', offset: 1, limit: 2 })).items.map((i) => i.id)).toEqual(page.items.slice(1, 3).map((i) => i.id));
      const everywhere = await store.submissions.queue({ scope: null, status: 'all', offset: 0, limit: 50 });
      expect(everywhere.total).toBe(7);
      expect(everywhere.counts.pending).toBe(6);
      expect((await store.submissions.queue({ scope: new Set([null]), status: 'pending', offset: 0, limit: 50 })).items.map((i) => i.id)).toEqual([noPlace.id]);
      expect((await store.submissions.queue({ scope: null, status: 'pending', place: null, offset: 0, limit: 50 })).items.map((i) => i.id)).toEqual([noPlace.id]);
      expect((await store.submissions.queue({ scope: null, status: 'pending', place: 'derby', offset: 0, limit: 50 })).items.map((i) => i.id)).toEqual([derby.id]);
      expect((await store.submissions.queue({ scope: null, status: 'all', kind: 'view', offset: 0, limit: 50 })).items.map((i) => i.id)).toEqual([noPlace.id]);
      expect((await store.submissions.queue({ scope: null, status: 'all', promptId: 'p1', offset: 0, limit: 50 })).items.map((i) => i.id)).toEqual([answer.id]);
      expect((await store.submissions.queue({ scope: new Set(['sheffield']), status: 'all', offset: 0, limit: 50 })).total).toBe(0);
    });

    it('lists published words newest first, answers to a prompt, answer counts, pending counts and report rows', async () => {
      const published = (at: number, overrides: Partial<Submission> = {}) =>
        submission({ status: 'published', title: null, body: null, penName: null, flags: [], published: { title: 'T', body: `Shown ${at}`, penName: null, warnings: [], at: iso(at) }, ...overrides });
      const first = published(NOW - 2 * DAY, { promptId: 'p1' });
      const second = published(NOW - DAY, { promptId: 'p1', place: 'derby' });
      const pending = submission({ promptId: 'p1', urgent: true });
      const pendingNone = submission({ place: null });
      for (const s of [first, second, pending, pendingNone]) await store.submissions.create(s, token());
      const page = await store.submissions.published(0, 1);
      expect(page).toEqual({ total: 2, items: [{ id: second.id, kind: 'poem', published: second.published }] });
      expect((await store.submissions.published(1, 1)).items.map((i) => i.id)).toEqual([first.id]);
      expect((await store.submissions.publishedAnswers('p1', null)).map((s) => s.id)).toEqual([first.id, second.id]);
      expect((await store.submissions.publishedAnswers('p1', new Set(['barnsley']))).map((s) => s.id)).toEqual([first.id]);
      expect(await store.submissions.answerCounts(new Set(['barnsley']))).toEqual(new Map([['p1', 2]]));
      expect(await store.submissions.pendingByPlace()).toEqual({ barnsley: { pending: 1, urgent: 1 }, none: { pending: 1, urgent: 0 } });
      const rows = await store.submissions.reportRows(new Set(['barnsley', null]), iso(NOW - 3 * DAY), iso(NOW));
      expect(rows).toHaveLength(3);
      expect(rows.find((r) => r.urgent)).toEqual({ kind: 'poem', status: 'pending', place: 'barnsley', promptId: 'p1', urgent: true, createdAt: pending.createdAt, decidedAt: null });
      expect(await store.submissions.reportRows(null, iso(NOW + 1), iso(NOW + DAY))).toEqual([]);
    });
  });

  describe('decisions, compare-and-set', () => {
    it('publishes: only the redacted version is kept, the first decision time stays, audited in the same change', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      const published = { title: null, body: 'Redacted', penName: 'S.', warnings: ['drugs-alcohol'], at: iso(NOW) };
      const change = { status: 'published' as const, firstDecidedAt: iso(NOW), message: 'Thank you', published, eraseText: true };
      expect(await store.submissions.decide(s.id, 'pending', change, audit('publish', s.id))).toEqual({ ok: true });
      expect(await store.submissions.get(s.id)).toMatchObject({ status: 'published', title: null, body: null, penName: null, flags: [], published, decidedAt: iso(NOW), message: 'Thank you' });
      const later = { status: 'concern' as const, firstDecidedAt: iso(NOW + HOUR), message: null };
      expect(await store.submissions.decide(s.id, 'published', later, audit('concern', s.id, NOW + HOUR))).toEqual({ ok: true });
      expect(await store.submissions.get(s.id)).toMatchObject({ status: 'concern', decidedAt: iso(NOW), message: null, published });
      expect((await store.audit.page(0, 10)).entries.map((e) => e.action)).toEqual(['concern', 'publish']);
    });

    it('two decisions at once: exactly one stands, the other is told what happened, by whom and when', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      const publish = store.submissions.decide(s.id, 'pending', { status: 'published', published: { title: null, body: 'x', penName: null, warnings: [], at: iso(NOW) }, eraseText: true }, audit('publish', s.id, NOW, 'fac-a'));
      const decline = store.submissions.decide(s.id, 'pending', { status: 'declined', eraseText: true }, audit('decline', s.id, NOW, 'fac-b'));
      const results = await Promise.all([publish, decline]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok)!;
      const won = results[0]!.ok ? { action: 'publish', actor: 'fac-a', status: 'published' } : { action: 'decline', actor: 'fac-b', status: 'declined' };
      expect(lost).toEqual({ ok: false, reason: 'changed', now: won.status, last: { at: iso(NOW), actor: won.actor, action: won.action, target: s.id } });
      expect((await store.submissions.get(s.id))!.status).toBe(won.status);
      expect((await store.audit.page(0, 10)).entries).toHaveLength(1);
    });

    it('many deciders at once on several items: one decision per item', async () => {
      const items = Array.from({ length: 5 }, () => submission());
      for (const s of items) await store.submissions.create(s, token());
      const tries = items.flatMap((s) => ['a', 'b', 'c', 'd'].map((who) => store.submissions.decide(s.id, 'pending', { status: 'read' }, audit('mark-read', s.id, NOW, who))));
      const results = await Promise.all(tries);
      expect(results.filter((r) => r.ok)).toHaveLength(items.length);
      expect((await store.audit.page(0, 100)).total).toBe(items.length);
    });

    it('deletes only as expected; a deleted item is gone, with how; an unknown one is not found', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      expect(await store.submissions.decide(s.id, 'read', { delete: true }, audit('delete', s.id))).toMatchObject({ ok: false, now: 'pending', last: null });
      expect(await store.submissions.get(s.id)).not.toBeNull();
      expect(await store.submissions.decide(s.id, 'pending', { delete: true }, audit('delete', s.id))).toEqual({ ok: true });
      expect(await store.submissions.get(s.id)).toBeNull();
      expect(await store.submissions.byReceiptHash(s.receiptHash)).toBeNull();
      expect(await store.submissions.decide(s.id, 'pending', { status: 'read' }, audit('mark-read', s.id))).toEqual({ ok: false, reason: 'changed', now: 'gone', last: audit('delete', s.id) });
      expect(await store.submissions.decide('unknown', 'pending', { status: 'read' }, audit('mark-read', 'unknown'))).toEqual({ ok: false, reason: 'not-found' });
    });
  });

  describe('facilitators and sessions', () => {
    it('adds, refuses a second account for an email, lists in order, finds by email and id', async () => {
      const a = facilitator({ role: 'admin', place: null });
      const b = facilitator();
      expect(await store.facilitators.add(a, audit('facilitator-add', a.id))).toBe(true);
      expect(await store.facilitators.add(b, audit('facilitator-add', b.id))).toBe(true);
      expect(await store.facilitators.add({ ...facilitator(), email: a.email }, audit('facilitator-add', 'x'))).toBe(false);
      expect(await store.facilitators.list()).toEqual([a, b]);
      expect(await store.facilitators.byEmail(b.email)).toEqual(b);
      expect(await store.facilitators.byId(a.id)).toEqual(a);
      expect(await store.facilitators.byId('nobody')).toBeNull();
      expect((await store.audit.page(0, 10)).total).toBe(2);
    });

    it('disable and set-password move the sessions-valid-from time forward; disabling twice audits once', async () => {
      const f = facilitator();
      await store.facilitators.add(f, audit('facilitator-add', f.id));
      expect(await store.facilitators.disable(f.id, audit('facilitator-disable', f.id, NOW + HOUR))).toMatchObject({ disabled: true, sessionsValidFrom: iso(NOW + HOUR) });
      expect(await store.facilitators.disable(f.id, audit('facilitator-disable', f.id, NOW + 2 * HOUR))).toMatchObject({ sessionsValidFrom: iso(NOW + HOUR) });
      expect(await store.facilitators.setPassword(f.id, '$argon2id$new', audit('facilitator-set-password', f.id, NOW + 3 * HOUR))).toMatchObject({ passwordHash: '$argon2id$new', sessionsValidFrom: iso(NOW + 3 * HOUR) });
      expect(await store.facilitators.disable('nobody', audit('facilitator-disable', 'nobody'))).toBeNull();
      expect(await store.facilitators.setPassword('nobody', 'x', audit('facilitator-set-password', 'nobody'))).toBeNull();
      expect((await store.audit.page(0, 10)).entries.map((e) => e.action)).toEqual(['facilitator-set-password', 'facilitator-disable', 'facilitator-add']);
    });

    it('keeps sessions until they expire, writes them again, removes them', async () => {
      await store.sessions.set({ id: 's1', value: '[1]', expiresAt: NOW + 1000 }, NOW);
      expect(await store.sessions.get('s1', NOW)).toBe('[1]');
      await store.sessions.set({ id: 's1', value: '[2]', expiresAt: NOW + 5000 }, NOW);
      expect(await store.sessions.get('s1', NOW + 2000)).toBe('[2]');
      expect(await store.sessions.get('s1', NOW + 5000)).toBeNull();
      await store.sessions.remove('s1');
      expect(await store.sessions.get('s1', NOW)).toBeNull();
    });
  });

  describe('prompts and workshop codes', () => {
    it('creates, lists by place, finds those open on a day and those with outcomes', async () => {
      const network = prompt({ place: null, createdAt: iso(NOW - 2000) });
      const barnsley = prompt({ createdAt: iso(NOW - 1000) });
      const derby = prompt({ place: 'derby', opensOn: '2026-12-01', closesOn: '2026-12-10' });
      for (const p of [network, barnsley, derby]) await store.prompts.create(p, audit('prompt-create', p.id));
      expect(await store.prompts.get(barnsley.id)).toEqual(barnsley);
      expect((await store.prompts.list(null)).map((p) => p.id)).toEqual([derby.id, barnsley.id, network.id]);
      expect((await store.prompts.list(new Set(['barnsley']))).map((p) => p.id)).toEqual([barnsley.id, network.id]);
      expect((await store.prompts.openOn('2026-11-24')).map((p) => p.id)).toEqual([network.id, barnsley.id]);
      expect((await store.prompts.openOn('2026-12-05')).map((p) => p.id)).toEqual([derby.id]);
      expect(await store.prompts.withOutcomes('2026-12-31')).toEqual([]);
    });

    it('closes once: of two closing at once one closes it; outcomes are compare-and-set on the one seen', async () => {
      const p = prompt();
      await store.prompts.create(p, audit('prompt-create', p.id));
      const closes = await Promise.all([store.prompts.close(p.id, '2026-11-24', audit('prompt-close', p.id, NOW, 'a')), store.prompts.close(p.id, '2026-11-24', audit('prompt-close', p.id, NOW, 'b'))]);
      expect(closes.filter((c) => c.ok)).toHaveLength(1);
      expect(closes.find((c) => !c.ok)).toMatchObject({ ok: false, prompt: { closedAt: iso(NOW) } });
      const first = { weDid: 'We changed the hours', answerIds: [], at: iso(NOW + 1000), by: 'a' };
      const rival = { weDid: 'Something else', answerIds: [], at: iso(NOW + 2000), by: 'b' };
      const saves = await Promise.all([store.prompts.saveOutcome(p.id, null, first, audit('prompt-outcome', p.id, NOW, 'a')), store.prompts.saveOutcome(p.id, null, rival, audit('prompt-outcome', p.id, NOW, 'b'))]);
      expect(saves.filter((s) => s.ok)).toHaveLength(1);
      const kept = (await store.prompts.get(p.id))!.outcome!;
      expect(saves.find((s) => !s.ok)).toMatchObject({ prompt: { outcome: kept } });
      const next = { ...first, weDid: 'Rewritten', at: iso(NOW + 3000) };
      expect(await store.prompts.saveOutcome(p.id, kept.at, next, audit('prompt-outcome', p.id))).toEqual({ ok: true });
      expect((await store.prompts.withOutcomes('2026-11-24')).map((x) => x.outcome)).toEqual([next]);
      const late = prompt({ closesOn: '2026-11-23' });
      await store.prompts.create(late, audit('prompt-create', late.id));
      expect(await store.prompts.close(late.id, '2026-11-24', audit('prompt-close', late.id))).toMatchObject({ ok: false, prompt: { closedAt: null } });
      expect(await store.prompts.close('nope', '2026-11-24', audit('prompt-close', 'nope'))).toEqual({ ok: false, prompt: null });
    });

    it('adds codes unless a listed one has the same text, drops long-expired ones, ends a live one once', async () => {
      const live = code();
      expect(await store.workshopCodes.create(live, audit('workshop-code-create', live.id), iso(NOW - DAY))).toBe(true);
      expect(await store.workshopCodes.create(code({ code: 'ABC234' }), audit('workshop-code-create', 'x'), iso(NOW - DAY))).toBe(false);
      const other = code({ code: 'XYZ789', place: 'derby' });
      await store.workshopCodes.create(other, audit('workshop-code-create', other.id), iso(NOW - DAY));
      expect(await store.workshopCodes.get(live.id)).toEqual(live);
      expect(await store.workshopCodes.withCode('ABC234')).toEqual([live]);
      expect((await store.workshopCodes.list(new Set(['barnsley']), iso(NOW))).map((c) => c.id)).toEqual([live.id]);
      // Two facilitators end it at the same moment (two different moments would make the later end a code the
      // earlier one left live for a millisecond more, whichever ran first): one of them ends it.
      const ends = await Promise.all([store.workshopCodes.end(live.id, audit('workshop-code-end', live.id, NOW)), store.workshopCodes.end(live.id, audit('workshop-code-end', live.id, NOW))]);
      expect(ends.filter((e) => e.ok)).toHaveLength(1);
      expect((await store.workshopCodes.get(live.id))!.expiresAt).toBe(iso(NOW));
      // A day after it ended, the next new code drops it, and its text may be drawn again.
      expect(await store.workshopCodes.create(code({ code: 'ABC234' }), audit('workshop-code-create', 'y', NOW + 2 * DAY), iso(NOW + DAY))).toBe(true);
      expect(await store.workshopCodes.get(live.id)).toBeNull();
    });
  });

  describe('second factors', () => {
    async function account(): Promise<FacilitatorAccount> {
      const f = facilitator();
      await store.facilitators.add(f, audit('facilitator-add', f.id));
      return f;
    }
    const actions = async () => (await store.audit.page(0, 100)).entries.map((e) => e.action).reverse();

    it('an account starts with none; an authenticator app is set, replaced, and audited; never for an unknown account', async () => {
      const f = await account();
      expect(await store.secondFactors.of(f.id)).toEqual({ totp: null, passkeys: [], recoveryCodes: [] });
      const first = totp(f.id);
      expect(await store.secondFactors.setTotp(first, audit('mfa-totp-add', f.id))).toBe(true);
      expect((await store.secondFactors.of(f.id)).totp).toEqual(first);
      const second = totp(f.id, { sealedSecret: 'sealed-again', lastStep: 7, createdAt: iso(NOW + HOUR) });
      expect(await store.secondFactors.setTotp(second, audit('mfa-totp-replace', f.id))).toBe(true);
      expect((await store.secondFactors.of(f.id)).totp).toEqual(second);
      expect(await store.secondFactors.setTotp(totp('nobody'), audit('mfa-totp-add', 'nobody'))).toBe(false);
      expect(await actions()).toEqual(['facilitator-add', 'mfa-totp-add', 'mfa-totp-replace']);
    });

    it('moves the last used step on only forwards: a step is accepted once, even when two servers try it at once', async () => {
      const f = await account();
      await store.secondFactors.setTotp(totp(f.id, { lastStep: 100 }), audit('mfa-totp-add', f.id));
      expect(await store.secondFactors.useTotpStep(f.id, 100)).toBe(false);
      expect(await store.secondFactors.useTotpStep(f.id, 101)).toBe(true);
      expect(await store.secondFactors.useTotpStep(f.id, 101)).toBe(false);
      expect(await store.secondFactors.useTotpStep(f.id, 99)).toBe(false);
      const tries = await Promise.all(Array.from({ length: 6 }, () => store.secondFactors.useTotpStep(f.id, 102)));
      expect(tries.filter(Boolean)).toHaveLength(1);
      expect((await store.secondFactors.of(f.id)).totp!.lastStep).toBe(102);
      expect(await store.secondFactors.useTotpStep('nobody', 1)).toBe(false);
    });

    it('adds passkeys in order; a credential once only, on any account; its counter only moves on', async () => {
      const f = await account();
      const other = await account();
      const laptop = passkey(f.id);
      const key = passkey(f.id, { name: 'Security key', counter: 5, transports: ['usb', 'nfc'] });
      expect(await store.secondFactors.addPasskey(laptop, audit('mfa-passkey-add', f.id))).toBe(true);
      expect(await store.secondFactors.addPasskey(key, audit('mfa-passkey-add', f.id))).toBe(true);
      expect(await store.secondFactors.addPasskey({ ...laptop, facilitatorId: other.id }, audit('mfa-passkey-add', other.id))).toBe(false);
      expect(await store.secondFactors.addPasskey(passkey('nobody'), audit('mfa-passkey-add', 'nobody'))).toBe(false);
      expect((await store.secondFactors.of(f.id)).passkeys).toEqual([laptop, key]);
      expect((await store.secondFactors.of(other.id)).passkeys).toEqual([]);
      // An authenticator that keeps no counter says 0 every time.
      expect(await store.secondFactors.usePasskey(laptop.id, 0, iso(NOW + 1))).toBe(true);
      expect(await store.secondFactors.usePasskey(key.id, 5, iso(NOW + 1))).toBe(false);
      expect(await store.secondFactors.usePasskey(key.id, 4, iso(NOW + 1))).toBe(false);
      expect(await store.secondFactors.usePasskey(key.id, 0, iso(NOW + 1))).toBe(false);
      expect(await store.secondFactors.usePasskey(key.id, 9, iso(NOW + 2))).toBe(true);
      const both = await Promise.all([store.secondFactors.usePasskey(key.id, 10, iso(NOW + 3)), store.secondFactors.usePasskey(key.id, 10, iso(NOW + 3))]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect((await store.secondFactors.of(f.id)).passkeys).toEqual([{ ...laptop, lastUsedAt: iso(NOW + 1) }, { ...key, counter: 10, lastUsedAt: iso(NOW + 3) }]);
      expect(await store.secondFactors.usePasskey('unknown', 1, iso(NOW))).toBe(false);
    });

    it('spends a recovery code once, even two at once; new codes replace the old set', async () => {
      const f = await account();
      const first = recoveryCodes(f.id);
      expect(await store.secondFactors.setRecoveryCodes(f.id, first, audit('mfa-recovery-codes-new', f.id))).toBe(true);
      expect((await store.secondFactors.of(f.id)).recoveryCodes).toEqual(first);
      expect(await store.secondFactors.useRecoveryCode(f.id, first[0]!.hash, audit('mfa-recovery-code-used', f.id))).toBe(true);
      expect(await store.secondFactors.useRecoveryCode(f.id, first[0]!.hash, audit('mfa-recovery-code-used', f.id))).toBe(false);
      const race = await Promise.all([1, 2, 3].map(() => store.secondFactors.useRecoveryCode(f.id, first[1]!.hash, audit('mfa-recovery-code-used', f.id))));
      expect(race.filter(Boolean)).toHaveLength(1);
      const other = await account();
      expect(await store.secondFactors.useRecoveryCode(other.id, first[2]!.hash, audit('mfa-recovery-code-used', other.id))).toBe(false);
      const next = recoveryCodes(f.id, 10);
      await store.secondFactors.setRecoveryCodes(f.id, next, audit('mfa-recovery-codes-new', f.id));
      expect(await store.secondFactors.useRecoveryCode(f.id, first[2]!.hash, audit('mfa-recovery-code-used', f.id))).toBe(false);
      expect((await store.secondFactors.of(f.id)).recoveryCodes).toEqual(next);
      expect(await store.secondFactors.setRecoveryCodes('nobody', [], audit('mfa-recovery-codes-new', 'nobody'))).toBe(false);
      expect((await actions()).filter((a) => a.startsWith('mfa-'))).toEqual(['mfa-recovery-codes-new', 'mfa-recovery-code-used', 'mfa-recovery-code-used', 'mfa-recovery-codes-new']);
    });

    it('removes a factor but never the last, even when both of two are removed at once', async () => {
      const f = await account();
      const laptop = passkey(f.id);
      await store.secondFactors.addPasskey(laptop, audit('mfa-passkey-add', f.id));
      expect(await store.secondFactors.remove(f.id, { kind: 'passkey', id: laptop.id }, audit('mfa-passkey-remove', f.id))).toBe('last');
      expect(await store.secondFactors.remove(f.id, { kind: 'totp' }, audit('mfa-totp-remove', f.id))).toBe('not-found');
      expect(await store.secondFactors.remove(f.id, { kind: 'passkey', id: 'unknown' }, audit('mfa-passkey-remove', f.id))).toBe('not-found');
      await store.secondFactors.setTotp(totp(f.id), audit('mfa-totp-add', f.id));
      const results = await Promise.all([
        store.secondFactors.remove(f.id, { kind: 'passkey', id: laptop.id }, audit('mfa-passkey-remove', f.id)),
        store.secondFactors.remove(f.id, { kind: 'totp' }, audit('mfa-totp-remove', f.id)),
      ]);
      expect(results.sort()).toEqual(['last', 'removed']);
      const left = await store.secondFactors.of(f.id);
      expect(Number(left.totp !== null) + left.passkeys.length).toBe(1);
      expect((await actions()).filter((a) => a.endsWith('-remove'))).toHaveLength(1);
      // Another account's passkey is not this account's to remove.
      const other = await account();
      const theirs = passkey(other.id);
      await store.secondFactors.addPasskey(theirs, audit('mfa-passkey-add', other.id));
      await store.secondFactors.addPasskey(passkey(other.id), audit('mfa-passkey-add', other.id));
      expect(await store.secondFactors.remove(f.id, { kind: 'passkey', id: theirs.id }, audit('mfa-passkey-remove', f.id))).toBe('not-found');
      expect((await store.secondFactors.of(other.id)).passkeys).toHaveLength(2);
    });

    it('resets an account: every factor and code goes, its sessions end, and it is audited; other accounts keep theirs', async () => {
      const f = await account();
      const other = await account();
      for (const who of [f, other]) {
        await store.secondFactors.setTotp(totp(who.id), audit('mfa-totp-add', who.id));
        await store.secondFactors.addPasskey(passkey(who.id), audit('mfa-passkey-add', who.id));
        await store.secondFactors.setRecoveryCodes(who.id, recoveryCodes(who.id), audit('mfa-recovery-codes-new', who.id));
      }
      const reset = await store.secondFactors.reset(f.id, audit('mfa-reset', f.id, NOW + HOUR, 'admin-1'));
      expect(reset).toEqual({ ...f, sessionsValidFrom: iso(NOW + HOUR) });
      expect(await store.secondFactors.of(f.id)).toEqual({ totp: null, passkeys: [], recoveryCodes: [] });
      const kept = await store.secondFactors.of(other.id);
      expect([kept.totp !== null, kept.passkeys.length, kept.recoveryCodes.length]).toEqual([true, 1, 3]);
      expect((await store.audit.page(0, 1)).entries).toEqual([audit('mfa-reset', f.id, NOW + HOUR, 'admin-1')]);
      expect(await store.secondFactors.reset('nobody', audit('mfa-reset', 'nobody'))).toBeNull();
    });

    it('hands out copies: changing what it gave changes nothing stored', async () => {
      const f = await account();
      const laptop = passkey(f.id);
      await store.secondFactors.addPasskey(laptop, audit('mfa-passkey-add', f.id));
      laptop.name = 'changed after adding';
      const got = await store.secondFactors.of(f.id);
      got.passkeys[0]!.transports.push('usb');
      got.passkeys[0]!.counter = 99;
      expect((await store.secondFactors.of(f.id)).passkeys[0]).toMatchObject({ name: 'Work laptop', counter: 0, transports: ['internal'] });
    });
  });

  describe('the MFA key', () => {
    it('is the one given, named by an id that is not the key', async () => {
      expect(store.mfaKey.key.equals(Buffer.from(MFA_KEY, 'base64'))).toBe(true);
      expect(store.mfaKey.id).toMatch(/^[0-9a-f]{16}$/);
      expect(MFA_KEY).not.toContain(store.mfaKey.id);
    });

    it('refuses to open under another key once a secret is sealed, naming both keys by id', async () => {
      const { store: first, location } = await kind.open();
      const f = facilitator();
      await first.facilitators.add(f, audit('facilitator-add', f.id));
      await first.secondFactors.setTotp(totp(f.id, { keyId: first.mfaKey.id }), audit('mfa-totp-add', f.id));
      await first.close();
      const other = (await kind.open(OTHER_MFA_KEY)).store;
      opened.push(other);
      await expect(openStore({ ...location, mfaKey: OTHER_MFA_KEY })).rejects.toThrow(new RegExp(`sealed under MFA key ${first.mfaKey.id}, but the key given is ${other.mfaKey.id}`));
      const again = await openStore(location);
      opened.push(again);
      expect((await again.secondFactors.of(f.id)).totp).not.toBeNull();
    });
  });

  describe('audit, rate limits and retention', () => {
    it('pages the audit log newest first', async () => {
      for (let i = 0; i < 5; i++) await store.audit.record(audit('sign-in', `f${i}`, NOW + i));
      expect(await store.audit.page(1, 2)).toEqual({ total: 5, entries: [audit('sign-in', 'f3', NOW + 3), audit('sign-in', 'f2', NOW + 2)] });
    });

    it('counts attempts in a window and keeps one day key per day', async () => {
      const window = store.rateLimits.window({ keyPrefix: 'contract', points: 2, duration: 60 });
      await window.consume('k');
      await window.consume('k');
      await expect(window.consume('k')).rejects.toMatchObject({ remainingPoints: 0 });
      const today = await store.rateLimits.dailyKey(20_000);
      expect(today).toHaveLength(32);
      expect(await store.rateLimits.dailyKey(20_000)).toEqual(today);
      expect(await store.rateLimits.dailyKey(20_001)).not.toEqual(today);
    });

    it('applies the retention table in one change', async () => {
      const stalePending = submission({ createdAt: iso(NOW - 91 * DAY) });
      const freshPending = submission({ createdAt: iso(NOW - 89 * DAY) });
      const oldConcern = submission({ status: 'concern', decidedAt: iso(NOW - 31 * DAY), createdAt: iso(NOW - 40 * DAY) });
      const newConcern = submission({ status: 'concern', decidedAt: iso(NOW - 29 * DAY) });
      const oldPublished = submission({ status: 'published', body: null, published: { title: null, body: 'Kept', penName: null, warnings: [], at: iso(NOW - 100 * DAY) }, createdAt: iso(NOW - 181 * DAY) });
      const oldDeclined = submission({ status: 'declined', body: null, createdAt: iso(NOW - 181 * DAY) });
      for (const s of [stalePending, freshPending, oldConcern, newConcern, oldPublished, oldDeclined]) await store.submissions.create(s, token());
      await store.audit.record(audit('publish', 'y', NOW - 731 * DAY, 'x'));
      await store.sessions.set({ id: 'gone', value: '{}', expiresAt: NOW - 1 }, NOW - 2);
      const report = await store.applyRetention({ pending: 90, concern: 30, receipt: 180, audit: 730 }, NOW);
      expect(report).toEqual({ expired: 1, concernTexts: 1, receipts: 2, auditEntries: 1, sessions: 1 });
      expect(await store.submissions.get(stalePending.id)).toBeNull();
      expect((await store.submissions.get(freshPending.id))!.body).toBe(freshPending.body);
      expect(await store.submissions.get(oldConcern.id)).toMatchObject({ status: 'concern', body: null, title: null, penName: null, flags: [] });
      expect((await store.submissions.get(newConcern.id))!.body).toBe(newConcern.body);
      expect(await store.submissions.get(oldPublished.id)).toMatchObject({ receiptHash: '', published: { body: 'Kept' } });
      expect(await store.submissions.get(oldDeclined.id)).toBeNull();
      const log = (await store.audit.page(0, 100)).entries;
      expect(log.every((e) => e.actor === 'system')).toBe(true);
      expect(log.map((e) => `${e.action} ${e.target}`).sort()).toEqual([`expire ${oldDeclined.id}`, `expire ${stalePending.id}`, `expire-text ${oldConcern.id}`].sort());
    });
  });

  describe('team work on an item', () => {
    const note = (itemId: string, overrides: Partial<TeamNote> = {}): TeamNote => ({ id: newSubmissionId(), itemId, by: 'fac-1', at: iso(NOW), text: 'Check the school name', secondOpinion: false, ...overrides });

    it('keeps notes while the words are kept, oldest first, audited by id only; erasing the words erases them', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      const first = note(s.id, { at: iso(NOW - 1000) });
      const second = note(s.id, { by: 'fac-2', text: 'Agreed\nline two' });
      expect(await store.team.addNote(first, audit('note-add', s.id))).toBe(true);
      expect(await store.team.addNote(second, audit('note-add', s.id, NOW, 'fac-2'))).toBe(true);
      const notes = await store.team.notes(s.id);
      expect(notes).toEqual([first, second]);
      notes[0]!.text = 'changed by the caller';
      expect((await store.team.notes(s.id))[0]!.text).toBe(first.text);
      expect((await store.audit.page(0, 10)).entries).toEqual([audit('note-add', s.id, NOW, 'fac-2'), audit('note-add', s.id)]);
      expect(await store.submissions.decide(s.id, 'pending', { status: 'declined', eraseText: true }, audit('decline', s.id))).toEqual({ ok: true });
      expect(await store.team.notes(s.id)).toEqual([]);
      expect(await store.team.addNote(note(s.id), audit('note-add', s.id))).toBe(false);
      expect(await store.team.addNote(note('unknown'), audit('note-add', 'unknown'))).toBe(false);
    });

    it('keeps notes through a decision that keeps the words; a delete, retention and a concern’s time up take them', async () => {
      const read = submission({ publish: false });
      const deleted = submission();
      const stale = submission({ createdAt: iso(NOW - 91 * DAY) });
      const concern = submission();
      for (const s of [read, deleted, stale, concern]) {
        await store.submissions.create(s, token());
        await store.team.addNote(note(s.id), audit('note-add', s.id));
      }
      await store.submissions.decide(read.id, 'pending', { status: 'read' }, audit('mark-read', read.id));
      await store.submissions.decide(concern.id, 'pending', { status: 'concern', firstDecidedAt: iso(NOW - 31 * DAY) }, audit('concern', concern.id));
      await store.submissions.decide(deleted.id, 'pending', { delete: true }, audit('delete', deleted.id));
      expect(await store.team.notes(read.id)).toHaveLength(1);
      expect(await store.team.notes(deleted.id)).toEqual([]);
      await store.applyRetention({ pending: 90, concern: 30, receipt: 180, audit: 730 }, NOW);
      expect(await store.team.notes(stale.id)).toEqual([]);
      expect(await store.team.notes(concern.id)).toEqual([]);
      expect(await store.team.notes(read.id)).toHaveLength(1);
      expect((await store.exportAll()).notes.map((n) => n.itemId)).toEqual([read.id]);
    });

    it('a concern’s time up takes its request for a second opinion with the notes, so it leaves the queue’s filter', async () => {
      const concern = submission();
      await store.submissions.create(concern, token());
      await store.submissions.decide(concern.id, 'pending', { status: 'concern', firstDecidedAt: iso(NOW - 31 * DAY) }, audit('concern', concern.id));
      expect(await store.team.askSecondOpinion(note(concern.id, { secondOpinion: true }), audit('second-opinion', concern.id))).toBe('ok');
      expect(await store.team.secondOpinions([concern.id])).toHaveLength(1);
      await store.applyRetention({ pending: 90, concern: 30, receipt: 180, audit: 730 }, NOW);
      expect(await store.team.secondOpinions([concern.id])).toEqual([]);
      expect((await store.exportAll()).secondOpinions).toEqual([]);
    });

    it('marks a second opinion once, with its note; the queue filters and counts it; the next decision closes it', async () => {
      const s = submission();
      const other = submission({ place: 'derby' });
      for (const x of [s, other]) await store.submissions.create(x, token());
      const ask = note(s.id, { secondOpinion: true, by: 'fac-a' });
      expect(await store.team.askSecondOpinion(ask, audit('second-opinion', s.id, NOW, 'fac-a'))).toBe('ok');
      expect(await store.team.askSecondOpinion(note(s.id, { secondOpinion: true }), audit('second-opinion', s.id))).toBe('asked');
      expect(await store.team.askSecondOpinion(note(other.id, { secondOpinion: true }), audit('second-opinion', other.id))).toBe('ok');
      expect(await store.team.notes(s.id)).toEqual([ask]);
      expect(await store.team.secondOpinions([s.id, 'unknown'])).toEqual([{ itemId: s.id, by: 'fac-a', at: iso(NOW) }]);
      const barnsley = new Set<string | null>(['barnsley']);
      const asked = await store.submissions.queue({ scope: barnsley, status: 'all', secondOpinion: true, offset: 0, limit: 10 });
      expect(asked.items.map((i) => i.id)).toEqual([s.id]);
      expect(asked.secondOpinions).toBe(1);
      expect((await store.submissions.queue({ scope: null, status: 'pending', offset: 0, limit: 10 })).secondOpinions).toBe(2);
      expect(await store.submissions.decide(s.id, 'pending', { status: 'concern' }, audit('concern', s.id, NOW, 'fac-b'))).toEqual({ ok: true });
      expect(await store.team.secondOpinions([s.id])).toEqual([]);
      expect((await store.submissions.queue({ scope: barnsley, status: 'all', secondOpinion: true, offset: 0, limit: 10 })).total).toBe(0);
      // The words are still kept (a concern): a new request may be made.
      expect(await store.team.askSecondOpinion(note(s.id, { secondOpinion: true }), audit('second-opinion', s.id))).toBe('ok');
      await store.submissions.decide(other.id, 'pending', { status: 'declined', eraseText: true }, audit('decline', other.id));
      expect(await store.team.askSecondOpinion(note(other.id, { secondOpinion: true }), audit('second-opinion', other.id))).toBe('closed');
    });

    it('a conflict reports the last decision, not the team’s notes after it', async () => {
      const s = submission({ publish: false });
      await store.submissions.create(s, token());
      await store.submissions.decide(s.id, 'pending', { status: 'read' }, audit('mark-read', s.id, NOW, 'fac-a'));
      await store.team.addNote(note(s.id), audit('note-add', s.id, NOW + 1000, 'fac-c'));
      expect(await store.submissions.decide(s.id, 'pending', { status: 'concern' }, audit('concern', s.id, NOW, 'fac-b'))).toEqual({
        ok: false, reason: 'changed', now: 'read', last: audit('mark-read', s.id, NOW, 'fac-a'),
      });
    });

    it('records the first opening and who has it open, renewed by each view, gone when it lapses or the item goes', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      const until = (at: number) => iso(at + 10 * 60_000);
      expect(await store.team.view(s.id, 'fac-a', iso(NOW), until(NOW))).toEqual([]);
      expect(await store.team.view(s.id, 'fac-b', iso(NOW + 60_000), until(NOW + 60_000))).toEqual([{ itemId: s.id, facilitatorId: 'fac-a', since: iso(NOW), until: until(NOW) }]);
      // A renews 9 minutes in: still there since it first opened it.
      await store.team.view(s.id, 'fac-a', iso(NOW + 9 * 60_000), until(NOW + 9 * 60_000));
      expect(await store.team.view(s.id, 'fac-b', iso(NOW + 15 * 60_000), until(NOW + 15 * 60_000))).toEqual([
        { itemId: s.id, facilitatorId: 'fac-a', since: iso(NOW), until: until(NOW + 9 * 60_000) },
      ]);
      // B's presence had lapsed at 11 minutes, so its view at 15 started again; A's lapsed at 19.
      expect(await store.team.view(s.id, 'fac-b', iso(NOW + 20 * 60_000), until(NOW + 20 * 60_000))).toEqual([]);
      expect(await store.team.view(s.id, 'fac-a', iso(NOW + 21 * 60_000), until(NOW + 21 * 60_000))).toEqual([
        { itemId: s.id, facilitatorId: 'fac-b', since: iso(NOW + 15 * 60_000), until: until(NOW + 20 * 60_000) },
      ]);
      expect(await store.team.view(s.id, 'fac-b', iso(NOW + 22 * 60_000), until(NOW + 22 * 60_000))).toEqual([
        { itemId: s.id, facilitatorId: 'fac-a', since: iso(NOW + 21 * 60_000), until: until(NOW + 21 * 60_000) },
      ]);
      expect((await store.exportAll()).attention).toEqual([{ itemId: s.id, openedAt: iso(NOW), reminders: 0, remindedAt: null }]);
      expect(await store.team.view('unknown', 'fac-a', iso(NOW), until(NOW))).toBeNull();
      await store.submissions.decide(s.id, 'pending', { delete: true }, audit('delete', s.id));
      expect(await store.team.view(s.id, 'fac-a', iso(NOW), until(NOW))).toBeNull();
      expect((await store.exportAll()).attention).toEqual([]);
    });

    it('says who has an item open without counting a view: nothing recorded, nobody renewed', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      expect(await store.team.present(s.id, 'fac-a', iso(NOW))).toEqual([]);
      expect((await store.exportAll()).attention).toEqual([]);
      const b = { itemId: s.id, facilitatorId: 'fac-b', since: iso(NOW), until: iso(NOW + 10 * 60_000) };
      await store.team.view(s.id, 'fac-b', b.since, b.until);
      await store.team.view(s.id, 'fac-c', iso(NOW + 1000), iso(NOW + 1000 + 10 * 60_000));
      expect(await store.team.present(s.id, 'fac-c', iso(NOW + 60_000))).toEqual([b]);
      expect((await store.team.present(s.id, 'fac-a', iso(NOW + 60_000))).map((p) => p.facilitatorId)).toEqual(['fac-b', 'fac-c']);
      // Asking again later renews nobody: B's time is up at 10 minutes, as it was.
      expect((await store.team.present(s.id, 'fac-a', b.until)).map((p) => p.facilitatorId)).toEqual(['fac-c']);
      expect((await store.exportAll()).attention).toEqual([{ itemId: s.id, openedAt: iso(NOW), reminders: 0, remindedAt: null }]);
      expect(await store.team.present('unknown', 'fac-a', iso(NOW))).toEqual([]);
    });
  });

  describe('alerts', () => {
    const digest = (place: string | null, waiting = 1): AlertEmail => ({ kind: 'digest', place, waiting, urgent: 0 });

    it('says what arrived by place, urgent or not; a digest claim lets those go, queues its emails and moves the time', async () => {
      const a = submission();
      const b = submission({ urgent: true });
      const none = submission({ place: null });
      for (const s of [a, b, none]) await store.submissions.create(s, token());
      const due = await store.alerts.due();
      const barnsley = due.find((d) => d.place === 'barnsley')!;
      expect(barnsley).toEqual({ place: 'barnsley', arrivals: expect.arrayContaining([a.id, b.id]), urgent: true, lastDigestAt: null });
      expect(barnsley.arrivals).toHaveLength(2);
      expect(due.find((d) => d.place === null)).toEqual({ place: null, arrivals: [none.id], urgent: false, lastDigestAt: null });
      const later = submission();
      await store.submissions.create(later, token());
      expect(await store.alerts.claimDigest({ place: 'barnsley', lastDigestAt: null, arrivals: barnsley.arrivals, at: iso(NOW) }, [{ to: 'fac-1', email: digest('barnsley', 3) }])).toBe(true);
      // The one that arrived after the look stays for the next claim.
      expect((await store.alerts.due()).find((d) => d.place === 'barnsley')).toEqual({ place: 'barnsley', arrivals: [later.id], urgent: false, lastDigestAt: iso(NOW) });
      expect(await store.alerts.claimDigest({ place: 'barnsley', lastDigestAt: null, arrivals: [later.id], at: iso(NOW + 1) }, [])).toBe(false);
      // Nothing to send (mail off, or nobody to tell): the arrivals go, the time stays.
      expect(await store.alerts.claimDigest({ place: null, lastDigestAt: null, arrivals: [none.id], at: iso(NOW) }, [])).toBe(true);
      expect((await store.alerts.due()).map((d) => d.place)).toEqual(['barnsley']);
      expect(await store.alerts.claimDigest({ place: null, lastDigestAt: null, arrivals: [], at: iso(NOW + 5) }, [{ to: 'fac-1', email: digest(null) }])).toBe(true);
      const email = await store.alerts.claimEmail(iso(NOW + 10), iso(NOW + 10 + HOUR));
      expect(email).toMatchObject({ to: 'fac-1', email: digest('barnsley', 3), createdAt: iso(NOW), attempts: 1, heldUntil: iso(NOW + 10 + HOUR) });
    });

    it('of several servers claiming one digest at once, exactly one queues its emails', async () => {
      const s = submission();
      await store.submissions.create(s, token());
      const [due] = await store.alerts.due();
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map((who) => store.alerts.claimDigest({ place: due!.place, lastDigestAt: null, arrivals: due!.arrivals, at: iso(NOW) }, [{ to: `fac-${who}`, email: digest('barnsley') }])),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.exportAll()).submissions).toHaveLength(1);
      const claimed: QueuedEmail[] = [];
      for (let e = await store.alerts.claimEmail(iso(NOW), iso(NOW + HOUR)); e; e = await store.alerts.claimEmail(iso(NOW), iso(NOW + HOUR))) claimed.push(e);
      expect(claimed).toHaveLength(1);
    });

    it('lists pending items nobody opened, by reminders had; a reminder claim is compare-and-set on each', async () => {
      const old = submission({ createdAt: iso(NOW - 49 * HOUR) });
      const opened = submission({ createdAt: iso(NOW - 50 * HOUR) });
      const young = submission({ createdAt: iso(NOW - 47 * HOUR) });
      const decided = submission({ createdAt: iso(NOW - 60 * HOUR), status: 'read' });
      for (const s of [old, opened, young, decided]) await store.submissions.create(s, token());
      await store.team.view(opened.id, 'fac-a', iso(NOW - HOUR), iso(NOW));
      const cut = iso(NOW - 48 * HOUR);
      expect(await store.alerts.unopened(0, cut)).toEqual([{ id: old.id, place: 'barnsley' }]);
      const tries = await Promise.all(['a', 'b', 'c'].map((who) => store.alerts.claimReminders({ ids: [old.id], reminders: 1, at: iso(NOW) }, [{ to: `fac-${who}`, email: { kind: 'reminder', place: 'barnsley', unopened: 1, escalated: false } }])));
      expect(tries.filter(Boolean)).toHaveLength(1);
      expect(await store.alerts.unopened(0, cut)).toEqual([]);
      expect(await store.alerts.unopened(1, iso(NOW - 1))).toEqual([]);
      expect(await store.alerts.unopened(1, iso(NOW))).toEqual([{ id: old.id, place: 'barnsley' }]);
      // Opened in the meantime: the escalation claim fails whole, and changes nothing.
      await store.team.view(old.id, 'fac-a', iso(NOW + HOUR), iso(NOW + 2 * HOUR));
      expect(await store.alerts.claimReminders({ ids: [old.id], reminders: 2, at: iso(NOW + DAY) }, [{ to: 'fac-x', email: { kind: 'reminder', place: 'barnsley', unopened: 1, escalated: true } }])).toBe(false);
      expect(await store.alerts.claimReminders({ ids: [young.id, opened.id], reminders: 1, at: iso(NOW) }, [])).toBe(false);
      expect(await store.alerts.unopened(1, iso(NOW + 2 * DAY))).toEqual([]);
      expect((await store.exportAll()).attention).toEqual([
        { itemId: old.id, openedAt: iso(NOW + HOUR), reminders: 1, remindedAt: iso(NOW) },
        { itemId: opened.id, openedAt: iso(NOW - HOUR), reminders: 0, remindedAt: null },
      ]);
      const emails: QueuedEmail[] = [];
      for (let e = await store.alerts.claimEmail(iso(NOW), iso(NOW + HOUR)); e; e = await store.alerts.claimEmail(iso(NOW), iso(NOW + HOUR))) emails.push(e);
      expect(emails).toHaveLength(1);
    });

    it('holds a claimed email until it is finished or let go to try again; one sender each, whatever the race', async () => {
      const items = Array.from({ length: 6 }, () => submission({ place: 'derby' }));
      for (const s of items) await store.submissions.create(s, token());
      const [due] = await store.alerts.due();
      const emails = items.map((_, i) => ({ to: `fac-${i}`, email: digest('derby', i) }));
      await store.alerts.claimDigest({ place: 'derby', lastDigestAt: null, arrivals: due!.arrivals, at: iso(NOW) }, emails);
      expect(await store.alerts.claimEmail(iso(NOW - 1), iso(NOW + HOUR))).toBeNull();
      const claimed = (await Promise.all(Array.from({ length: 12 }, () => store.alerts.claimEmail(iso(NOW), iso(NOW + HOUR))))).filter((e) => e !== null);
      expect(claimed.map((e) => e.to).sort()).toEqual(emails.map((e) => e.to).sort());
      expect(await store.alerts.claimEmail(iso(NOW + 1000), iso(NOW + HOUR))).toBeNull();
      const [first, second, ...rest] = claimed;
      await store.alerts.finish(first!.id);
      await store.alerts.retry(second!.id, iso(NOW + 30_000));
      expect(await store.alerts.claimEmail(iso(NOW + 29_999), iso(NOW + HOUR))).toBeNull();
      expect(await store.alerts.claimEmail(iso(NOW + 30_000), iso(NOW + HOUR))).toMatchObject({ id: second!.id, attempts: 2 });
      // A server that died holding emails: once the hold is over, another sends them.
      const again = await store.alerts.claimEmail(iso(NOW + HOUR), iso(NOW + 2 * HOUR));
      expect(rest.map((e) => e.id)).toContain(again!.id);
      expect(again!.attempts).toBe(2);
    });

    it('turns a facilitator’s digest off and on again, audited', async () => {
      const [a, b] = [facilitator(), facilitator()];
      for (const f of [a, b]) await store.facilitators.add(f, audit('facilitator-add', f.id));
      await store.alerts.setDigest(b.id, false, audit('digest-off', b.id, NOW, b.id));
      await store.alerts.setDigest(a.id, false, audit('digest-off', a.id, NOW, a.id));
      expect(await store.alerts.digestOff()).toEqual([a.id, b.id].sort());
      await store.alerts.setDigest(a.id, true, audit('digest-on', a.id, NOW, a.id));
      expect(await store.alerts.digestOff()).toEqual([b.id]);
      expect((await store.audit.page(0, 3)).entries.map((e) => e.action)).toEqual(['digest-on', 'digest-off', 'digest-off']);
    });
  });

  describe('export and import', () => {
    async function fill(target: Store): Promise<void> {
      const f = facilitator({ sessionsValidFrom: iso(NOW - HOUR) });
      await target.facilitators.add(f, audit('facilitator-add', f.id));
      await target.secondFactors.setTotp(totp(f.id, { keyId: target.mfaKey.id }), audit('mfa-totp-add', f.id));
      await target.secondFactors.addPasskey(passkey(f.id, { counter: 3, lastUsedAt: iso(NOW) }), audit('mfa-passkey-add', f.id));
      await target.secondFactors.addPasskey(passkey(f.id, { name: 'Phone' }), audit('mfa-passkey-add', f.id));
      await target.secondFactors.setRecoveryCodes(f.id, recoveryCodes(f.id, 10), audit('mfa-recovery-codes-new', f.id));
      const p = prompt({ outcome: { weDid: 'Done', answerIds: [], at: iso(NOW), by: f.id }, closedAt: iso(NOW - 1000) });
      await target.prompts.create(p, audit('prompt-create', p.id));
      await target.workshopCodes.create(code({ promptId: p.id }), audit('workshop-code-create', 'c'), iso(NOW - DAY));
      const answer = submission({ promptId: p.id, urgent: true, flags: [] });
      await target.submissions.create(answer, token());
      await target.submissions.create(submission({ status: 'published', body: null, published: { title: 'T', body: 'B\nline', penName: null, warnings: ['self-harm'], at: iso(NOW) }, decidedAt: iso(NOW) }), token());
      const unplaced = submission({ place: null, receiptHash: '', createdAt: iso(NOW - 3 * DAY) });
      await target.submissions.create(unplaced, token());
      // Team work, alerts and settings travel too: notes, a second opinion, openings and reminders, the digest off.
      await target.team.addNote({ id: 'n1', itemId: answer.id, by: f.id, at: iso(NOW), text: 'First\nnote', secondOpinion: false }, audit('note-add', answer.id));
      await target.team.askSecondOpinion({ id: 'n2', itemId: unplaced.id, by: f.id, at: iso(NOW + 1), text: 'Not sure', secondOpinion: true }, audit('second-opinion', unplaced.id));
      await target.team.addNote({ id: 'n0', itemId: answer.id, by: 'fac-2', at: iso(NOW + 2), text: 'Third', secondOpinion: false }, audit('note-add', answer.id));
      await target.alerts.claimReminders({ ids: [unplaced.id], reminders: 1, at: iso(NOW) }, []);
      await target.team.view(answer.id, f.id, iso(NOW), iso(NOW + HOUR));
      await target.alerts.setDigest(f.id, false, audit('digest-off', f.id));
    }
    const comparable = ({ exportedAt: _, ...rest }: VoicesExport) => rest;

    it.each(KINDS.map((k) => k.name))('moves everything to a %s store and back, losing nothing', async (otherName) => {
      await fill(store);
      const exported = await store.exportAll();
      expect(exported).toMatchObject({ format: 'voices-export', version: 1 });
      expect(exported.submissions).toHaveLength(3);
      expect([exported.totp.length, exported.passkeys.length, exported.recoveryCodes.length]).toEqual([1, 2, 10]);
      // The key never travels with the data.
      expect(JSON.stringify(exported)).not.toContain(MFA_KEY);
      const other = await KINDS.find((k) => k.name === otherName)!.open();
      opened.push(other.store);
      await other.store.importAll(exported);
      expect(other.store.secret.equals(store.secret)).toBe(true);
      expect(comparable(await other.store.exportAll())).toEqual(comparable(exported));
      expect(exported).toMatchObject({ notes: [{ id: 'n1' }, { id: 'n2' }, { id: 'n0' }], secondOpinions: [{ by: exported.facilitators[0]!.id }], digestOff: [exported.facilitators[0]!.id] });
      expect(exported.attention.map((a) => [a.openedAt !== null, a.reminders])).toEqual([[true, 0], [false, 1]]);
      // What was in the queue before the move sends no new alert after it.
      expect(await other.store.alerts.due()).toEqual([]);
      const back = await kind.open();
      opened.push(back.store);
      await back.store.importAll(await other.store.exportAll());
      expect(comparable(await back.store.exportAll())).toEqual(comparable(exported));
    });

    it('refuses a store that holds data, and a damaged export, changing nothing', async () => {
      await fill(store);
      const exported = await store.exportAll();
      await expect(store.importAll(exported)).rejects.toBeInstanceOf(StoreNotEmptyError);
      const empty = await kind.open();
      opened.push(empty.store);
      const secret = empty.store.secret;
      // The third submission repeats the first's id: the import fails part-way, and nothing of it stays.
      const damaged = { ...exported, submissions: [...exported.submissions, { ...exported.submissions[1]!, id: exported.submissions[0]!.id }] };
      await expect(empty.store.importAll(damaged)).rejects.toThrow(/twice/);
      await expect(empty.store.importAll({ ...exported, secret: 'short' })).rejects.toThrow(/not a Voices export/);
      const stray = { id: 'stray', itemId: 'nowhere', by: 'f', at: iso(NOW), text: 'About nothing here', secondOpinion: false };
      await expect(empty.store.importAll({ ...exported, notes: [...exported.notes, stray] })).rejects.toThrow(/does not hold/);
      await expect(empty.store.importAll({ ...exported, notes: [...exported.notes, exported.notes[0]!] })).rejects.toThrow(/twice/);
      const orphan = { ...exported, passkeys: [...exported.passkeys, passkey('not-in-the-export')] };
      await expect(empty.store.importAll(orphan)).rejects.toThrow(/second factor of account not-in-the-export/);
      const after = await empty.store.exportAll();
      expect([after.submissions, after.facilitators, after.totp, after.passkeys, after.recoveryCodes, after.prompts, after.workshopCodes, after.audit]).toEqual([[], [], [], [], [], [], [], []]);
      expect(empty.store.secret.equals(secret)).toBe(true);
    });

    it('refuses an export whose authenticator-app secrets were sealed under another key, changing nothing', async () => {
      await fill(store);
      const exported = await store.exportAll();
      const elsewhere = await kind.open(OTHER_MFA_KEY);
      opened.push(elsewhere.store);
      await expect(elsewhere.store.importAll(exported)).rejects.toThrow(new RegExp(`sealed under MFA key ${store.mfaKey.id}`));
      expect((await elsewhere.store.exportAll()).facilitators).toEqual([]);
    });

    it('imports an export from before second factors, which has none', async () => {
      await fill(store);
      const { totp: _t, passkeys: _p, recoveryCodes: _r, ...older } = await store.exportAll();
      const empty = await kind.open();
      opened.push(empty.store);
      await empty.store.importAll(older as VoicesExport);
      const after = await empty.store.exportAll();
      expect([after.facilitators.length, after.totp, after.passkeys, after.recoveryCodes]).toEqual([1, [], [], []]);
    });
  });
});

describe('several processes on one PostgreSQL database', () => {
  it('sees one another’s changes at once: sessions, decisions, limits and the day key', async () => {
    const db = await newDatabase();
    cleanups.push(db.drop);
    const store = await openStore({ databaseUrl: db.url, mfaKey: MFA_KEY });
    const b = await openStore({ databaseUrl: db.url, mfaKey: MFA_KEY });
    expect(b.secret.equals(store.secret)).toBe(true);
    await store.sessions.set({ id: 'shared', value: '[1]', expiresAt: NOW + HOUR }, NOW);
    expect(await b.sessions.get('shared', NOW)).toBe('[1]');
    const s = submission();
    await b.submissions.create(s, token());
    const results = await Promise.all([store.submissions.decide(s.id, 'pending', { status: 'read' }, audit('mark-read', s.id, NOW, 'a')), b.submissions.decide(s.id, 'pending', { status: 'concern' }, audit('concern', s.id, NOW, 'b'))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const onA = store.rateLimits.window({ keyPrefix: 'shared', points: 3, duration: 60 });
    const onB = b.rateLimits.window({ keyPrefix: 'shared', points: 3, duration: 60 });
    await onA.consume('k');
    await onB.consume('k');
    await onA.consume('k');
    await expect(onB.consume('k')).rejects.toMatchObject({ remainingPoints: 0 });
    expect(await b.rateLimits.dailyKey(30_000)).toEqual(await store.rateLimits.dailyKey(30_000));
    await Promise.all([store.close(), b.close()]);
  });

  it('migrate at the same moment from two processes: each migration runs once', async () => {
    const db = await newDatabase();
    cleanups.push(db.drop);
    const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: db.url, mfaKey: MFA_KEY })));
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const { rows } = await check.query('SELECT version, name FROM schema_migrations ORDER BY version');
    await check.end();
    expect(rows).toEqual([
      { version: 1, name: '001_initial.sql' },
      { version: 2, name: '002_second_factors.sql' },
      { version: 3, name: '003_team_and_alerts.sql' },
    ]);
    expect(stores[1]!.secret.equals(stores[0]!.secret) && stores[2]!.secret.equals(stores[0]!.secret)).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });
});

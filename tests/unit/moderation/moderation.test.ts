import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import { queue, itemFor, publishedSubmissions } from '../../../src/lib/moderation/queue.ts';
import { decide, type DecisionFields } from '../../../src/lib/moderation/decisions.ts';
import { runRetention } from '../../../src/lib/moderation/retention.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-24T12:00:00Z');
let dir: string;
let store: Store;

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: newSubmissionId(), kind: 'poem', title: 'A title', body: 'Call me on 07700 900123', penName: 'Starling', place: 'barnsley',
    promptId: null, warnings: [], publish: true, flags: [{ kind: 'phone', start: 11, end: 23, text: '07700 900123' }], urgent: false,
    status: 'pending', receiptHash: 'ab'.repeat(32), createdAt: new Date(NOW - HOUR).toISOString(), decidedAt: null, message: null, published: null,
    ...overrides,
  };
}
const add = (...items: Submission[]) => store.update((data) => void data.submissions.push(...items));
const fields = (overrides: Partial<DecisionFields> = {}): DecisionFields => ({ title: '', body: 'Call me on [number removed]', penName: '', warnings: [], message: '', ...overrides });
const everywhere = () => true;
const barnsleyOnly = (place: string | null) => place === 'barnsley';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-moderation-'));
  store = await openStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the queue', () => {
  it('puts urgent items first, then the oldest, and counts by status within scope', async () => {
    const old = submission({ createdAt: new Date(NOW - 3 * DAY).toISOString() });
    const young = submission({ createdAt: new Date(NOW - HOUR).toISOString() });
    const urgentYoung = submission({ urgent: true, createdAt: new Date(NOW - 60_000).toISOString() });
    const derby = submission({ place: 'derby' });
    const published = submission({ status: 'published' });
    await add(young, old, urgentYoung, derby, published);
    const result = queue(store, barnsleyOnly, { status: 'pending' });
    expect(result.items.map((i) => i.id)).toEqual([urgentYoung.id, old.id, young.id]);
    expect(result.counts.pending).toBe(3);
    expect(result.counts.published).toBe(1);
    expect(queue(store, everywhere, { status: 'pending' }).counts.pending).toBe(4);
  });

  it('filters by kind, place and status and pages through 10,000 items', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => submission({ kind: i % 2 ? 'poem' : 'view', place: i % 3 ? 'barnsley' : null, createdAt: new Date(NOW - i * 1000).toISOString() }));
    await add(...many);
    const views = queue(store, everywhere, { status: 'pending', kind: 'view', place: 'none' }, 2);
    // 50 to a page.
    expect(views.items).toHaveLength(50);
    expect(views.items.every((i) => i.kind === 'view' && i.place === null)).toBe(true);
    expect(views.total).toBe(many.filter((m) => m.kind === 'view' && m.place === null).length);
    expect(views.page).toBe(2);
  });
});

describe('decisions', () => {
  it('publishing keeps only the redacted version, audits it without text, and shows on Voices', async () => {
    const item = submission();
    await add(item);
    expect(await decide(store, 'fac-1', barnsleyOnly, item.id, 'publish', fields({ penName: 'S.' }), NOW)).toEqual({ ok: true });
    const stored = store.findSubmission(item.id)!;
    expect(stored.status).toBe('published');
    expect(stored.body).toBeNull();
    expect(stored.published).toMatchObject({ body: 'Call me on [number removed]', penName: 'S.', title: null });
    expect(JSON.stringify(store.read((d) => d.submissions))).not.toContain('07700');
    expect(publishedSubmissions(store).map((s) => s.id)).toEqual([item.id]);
    const audit = store.read((d) => d.audit);
    expect(audit).toEqual([{ at: new Date(NOW).toISOString(), actor: 'fac-1', action: 'publish', target: item.id }]);
    expect(JSON.stringify(audit)).not.toMatch(/number removed|Call me/);
  });

  it('refuses to publish what the author wanted private, and marks it read instead', async () => {
    const item = submission({ publish: false });
    await add(item);
    const refused = await decide(store, 'fac-1', everywhere, item.id, 'publish', fields(), NOW);
    expect(refused).toMatchObject({ ok: false, errors: { decision: expect.stringContaining('private') } });
    expect(store.findSubmission(item.id)!.status).toBe('pending');
    expect(await decide(store, 'fac-1', everywhere, item.id, 'mark-read', fields(), NOW)).toEqual({ ok: true });
    expect(store.findSubmission(item.id)!.status).toBe('read');
  });

  it('declining deletes the words at once and keeps the message for the receipt', async () => {
    const item = submission();
    await add(item);
    await decide(store, 'fac-1', everywhere, item.id, 'decline', fields({ message: 'Thank you for writing.' }), NOW);
    const stored = store.findSubmission(item.id)!;
    expect(stored).toMatchObject({ status: 'declined', body: null, title: null, penName: null, flags: [], message: 'Thank you for writing.' });
  });

  it('an item outside the scope does not exist: no read, no change', async () => {
    const item = submission({ place: 'derby' });
    await add(item);
    expect(itemFor(store, barnsleyOnly, item.id)).toBeNull();
    expect(await decide(store, 'fac-1', barnsleyOnly, item.id, 'delete', fields(), NOW)).toEqual({ ok: false, notFound: true });
    expect(store.findSubmission(item.id)).toBeDefined();
  });

  it('refuses a decision on withdrawn words, and marking read what the author said may be published', async () => {
    const withdrawn = submission({ status: 'withdrawn', body: null });
    const publishable = submission();
    await add(withdrawn, publishable);
    expect(await decide(store, 'fac-1', everywhere, withdrawn.id, 'decline', fields(), NOW)).toEqual({ ok: false, errors: { decision: 'The author has withdrawn this' } });
    expect(await decide(store, 'fac-1', everywhere, publishable.id, 'mark-read', fields(), NOW)).toEqual({ ok: false, errors: { decision: 'The author said yes to publishing: publish or decline it' } });
    expect(store.findSubmission(publishable.id)!.status).toBe('pending');
    expect(store.read((d) => d.audit)).toEqual([]);
  });
});

describe('retention (fake clock)', () => {
  const days = { pending: 90, concern: 30, receipt: 180, audit: 730 };
  it('follows the table in docs/safeguarding.md', async () => {
    const stalePending = submission({ createdAt: new Date(NOW - 91 * DAY).toISOString() });
    const freshPending = submission({ createdAt: new Date(NOW - 89 * DAY).toISOString() });
    const oldConcern = submission({ status: 'concern', decidedAt: new Date(NOW - 31 * DAY).toISOString(), createdAt: new Date(NOW - 40 * DAY).toISOString() });
    const newConcern = submission({ status: 'concern', decidedAt: new Date(NOW - 29 * DAY).toISOString() });
    const oldPublished = submission({ status: 'published', body: null, published: { title: null, body: 'Kept', penName: null, warnings: [], at: new Date(NOW - 200 * DAY).toISOString() }, createdAt: new Date(NOW - 181 * DAY).toISOString() });
    const oldDeclined = submission({ status: 'declined', body: null, createdAt: new Date(NOW - 181 * DAY).toISOString() });
    await add(stalePending, freshPending, oldConcern, newConcern, oldPublished, oldDeclined);
    await store.update((d) => {
      d.audit.push({ at: new Date(NOW - 731 * DAY).toISOString(), actor: 'x', action: 'publish', target: 'y' });
      d.sessions.push({ id: 's', value: '{}', expiresAt: NOW - 1 });
    });
    const report = await runRetention(store, days, NOW);
    expect(report).toMatchObject({ expired: 1, concernTexts: 1, receipts: 2, auditEntries: 1, sessions: 1 });
    expect(store.findSubmission(stalePending.id)).toBeUndefined();
    expect(store.findSubmission(freshPending.id)?.body).toBe(freshPending.body);
    expect(store.findSubmission(oldConcern.id)).toMatchObject({ status: 'concern', body: null });
    expect(store.findSubmission(newConcern.id)?.body).toBe(newConcern.body);
    expect(store.findSubmission(oldPublished.id)).toMatchObject({ receiptHash: '', published: { body: 'Kept' } });
    expect(store.findSubmission(oldDeclined.id)).toBeUndefined();
    expect(store.read((d) => d.audit.every((e) => e.actor === 'system'))).toBe(true);
  });
});

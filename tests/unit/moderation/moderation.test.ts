import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import { queue, itemFor, publishedPage } from '../../../src/lib/moderation/queue.ts';
import { scopeOf } from '../../../src/lib/scope.ts';
import { addSubmissions } from '../support/addSubmissions.ts';
import { decide, type DecisionFields } from '../../../src/lib/moderation/decisions.ts';

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
const add = (...items: Submission[]) => addSubmissions(store, ...items);
const fields = (overrides: Partial<DecisionFields> = {}): DecisionFields => ({ title: '', body: 'Call me on [number removed]', penName: '', warnings: [], message: '', ...overrides });
const everywhere = scopeOf({ role: 'admin', place: null });
// Barnsley is a spoke: its facilitator sees Barnsley's items only.
const barnsleyOnly = scopeOf({ role: 'facilitator', place: 'barnsley' });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-moderation-'));
  store = await openStore({ dataDir: dir });
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
    const result = await queue(store, barnsleyOnly, { status: 'pending' });
    expect(result.items.map((i) => i.id)).toEqual([urgentYoung.id, old.id, young.id]);
    expect(result.counts.pending).toBe(3);
    expect(result.counts.published).toBe(1);
    expect((await queue(store, everywhere, { status: 'pending' })).counts.pending).toBe(4);
  });

  it('filters by kind, place and status and pages through 10,000 items', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => submission({ kind: i % 2 ? 'poem' : 'view', place: i % 3 ? 'barnsley' : null, createdAt: new Date(NOW - i * 1000).toISOString() }));
    await add(...many);
    const views = await queue(store, everywhere, { status: 'pending', kind: 'view', place: 'none' }, 2);
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
    expect(await decide(store, 'fac-1', barnsleyOnly, item.id, 'publish', fields({ penName: 'S.' }), { now: NOW })).toEqual({ ok: true });
    const stored = (await store.submissions.get(item.id))!;
    expect(stored.status).toBe('published');
    expect(stored.body).toBeNull();
    expect(stored.published).toMatchObject({ body: 'Call me on [number removed]', penName: 'S.', title: null });
    expect(JSON.stringify((await store.exportAll()).submissions)).not.toContain('07700');
    expect((await publishedPage(store, 1, 20)).items.map((s) => s.id)).toEqual([item.id]);
    const audit = (await store.exportAll()).audit;
    expect(audit).toEqual([{ at: new Date(NOW).toISOString(), actor: 'fac-1', action: 'publish', target: item.id }]);
    expect(JSON.stringify(audit)).not.toMatch(/number removed|Call me/);
  });

  it('refuses to publish what the author wanted private, and marks it read instead', async () => {
    const item = submission({ publish: false });
    await add(item);
    const refused = await decide(store, 'fac-1', everywhere, item.id, 'publish', fields(), { now: NOW });
    expect(refused).toMatchObject({ ok: false, errors: { decision: expect.stringContaining('private') } });
    expect((await store.submissions.get(item.id))!.status).toBe('pending');
    expect(await decide(store, 'fac-1', everywhere, item.id, 'mark-read', fields(), { now: NOW })).toEqual({ ok: true });
    expect((await store.submissions.get(item.id))!.status).toBe('read');
  });

  it('declining deletes the words at once and keeps the message for the receipt', async () => {
    const item = submission();
    await add(item);
    await decide(store, 'fac-1', everywhere, item.id, 'decline', fields({ message: 'Thank you for writing.' }), { now: NOW });
    const stored = (await store.submissions.get(item.id))!;
    expect(stored).toMatchObject({ status: 'declined', body: null, title: null, penName: null, flags: [], message: 'Thank you for writing.' });
  });

  it('an item outside the scope does not exist: no read, no change', async () => {
    const item = submission({ place: 'derby' });
    await add(item);
    expect(await itemFor(store, barnsleyOnly, item.id)).toBeNull();
    expect(await decide(store, 'fac-1', barnsleyOnly, item.id, 'delete', fields(), { now: NOW })).toEqual({ ok: false, notFound: true });
    expect(await store.submissions.get(item.id)).toMatchObject({ status: 'pending', body: item.body });
  });

  it('refuses a decision on withdrawn words, and marking read what the author said may be published', async () => {
    const withdrawn = submission({ status: 'withdrawn', body: null });
    const publishable = submission();
    await add(withdrawn, publishable);
    expect(await decide(store, 'fac-1', everywhere, withdrawn.id, 'decline', fields(), { now: NOW })).toEqual({ ok: false, errors: { decision: 'The author has withdrawn this' } });
    expect(await decide(store, 'fac-1', everywhere, publishable.id, 'mark-read', fields(), { now: NOW })).toEqual({ ok: false, errors: { decision: 'The author said yes to publishing: publish or decline it' } });
    expect((await store.submissions.get(publishable.id))!.status).toBe('pending');
    expect((await store.audit.page(0, 10)).entries).toEqual([]);
  });
});

describe('two facilitators deciding one item', () => {
  it('one decision stands; the other is told kindly who did what, and when, and nothing else changes', async () => {
    const item = submission();
    await add(item);
    const colleague = { id: 'fac-2', email: 'colleague@example.org', role: 'facilitator' as const, place: 'barnsley', passwordHash: 'x', disabled: false, createdAt: new Date(NOW).toISOString(), sessionsValidFrom: null };
    await store.facilitators.add(colleague, { at: new Date(NOW).toISOString(), actor: 'cli', action: 'facilitator-add', target: colleague.id });
    // Both saw it waiting; the colleague publishes first.
    expect(await decide(store, 'fac-2', barnsleyOnly, item.id, 'publish', fields(), { now: NOW, expected: 'pending' })).toEqual({ ok: true });
    const late = await decide(store, 'fac-1', barnsleyOnly, item.id, 'decline', fields({ message: 'Sorry' }), { now: NOW + 60_000, expected: 'pending' });
    expect(late).toEqual({ ok: false, alreadyDecided: 'Someone else (colleague@example.org) published this at 24 Nov 2026, 12:00, so your decision was not made. Nothing else was changed.' });
    expect(await store.submissions.get(item.id)).toMatchObject({ status: 'published', message: null });
    // At the same moment: exactly one of them stands.
    const other = submission({ publish: false });
    await add(other);
    const both = await Promise.all([
      decide(store, 'fac-1', barnsleyOnly, other.id, 'mark-read', fields(), { now: NOW, expected: 'pending' }),
      decide(store, 'fac-2', barnsleyOnly, other.id, 'concern', fields(), { now: NOW, expected: 'pending' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ alreadyDecided: expect.stringMatching(/^Someone else( \(colleague@example\.org\))? (marked this as read|recorded this as a safeguarding concern) at /) });
  });

  it('a decision after the author withdrew says so', async () => {
    const item = submission();
    await add(item);
    await store.submissions.decide(item.id, 'pending', { status: 'withdrawn', eraseText: true }, { at: new Date(NOW).toISOString(), actor: 'author', action: 'withdraw', target: item.id });
    expect(await decide(store, 'fac-1', everywhere, item.id, 'publish', fields(), { now: NOW, expected: 'pending' })).toMatchObject({ alreadyDecided: expect.stringMatching(/^The author withdrew this at/) });
  });
});

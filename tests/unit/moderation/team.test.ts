// A team's work on one item: notes (scope, length, only while the words are kept, never to the
// author), a second opinion (the asker may not decide), and who has it open.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import { scopeOf } from '../../../src/lib/scope.ts';
import { addNote, MAX_NOTE } from '../../../src/lib/moderation/notes.ts';
import { askSecondOpinion, ASKER_MAY_NOT_DECIDE } from '../../../src/lib/moderation/secondOpinion.ts';
import { colleaguesOn, viewItem, PRESENCE_MS } from '../../../src/lib/moderation/presence.ts';
import { decide, type DecisionFields } from '../../../src/lib/moderation/decisions.ts';
import { auditEntry } from '../../../src/lib/moderation/audit.ts';
import type { FacilitatorAccount } from '../../../src/lib/accounts/facilitators.ts';
import { addSubmissions } from '../support/addSubmissions.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
let dir: string;
let store: Store;

const item = (overrides: Partial<Submission> = {}): Submission => ({
  id: newSubmissionId(), kind: 'poem', title: null, body: 'Some words', penName: null, place: 'barnsley', promptId: null, warnings: [], publish: true,
  flags: [], urgent: false, status: 'pending', receiptHash: newSubmissionId(), createdAt: new Date(NOW - 60_000).toISOString(), decidedAt: null, message: null, published: null,
  ...overrides,
});
const person = (id: string, place: string | null, role: 'admin' | 'facilitator' = 'facilitator'): FacilitatorAccount => ({
  id, email: `${id}@example.org`, role, place, passwordHash: '$argon2id$x', disabled: false, createdAt: new Date(NOW).toISOString(), sessionsValidFrom: null,
});
const alice = person('alice', 'barnsley');
const bob = person('bob', 'sheffield');
const dora = person('dora', 'doncaster');
const fields: DecisionFields = { title: '', body: 'Some words', penName: '', warnings: [], message: '' };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-team-'));
  store = await openStore({ dataDir: dir });
  for (const f of [alice, bob, dora]) await store.facilitators.add(f, auditEntry('cli', 'facilitator-add', f.id, NOW));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('team notes', () => {
  it('are added by facilitators in scope, with who and when, and the audit log has the id only', async () => {
    const s = item();
    await addSubmissions(store, s);
    expect(await addNote(store, alice.id, scopeOf(alice), s.id, '  Spoke to the school nurse\r\nabout this  ', NOW)).toEqual({ ok: true });
    expect(await addNote(store, dora.id, scopeOf(dora), s.id, 'Not mine to see', NOW)).toEqual({ ok: false, notFound: true });
    expect(await store.team.notes(s.id)).toEqual([{ id: expect.any(String), itemId: s.id, by: alice.id, at: new Date(NOW).toISOString(), text: 'Spoke to the school nurse\nabout this', secondOpinion: false }]);
    const [entry] = (await store.audit.page(0, 1)).entries;
    expect(entry).toEqual({ at: new Date(NOW).toISOString(), actor: alice.id, action: 'note-add', target: s.id });
  });

  it('refuse an empty or long note, and one about words already erased, saying why', async () => {
    const s = item();
    const declined = item({ status: 'declined', body: null });
    await addSubmissions(store, s, declined);
    expect(await addNote(store, bob.id, scopeOf(bob), s.id, '   ', NOW)).toEqual({ ok: false, error: 'Enter a note' });
    expect(await addNote(store, bob.id, scopeOf(bob), s.id, 'x'.repeat(MAX_NOTE + 1), NOW)).toEqual({ ok: false, error: `The note must be ${MAX_NOTE} characters or fewer` });
    expect(await addNote(store, bob.id, scopeOf(bob), s.id, 'x'.repeat(MAX_NOTE), NOW)).toEqual({ ok: true });
    expect(await addNote(store, bob.id, scopeOf(bob), declined.id, 'Too late', NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/deleted/) });
  });
});

describe('a second opinion', () => {
  it('marks the item with the asker’s note; the asker’s decisions are refused, a colleague’s stands and closes it', async () => {
    const s = item();
    await addSubmissions(store, s);
    expect(await askSecondOpinion(store, alice.id, scopeOf(alice), s.id, '', NOW)).toEqual({ ok: false, error: 'Enter a note' });
    expect(await askSecondOpinion(store, alice.id, scopeOf(alice), s.id, 'Is the street name identifying?', NOW)).toEqual({ ok: true });
    expect(await askSecondOpinion(store, bob.id, scopeOf(bob), s.id, 'Me too', NOW)).toMatchObject({ ok: false, error: expect.stringMatching(/already/) });
    expect(await store.team.notes(s.id)).toMatchObject([{ by: alice.id, text: 'Is the street name identifying?', secondOpinion: true }]);
    for (const decision of ['publish', 'decline', 'concern', 'delete'] as const) {
      expect(await decide(store, alice.id, scopeOf(alice), s.id, decision, fields, { now: NOW })).toEqual({ ok: false, errors: { decision: ASKER_MAY_NOT_DECIDE } });
    }
    expect((await store.submissions.get(s.id))!.status).toBe('pending');
    expect(await decide(store, bob.id, scopeOf(bob), s.id, 'publish', fields, { now: NOW })).toEqual({ ok: true });
    expect(await store.team.secondOpinions([s.id])).toEqual([]);
  });

  it('is asked only of an item in scope', async () => {
    const s = item({ place: 'derby' });
    await addSubmissions(store, s);
    expect(await askSecondOpinion(store, alice.id, scopeOf(alice), s.id, 'Help', NOW)).toEqual({ ok: false, notFound: true });
  });
});

describe('who is on it', () => {
  it('shows colleagues who have the item open for 10 minutes from their last view, never the viewer, nor a disabled account', async () => {
    const s = item();
    await addSubmissions(store, s);
    expect(await viewItem(store, alice, s.id, NOW)).toEqual([]);
    expect(await viewItem(store, bob, s.id, NOW + 60_000)).toEqual([{ email: alice.email, since: new Date(NOW).toISOString() }]);
    expect(await viewItem(store, alice, s.id, NOW + 2 * 60_000)).toEqual([{ email: bob.email, since: new Date(NOW + 60_000).toISOString() }]);
    expect(await viewItem(store, bob, s.id, NOW + 2 * 60_000 + PRESENCE_MS - 1)).toEqual([{ email: alice.email, since: new Date(NOW).toISOString() }]);
    expect(await viewItem(store, bob, s.id, NOW + 2 * 60_000 + PRESENCE_MS)).toEqual([]);
    await viewItem(store, alice, s.id, NOW + 20 * 60_000);
    await store.facilitators.disable(alice.id, auditEntry('cli', 'facilitator-disable', alice.id, NOW));
    expect(await viewItem(store, bob, s.id, NOW + 21 * 60_000)).toEqual([]);
  });

  it('the page drawn again after a form shows who has it open, and counts as no view', async () => {
    const s = item();
    await addSubmissions(store, s);
    expect(await colleaguesOn(store, alice, s.id, NOW)).toEqual([]);
    expect((await store.exportAll()).attention).toEqual([]);
    await viewItem(store, alice, s.id, NOW);
    expect(await colleaguesOn(store, bob, s.id, NOW + 60_000)).toEqual([{ email: alice.email, since: new Date(NOW).toISOString() }]);
    // Bob was never shown to Alice: looking is not viewing.
    expect(await viewItem(store, alice, s.id, NOW + 2 * 60_000)).toEqual([]);
  });
});
